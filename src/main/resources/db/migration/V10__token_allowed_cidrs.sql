-- The networks a token's secret may be used from (issue 30): normalised CIDR strings, at most 20,
-- checked by the service; empty = anywhere. 43 characters hold the longest IPv6 network with its prefix.
alter table personal_access_token add column allowed_cidrs varchar(43)[] not null default '{}';
