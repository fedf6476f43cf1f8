-- Free-text search (query=) and contains filters on lists that grow: trigram indexes on the
-- lower-cased names the search reads. pg_trgm is a trusted extension (PostgreSQL 13+): a database
-- owner may create it. Where the service's role may not, or the server lacks it, the indexes are
-- skipped with a notice: searches still work, by scanning the account's rows.
do $$
begin
    create extension if not exists pg_trgm;
exception when others then
    raise notice 'pg_trgm is not available (%): searches run without trigram indexes', sqlerrm;
end $$;

do $$
begin
    if exists (select 1 from pg_extension where extname = 'pg_trgm') then
        execute 'create index if not exists personal_access_token_name_trgm on personal_access_token using gin (lower(name) gin_trgm_ops)';
        execute 'create index if not exists reseller_name_trgm on reseller using gin (lower(name) gin_trgm_ops, lower(email) gin_trgm_ops)';
        execute 'create index if not exists organization_name_trgm on organization using gin (lower(name) gin_trgm_ops, lower(email) gin_trgm_ops)';
        execute 'create index if not exists app_user_search_trgm on app_user using gin (lower(first_name) gin_trgm_ops,'
            || ' lower(last_name) gin_trgm_ops, lower(email) gin_trgm_ops, lower(company) gin_trgm_ops)';
    end if;
end $$;

-- Metadata filters look entries up by key within an account.
create index if not exists user_metadata_account_key_idx on user_metadata (account_id, meta_key);
