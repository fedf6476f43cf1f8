-- Every row carries account_id: the tenant, taken from the caller's credential.
-- There is no account table; isolation is enforced by every query filtering on it.

create table reseller (
    id                    uuid         primary key,
    account_id            uuid         not null,
    version               bigint       not null default 0,
    created_at            timestamptz  not null,
    updated_at            timestamptz  not null,
    name                  varchar(200) not null,
    email                 varchar(320),
    description           varchar(2000),
    allowed_users         integer,
    allowed_organizations integer
);
create index reseller_account_created_idx on reseller (account_id, created_at, id);

create table organization (
    id            uuid         primary key,
    account_id    uuid         not null,
    version       bigint       not null default 0,
    created_at    timestamptz  not null,
    updated_at    timestamptz  not null,
    name          varchar(200) not null,
    email         varchar(320),
    description   varchar(2000),
    allowed_users integer,
    address_line1 varchar(200),
    address_line2 varchar(200),
    city          varchar(200),
    state         varchar(200),
    country       varchar(200),
    postal_code   varchar(50),
    reseller_id   uuid references reseller (id)
);
create index organization_account_created_idx on organization (account_id, created_at, id);
create index organization_reseller_idx on organization (reseller_id);

create table app_user (
    id                           uuid          primary key,
    account_id                   uuid          not null,
    version                      bigint        not null default 0,
    created_at                   timestamptz   not null,
    updated_at                   timestamptz   not null,
    first_name                   varchar(100),
    last_name                    varchar(100),
    email                        varchar(320)  not null,
    role                         varchar(50)   not null,
    roles                        varchar(50)[] not null default '{}',
    two_factor_enabled           boolean       not null default false,
    google_sso_enabled           boolean       not null default false,
    last_login_at                timestamptz,
    company                      varchar(200),
    allow_customer_portal_access boolean       not null default false,
    last_seen_at                 timestamptz,
    tags                         varchar(100)[] not null default '{}',
    email_metrics                boolean       not null default true,
    organization_id              uuid references organization (id),
    reseller_id                  uuid references reseller (id)
);
-- An email is unique per account, case-insensitively; the database enforces it under concurrent creates.
create unique index app_user_account_email_uq on app_user (account_id, lower(email));
create index app_user_account_created_idx on app_user (account_id, created_at, id);
create index app_user_organization_idx on app_user (organization_id);
create index app_user_reseller_idx on app_user (reseller_id);

create table user_metadata (
    id               uuid          primary key,
    account_id       uuid          not null,
    user_id          uuid          not null references app_user (id) on delete cascade,
    position         integer       not null,
    created_at       timestamptz   not null,
    updated_at       timestamptz   not null,
    meta_key         varchar(100)  not null,
    meta_value       varchar(2000),
    view_permissions varchar(20)[] not null default '{}',
    visible          boolean       not null default true
);
create index user_metadata_user_idx on user_metadata (user_id, position);

create table personal_access_token (
    id              uuid          primary key,
    account_id      uuid          not null,
    user_id         uuid          not null references app_user (id),
    version         bigint        not null default 0,
    created_at      timestamptz   not null,
    updated_at      timestamptz   not null,
    name            varchar(200)  not null,
    expires_at      timestamptz,
    revoked         boolean       not null default false,
    scopes          varchar(100)[] not null default '{}',
    -- SHA-256 of the secret; the secret itself is never stored.
    secret_digest   bytea         not null,
    last_used_at    timestamptz,
    last_rotated_at timestamptz
);
create unique index personal_access_token_digest_uq on personal_access_token (secret_digest);
create index personal_access_token_account_created_idx on personal_access_token (account_id, created_at, id);
create index personal_access_token_user_created_idx on personal_access_token (user_id, created_at, id);
