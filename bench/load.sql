-- The benchmark dataset, written straight into the service's own tables (created beforehand by the
-- service's Flyway migration). Run by bench/run.sh from the repository root as the bench role:
--
--   psql -v ON_ERROR_STOP=1 -v account=<uuid> -f bench/load.sql
--
-- It reads bench/.work/secrets.txt (token secrets, one per line, made by bench/tools/BenchTool.java)
-- and writes bench/.work/token-ids.txt (every token id) and bench/.work/secret-tokens.txt
-- ("<token id> <secret>" of the tokens that have a known secret). Paths are relative to the
-- repository root because psql's \copy does not expand variables.
--
-- Shape: everything in ONE account (:account), so an admin JWT of that account can read any token.
--   100 resellers; 1,000 organizations (with addresses, each under a reseller);
--   10,000 users (users 1..100 are admins, the rest role "user"), each in an organization, every
--     second one also under a reseller, with tags and 3 user_metadata rows;
--   100,000 tokens: token n belongs to user ((n-1) % 10000) + 1, except tokens 1..2000 (those with a
--     known secret), which belong to the admin users 1..100, are not revoked and do not expire.
-- Ids are deterministic: md5('pat-bench-<kind>-<n>')::uuid, e.g. token n = md5('pat-bench-token-' || n)::uuid,
-- which is what the pgbench script uses to pick a random existing token id cheaply.

\set ON_ERROR_STOP on
\timing off

begin;

create temporary table bench_secret (n serial primary key, secret text not null);
\copy bench_secret (secret) from 'bench/.work/secrets.txt'

insert into reseller (id, account_id, version, created_at, updated_at, name, email, description,
                      allowed_users, allowed_organizations)
select md5('pat-bench-reseller-' || i)::uuid, :'account'::uuid, 0,
       timestamptz '2023-01-01 00:00:00+00' + i * interval '1 hour',
       timestamptz '2023-01-01 00:00:00+00' + i * interval '1 hour',
       'Reseller ' || i, 'contact@reseller-' || i || '.example', 'Bench reseller number ' || i,
       1000, 100
from generate_series(1, 100) as i;

insert into organization (id, account_id, version, created_at, updated_at, name, email, description, allowed_users,
                          address_line1, address_line2, city, state, country, postal_code, reseller_id)
select md5('pat-bench-org-' || i)::uuid, :'account'::uuid, 0,
       timestamptz '2023-02-01 00:00:00+00' + i * interval '10 minutes',
       timestamptz '2023-02-01 00:00:00+00' + i * interval '10 minutes',
       'Organization ' || i, 'office@org-' || i || '.example', 'Bench organization number ' || i, 500,
       i || ' Main Street', case when i % 3 = 0 then 'Floor ' || (i % 20) end,
       (array['Berlin', 'Paris', 'Lisbon', 'Oslo', 'Dublin', 'Vienna'])[1 + i % 6],
       case when i % 2 = 0 then 'State ' || (i % 50) end,
       (array['DE', 'FR', 'PT', 'NO', 'IE', 'AT'])[1 + i % 6],
       lpad((10000 + i * 7)::text, 5, '0'),
       md5('pat-bench-reseller-' || (1 + (i - 1) % 100))::uuid
from generate_series(1, 1000) as i;

insert into app_user (id, account_id, version, created_at, updated_at, first_name, last_name, email, role, roles,
                      two_factor_enabled, google_sso_enabled, last_login_at, company, allow_customer_portal_access,
                      last_seen_at, tags, email_metrics, organization_id, reseller_id)
select md5('pat-bench-user-' || i)::uuid, :'account'::uuid, 0,
       timestamptz '2023-03-01 00:00:00+00' + i * interval '1 minute',
       timestamptz '2023-03-01 00:00:00+00' + i * interval '1 minute',
       'First' || i, 'Last' || i, 'user' || i || '@bench.example',
       case when i <= 100 then 'admin' else 'user' end,
       array[case when i <= 100 then 'admin' else 'user' end]::varchar(50)[],
       i % 2 = 0, i % 5 = 0,
       timestamptz '2024-06-01 00:00:00+00' + i * interval '1 minute',
       'Company ' || (i % 300), i % 4 = 0,
       timestamptz '2024-06-02 00:00:00+00' + i * interval '1 minute',
       array['bench', 'cohort-' || (i % 10), case when i <= 100 then 'admin' else 'user' end]::varchar(100)[],
       i % 7 <> 0,
       md5('pat-bench-org-' || (1 + (i - 1) % 1000))::uuid,
       case when i % 2 = 0 then md5('pat-bench-reseller-' || (1 + (i - 1) % 100))::uuid end
from generate_series(1, 10000) as i;

insert into user_metadata (id, account_id, user_id, position, created_at, updated_at, meta_key, meta_value,
                           view_permissions, visible)
select md5('pat-bench-meta-' || i || '-' || p)::uuid, :'account'::uuid, md5('pat-bench-user-' || i)::uuid, p,
       timestamptz '2023-03-01 00:00:00+00' + i * interval '1 minute',
       timestamptz '2023-03-01 00:00:00+00' + i * interval '1 minute',
       (array['plan', 'region', 'internalNote'])[p + 1],
       (array['enterprise', 'eu-west', 'loaded by the benchmark'])[p + 1] || ' ' || i,
       (array['{activation,organization}', '{user}', '{reseller}'])[p + 1]::varchar(20)[],
       p <> 2
from generate_series(1, 10000) as i, generate_series(0, 2) as p;

insert into personal_access_token (id, account_id, user_id, version, created_at, updated_at, name, expires_at, revoked,
                                   scopes, secret_digest, last_used_at, last_rotated_at)
select md5('pat-bench-token-' || i)::uuid, :'account'::uuid,
       case when s.secret is not null then md5('pat-bench-user-' || (1 + (i - 1) % 100))::uuid
            else md5('pat-bench-user-' || (1 + (i - 1) % 10000))::uuid end,
       0,
       timestamptz '2024-01-01 00:00:00+00' + i * interval '3 minutes',
       timestamptz '2024-01-01 00:00:00+00' + i * interval '3 minutes',
       'Token ' || i,
       case when s.secret is not null or i % 4 = 0 then null
            else timestamptz '2025-01-01 00:00:00+00' + i * interval '1 hour' end,
       s.secret is null and i % 50 = 0,
       case when s.secret is not null or i % 3 = 0 then '{personalAccessToken:read,personalAccessToken:write}'
            when i % 3 = 1 then '{personalAccessToken:read}'
            else '{reseller:read,organization:read,user:read}' end::varchar(100)[],
       sha256(convert_to(coalesce(s.secret, 'pat-bench-no-known-secret-' || i), 'UTF8')),
       null,
       case when i % 10 = 0 then timestamptz '2024-09-01 00:00:00+00' + i * interval '1 minute' end
from generate_series(1, 100000) as i
left join bench_secret s on s.n = i;

\copy (select id from personal_access_token order by id) to 'bench/.work/token-ids.txt'
\copy (select md5('pat-bench-token-' || s.n)::uuid || ' ' || s.secret from bench_secret s order by s.n) to 'bench/.work/secret-tokens.txt'

commit;

-- The digests of the known secrets, numbered, for pgbench's secret lookup (case 4's comparison).
drop table if exists bench_secret_digest;
create table bench_secret_digest as select n, sha256(convert_to(secret, 'UTF8')) as d from bench_secret;
alter table bench_secret_digest add primary key (n);

vacuum (analyze) reseller, organization, app_user, user_metadata, personal_access_token, bench_secret_digest;
