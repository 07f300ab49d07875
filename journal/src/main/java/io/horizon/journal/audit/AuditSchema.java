package io.horizon.journal.audit;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

import io.horizon.journal.sqlite.StoreException;

/**
 * The SQL of the audit store: the {@code audit_events} table whose column names operators rely
 * on, and the triggers that keep it append-only.
 * <p>
 * <b>Append-only, and the one way to delete.</b> {@code UPDATE} on {@code audit_events} is always
 * refused. {@code DELETE} is refused unless the row's sequence is at or below
 * {@code audit_retention_gate.delete_through}, which is 0 except inside the retention transaction:
 * retention sets it to the last expired sequence, deletes, and sets it back to 0 before it commits,
 * so no other connection ever sees it open (WAL readers see committed states only). An insert must
 * take the next sequence. {@code audit_meta} (the chain base after retention) changes only while
 * the gate is open, and retention receipts are append-only too.
 * <p>
 * Triggers stop mistakes and tools; they do not stop someone who can drop them. That is what the
 * hash chain, the signed anchors and the signed destruction receipts are for: {@code horizon audit
 * verify} detects an edited, deleted, inserted or reordered row, and a truncated tail against an
 * anchor.
 * <p>
 * Stateless; any thread.
 */
final class AuditSchema
{
    /** {@code PRAGMA application_id} of audit stores (live and archive): "HZNA". */
    static final int APPLICATION_ID = 0x485A4E41;
    static final int SCHEMA_VERSION = 1;

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

    private static final String[] DDL = {
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
        "CREATE TABLE audit_retention_gate (id INTEGER PRIMARY KEY CHECK (id = 1), delete_through INTEGER NOT NULL)",
        "INSERT INTO audit_retention_gate (id, delete_through) VALUES (1, 0)",
        "CREATE TABLE audit_flush_position (name TEXT PRIMARY KEY, inbound_next INTEGER NOT NULL, " +
            "outbound_next INTEGER NOT NULL, committed_at TEXT NOT NULL)",
        "CREATE TABLE audit_retention_receipts (receipt_id TEXT PRIMARY KEY, line TEXT NOT NULL)",

        "CREATE TRIGGER audit_events_no_update BEFORE UPDATE ON audit_events " +
            "BEGIN SELECT RAISE(ABORT, 'audit_events is append-only: UPDATE is refused'); END",
        "CREATE TRIGGER audit_events_no_delete BEFORE DELETE ON audit_events " +
            "WHEN OLD.sequence > (SELECT delete_through FROM audit_retention_gate WHERE id = 1) " +
            "BEGIN SELECT RAISE(ABORT, 'audit_events is append-only: DELETE is refused; expired events are removed " +
            "only by horizon audit enforce-retention'); END",
        "CREATE TRIGGER audit_events_next_sequence BEFORE INSERT ON audit_events " +
            "WHEN NEW.sequence <> 1 + max(coalesce((SELECT max(sequence) FROM audit_events), 0), " +
            "coalesce((SELECT CAST(value AS INTEGER) FROM audit_meta WHERE key = 'chain_base_sequence'), 0)) " +
            "BEGIN SELECT RAISE(ABORT, 'audit_events: a new event must take the next sequence of the chain'); END",
        "CREATE TRIGGER audit_meta_guard_update BEFORE UPDATE ON audit_meta " +
            "WHEN (SELECT delete_through FROM audit_retention_gate WHERE id = 1) = 0 " +
            "OR OLD.key NOT IN ('chain_base_sequence', 'chain_base_hash') " +
            "BEGIN SELECT RAISE(ABORT, 'audit_meta changes only inside horizon audit enforce-retention'); END",
        "CREATE TRIGGER audit_meta_no_delete BEFORE DELETE ON audit_meta " +
            "BEGIN SELECT RAISE(ABORT, 'audit_meta rows cannot be deleted'); END",
        "CREATE TRIGGER audit_retention_gate_no_delete BEFORE DELETE ON audit_retention_gate " +
            "BEGIN SELECT RAISE(ABORT, 'audit_retention_gate cannot be deleted'); END",
        "CREATE TRIGGER audit_retention_receipts_no_update BEFORE UPDATE ON audit_retention_receipts " +
            "BEGIN SELECT RAISE(ABORT, 'retention receipts are append-only'); END",
        "CREATE TRIGGER audit_retention_receipts_no_delete BEFORE DELETE ON audit_retention_receipts " +
            "BEGIN SELECT RAISE(ABORT, 'retention receipts are append-only'); END",
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
            for (final String sql : DDL)
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
    }

    /**
     * Refuses a store written by a later release with a schema this one does not know: appending
     * to it, or verifying it, by older rules could corrupt or misjudge it.
     *
     * @param connection an open connection to an audit store.
     * @param file       its file, for the message.
     * @throws StoreException naming the file, its version and the fix.
     */
    static void requireSupportedVersion(final Connection connection, final Path file) throws SQLException
    {
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
            }
        }
    }

    private static void insertMeta(final PreparedStatement ps, final String key, final String value) throws SQLException
    {
        ps.setString(1, key);
        ps.setString(2, value);
        ps.executeUpdate();
    }
}
