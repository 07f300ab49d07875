package io.horizon.journal.audit;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import io.horizon.journal.sqlite.SqliteFile;
import io.horizon.journal.sqlite.StoreException;

/**
 * The SQL of the audit store: the {@code audit_events} table whose column names operators rely
 * on, and the triggers ({@link #TRIGGERS}) that guard every table that gates or anchors the chain.
 * <p>
 * <b>Append-only, and the one way to delete.</b> {@code UPDATE} on {@code audit_events} is always
 * refused. {@code DELETE} is refused unless the row's sequence is at or below
 * {@code audit_retention_gate.delete_through}, which is 0 except inside the retention transaction.
 * The gate opens only to the {@code through} of the receipt recorded last in
 * {@code audit_retention_receipts}, once per receipt; the chain base in {@code audit_meta} moves
 * only while it is open, and only to that receipt's {@code chain_base_*}. So no plain SQL removes
 * an event without leaving a receipt in the store, which {@code horizon audit verify} checks
 * against the pinned key. An insert must take the next sequence and a new event id; nothing can
 * be replaced with {@code INSERT OR REPLACE} (SQLite fires no delete trigger for the rows that
 * removes); the flushed journal position only moves forward.
 * <p>
 * Triggers stop mistakes, tools and plain SQL; they do not stop someone who can drop them. That is
 * what the hash chain, the receipts, the signed anchors kept outside the state directory and the
 * journal are for ({@code journal/README.md}, "What horizon audit verify proves").
 * <p>
 * Stateless; any thread.
 */
final class AuditSchema
{
    /** {@code PRAGMA application_id} of audit stores (live and archive): "HZNA". */
    static final int APPLICATION_ID = 0x485A4E41;
    /**
     * 2: the retention gate opens once per recorded receipt; meta, gate, receipts and position guarded.
     * 3: {@code audit_recorded_at}: the wall-clock time each event was written, beside its
     *    {@code timestamp} (engine time, the recorded time of a file run).
     * 4: {@code audit_recorded_at} is guarded (retention judges age by it): no update, no delete
     *    while its event is stored, one row per event, stamped only by the insert trigger.
     */
    static final int SCHEMA_VERSION = 4;

    static final String META_ROLE = "role";
    static final String META_SCHEMA_VERSION = "schema_version";
    static final String META_BASE_SEQUENCE = "chain_base_sequence";
    static final String META_BASE_HASH = "chain_base_hash";

    static final String INSERT_EVENT = "INSERT INTO audit_events (event_id, sequence, timestamp, category, severity, actor, " +
        "account_id, client_id, venue_name, correlation_id, market_id, order_id, client_order_id, message, payload, " +
        "prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";

    /** Rows per multi-row insert: fewer statements per batch, the same rows. */
    static final int ROWS_PER_INSERT = 32;

    static final String INSERT_EVENTS = INSERT_EVENT + ", (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)".repeat(ROWS_PER_INSERT - 1);

    static final String SELECT_EVENTS = "SELECT event_id, sequence, timestamp, category, severity, actor, account_id, " +
        "client_id, venue_name, correlation_id, market_id, order_id, client_order_id, message, payload, prev_hash, hash " +
        "FROM audit_events";

    /**
     * When each event was written, on the wall clock (SQLite's own, stamped by a trigger, so every
     * writer and every path that inserts gets it). Beside {@code audit_events} rather than in it: it
     * is not part of the hashed form (so chains written before it verify unchanged, and a chain
     * hashes the same in both backends), and the event's {@code timestamp} stays its engine time.
     * Retention judges an event's age by it ({@link #WRITTEN_AT}), so its guards are the events'.
     */
    private static final String RECORDED_AT_TABLE =
        "CREATE TABLE audit_recorded_at (sequence INTEGER PRIMARY KEY, recorded_at TEXT NOT NULL)";

    /**
     * An event's age for retention, over {@code audit_events e LEFT JOIN audit_recorded_at r}: when
     * it was written; for an event written before version 3 (no row beside it), its timestamp,
     * which every release before version 3 stamped from the wall clock. Cut to milliseconds, the
     * precision of {@code recorded_at}, so the two forms compare as text.
     */
    static final String WRITTEN_AT = "substr(coalesce(r.recorded_at, e.timestamp), 1, 23)";

    private static final String[] TABLES = {
        "CREATE TABLE audit_events (" +
            "event_id TEXT NOT NULL UNIQUE, " +
            "sequence INTEGER PRIMARY KEY, " +
            "timestamp TEXT NOT NULL, " +
            "category TEXT NOT NULL, " +
            "severity TEXT NOT NULL, " +
            "actor TEXT NOT NULL, " +
            "account_id TEXT, " +
            "client_id TEXT, " +
            "venue_name TEXT, " +
            "correlation_id TEXT, " +
            "market_id TEXT, " +
            "order_id TEXT, " +
            "client_order_id TEXT, " +
            "message TEXT NOT NULL, " +
            "payload TEXT, " +
            "prev_hash TEXT NOT NULL, " +
            "hash TEXT NOT NULL)",
        "CREATE INDEX audit_events_by_timestamp ON audit_events (timestamp)",

        "CREATE TABLE audit_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)",
        "CREATE TABLE audit_retention_gate (id INTEGER PRIMARY KEY CHECK (id = 1), delete_through INTEGER NOT NULL, " +
            "receipts_used INTEGER NOT NULL DEFAULT 0)",
        "INSERT INTO audit_retention_gate (id, delete_through, receipts_used) VALUES (1, 0, 0)",
        "CREATE TABLE audit_flush_position (name TEXT PRIMARY KEY, inbound_next INTEGER NOT NULL, " +
            "outbound_next INTEGER NOT NULL, committed_at TEXT NOT NULL)",
        "CREATE TABLE audit_retention_receipts (receipt_id TEXT PRIMARY KEY, line TEXT NOT NULL)",
        RECORDED_AT_TABLE,
    };


    /**
     * The guards, by name: every table that gates or anchors the chain has no UPDATE, DELETE or
     * INSERT OR REPLACE path but the retention procedure's. {@code horizon audit verify} reports any
     * that is missing. (SQLite fires no delete trigger for the rows an {@code INSERT OR REPLACE}
     * removes, hence the insert guards.)
     */
    static final String[][] TRIGGERS = {
        {"audit_events_no_update", "BEFORE UPDATE ON audit_events " +
            "BEGIN SELECT RAISE(ABORT, 'audit_events is append-only: UPDATE is refused'); END"},
        {"audit_events_no_delete", "BEFORE DELETE ON audit_events " +
            "WHEN OLD.sequence > (SELECT delete_through FROM audit_retention_gate WHERE id = 1) " +
            "BEGIN SELECT RAISE(ABORT, 'audit_events is append-only: DELETE is refused; expired events are removed " +
            "only by horizon audit enforce-retention'); END"},
        {"audit_events_next_sequence", "BEFORE INSERT ON audit_events " +
            "WHEN NEW.sequence <> 1 + max(coalesce((SELECT max(sequence) FROM audit_events), 0), " +
            "coalesce((SELECT CAST(value AS INTEGER) FROM audit_meta WHERE key = 'chain_base_sequence'), 0)) " +
            "OR EXISTS (SELECT 1 FROM audit_events WHERE event_id = NEW.event_id) " +
            "BEGIN SELECT RAISE(ABORT, 'audit_events: a new event must take the next sequence of the chain and a new event_id'); END"},
        // The gate opens only to the "through" of a receipt recorded just before, and each receipt
        // opens it once: no path deletes an event without leaving a receipt, which verify checks.
        {"audit_retention_gate_guard", "BEFORE UPDATE ON audit_retention_gate " +
            "WHEN NEW.id IS NOT OLD.id OR NEW.receipts_used < OLD.receipts_used " +
            "OR (NEW.delete_through = 0 AND NEW.receipts_used <> OLD.receipts_used) " +
            "OR (NEW.delete_through <> 0 AND (OLD.delete_through <> 0 OR NEW.receipts_used <= OLD.receipts_used " +
            "OR NEW.receipts_used IS NOT (SELECT max(rowid) FROM audit_retention_receipts) " +
            "OR NEW.delete_through IS NOT (SELECT json_extract(line, '$.through') FROM audit_retention_receipts " +
            "WHERE rowid = NEW.receipts_used))) " +
            "BEGIN SELECT RAISE(ABORT, 'audit_retention_gate opens only inside horizon audit enforce-retention, " +
            "once per recorded receipt'); END"},
        {"audit_retention_gate_no_insert", "BEFORE INSERT ON audit_retention_gate " +
            "BEGIN SELECT RAISE(ABORT, 'audit_retention_gate has one row; it cannot be replaced'); END"},
        {"audit_retention_gate_no_delete", "BEFORE DELETE ON audit_retention_gate " +
            "BEGIN SELECT RAISE(ABORT, 'audit_retention_gate cannot be deleted'); END"},
        // The chain base moves only while the gate is open, and only to what its receipt says.
        {"audit_meta_guard_update", "BEFORE UPDATE ON audit_meta " +
            "WHEN (SELECT delete_through FROM audit_retention_gate WHERE id = 1) = 0 " +
            "OR OLD.key NOT IN ('chain_base_sequence', 'chain_base_hash') OR NEW.key IS NOT OLD.key " +
            "OR NEW.value IS NOT CAST((SELECT json_extract(line, '$.' || OLD.key) FROM audit_retention_receipts " +
            "WHERE rowid = (SELECT receipts_used FROM audit_retention_gate WHERE id = 1)) AS TEXT) " +
            "BEGIN SELECT RAISE(ABORT, 'audit_meta changes only inside horizon audit enforce-retention'); END"},
        {"audit_meta_no_insert", "BEFORE INSERT ON audit_meta " +
            "BEGIN SELECT RAISE(ABORT, 'audit_meta rows are written once, when the store is created'); END"},
        {"audit_meta_no_delete", "BEFORE DELETE ON audit_meta " +
            "BEGIN SELECT RAISE(ABORT, 'audit_meta rows cannot be deleted'); END"},
        {"audit_retention_receipts_no_update", "BEFORE UPDATE ON audit_retention_receipts " +
            "BEGIN SELECT RAISE(ABORT, 'retention receipts are append-only'); END"},
        {"audit_retention_receipts_no_delete", "BEFORE DELETE ON audit_retention_receipts " +
            "BEGIN SELECT RAISE(ABORT, 'retention receipts are append-only'); END"},
        {"audit_retention_receipts_no_replace", "BEFORE INSERT ON audit_retention_receipts " +
            "WHEN EXISTS (SELECT 1 FROM audit_retention_receipts WHERE receipt_id = NEW.receipt_id) " +
            "BEGIN SELECT RAISE(ABORT, 'retention receipts are append-only'); END"},
        // The flushed journal position only moves forward: moving it back would make the flusher
        // copy journal records a second time.
        {"audit_flush_position_forward", "BEFORE UPDATE ON audit_flush_position " +
            "WHEN NEW.name IS NOT OLD.name OR NEW.inbound_next < OLD.inbound_next OR NEW.outbound_next < OLD.outbound_next " +
            "BEGIN SELECT RAISE(ABORT, 'audit_flush_position only moves forward'); END"},
        {"audit_flush_position_no_replace", "BEFORE INSERT ON audit_flush_position " +
            "WHEN EXISTS (SELECT 1 FROM audit_flush_position WHERE name = NEW.name AND " +
            "(NEW.inbound_next < inbound_next OR NEW.outbound_next < outbound_next)) " +
            "BEGIN SELECT RAISE(ABORT, 'audit_flush_position only moves forward'); END"},
        {"audit_flush_position_no_delete", "BEFORE DELETE ON audit_flush_position " +
            "BEGIN SELECT RAISE(ABORT, 'audit_flush_position cannot be deleted'); END"},
        // Wall time beside engine time: stamped as each event is written, gone when retention removes it.
        {"audit_events_recorded_at", "AFTER INSERT ON audit_events " +
            "BEGIN INSERT INTO audit_recorded_at (sequence, recorded_at) " +
            "VALUES (NEW.sequence, strftime('%Y-%m-%dT%H:%M:%fZ', 'now')); END"},
        {"audit_events_recorded_at_removed", "AFTER DELETE ON audit_events " +
            "BEGIN DELETE FROM audit_recorded_at WHERE sequence = OLD.sequence; END"},
        // Retention judges age by recorded_at: making an event look older would let a run cut it early.
        {"audit_recorded_at_no_update", "BEFORE UPDATE ON audit_recorded_at " +
            "BEGIN SELECT RAISE(ABORT, 'audit_recorded_at is append-only: UPDATE is refused'); END"},
        // It goes with its event (retention's delete, or a delete the events' guards report), never alone.
        {"audit_recorded_at_no_delete", "BEFORE DELETE ON audit_recorded_at " +
            "WHEN EXISTS (SELECT 1 FROM audit_events WHERE sequence = OLD.sequence) " +
            "BEGIN SELECT RAISE(ABORT, 'audit_recorded_at is append-only: DELETE is refused while its event is stored'); END"},
        {"audit_recorded_at_once", "BEFORE INSERT ON audit_recorded_at " +
            "WHEN EXISTS (SELECT 1 FROM audit_recorded_at WHERE sequence = NEW.sequence) " +
            "OR NOT EXISTS (SELECT 1 FROM audit_events WHERE sequence = NEW.sequence) " +
            "OR NEW.recorded_at IS NOT strftime('%Y-%m-%dT%H:%M:%fZ', 'now') " +
            "BEGIN SELECT RAISE(ABORT, 'audit_recorded_at is stamped once per event, when it is written'); END"},
    };

    private AuditSchema()
    {
    }

    /**
     * Creates every table and trigger in an empty database, in one transaction.
     *
     * @param connection an open connection to an empty database.
     * @param role       {@code live} or {@code archive}.
     */
    static void create(final Connection connection, final String role, final String createdAt) throws SQLException
    {
        try (Statement st = connection.createStatement())
        {
            st.execute("PRAGMA application_id = " + APPLICATION_ID);
            for (final String sql : TABLES)
            {
                st.execute(sql);
            }
        }
        try (PreparedStatement ps = connection.prepareStatement("INSERT INTO audit_meta (key, value) VALUES (?, ?)"))
        {
            insertMeta(ps, META_SCHEMA_VERSION, Integer.toString(SCHEMA_VERSION));
            insertMeta(ps, META_ROLE, role);
            insertMeta(ps, "created_at", createdAt);
            insertMeta(ps, META_BASE_SEQUENCE, "0");
            insertMeta(ps, META_BASE_HASH, AuditCanonicalForm.GENESIS_HASH);
        }
        createTriggers(connection);
    }

    private static void createTriggers(final Connection connection) throws SQLException
    {
        try (Statement st = connection.createStatement())
        {
            for (final String[] trigger : TRIGGERS)
            {
                st.execute("CREATE TRIGGER " + trigger[0] + " " + trigger[1]);
            }
        }
    }

    /**
     * Upgrades an older store in place, in one transaction. From version 1: the gate learns which
     * receipt it was last opened for (every receipt recorded so far counts as used). From 1 or 2:
     * {@code audit_recorded_at} is added (without the events already there: when they were written
     * is not known). From 1, 2 or 3: the triggers are replaced by this version's guards.
     */
    private static void upgrade(final Connection connection) throws SQLException
    {
        SqliteFile.begin(connection, true);
        final int from;
        try (Statement st = connection.createStatement())
        {
            try (ResultSet rs = st.executeQuery("SELECT value FROM audit_meta WHERE key = '" + META_SCHEMA_VERSION + "'"))
            {
                final String version = rs.next() ? rs.getString(1).trim() : "";
                if (!"1".equals(version) && !"2".equals(version) && !"3".equals(version))
                {
                    // Another writer upgraded it between our look and our lock.
                    SqliteFile.commit(connection);
                    return;
                }
                from = Integer.parseInt(version);
            }
            for (final String[] trigger : TRIGGERS)
            {
                st.execute("DROP TRIGGER IF EXISTS " + trigger[0]);
            }
            if (from == 1)
            {
                st.execute("ALTER TABLE audit_retention_gate ADD COLUMN receipts_used INTEGER NOT NULL DEFAULT 0");
                st.execute("UPDATE audit_retention_gate SET delete_through = 0, " +
                    "receipts_used = coalesce((SELECT max(rowid) FROM audit_retention_receipts), 0)");
            }
            if (from < 3)
            {
                st.execute(RECORDED_AT_TABLE);
            }
            st.execute("UPDATE audit_meta SET value = '" + SCHEMA_VERSION + "' WHERE key = '" + META_SCHEMA_VERSION + "'");
            createTriggers(connection);
            SqliteFile.commit(connection);
        }
        catch (final SQLException | RuntimeException ex)
        {
            SqliteFile.rollbackQuietly(connection);
            throw ex;
        }
    }

    /**
     * @return the guard triggers this version creates that the store lacks (someone dropped them).
     */
    static List<String> missingTriggers(final Connection connection) throws SQLException
    {
        final Set<String> present = new HashSet<>();
        try (Statement st = connection.createStatement();
            ResultSet rs = st.executeQuery("SELECT name, sql FROM sqlite_master WHERE type = 'trigger'"))
        {
            while (rs.next())
            {
                present.add(rs.getString(1) + " " + rs.getString(2));
            }
        }
        final List<String> missing = new ArrayList<>();
        for (final String[] trigger : TRIGGERS)
        {
            if (!present.contains(trigger[0] + " CREATE TRIGGER " + trigger[0] + " " + trigger[1]))
            {
                missing.add(trigger[0]);
            }
        }
        return missing;
    }

    /**
     * Refuses a store written by a later release with a schema this one does not know: appending
     * to it, or verifying it, by older rules could corrupt or misjudge it. An older store opened
     * for writing is upgraded in place; read-only, it is read as it is (verify then reports the
     * guards it lacks).
     *
     * @param connection an open connection to an audit store.
     * @param file       its file, for the message.
     * @throws StoreException naming the file, its version and the fix.
     */
    static void requireSupportedVersion(final Connection connection, final Path file) throws SQLException
    {
        final boolean upgrade;
        try (PreparedStatement ps = connection.prepareStatement("SELECT value FROM audit_meta WHERE key = ?"))
        {
            ps.setString(1, META_SCHEMA_VERSION);
            try (ResultSet rs = ps.executeQuery())
            {
                final String value = rs.next() ? rs.getString(1) : null;
                int version;
                try
                {
                    version = value == null ? -1 : Integer.parseInt(value.trim());
                }
                catch (final NumberFormatException ex)
                {
                    version = -1;
                }
                if (version < 1)
                {
                    throw new StoreException(file + " records no valid audit schema version ('" + value + "'), so it was not " +
                        "written by Horizon or was altered; pass --db with the audit.db of a state directory");
                }
                if (version > SCHEMA_VERSION)
                {
                    throw new StoreException(file + " has audit schema version " + version + ", newer than this Horizon " +
                        "understands (" + SCHEMA_VERSION + "); use the Horizon release that wrote it, or a later one");
                }
                upgrade = version < SCHEMA_VERSION && !connection.isReadOnly();
            }
        }
        if (upgrade)
        {
            upgrade(connection);
        }
    }

    private static void insertMeta(final PreparedStatement ps, final String key, final String value) throws SQLException
    {
        ps.setString(1, key);
        ps.setString(2, value);
        ps.executeUpdate();
    }
}
