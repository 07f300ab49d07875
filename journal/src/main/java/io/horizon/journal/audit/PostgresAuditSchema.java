package io.horizon.journal.audit;

import java.util.List;

import io.horizon.journal.postgres.SchemaMigration;

/**
 * The SQL of Horizon's PostgreSQL database, as versioned migrations (step 1 the audit log, step 2
 * the dead-letter queue, 3 to 6 the audit log again); for the audit log: the same {@code audit_events} columns as SQLite, plus
 * {@code writer_id} (every daemon writing into one database has its own chain and sequence), and
 * the guards that make it append-only.
 * <p>
 * Every column the canonical form covers is {@code text} (sequences {@code bigint}), so an event's
 * bytes, and its hash, are the same in both backends and a chain can move between them.
 * <p>
 * <b>Guards</b> (triggers, which bind the table owner as well as the daemon's role):
 * {@code UPDATE} and {@code TRUNCATE} of events are always refused; {@code DELETE} of a live event
 * only at or below its writer's retention gate ({@code audit_chains.delete_through}), which opens
 * only to the {@code through} of the receipt that writer recorded last, once per receipt, and only
 * inside {@code horizon_audit_remove_expired}; an insert must take the writer's next sequence
 * (checked once per statement since step 3: its rows per writer are contiguous and follow the end);
 * the chain base moves only while the gate is open, to what the receipt says; receipts are
 * append-only; flushed positions only move forward. The daemon's role should hold only
 * {@code SELECT} and {@code INSERT} (and {@code UPDATE} of its flushed position); retention runs
 * under a separate role through the function (see {@code journal/README.md}, "PostgreSQL").
 * <p>
 * Stateless; any thread.
 */
final class PostgresAuditSchema
{
    static final String EVENT_COLUMNS = "event_id, sequence, timestamp, category, severity, actor, account_id, client_id, " +
        "venue_name, correlation_id, market_id, order_id, client_order_id, message, payload, prev_hash, hash";

    /** The transaction's wall time in {@link AuditTime}'s form (microseconds, then three zeros). */
    static final String RECORDED_AT_NOW = "to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.US\"000Z\"')";

    /** The transaction-local setting that holds {@link #RECORDED_AT_NOW}, formatted once per insert statement. */
    static final String RECORDED_AT_SETTING = "horizon.audit_recorded_at";

    /**
     * {@code recorded_at}'s default since step 6: the setting the statement trigger wrote, else (the
     * trigger missing, or the setting left empty by an earlier transaction) the time formatted here.
     */
    static final String RECORDED_AT_STAMPED = "coalesce(nullif(current_setting('" + RECORDED_AT_SETTING + "', true), ''), " +
        RECORDED_AT_NOW + ")";

    /** The schema steps this release knows, oldest first; a released step is never edited. */
    static final List<SchemaMigration> MIGRATIONS = List.of(
        new SchemaMigration(1, "audit log: per-writer chains, append-only guards, retention function", List.of(
            "CREATE TABLE audit_chains (" +
                "writer_id text NOT NULL, " +
                "role text NOT NULL CHECK (role IN ('live', 'archive')), " +
                "created_at text NOT NULL, " +
                "chain_base_sequence bigint NOT NULL DEFAULT 0, " +
                "chain_base_hash text NOT NULL, " +
                "delete_through bigint NOT NULL DEFAULT 0, " +
                "receipts_used bigint NOT NULL DEFAULT 0, " +
                "PRIMARY KEY (writer_id, role))",
            "CREATE TABLE audit_events (" +
                "writer_id text NOT NULL, " +
                "event_id text NOT NULL UNIQUE, " +
                "sequence bigint NOT NULL, " +
                "timestamp text NOT NULL, " +
                "category text NOT NULL, " +
                "severity text NOT NULL, " +
                "actor text NOT NULL, " +
                "account_id text, client_id text, venue_name text, correlation_id text, market_id text, " +
                "order_id text, client_order_id text, " +
                "message text NOT NULL, " +
                "payload text, " +
                "prev_hash text NOT NULL, " +
                "hash text NOT NULL, " +
                "PRIMARY KEY (writer_id, sequence))",
            "CREATE INDEX audit_events_by_timestamp ON audit_events (writer_id, timestamp)",
            "CREATE TABLE audit_archive_events (LIKE audit_events INCLUDING ALL)",
            "CREATE TABLE audit_flush_position (writer_id text NOT NULL, name text NOT NULL, inbound_next bigint NOT NULL, " +
                "outbound_next bigint NOT NULL, committed_at text NOT NULL, PRIMARY KEY (writer_id, name))",
            "CREATE TABLE audit_retention_receipts (id bigserial PRIMARY KEY, writer_id text NOT NULL, " +
                "receipt_id text NOT NULL UNIQUE, line text NOT NULL)",

            "CREATE FUNCTION horizon_refuse() RETURNS trigger LANGUAGE plpgsql AS $$ " +
                "BEGIN RAISE EXCEPTION '%', TG_ARGV[0]; END $$",

            // Inserts take the writer's next sequence (rows inserted earlier by the same statement are visible here).
            "CREATE FUNCTION audit_events_next_sequence() RETURNS trigger LANGUAGE plpgsql AS $$ " +
                "DECLARE last_sequence bigint; base bigint; " +
                "BEGIN " +
                "  IF TG_TABLE_NAME = 'audit_events' THEN " +
                "    SELECT max(sequence) INTO last_sequence FROM audit_events WHERE writer_id = NEW.writer_id; " +
                "  ELSE " +
                "    SELECT max(sequence) INTO last_sequence FROM audit_archive_events WHERE writer_id = NEW.writer_id; " +
                "  END IF; " +
                "  SELECT chain_base_sequence INTO base FROM audit_chains WHERE writer_id = NEW.writer_id AND role = TG_ARGV[0]; " +
                "  IF base IS NULL THEN RAISE EXCEPTION 'audit writer % has no % chain', NEW.writer_id, TG_ARGV[0]; END IF; " +
                "  IF NEW.sequence <> 1 + greatest(coalesce(last_sequence, 0), base) THEN " +
                "    RAISE EXCEPTION '%: a new event must take the next sequence of writer %''s chain', TG_TABLE_NAME, NEW.writer_id; " +
                "  END IF; " +
                "  RETURN NEW; " +
                "END $$",
            "CREATE FUNCTION audit_events_guard_delete() RETURNS trigger LANGUAGE plpgsql AS $$ " +
                "BEGIN " +
                "  IF OLD.sequence > coalesce((SELECT delete_through FROM audit_chains " +
                "      WHERE writer_id = OLD.writer_id AND role = 'live'), 0) THEN " +
                "    RAISE EXCEPTION 'audit_events is append-only: DELETE is refused; expired events are removed only by " +
                "horizon audit enforce-retention'; " +
                "  END IF; " +
                "  RETURN OLD; " +
                "END $$",
            "CREATE TRIGGER audit_events_no_update BEFORE UPDATE ON audit_events FOR EACH ROW " +
                "EXECUTE FUNCTION horizon_refuse('audit_events is append-only: UPDATE is refused')",
            "CREATE TRIGGER audit_events_no_delete BEFORE DELETE ON audit_events FOR EACH ROW " +
                "EXECUTE FUNCTION audit_events_guard_delete()",
            "CREATE TRIGGER audit_events_no_truncate BEFORE TRUNCATE ON audit_events FOR EACH STATEMENT " +
                "EXECUTE FUNCTION horizon_refuse('audit_events is append-only: TRUNCATE is refused')",
            "CREATE TRIGGER audit_events_next_sequence BEFORE INSERT ON audit_events FOR EACH ROW " +
                "EXECUTE FUNCTION audit_events_next_sequence('live')",
            "CREATE TRIGGER audit_archive_events_no_update BEFORE UPDATE OR DELETE ON audit_archive_events FOR EACH ROW " +
                "EXECUTE FUNCTION horizon_refuse('audit_archive_events is append-only: UPDATE and DELETE are refused')",
            "CREATE TRIGGER audit_archive_events_no_truncate BEFORE TRUNCATE ON audit_archive_events FOR EACH STATEMENT " +
                "EXECUTE FUNCTION horizon_refuse('audit_archive_events is append-only: TRUNCATE is refused')",
            "CREATE TRIGGER audit_archive_events_next_sequence BEFORE INSERT ON audit_archive_events FOR EACH ROW " +
                "EXECUTE FUNCTION audit_events_next_sequence('archive')",

            // A chain starts at genesis; its base moves only while its gate is open, to the receipt's base.
            "CREATE FUNCTION audit_chains_guard() RETURNS trigger LANGUAGE plpgsql AS $$ " +
                "DECLARE receipt jsonb; last_receipt bigint; " +
                "BEGIN " +
                "  IF TG_OP = 'DELETE' THEN RAISE EXCEPTION 'audit_chains rows cannot be deleted'; END IF; " +
                "  IF TG_OP = 'INSERT' THEN " +
                "    IF NEW.chain_base_sequence <> 0 OR NEW.chain_base_hash <> repeat('0', 64) OR NEW.delete_through <> 0 " +
                "        OR NEW.receipts_used <> 0 THEN " +
                "      RAISE EXCEPTION 'a new audit chain starts at genesis with its retention gate closed'; " +
                "    END IF; " +
                "    RETURN NEW; " +
                "  END IF; " +
                "  IF NEW.writer_id IS DISTINCT FROM OLD.writer_id OR NEW.role IS DISTINCT FROM OLD.role " +
                "      OR NEW.created_at IS DISTINCT FROM OLD.created_at OR NEW.receipts_used < OLD.receipts_used THEN " +
                "    RAISE EXCEPTION 'audit_chains changes only inside horizon audit enforce-retention'; " +
                "  END IF; " +
                "  IF OLD.delete_through = 0 THEN " +
                "    IF NEW.chain_base_sequence <> OLD.chain_base_sequence OR NEW.chain_base_hash <> OLD.chain_base_hash THEN " +
                "      RAISE EXCEPTION 'audit_chains: the chain base moves only while the retention gate is open'; " +
                "    END IF; " +
                "    IF NEW.delete_through = 0 THEN " +
                "      IF NEW.receipts_used <> OLD.receipts_used THEN " +
                "        RAISE EXCEPTION 'audit_chains changes only inside horizon audit enforce-retention'; " +
                "      END IF; " +
                "      RETURN NEW; " +
                "    END IF; " +
                "    SELECT max(id) INTO last_receipt FROM audit_retention_receipts WHERE writer_id = OLD.writer_id; " +
                "    SELECT line::jsonb INTO receipt FROM audit_retention_receipts WHERE id = NEW.receipts_used; " +
                "    IF OLD.role <> 'live' OR NEW.receipts_used IS DISTINCT FROM last_receipt " +
                "        OR NEW.receipts_used <= OLD.receipts_used " +
                "        OR NEW.delete_through IS DISTINCT FROM (receipt->>'through')::bigint THEN " +
                "      RAISE EXCEPTION 'the retention gate opens only inside horizon audit enforce-retention, once per recorded receipt'; " +
                "    END IF; " +
                "    RETURN NEW; " +
                "  END IF; " +
                "  SELECT line::jsonb INTO receipt FROM audit_retention_receipts WHERE id = OLD.receipts_used; " +
                "  IF NEW.receipts_used <> OLD.receipts_used " +
                "      OR (NEW.delete_through <> 0 AND NEW.delete_through <> OLD.delete_through) " +
                "      OR ((NEW.chain_base_sequence <> OLD.chain_base_sequence OR NEW.chain_base_hash <> OLD.chain_base_hash) " +
                "        AND (NEW.chain_base_sequence IS DISTINCT FROM (receipt->>'chain_base_sequence')::bigint " +
                "          OR NEW.chain_base_hash IS DISTINCT FROM receipt->>'chain_base_hash')) THEN " +
                "    RAISE EXCEPTION 'audit_chains: the chain base moves only to what the retention receipt says'; " +
                "  END IF; " +
                "  RETURN NEW; " +
                "END $$",
            "CREATE TRIGGER audit_chains_guard BEFORE INSERT OR UPDATE OR DELETE ON audit_chains FOR EACH ROW " +
                "EXECUTE FUNCTION audit_chains_guard()",
            "CREATE TRIGGER audit_chains_no_truncate BEFORE TRUNCATE ON audit_chains FOR EACH STATEMENT " +
                "EXECUTE FUNCTION horizon_refuse('audit_chains cannot be truncated')",
            "CREATE TRIGGER audit_retention_receipts_append_only BEFORE UPDATE OR DELETE ON audit_retention_receipts " +
                "FOR EACH ROW EXECUTE FUNCTION horizon_refuse('retention receipts are append-only')",
            "CREATE TRIGGER audit_retention_receipts_no_truncate BEFORE TRUNCATE ON audit_retention_receipts " +
                "FOR EACH STATEMENT EXECUTE FUNCTION horizon_refuse('retention receipts are append-only')",

            // The flushed journal position only moves forward: moving it back would copy journal records twice.
            "CREATE FUNCTION audit_flush_position_guard() RETURNS trigger LANGUAGE plpgsql AS $$ " +
                "BEGIN " +
                "  IF TG_OP = 'DELETE' OR NEW.writer_id IS DISTINCT FROM OLD.writer_id OR NEW.name IS DISTINCT FROM OLD.name " +
                "      OR NEW.inbound_next < OLD.inbound_next OR NEW.outbound_next < OLD.outbound_next THEN " +
                "    RAISE EXCEPTION 'audit_flush_position only moves forward'; " +
                "  END IF; " +
                "  RETURN NEW; " +
                "END $$",
            "CREATE TRIGGER audit_flush_position_forward BEFORE UPDATE OR DELETE ON audit_flush_position FOR EACH ROW " +
                "EXECUTE FUNCTION audit_flush_position_guard()",
            "CREATE TRIGGER audit_flush_position_no_truncate BEFORE TRUNCATE ON audit_flush_position FOR EACH STATEMENT " +
                "EXECUTE FUNCTION horizon_refuse('audit_flush_position cannot be truncated')",

            // The one path that removes events: the receipt, the gate, the delete, the base, the gate closed.
            "CREATE FUNCTION horizon_audit_remove_expired(p_writer text, p_receipt_id text, p_line text, p_through bigint, " +
                "p_held bigint[], p_base_sequence bigint, p_base_hash text, p_expected bigint) RETURNS bigint " +
                "LANGUAGE plpgsql SECURITY DEFINER SET search_path FROM CURRENT AS $$ " +
                "DECLARE receipt_row bigint; deleted bigint := 0; base bigint; " +
                "BEGIN " +
                "  PERFORM pg_advisory_xact_lock(hashtextextended(p_writer, 1213877836)); " +
                "  SELECT chain_base_sequence INTO base FROM audit_chains WHERE writer_id = p_writer AND role = 'live' FOR UPDATE; " +
                "  IF base IS NULL THEN RAISE EXCEPTION 'audit writer % has no live chain', p_writer; END IF; " +
                "  INSERT INTO audit_retention_receipts (writer_id, receipt_id, line) VALUES (p_writer, p_receipt_id, p_line) " +
                "    RETURNING id INTO receipt_row; " +
                "  IF p_through > 0 THEN " +
                "    UPDATE audit_chains SET delete_through = p_through, receipts_used = receipt_row " +
                "      WHERE writer_id = p_writer AND role = 'live'; " +
                "  END IF; " +
                "  DELETE FROM audit_events WHERE writer_id = p_writer AND sequence <= p_through " +
                "    AND NOT (sequence = ANY (coalesce(p_held, '{}'))); " +
                "  GET DIAGNOSTICS deleted = ROW_COUNT; " +
                "  IF p_through > base THEN " +
                "    UPDATE audit_chains SET chain_base_sequence = p_base_sequence, chain_base_hash = p_base_hash " +
                "      WHERE writer_id = p_writer AND role = 'live'; " +
                "  END IF; " +
                "  IF deleted <> p_expected THEN " +
                "    RAISE EXCEPTION 'retention found % events to remove but the delete touched %; nothing was removed', " +
                "      p_expected, deleted; " +
                "  END IF; " +
                "  IF p_through > 0 THEN " +
                "    UPDATE audit_chains SET delete_through = 0 WHERE writer_id = p_writer AND role = 'live'; " +
                "  END IF; " +
                "  RETURN deleted; " +
                "END $$",
            "REVOKE ALL ON FUNCTION horizon_audit_remove_expired(text, text, text, bigint, bigint[], bigint, text, bigint) " +
                "FROM PUBLIC")),
        new SchemaMigration(2, "dead-letter queue: per-writer entries, captured columns fixed, never deleted", List.of(
            "CREATE TABLE dlq_entries (" +
                "writer_id text NOT NULL, " +
                "dlq_id text NOT NULL CHECK (dlq_id ~ '^dlq_[0-9a-f]{16}$'), " +
                "captured_at text NOT NULL, " +
                "source text NOT NULL, " +
                "venue_name text, account_id text, market_id text, side text, quantity text, order_type text, price text, " +
                "client_order_id text, order_id text, " +
                "error text NOT NULL CHECK (length(error) <= 1000), " +
                "retry_count integer NOT NULL DEFAULT 0 CHECK (retry_count >= 0), " +
                "dismissed integer NOT NULL DEFAULT 0 CHECK (dismissed IN (0, 1)), " +
                "dismissed_reason text, dismissed_by text, dismissed_at text, " +
                "last_redrive_at text, last_redrive_client_order_id text, " +
                "action_json text NOT NULL, " +
                "journal_output bigint NOT NULL, " +
                "CHECK (dismissed = 0 OR length(trim(coalesce(dismissed_reason, ''))) > 0), " +
                "PRIMARY KEY (writer_id, dlq_id))",
            "CREATE INDEX dlq_entries_open ON dlq_entries (writer_id, dismissed, captured_at)",
            "CREATE TABLE dlq_flush_position (writer_id text NOT NULL, name text NOT NULL, outbound_next bigint NOT NULL, " +
                "committed_at text NOT NULL, PRIMARY KEY (writer_id, name))",
            "CREATE FUNCTION dlq_entries_guard() RETURNS trigger LANGUAGE plpgsql AS $$ " +
                "BEGIN " +
                "  IF (NEW.writer_id, NEW.dlq_id, NEW.captured_at, NEW.source, NEW.venue_name, NEW.account_id, NEW.market_id, " +
                "      NEW.side, NEW.quantity, NEW.order_type, NEW.price, NEW.client_order_id, NEW.order_id, NEW.error, " +
                "      NEW.action_json, NEW.journal_output) IS DISTINCT FROM (OLD.writer_id, OLD.dlq_id, OLD.captured_at, " +
                "      OLD.source, OLD.venue_name, OLD.account_id, OLD.market_id, OLD.side, OLD.quantity, OLD.order_type, " +
                "      OLD.price, OLD.client_order_id, OLD.order_id, OLD.error, OLD.action_json, OLD.journal_output) THEN " +
                "    RAISE EXCEPTION 'dlq_entries: what was captured cannot change'; " +
                "  END IF; " +
                "  IF NEW.retry_count < OLD.retry_count OR NEW.dismissed < OLD.dismissed OR (OLD.dismissed = 1 AND " +
                "      (NEW.dismissed_reason, NEW.dismissed_by, NEW.dismissed_at) IS DISTINCT FROM " +
                "      (OLD.dismissed_reason, OLD.dismissed_by, OLD.dismissed_at)) THEN " +
                "    RAISE EXCEPTION 'dlq_entries: retry_count only grows and a dismissal is final'; " +
                "  END IF; " +
                "  RETURN NEW; " +
                "END $$",
            "CREATE TRIGGER dlq_entries_guard BEFORE UPDATE ON dlq_entries FOR EACH ROW EXECUTE FUNCTION dlq_entries_guard()",
            "CREATE TRIGGER dlq_entries_no_delete BEFORE DELETE ON dlq_entries FOR EACH ROW " +
                "EXECUTE FUNCTION horizon_refuse('dlq_entries: dead letters are never deleted; dismiss them with a reason')",
            "CREATE TRIGGER dlq_entries_no_truncate BEFORE TRUNCATE ON dlq_entries FOR EACH STATEMENT " +
                "EXECUTE FUNCTION horizon_refuse('dlq_entries: dead letters are never deleted; dismiss them with a reason')",
            "CREATE FUNCTION dlq_flush_position_guard() RETURNS trigger LANGUAGE plpgsql AS $$ " +
                "BEGIN " +
                "  IF TG_OP = 'DELETE' OR NEW.writer_id IS DISTINCT FROM OLD.writer_id OR NEW.name IS DISTINCT FROM OLD.name " +
                "      OR NEW.outbound_next < OLD.outbound_next THEN " +
                "    RAISE EXCEPTION 'dlq_flush_position only moves forward'; " +
                "  END IF; " +
                "  RETURN NEW; " +
                "END $$",
            "CREATE TRIGGER dlq_flush_position_forward BEFORE UPDATE OR DELETE ON dlq_flush_position FOR EACH ROW " +
                "EXECUTE FUNCTION dlq_flush_position_guard()")),
        // Step 1's row trigger ran two queries per inserted event (about two thirds of an insert's
        // server time); this one checks a whole statement's (a COPY's) rows at once, per writer:
        // they are contiguous, follow the chain's end (or its base) and leave nothing after them.
        new SchemaMigration(3, "audit log: the next-sequence guard checks once per statement, not per row", List.of(
            "DROP TRIGGER audit_events_next_sequence ON audit_events",
            "DROP TRIGGER audit_archive_events_next_sequence ON audit_archive_events",
            "DROP FUNCTION audit_events_next_sequence()",
            "CREATE FUNCTION audit_events_next_sequences() RETURNS trigger LANGUAGE plpgsql AS $$ " +
                "DECLARE r record; last_sequence bigint; base bigint; later boolean; " +
                "BEGIN " +
                "  FOR r IN SELECT writer_id, min(sequence) AS lo, max(sequence) AS hi, count(*) AS n " +
                "      FROM new_rows GROUP BY writer_id LOOP " +
                "    SELECT chain_base_sequence INTO base FROM audit_chains WHERE writer_id = r.writer_id AND role = TG_ARGV[0]; " +
                "    IF base IS NULL THEN RAISE EXCEPTION 'audit writer % has no % chain', r.writer_id, TG_ARGV[0]; END IF; " +
                "    IF TG_TABLE_NAME = 'audit_events' THEN " +
                "      SELECT max(sequence) INTO last_sequence FROM audit_events WHERE writer_id = r.writer_id AND sequence < r.lo; " +
                "      later := EXISTS (SELECT 1 FROM audit_events WHERE writer_id = r.writer_id AND sequence > r.hi); " +
                "    ELSE " +
                "      SELECT max(sequence) INTO last_sequence FROM audit_archive_events " +
                "        WHERE writer_id = r.writer_id AND sequence < r.lo; " +
                "      later := EXISTS (SELECT 1 FROM audit_archive_events WHERE writer_id = r.writer_id AND sequence > r.hi); " +
                "    END IF; " +
                "    IF r.hi - r.lo + 1 <> r.n OR later OR r.lo <> 1 + greatest(coalesce(last_sequence, 0), base) THEN " +
                "      RAISE EXCEPTION '%: a new event must take the next sequence of writer %''s chain', TG_TABLE_NAME, r.writer_id; " +
                "    END IF; " +
                "  END LOOP; " +
                "  RETURN NULL; " +
                "END $$",
            "CREATE TRIGGER audit_events_next_sequence AFTER INSERT ON audit_events REFERENCING NEW TABLE AS new_rows " +
                "FOR EACH STATEMENT EXECUTE FUNCTION audit_events_next_sequences('live')",
            "CREATE TRIGGER audit_archive_events_next_sequence AFTER INSERT ON audit_archive_events " +
                "REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION audit_events_next_sequences('archive')")),
        // Retention judges an event's age by when it was written, not by its timestamp (engine time:
        // a file run's rows carry the recorded day). A column default, so COPY fills it at no per-row
        // trigger cost; not hashed, like SQLite's audit_recorded_at, so chains verify unchanged and
        // hash alike in both backends. The events' UPDATE guard covers it. Rows already stored stay
        // NULL: when they were written is not known (retention falls back to their timestamp).
        new SchemaMigration(4, "audit log: recorded_at, the wall time each event was written (retention's basis)", List.of(
            "ALTER TABLE audit_events ADD COLUMN recorded_at text",
            "ALTER TABLE audit_events ALTER COLUMN recorded_at SET DEFAULT " + RECORDED_AT_NOW)),
        // Step 3's "nothing after the batch" was EXISTS (... sequence > hi). Once plpgsql switched to
        // its generic plan (from the sixth batch of a session), the planner, expecting a third of a
        // writer's rows to match, ran it as a sequential scan that found nothing: every batch read the
        // whole table (338 ms at 200k rows; about half the server's CPU per row in AuditFlushBenchmark,
        // and without bound as the log grows). Both ends are now max(sequence), which the planner
        // always answers from the primary key's last entry, generic plan or not.
        new SchemaMigration(5, "audit log: the next-sequence guard reads the chain's end from the index, never a scan",
            List.of(
                "CREATE OR REPLACE FUNCTION audit_events_next_sequences() RETURNS trigger LANGUAGE plpgsql AS $$ " +
                    "DECLARE r record; last_sequence bigint; top bigint; base bigint; " +
                    "BEGIN " +
                    "  FOR r IN SELECT writer_id, min(sequence) AS lo, max(sequence) AS hi, count(*) AS n " +
                    "      FROM new_rows GROUP BY writer_id LOOP " +
                    "    SELECT chain_base_sequence INTO base FROM audit_chains WHERE writer_id = r.writer_id AND role = TG_ARGV[0]; " +
                    "    IF base IS NULL THEN RAISE EXCEPTION 'audit writer % has no % chain', r.writer_id, TG_ARGV[0]; END IF; " +
                    "    IF TG_TABLE_NAME = 'audit_events' THEN " +
                    "      SELECT max(sequence) INTO last_sequence FROM audit_events WHERE writer_id = r.writer_id AND sequence < r.lo; " +
                    "      SELECT max(sequence) INTO top FROM audit_events WHERE writer_id = r.writer_id; " +
                    "    ELSE " +
                    "      SELECT max(sequence) INTO last_sequence FROM audit_archive_events " +
                    "        WHERE writer_id = r.writer_id AND sequence < r.lo; " +
                    "      SELECT max(sequence) INTO top FROM audit_archive_events WHERE writer_id = r.writer_id; " +
                    "    END IF; " +
                    "    IF r.hi - r.lo + 1 <> r.n OR top IS DISTINCT FROM r.hi " +
                    "        OR r.lo <> 1 + greatest(coalesce(last_sequence, 0), base) THEN " +
                    "      RAISE EXCEPTION '%: a new event must take the next sequence of writer %''s chain', TG_TABLE_NAME, r.writer_id; " +
                    "    END IF; " +
                    "  END LOOP; " +
                    "  RETURN NULL; " +
                    "END $$")),
        // Step 4's default formatted now() with to_char for every row a COPY stores: measured at
        // about as much server CPU per row as the three index entries together (a micro-benchmark
        // of the expression alone: ~5 µs per call on the shared 2-vCPU VM, against ~0.8 µs for a
        // setting read). The value is the same for every row of a transaction (now() is its start),
        // so a statement trigger formats it once into a transaction-local setting and the default
        // reads that; with the trigger missing, the default still formats it itself (so the trigger
        // is no guard: verify does not look for it).
        new SchemaMigration(6, "audit log: recorded_at is formatted once per statement, not once per row", List.of(
            "CREATE FUNCTION audit_events_stamp_recorded_at() RETURNS trigger LANGUAGE plpgsql AS $$ " +
                "BEGIN PERFORM set_config('" + RECORDED_AT_SETTING + "', " + RECORDED_AT_NOW + ", true); RETURN NULL; END $$",
            "CREATE TRIGGER audit_events_recorded_at BEFORE INSERT ON audit_events FOR EACH STATEMENT " +
                "EXECUTE FUNCTION audit_events_stamp_recorded_at()",
            "ALTER TABLE audit_events ALTER COLUMN recorded_at SET DEFAULT " + RECORDED_AT_STAMPED)));

    /** The guard triggers, by table, that {@code verify} expects to find. */
    static final String[][] TRIGGERS = {
        {"audit_events", "audit_events_no_update"},
        {"audit_events", "audit_events_no_delete"},
        {"audit_events", "audit_events_no_truncate"},
        {"audit_events", "audit_events_next_sequence"},
        {"audit_archive_events", "audit_archive_events_no_update"},
        {"audit_archive_events", "audit_archive_events_no_truncate"},
        {"audit_archive_events", "audit_archive_events_next_sequence"},
        {"audit_chains", "audit_chains_guard"},
        {"audit_chains", "audit_chains_no_truncate"},
        {"audit_retention_receipts", "audit_retention_receipts_append_only"},
        {"audit_retention_receipts", "audit_retention_receipts_no_truncate"},
        {"audit_flush_position", "audit_flush_position_forward"},
        {"audit_flush_position", "audit_flush_position_no_truncate"},
    };

    private PostgresAuditSchema()
    {
    }
}
