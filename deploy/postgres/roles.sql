-- Horizon's PostgreSQL audit log: roles and schema. Run once, as a superuser (or a role with
-- CREATEROLE), connected to the audit database:   psql -d horizon_audit -f roles.sql
-- Then, as horizon_owner:                         horizon audit schema-upgrade --postgres --credentials owner.env
-- Then, as a superuser again:                     psql -d horizon_audit -f grants.sql
-- Set each role's password with \password ROLE; put it only in that role's credentials file or secret.
--
--   horizon_owner      owns the schema, its tables, triggers and functions; applies schema upgrades.
--                      Never used by a daemon: the owner can disable triggers.
--   horizon_writer     what every daemon connects as: SELECT and INSERT, plus moving its own flushed
--                      journal position forward. It cannot UPDATE or DELETE an event, alter a table,
--                      or drop a trigger.
--   horizon_retention  what `horizon audit enforce-retention` connects as: SELECT, INSERT into the
--                      archive, and EXECUTE on horizon_audit_remove_expired, the one function that
--                      removes events (it records the signed receipt in the same transaction).

CREATE ROLE horizon_owner LOGIN;
CREATE ROLE horizon_writer LOGIN;
CREATE ROLE horizon_retention LOGIN;

CREATE SCHEMA horizon AUTHORIZATION horizon_owner;
REVOKE ALL ON SCHEMA horizon FROM PUBLIC;
GRANT USAGE ON SCHEMA horizon TO horizon_writer, horizon_retention;

ALTER ROLE horizon_owner SET search_path = horizon;
ALTER ROLE horizon_writer SET search_path = horizon;
ALTER ROLE horizon_retention SET search_path = horizon;
