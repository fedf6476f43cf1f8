-- The client addresses a token was last used from: the five most recent distinct ones, newest first
-- (GitLab keeps the same five). Written in batches with last_used_at.
alter table personal_access_token add column last_used_ips varchar(45)[] not null default '{}';
