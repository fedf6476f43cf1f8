-- Answers of creates and rotations sent with an Idempotency-Key, kept for the retry window only
-- (10 minutes) and encrypted (AES-GCM, pat.idempotency.key): they hold a token's secret.
create table idempotency_record (
    account_id      uuid         not null,
    -- Who sent it: 'user:<id>' for a JWT, 'token:<id>' for a token secret. One caller never sees another's answer.
    caller          varchar(60)  not null,
    idempotency_key varchar(255) not null,
    -- SHA-256 of the operation and its body: the same key with another request is refused.
    fingerprint     bytea        not null,
    -- 12-byte nonce, then the ciphertext and its tag.
    answer          bytea        not null,
    created_at      timestamptz  not null,
    expires_at      timestamptz  not null,
    primary key (account_id, caller, idempotency_key)
);
create index idempotency_record_expires_idx on idempotency_record (expires_at);
