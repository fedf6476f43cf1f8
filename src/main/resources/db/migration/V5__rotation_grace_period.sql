-- Rotation with a grace period: the secret a rotation replaced keeps authenticating until
-- previous_secret_expires_at. At most two secrets per token: a second rotation replaces the first.
alter table personal_access_token
    add column previous_secret_digest bytea,
    add column previous_secret_expires_at timestamptz;
create unique index personal_access_token_previous_digest_uq on personal_access_token (previous_secret_digest)
    where previous_secret_digest is not null;
