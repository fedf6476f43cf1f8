-- Webhooks of an account, and the transactional outbox that tells them (and token owners by e-mail)
-- about token events: the event row and its deliveries are written in the transaction of the change.

create table webhook (
    id          uuid          primary key,
    account_id  uuid          not null,
    version     bigint        not null default 0,
    created_at  timestamptz   not null,
    updated_at  timestamptz   not null,
    url         varchar(2000) not null,
    events      varchar(40)[] not null,
    -- The HMAC key deliveries are signed with; it must be readable to sign, so it is stored as given.
    secret      varchar(200)  not null,
    active      boolean       not null default true,
    constraint webhook_id_account_uq unique (id, account_id)
);
create index webhook_account_created_idx on webhook (account_id, created_at, id);

-- One row per event. For reminders (token.expiring, token.expired) the threshold and the expiry it
-- was computed from make the event unique: several replicas scanning at once write it once, and a
-- token whose expiry is moved gets reminders for its new date.
create table notification_event (
    id               uuid         primary key,
    account_id       uuid         not null,
    event            varchar(40)  not null,
    token_id         uuid         not null,
    threshold        varchar(10),
    token_expires_at timestamptz,
    created_at       timestamptz  not null,
    -- The exact bytes every webhook receives (and signs over).
    payload          text         not null
);
create unique index notification_event_reminder_uq on notification_event (token_id, event, threshold, token_expires_at)
    where threshold is not null;
create index notification_event_created_idx on notification_event (created_at);

-- One row per receiver of an event: a webhook, or an owner's e-mail address.
create table notification_delivery (
    id              uuid          primary key,
    event_id        uuid          not null references notification_event (id) on delete cascade,
    account_id      uuid          not null,
    webhook_id      uuid,
    email           varchar(320),
    status          varchar(10)   not null default 'pending' check (status in ('pending', 'delivered', 'failed')),
    attempts        integer       not null default 0,
    created_at      timestamptz   not null,
    next_attempt_at timestamptz,
    last_attempt_at timestamptz,
    response_code   integer,
    last_error      varchar(200),
    constraint notification_delivery_webhook_account_fk
        foreign key (webhook_id, account_id) references webhook (id, account_id) on delete cascade,
    constraint notification_delivery_one_receiver check ((webhook_id is null) <> (email is null))
);
-- The worker's queue: only pending rows, in the order they fall due.
create index notification_delivery_due_idx on notification_delivery (next_attempt_at) where status = 'pending';
create index notification_delivery_webhook_idx on notification_delivery (webhook_id, created_at);
create index notification_delivery_event_idx on notification_delivery (event_id);

-- The expiry scan looks for tokens by expiry.
create index personal_access_token_expires_idx on personal_access_token (expires_at) where not revoked;
