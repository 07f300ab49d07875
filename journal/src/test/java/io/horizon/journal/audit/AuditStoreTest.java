package io.horizon.journal.audit;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

import io.horizon.journal.flush.JournalPosition;
import io.horizon.journal.sqlite.SqliteFile;
import io.horizon.journal.sqlite.StoreException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The audit store on a real SQLite file: a gap-free hash chain, append-only triggers, and a
 * verification that finds every kind of tampering an attacker with raw SQL could do.
 */
final class AuditStoreTest
{
    @TempDir
    Path dir;

    private Path db;
    private AuditStore store;

    @BeforeEach
    void open()
    {
        db = dir.resolve("audit.db");
        store = AuditStore.forFlusher(db);
    }

    @AfterEach
    void close()
    {
        store.close();
    }

    static List<AuditDraft> drafts(final int n, final long firstNanos)
    {
        final List<AuditDraft> drafts = new ArrayList<>();
        for (int i = 0; i < n; i++)
        {
            drafts.add(AuditDraft.of(i % 3 == 0 ? AuditCategory.ORDER_SUBMITTED : AuditCategory.ORDER_FILLED, AuditSeverity.INFO)
                .timestampNanos(firstNanos + i * 1_000_000_000L)
                .actor("strategy:market-maker")
                .accountId(i % 2 == 0 ? "paper" : "other")
                .marketId(i % 2 == 0 ? "AAPL" : "MSFT")
                .venueName("paper")
                .orderId(Long.toString(100 + i))
                .message("event " + i + " ünïcode")
                .payload("{\"i\":" + i + "}"));
        }
        return drafts;
    }

    private Connection raw() throws SQLException
    {
        return DriverManager.getConnection("jdbc:sqlite:" + db);
    }

    private void tamper(final String... sql) throws SQLException
    {
        store.close();
        try (Connection c = raw(); Statement st = c.createStatement())
        {
            st.execute("DROP TRIGGER audit_events_no_update");
            st.execute("DROP TRIGGER audit_events_no_delete");
            st.execute("DROP TRIGGER audit_events_next_sequence");
            for (final String s : sql)
            {
                st.execute(s);
            }
        }
    }

    private ChainVerification verify()
    {
        try (AuditStore reader = AuditStore.openExisting(db, SqliteFile.Access.READ))
        {
            return reader.verify(n -> { });
        }
    }

    @Test
    void shouldChainEventsWithGapFreeSequencesAndVerify()
    {
        final List<AuditEvent> first = store.append(drafts(5, 1_700_000_000_000_000_000L));
        final List<AuditEvent> second = store.append(drafts(3, 1_700_000_100_000_000_000L));

        assertEquals(1, first.get(0).sequence());
        assertEquals(AuditCanonicalForm.GENESIS_HASH, first.get(0).prevHash());
        assertEquals(first.get(4).hash(), second.get(0).prevHash());
        assertEquals(8, second.get(2).sequence());
        assertEquals(26, first.get(0).eventId().length());
        assertTrue(first.get(0).eventId().compareTo(second.get(2).eventId()) < 0, "ULIDs increase with the sequence");
        assertEquals("2023-11-14T22:13:20.000000000Z", first.get(0).timestamp());

        final ChainVerification v = verify();
        assertTrue(v.verified(), v.summary());
        assertEquals("chain verified: 8 events, sequences 1..8", v.summary());
        assertEquals(second.get(2).hash(), v.lastHash());
    }

    @Test
    void shouldHashTheDocumentedCanonicalForm() throws Exception
    {
        final AuditEvent e = store.append(List.of(AuditDraft.of(AuditCategory.KILLSWITCH_FIRED, AuditSeverity.CRITICAL)
            .timestampNanos(0).actor("user:alice").message("kill: fat finger ⚠"))).get(0);

        final String canonical = "horizon-audit-v1\n" +
            "event_id=26:" + e.eventId() + "\n" +
            "sequence=1:1\n" +
            "timestamp=30:1970-01-01T00:00:00.000000000Z\n" +
            "category=16:killswitch.fired\n" +
            "severity=8:critical\n" +
            "actor=10:user:alice\n" +
            "account_id=-\nclient_id=-\nvenue_name=-\ncorrelation_id=-\nmarket_id=-\norder_id=-\nclient_order_id=-\n" +
            "message=" + "kill: fat finger ⚠".getBytes(StandardCharsets.UTF_8).length + ":kill: fat finger ⚠\n" +
            "payload=-\n" +
            "prev_hash=64:" + AuditCanonicalForm.GENESIS_HASH + "\n" +
            "hash=0:\n";
        final byte[] digest = MessageDigest.getInstance("SHA-256").digest(canonical.getBytes(StandardCharsets.UTF_8));

        assertEquals(HexFormat.of().formatHex(digest), e.hash());
    }

    @Test
    void shouldRefuseUpdateAndDeleteWhileTheTriggersStand() throws SQLException
    {
        store.append(drafts(3, 0));
        try (Connection c = raw(); Statement st = c.createStatement())
        {
            final SQLException update = assertThrows(SQLException.class,
                () -> st.execute("UPDATE audit_events SET message = 'nothing happened' WHERE sequence = 2"));
            assertTrue(update.getMessage().contains("append-only: UPDATE is refused"), update.getMessage());
            final SQLException delete = assertThrows(SQLException.class, () -> st.execute("DELETE FROM audit_events WHERE sequence = 3"));
            assertTrue(delete.getMessage().contains("DELETE is refused"), delete.getMessage());
            final SQLException insert = assertThrows(SQLException.class, () -> st.execute(
                "INSERT INTO audit_events SELECT event_id || 'x', 10, timestamp, category, severity, actor, account_id, client_id, " +
                "venue_name, correlation_id, market_id, order_id, client_order_id, message, payload, prev_hash, hash " +
                "FROM audit_events WHERE sequence = 1"));
            assertTrue(insert.getMessage().contains("must take the next sequence"), insert.getMessage());
            final SQLException meta = assertThrows(SQLException.class,
                () -> st.execute("UPDATE audit_meta SET value = '2' WHERE key = 'chain_base_sequence'"));
            assertTrue(meta.getMessage().contains("only inside horizon audit enforce-retention"), meta.getMessage());
        }
        assertTrue(verify().verified());
    }

    @Test
    void shouldDetectAnEditedRow() throws SQLException
    {
        store.append(drafts(6, 0));
        tamper("UPDATE audit_events SET message = 'nothing to see' WHERE sequence = 4");

        final ChainVerification v = verify();

        assertFalse(v.verified());
        assertEquals(4, v.brokenAt());
        assertTrue(v.summary().startsWith("chain BROKEN at sequence 4: its hash does not match its content"), v.summary());
    }

    @Test
    void shouldDetectAnEditedRowWhoseHashWasRecomputed() throws Exception
    {
        final List<AuditEvent> events = store.append(drafts(6, 0));
        final AuditEvent edited = new AuditEvent(events.get(2).eventId(), 3, events.get(2).timestamp(), "order.canceled",
            "info", "system", null, null, null, null, null, null, null, "rewritten", null, events.get(2).prevHash(), "");
        final String newHash = new AuditCanonicalForm().hash(edited);
        tamper("UPDATE audit_events SET category = 'order.canceled', severity = 'info', actor = 'system', account_id = NULL, " +
            "venue_name = NULL, market_id = NULL, order_id = NULL, message = 'rewritten', payload = NULL, hash = '" + newHash +
            "' WHERE sequence = 3");

        final ChainVerification v = verify();

        assertFalse(v.verified());
        assertEquals(4, v.brokenAt(), "the row after the forged one no longer chains");
        assertTrue(v.problem().contains("prev_hash does not match the hash of sequence 3"), v.problem());
    }

    @Test
    void shouldDetectADeletedRow() throws SQLException
    {
        store.append(drafts(6, 0));
        tamper("DELETE FROM audit_events WHERE sequence = 2");

        final ChainVerification v = verify();

        assertFalse(v.verified());
        assertEquals(2, v.brokenAt());
        assertTrue(v.problem().contains("missing (the next event is sequence 3)"), v.problem());
    }

    @Test
    void shouldDetectAnInsertedRow() throws SQLException
    {
        store.append(drafts(6, 0));
        tamper("INSERT INTO audit_events SELECT event_id || 'x', 7, timestamp, category, severity, actor, account_id, client_id, " +
            "venue_name, correlation_id, market_id, order_id, client_order_id, 'an extra order', payload, prev_hash, hash " +
            "FROM audit_events WHERE sequence = 6");

        final ChainVerification v = verify();

        assertFalse(v.verified());
        assertEquals(7, v.brokenAt());
    }

    @Test
    void shouldDetectReorderedRows() throws SQLException
    {
        store.append(drafts(6, 0));
        tamper("UPDATE audit_events SET sequence = 100 WHERE sequence = 3",
            "UPDATE audit_events SET sequence = 3 WHERE sequence = 4",
            "UPDATE audit_events SET sequence = 4 WHERE sequence = 100");

        final ChainVerification v = verify();

        assertFalse(v.verified());
        assertEquals(3, v.brokenAt());
    }

    @Test
    void shouldDetectATruncatedTailOnlyAsAShorterChain() throws SQLException
    {
        store.append(drafts(6, 0));
        tamper("DELETE FROM audit_events WHERE sequence > 4");

        final ChainVerification v = verify();

        assertTrue(v.verified(), "a cut tail leaves a sound chain: anchors exist to catch it");
        assertEquals(4, v.lastSequence());
    }

    @Test
    void shouldCreateFlusherStoresWithLargePagesAndKeepWritingOlderFilesWithTheirOwn() throws SQLException
    {
        store.append(drafts(2, 0));
        assertEquals(16_384, pageSize(db));

        // A store written before (SQLite's default 4 KiB pages) opens and chains on as it is.
        final Path older = dir.resolve("older.db");
        try (AuditStore first = AuditStore.forFlusher(older, SqliteFile.source(older, SqliteFile.Access.WRITE, 1_000, false)))
        {
            first.append(drafts(1, 0));
        }
        assertEquals(4_096, pageSize(older));
        try (AuditStore reopened = AuditStore.forFlusher(older))
        {
            assertEquals(AuditStore.ROLE_LIVE, reopened.role());
            reopened.append(drafts(2, 0));
            reopened.appendFromJournal("journal", JournalPosition.START, new JournalPosition(3, 1), drafts(2, 0));
            assertEquals(5, reopened.count());
        }
        assertEquals(4_096, pageSize(older));
        try (AuditStore reader = AuditStore.openExisting(older, SqliteFile.Access.READ))
        {
            assertTrue(reader.verify(n -> { }).verified());
        }
    }

    private static long pageSize(final Path file) throws SQLException
    {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file); Statement st = c.createStatement();
            java.sql.ResultSet rs = st.executeQuery("PRAGMA page_size"))
        {
            rs.next();
            return rs.getLong(1);
        }
    }

    @Test
    void shouldMoveTheJournalPositionWithTheRowsAndIgnoreARetriedCommit() throws SQLException
    {
        final JournalPosition p1 = new JournalPosition(10, 4);
        final JournalPosition p2 = new JournalPosition(25, 9);
        assertEquals(JournalPosition.START, store.position("journal"));

        assertEquals(2, store.appendFromJournal("journal", JournalPosition.START, p1, drafts(2, 0)).size());
        assertEquals(p1, store.position("journal"));
        assertEquals(3, store.appendFromJournal("journal", p1, p2, drafts(3, 0)).size());
        assertTrue(store.appendFromJournal("journal", p1, p2, drafts(3, 0)).isEmpty(), "already applied: written once");

        final StoreException ex = assertThrows(StoreException.class,
            () -> store.appendFromJournal("journal", p1, new JournalPosition(30, 10), drafts(1, 0)));
        assertTrue(ex.getMessage().contains("another Horizon"), ex.getMessage());
        assertEquals(5, store.count());
        assertEquals(p2, store.position("journal"));
    }

    @Test
    void shouldFilterAndCountByCategorySeverityAndDay()
    {
        store.append(drafts(10, Instant.parse("2026-11-28T23:59:55Z").getEpochSecond() * 1_000_000_000L));

        final List<AuditEvent> aapl = new ArrayList<>();
        store.forEach(new AuditQuery("paper", "AAPL", List.of("order.filled"), null, null, Long.MAX_VALUE), aapl::add);
        assertEquals(List.of(3L, 5L, 9L), aapl.stream().map(AuditEvent::sequence).toList());

        final List<AuditEvent> window = new ArrayList<>();
        store.forEach(new AuditQuery(null, null, List.of(), Instant.parse("2026-11-29T00:00:00Z"),
            Instant.parse("2026-11-29T00:00:02Z"), 2), window::add);
        assertEquals(List.of(6L, 7L), window.stream().map(AuditEvent::sequence).toList());

        final AuditStats stats = store.stats(AuditQuery.ALL);
        assertEquals(10, stats.events());
        assertEquals(4L, stats.byCategory().get("order.submitted"));
        assertEquals(6L, stats.byCategory().get("order.filled"));
        assertEquals(10L, stats.bySeverity().get("info"));
        assertEquals(5L, stats.byDay().get("2026-11-28"));
        assertEquals(5L, stats.byDay().get("2026-11-29"));
    }

    @Test
    void shouldRefuseAMissingOrForeignDatabaseNamingTheFile() throws Exception
    {
        final Path missing = dir.resolve("nope.db");
        final StoreException none = assertThrows(StoreException.class, () -> AuditStore.openExisting(missing, SqliteFile.Access.READ));
        assertEquals("no audit database at " + missing +
            "; pass --db with the audit.db of a Horizon state directory (default ./state/audit.db)", none.getMessage());
        assertFalse(Files.exists(missing), "nothing was created");

        final Path foreign = dir.resolve("other.db");
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + foreign); Statement st = c.createStatement())
        {
            st.execute("CREATE TABLE t (x)");
        }
        final StoreException wrong = assertThrows(StoreException.class, () -> AuditStore.openExisting(foreign, SqliteFile.Access.READ));
        assertTrue(wrong.getMessage().startsWith(foreign + " is a SQLite database but not a Horizon audit database"), wrong.getMessage());

        final Path text = dir.resolve("notes.db");
        Files.writeString(text, "these are not the rows you are looking for, padded to look like a page. ".repeat(20));
        final StoreException garbage = assertThrows(StoreException.class, () -> AuditStore.openExisting(text, SqliteFile.Access.READ));
        assertTrue(garbage.getMessage().startsWith(text + " is not a SQLite database"), garbage.getMessage());
    }

    @Test
    void shouldRefuseAStoreOfANewerSchemaVersionThanThisReleaseKnows() throws Exception
    {
        store.append(drafts(2, 0));
        store.close();
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db); Statement st = c.createStatement())
        {
            // As a later release would leave it.
            st.execute("DROP TRIGGER audit_meta_guard_update");
            st.execute("UPDATE audit_meta SET value = '5' WHERE key = 'schema_version'");
        }

        final StoreException newer = assertThrows(StoreException.class, () -> AuditStore.openExisting(db, SqliteFile.Access.READ));
        assertEquals(db + " has audit schema version 5, newer than this Horizon understands (4); use the Horizon release " +
            "that wrote it, or a later one", newer.getMessage());
        store = AuditStore.forFlusher(db);
        assertThrows(StoreException.class, () -> store.append(drafts(1, 2)), "the flusher does not append to it either");
    }

    @Test
    void shouldReadASingleEventAndTheLastOneBeforeATime()
    {
        store.append(drafts(4, 0));

        assertEquals(3, store.event(3).sequence());
        assertNull(store.event(9));
        assertEquals(2, store.lastBefore(AuditTime.format(1_500_000_000L)).sequence());
        assertNull(store.lastBefore(AuditTime.format(0)));
    }
}
