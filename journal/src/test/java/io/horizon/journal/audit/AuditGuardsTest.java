package io.horizon.journal.audit;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

import io.horizon.journal.sqlite.SqliteFile;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The guards of the audit store against plain SQL: no statement a tool or an attacker without
 * DROP TRIGGER can run opens the retention gate without recording a receipt first, moves the
 * chain base anywhere but where that receipt says, replaces a row, or moves the flushed position
 * back; a missing guard is reported; a version 1 store is upgraded in place.
 */
final class AuditGuardsTest
{
    private static final String[] VERSION_1 = {
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


    @TempDir
    Path dir;

    private Path db;
    private AuditStore store;
    private Connection sql;
    private Statement st;

    @BeforeEach
    void tenEvents() throws SQLException
    {
        db = dir.resolve(AuditStore.FILE_NAME);
        store = AuditStore.forFlusher(db);
        store.append(AuditStoreTest.drafts(10, 1_000_000_000L));
        sql = DriverManager.getConnection("jdbc:sqlite:" + db);
        st = sql.createStatement();
    }

    @AfterEach
    void close() throws SQLException
    {
        st.close();
        sql.close();
        store.close();
    }

    private void refused(final String statement, final String why)
    {
        final SQLException ex = assertThrows(SQLException.class, () -> st.execute(statement), statement);
        assertTrue(ex.getMessage().contains(why), statement + ": " + ex.getMessage());
    }

    private long single(final String query) throws SQLException
    {
        try (ResultSet rs = st.executeQuery(query))
        {
            rs.next();
            return rs.getLong(1);
        }
    }

    @Test
    void shouldRefuseEveryPlainSqlPathAroundTheRetentionGate() throws SQLException
    {
        refused("UPDATE audit_retention_gate SET delete_through = 5 WHERE id = 1", "audit_retention_gate opens only inside");
        refused("INSERT OR REPLACE INTO audit_retention_gate (id, delete_through, receipts_used) VALUES (1, 5, 0)",
            "cannot be replaced");
        refused("DELETE FROM audit_retention_gate", "cannot be deleted");
        refused("UPDATE audit_meta SET value = '5' WHERE key = 'chain_base_sequence'", "audit_meta changes only inside");
        refused("INSERT OR REPLACE INTO audit_meta (key, value) VALUES ('chain_base_sequence', '5')", "written once");
        refused("DELETE FROM audit_events WHERE sequence = 3", "DELETE is refused");
        refused("INSERT OR REPLACE INTO audit_events SELECT event_id, 11, timestamp, category, severity, actor, account_id, " +
            "client_id, venue_name, correlation_id, market_id, order_id, client_order_id, message, payload, prev_hash, hash " +
            "FROM audit_events WHERE sequence = 3", "a new event_id");
        assertEquals(10, single("SELECT count(*) FROM audit_events"), "nothing was replaced away");

        // A receipt recorded first opens the gate once, only to its own "through", and the base
        // moves only to its own base.
        final String hash5 = store.event(5).hash();
        st.execute("INSERT INTO audit_retention_receipts (receipt_id, line) VALUES ('r1', " +
            "'{\"through\":5,\"chain_base_sequence\":5,\"chain_base_hash\":\"" + hash5 + "\"}')");
        refused("UPDATE audit_retention_gate SET delete_through = 9, receipts_used = 1 WHERE id = 1", "opens only inside");
        st.execute("UPDATE audit_retention_gate SET delete_through = 5, receipts_used = 1 WHERE id = 1");
        refused("DELETE FROM audit_events WHERE sequence = 6", "DELETE is refused");
        refused("UPDATE audit_meta SET value = '4' WHERE key = 'chain_base_sequence'", "audit_meta changes only inside");
        refused("UPDATE audit_meta SET value = 'x' WHERE key = 'role'", "audit_meta changes only inside");
        st.execute("DELETE FROM audit_events WHERE sequence <= 5");
        st.execute("UPDATE audit_meta SET value = '5' WHERE key = 'chain_base_sequence'");
        st.execute("UPDATE audit_meta SET value = '" + hash5 + "' WHERE key = 'chain_base_hash'");
        st.execute("UPDATE audit_retention_gate SET delete_through = 0 WHERE id = 1");
        refused("UPDATE audit_retention_gate SET delete_through = 5, receipts_used = 1 WHERE id = 1", "once per recorded receipt");
        refused("UPDATE audit_retention_gate SET receipts_used = 0 WHERE id = 1", "opens only inside");
        refused("DELETE FROM audit_retention_receipts", "append-only");
        refused("INSERT OR REPLACE INTO audit_retention_receipts (receipt_id, line) VALUES ('r1', '{}')", "append-only");
        assertEquals(List.of(), store.guardProblems());
        assertTrue(store.verify(n -> { }).verified());
    }

    @Test
    void shouldOnlyMoveTheFlushedPositionForward() throws SQLException
    {
        st.execute("INSERT INTO audit_flush_position VALUES ('journal', 10, 20, 'now') " +
            "ON CONFLICT (name) DO UPDATE SET inbound_next = excluded.inbound_next, outbound_next = excluded.outbound_next");
        st.execute("INSERT INTO audit_flush_position VALUES ('journal', 12, 20, 'now') " +
            "ON CONFLICT (name) DO UPDATE SET inbound_next = excluded.inbound_next, outbound_next = excluded.outbound_next");
        refused("UPDATE audit_flush_position SET inbound_next = 3", "only moves forward");
        refused("INSERT OR REPLACE INTO audit_flush_position VALUES ('journal', 12, 1, 'now')", "only moves forward");
        refused("DELETE FROM audit_flush_position", "cannot be deleted");
        assertEquals(12, single("SELECT inbound_next FROM audit_flush_position"));
    }

    @Test
    void shouldReportADroppedGuardAndAnOpenGate() throws SQLException
    {
        assertEquals(List.of(), store.guardProblems());
        st.execute("DROP TRIGGER audit_retention_gate_guard");
        st.execute("UPDATE audit_retention_gate SET delete_through = 7");
        final List<String> problems = store.guardProblems();
        assertEquals(2, problems.size(), problems::toString);
        assertTrue(problems.get(0).contains("guard triggers missing or altered in audit.db: audit_retention_gate_guard"), problems::toString);
        assertTrue(problems.get(1).contains("the retention gate of audit.db is open (delete_through = 7)"), problems::toString);
    }

    @Test
    void shouldStampEachEventWithTheWallClockTimeItWasWrittenBesideItsEventTime() throws SQLException
    {
        final java.time.Instant before = java.time.Instant.now().minusSeconds(1);
        try (ResultSet rs = st.executeQuery("SELECT e.timestamp, r.recorded_at FROM audit_events e " +
            "JOIN audit_recorded_at r ON r.sequence = e.sequence ORDER BY e.sequence"))
        {
            int rows = 0;
            while (rs.next())
            {
                rows++;
                assertTrue(rs.getString(1).startsWith("1970-01-01T00:00:"), "event time as given: " + rs.getString(1));
                final java.time.Instant recorded = java.time.Instant.parse(rs.getString(2));
                assertTrue(!recorded.isBefore(before) && !recorded.isAfter(java.time.Instant.now().plusSeconds(1)),
                    "written now, on the wall clock: " + recorded);
            }
            assertEquals(10, rows, "every event has its wall time");
        }
    }

    @Test
    void shouldRefuseToRestampWhenAnEventWasWritten() throws SQLException
    {
        // Retention judges age by recorded_at: an older stamp would let a run cut the event early.
        refused("UPDATE audit_recorded_at SET recorded_at = '2001-01-01T00:00:00.000Z' WHERE sequence = 3",
            "audit_recorded_at is append-only: UPDATE is refused");
        refused("DELETE FROM audit_recorded_at WHERE sequence = 3", "audit_recorded_at is append-only: DELETE is refused");
        refused("INSERT OR REPLACE INTO audit_recorded_at (sequence, recorded_at) VALUES (3, '2001-01-01T00:00:00.000Z')",
            "stamped once per event, when it is written");
        refused("INSERT INTO audit_recorded_at (sequence, recorded_at) VALUES (99, strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))",
            "stamped once per event, when it is written");
        assertEquals(10, single("SELECT count(*) FROM audit_recorded_at"));
        assertEquals(List.of(), store.guardProblems());
    }

    @Test
    void shouldGuardRecordedAtWhenAWriterOpensAVersion3StoreKeepingItsTimes() throws SQLException
    {
        // As the release before left it: recorded_at stamped, but unguarded, schema version 3.
        final String stamped;
        try (ResultSet rs = st.executeQuery("SELECT recorded_at FROM audit_recorded_at WHERE sequence = 4"))
        {
            rs.next();
            stamped = rs.getString(1);
        }
        for (final String name : List.of("audit_recorded_at_no_update", "audit_recorded_at_no_delete", "audit_recorded_at_once",
            "audit_meta_guard_update"))
        {
            st.execute("DROP TRIGGER " + name);
        }
        st.execute("UPDATE audit_meta SET value = '3' WHERE key = 'schema_version'");
        store.close();

        store = AuditStore.forFlusher(db);
        store.append(AuditStoreTest.drafts(2, 20_000_000_000L));

        assertEquals(List.of(), store.guardProblems());
        assertEquals(12, single("SELECT count(*) FROM audit_recorded_at"));
        try (ResultSet rs = st.executeQuery("SELECT recorded_at FROM audit_recorded_at WHERE sequence = 4"))
        {
            rs.next();
            assertEquals(stamped, rs.getString(1), "the times already kept are kept");
        }
        refused("UPDATE audit_recorded_at SET recorded_at = 'x'", "UPDATE is refused");
        assertTrue(store.verify(n -> { }).verified());
    }

    @Test
    void shouldAddRecordedAtWhenAWriterOpensAVersion2Store() throws SQLException
    {
        // As the release before left it: no audit_recorded_at, schema version 2.
        for (final String[] trigger : AuditSchema.TRIGGERS)
        {
            st.execute("DROP TRIGGER " + trigger[0]);
        }
        st.execute("DROP TABLE audit_recorded_at");
        st.execute("UPDATE audit_meta SET value = '2' WHERE key = 'schema_version'");
        st.execute("INSERT INTO audit_retention_receipts (receipt_id, line) VALUES ('old', '{}')");
        st.execute("UPDATE audit_retention_gate SET receipts_used = 1");
        store.close();

        store = AuditStore.forFlusher(db);
        store.append(AuditStoreTest.drafts(2, 20_000_000_000L));

        assertEquals(List.of(), store.guardProblems());
        assertEquals(2, single("SELECT count(*) FROM audit_recorded_at"), "known for the events written since, not before");
        assertEquals(11, single("SELECT min(sequence) FROM audit_recorded_at"));
        assertEquals(1, single("SELECT receipts_used FROM audit_retention_gate"), "a version 2 gate is kept as it was");
        assertTrue(store.verify(n -> { }).verified(), "the chain is unaffected: recorded_at is not hashed");
    }

    @Test
    void shouldUpgradeAVersion1StoreInPlaceWhenAWriterOpensIt() throws SQLException
    {
        final Path old = dir.resolve("old.db");
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + old); Statement s = c.createStatement())
        {
            s.execute("PRAGMA application_id = " + AuditSchema.APPLICATION_ID);
            for (final String ddl : VERSION_1)
            {
                s.execute(ddl);
            }
            for (final String[] kv : new String[][]{{"schema_version", "1"}, {"role", "live"}, {"created_at", "x"},
                {"chain_base_sequence", "0"}, {"chain_base_hash", AuditCanonicalForm.GENESIS_HASH}})
            {
                s.execute("INSERT INTO audit_meta (key, value) VALUES ('" + kv[0] + "', '" + kv[1] + "')");
            }
            s.execute("INSERT INTO audit_retention_receipts (receipt_id, line) VALUES ('old', '{}')");
        }
        try (AuditStore reader = AuditStore.openExisting(old, SqliteFile.Access.READ))
        {
            assertTrue(reader.guardProblems().get(0).contains("has audit schema version 1"), reader.guardProblems()::toString);
        }
        try (AuditStore writer = AuditStore.forFlusher(old))
        {
            writer.append(AuditStoreTest.drafts(3, 1_000_000_000L));
            assertEquals(List.of(), writer.guardProblems());
        }
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + old); Statement s = c.createStatement();
            ResultSet rs = s.executeQuery("SELECT delete_through, receipts_used FROM audit_retention_gate"))
        {
            rs.next();
            assertEquals(0, rs.getLong(1));
            assertEquals(1, rs.getLong(2), "the receipt recorded before the upgrade cannot open the gate again");
        }
    }
}
