-- Tenant integrity in the database itself: a row may point only to a row of its own account, so a
-- future bug that forgets account_id in a query still cannot link two tenants. Each reference becomes
-- a composite foreign key (id, account_id), replacing the single-column one it implies.
-- On a database that already holds data, the keys are added NOT VALID (no long lock on the tables)
-- and then validated, which fails the migration loudly should a cross-account link already exist.

alter table reseller add constraint reseller_id_account_uq unique (id, account_id);
alter table organization add constraint organization_id_account_uq unique (id, account_id);
alter table app_user add constraint app_user_id_account_uq unique (id, account_id);

alter table organization drop constraint if exists organization_reseller_id_fkey;
alter table organization add constraint organization_reseller_account_fk
    foreign key (reseller_id, account_id) references reseller (id, account_id) not valid;

alter table app_user drop constraint if exists app_user_organization_id_fkey;
alter table app_user add constraint app_user_organization_account_fk
    foreign key (organization_id, account_id) references organization (id, account_id) not valid;

alter table app_user drop constraint if exists app_user_reseller_id_fkey;
alter table app_user add constraint app_user_reseller_account_fk
    foreign key (reseller_id, account_id) references reseller (id, account_id) not valid;

alter table user_metadata drop constraint if exists user_metadata_user_id_fkey;
alter table user_metadata add constraint user_metadata_user_account_fk
    foreign key (user_id, account_id) references app_user (id, account_id) on delete cascade not valid;

alter table personal_access_token drop constraint if exists personal_access_token_user_id_fkey;
alter table personal_access_token add constraint personal_access_token_user_account_fk
    foreign key (user_id, account_id) references app_user (id, account_id) not valid;

alter table organization validate constraint organization_reseller_account_fk;
alter table app_user validate constraint app_user_organization_account_fk;
alter table app_user validate constraint app_user_reseller_account_fk;
alter table user_metadata validate constraint user_metadata_user_account_fk;
alter table personal_access_token validate constraint personal_access_token_user_account_fk;
