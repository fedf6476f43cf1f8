-- Test only (DemoDataInterruptedTest): the demo load fails at its very last row, as a crash or an
-- outage would interrupt it, to show that nothing of it stays.
create function interrupt_demo_load() returns trigger language plpgsql as $$
begin
    if new.name = 'Demo CI token' and new.account_id = '0d3f6a52-6b4e-4c1f-9a55-7c1a2d9e0002' then
        raise exception 'demo load interrupted by the test';
    end if;
    return new;
end $$;
create trigger interrupt_demo_load before insert on personal_access_token
    for each row execute function interrupt_demo_load();
