-- Every secret a token has had, from the moment it stops being the current one (the ten most recent
-- per token are kept): a leak report of any of them revokes the token, and a use of one after its
-- grace period is refused and recorded as reuse. Only digests, as for the current secret.
alter table personal_access_token add constraint personal_access_token_id_account_uq unique (id, account_id);

create table token_secret_history (
    id            uuid        primary key,
    account_id    uuid        not null,
    token_id      uuid        not null,
    secret_digest bytea       not null,
    replaced_at   timestamptz not null,
    constraint token_secret_history_token_account_fk
        foreign key (token_id, account_id) references personal_access_token (id, account_id) on delete cascade
);
create unique index token_secret_history_digest_uq on token_secret_history (secret_digest);
create index token_secret_history_token on token_secret_history (token_id, replaced_at desc);
