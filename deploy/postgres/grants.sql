-- Horizon's PostgreSQL audit log: what each role may do, once horizon_owner has created the schema
-- (see roles.sql). Run as a superuser after every `horizon audit schema-upgrade` that adds tables.

SET search_path = horizon;
REVOKE ALL ON ALL TABLES IN SCHEMA horizon FROM PUBLIC;

-- Daemons: read everything, append events and register their chain, move their own position.
GRANT SELECT ON horizon_schema_migrations, audit_chains, audit_events, audit_archive_events,
    audit_flush_position, audit_retention_receipts TO horizon_writer;
GRANT INSERT ON audit_events, audit_chains TO horizon_writer;
GRANT INSERT, UPDATE ON audit_flush_position TO horizon_writer;
-- Dead letters: captured, dismissed and redriven by the daemon and its operators' tools; the
-- triggers keep what was captured fixed, retry counts growing, dismissals final and every row.
GRANT SELECT, INSERT, UPDATE ON dlq_entries, dlq_flush_position TO horizon_writer;

-- Retention: read everything, copy into the archive, record its own audit.retention event, and remove
-- only through the one function.
GRANT SELECT ON horizon_schema_migrations, audit_chains, audit_events, audit_archive_events,
    audit_flush_position, audit_retention_receipts TO horizon_retention;
GRANT INSERT ON audit_events, audit_archive_events, audit_chains TO horizon_retention;
GRANT EXECUTE ON FUNCTION horizon_audit_remove_expired(text, text, text, bigint, bigint[], bigint, text, bigint)
    TO horizon_retention;
