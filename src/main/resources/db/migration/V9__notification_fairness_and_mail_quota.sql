-- Notifications hardening: a claim that is fair between accounts, and a per-address mail quota.

-- The worker's claim walks the accounts that have pending deliveries and takes each one's oldest due
-- few (DeliveryQueue.CLAIM): one probe of this index per account, however long any account's backlog.
create index notification_delivery_account_due_idx on notification_delivery (account_id, next_attempt_at)
    where status = 'pending';

-- When a mail was handed to the SMTP server: an address gets at most pat.notifications.email.max-per-recipient
-- of them per pat.notifications.email.recipient-period, counted here across every instance
-- (repository.MailQuota). Addresses are compared in lower case.
alter table notification_delivery add column mailed_at timestamptz;
create index notification_delivery_mailed_idx on notification_delivery (lower(email), mailed_at)
    where mailed_at is not null;
