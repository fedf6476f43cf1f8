-- The number of tokens of each account, kept exact by the table's own statement triggers, so that
-- an unfiltered list's Pagination-Count reads a few rows instead of counting an account's tokens
-- (a scan of 100,000 index entries costs more than the page itself). Each account's count is
-- spread over 16 stripes (by token id), so concurrent creates in one account seldom wait on the
-- same row; the count is their sum. Triggers rather than the service: every writer (the API, a
-- user's deletion cascading to its tokens, an operator's SQL) keeps it right.

-- No token may be written between the initial count below and the triggers' creation (another
-- replica still on the previous version could otherwise add one that is never counted); reads go on.
lock table personal_access_token in share row exclusive mode;

create table token_tally (
    account_id uuid     not null,
    stripe     smallint not null,
    tokens     bigint   not null,
    primary key (account_id, stripe)
);

insert into token_tally (account_id, stripe, tokens)
select account_id, (hashtext(id::text) & 15)::smallint, count(*)
from personal_access_token
group by 1, 2;

create function token_tally_inserted() returns trigger language plpgsql
    -- The schema this migration ran in, whatever the writing session's search path.
    set search_path from current as $$
begin
    -- Rows in key order, so two statements in one account take their stripes in the same order.
    insert into token_tally (account_id, stripe, tokens)
    select account_id, (hashtext(id::text) & 15)::smallint, count(*)
    from inserted
    group by 1, 2
    order by 1, 2
    on conflict (account_id, stripe) do update set tokens = token_tally.tokens + excluded.tokens;
    return null;
end
$$;

create function token_tally_deleted() returns trigger language plpgsql
    set search_path from current as $$
begin
    -- Locks first, in key order (an UPDATE ... FROM takes them in the join's order, which could deadlock).
    perform 1 from token_tally t
    where (t.account_id, t.stripe) in (select account_id, (hashtext(id::text) & 15)::smallint from deleted)
    order by t.account_id, t.stripe
    for update;
    update token_tally t set tokens = t.tokens - d.tokens
    from (select account_id, (hashtext(id::text) & 15)::smallint as stripe, count(*) as tokens
          from deleted group by 1, 2) d
    where t.account_id = d.account_id and t.stripe = d.stripe;
    return null;
end
$$;

create function token_tally_truncated() returns trigger language plpgsql
    set search_path from current as $$
begin
    delete from token_tally;
    return null;
end
$$;

create trigger token_tally_insert after insert on personal_access_token
    referencing new table as inserted for each statement execute function token_tally_inserted();
create trigger token_tally_delete after delete on personal_access_token
    referencing old table as deleted for each statement execute function token_tally_deleted();
create trigger token_tally_truncate after truncate on personal_access_token
    for each statement execute function token_tally_truncated();

-- A token never moves to another account.
create function token_account_unchanged() returns trigger language plpgsql
    set search_path from current as $$
begin
    raise exception 'a token''s account cannot change' using errcode = '23514';
end
$$;

create trigger token_account_unchanged before update of account_id on personal_access_token
    for each row when (old.account_id is distinct from new.account_id) execute function token_account_unchanged();
