-- The account's token policy: rules every create, PATCH and rotation of the account's tokens obeys,
-- within the deployment's own (pat.tokens.*), which stay the ceiling. No row: no rule of the account.
create table token_policy (
    account_id             uuid          primary key,
    version                bigint        not null default 0,
    updated_at             timestamptz   not null,
    max_lifetime_days      integer       check (max_lifetime_days > 0),
    require_expiry         boolean       not null default false,
    -- null: any scope of the vocabulary; an array: only these.
    allowed_scopes         varchar(100)[],
    inactivity_revoke_days integer       check (inactivity_revoke_days > 0),
    -- Stored and answered; enforced once tokens carry allowed networks.
    require_allowed_cidrs  boolean       not null default false
);

-- The inactivity scan goes from the few policies with an inactivity rule to their accounts' tokens,
-- by personal_access_token_account_created_idx (V1): no index of its own.
