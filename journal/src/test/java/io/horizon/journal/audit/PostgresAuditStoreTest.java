package io.horizon.journal.audit;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

import io.horizon.journal.flush.JournalPosition;
import io.horizon.journal.postgres.PostgresTarget;
import io.horizon.journal.postgres.SchemaMigrations;
import io.horizon.journal.sqlite.StoreException;
import io.horizon.journal.support.PostgresTestServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static io.horizon.journal.audit.AuditStoreTest.drafts;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The audit log on a real PostgreSQL server (started once for the test JVM, a fresh database per
 * test): one chain per writer, append-only guards, versioned migrations, the writer lease, and
 * the same tamper cases the SQLite store is judged by.
 */
final class PostgresAuditStoreTest
{
    private PostgresTarget target;
    private PostgresAuditStore store;

    @BeforeEach
    void open()
    {
        target = PostgresTestServer.newDatabase("desk-a");
        store = PostgresAuditStore.forFlusher(target);
        store.claimWriter();
    }

    @AfterEach
    void close()
    {
        store.close();
    }

    private ChainVerification verify(final String writer)
    {
        try (AuditStore reader = PostgresAuditStore.openExisting(target.forWriter(writer)))
        {
            return reader.verify(n -> { });
        }
    }

    /** Turns the guards off as the tables' owner would, then runs the tampering SQL. */
    private void tamper(final String... sql) throws SQLException
    {
        PostgresTestServer.sql(target, "ALTER TABLE audit_events DISABLE TRIGGER USER");
        PostgresTestServer.sql(target, sql);
    }

    @Test
    void shouldKeepOneGapFreeChainPerWriterAndVerifyEach()
    {
        try (PostgresAuditStore other = PostgresAuditStore.forFlusher(target.forWriter("desk-b")))
        {
            final List<AuditEvent> a1 = store.append(drafts(4, 1_700_000_000_000_000_000L));
            final List<AuditEvent> b1 = other.append(drafts(3, 1_700_000_000_000_000_000L));
            final List<AuditEvent> a2 = store.append(drafts(2, 1_700_000_100_000_000_000L));

            assertEquals(1, b1.get(0).sequence(), "each writer starts its own chain");
            assertEquals(AuditCanonicalForm.GENESIS_HASH, b1.get(0).prevHash());
            assertEquals(5, a2.get(0).sequence());
            assertEquals(a1.get(3).hash(), a2.get(0).prevHash());
        }

        final ChainVerification a = verify("desk-a");
        assertTrue(a.verified(), a.summary());
        assertEquals("chain verified: 6 events, sequences 1..6", a.summary());
        assertEquals("chain verified: 3 events, sequences 1..3", verify("desk-b").summary());
        assertEquals(List.of("desk-a", "desk-b"), PostgresAuditStore.writers(target));
        try (PostgresAuditStore all = PostgresAuditStore.openExisting(target.forWriter(null)))
        {
            assertEquals(9, all.count());
            assertEquals(java.util.Map.of("desk-a", 6L, "desk-b", 3L), all.countByWriter(AuditQuery.ALL));
            assertEquals(9, all.stats(AuditQuery.ALL).events());
        }
    }

    @Test
    void shouldHashEventsExactlyAsTheSqliteStoreDoes()
    {
        final AuditEvent stored = store.append(drafts(1, 1_700_000_000_000_000_000L)).get(0);
        final AuditEvent read;
        try (AuditStore reader = PostgresAuditStore.openExisting(target))
        {
            read = reader.event(1);
        }
        assertEquals(stored, read, "every column comes back byte for byte");
        assertEquals(new AuditCanonicalForm().hash(read.withHash("")), read.hash());
    }

    @Test
    void shouldStoreTextThatLooksLikeCopySyntaxByteForByte()
    {
        final String awkward = "tab\there, line\nbreak, cr\r, back\\slash, \\N, \\., 価格 \uD83D\uDCC8";
        final AuditEvent stored = store.append(List.of(AuditDraft.of(AuditCategory.ORDER_REJECTED, AuditSeverity.WARNING)
            .timestampNanos(1_700_000_000_000_000_000L)
            .actor("user:o'neil\tops")
            .clientOrderId("\\N")
            .message(awkward)
            .payload("{\"reason\":\"" + awkward.replace("\\", "\\\\").replace("\n", "\\n").replace("\t", "\\t")
                .replace("\r", "\\r") + "\"}"))).get(0);
        final AuditEvent read;
        try (AuditStore reader = PostgresAuditStore.openExisting(target))
        {
            read = reader.event(1);
        }
        assertEquals(stored, read, "every column, the absent ones as NULL, comes back byte for byte");
        assertEquals(null, read.accountId());
        assertEquals("\\N", read.clientOrderId(), "a value spelled \\N is text, not NULL");
        assertTrue(verify("desk-a").verified());
    }

    @Test
    void shouldRefuseUpdateDeleteTruncateAndAnOutOfSequenceInsert() throws SQLException
    {
        store.appendFromJournal("journal", JournalPosition.START, new JournalPosition(5, 2), drafts(3, 0));
        assertRefused("append-only: UPDATE is refused", "UPDATE audit_events SET message = 'nothing happened' WHERE sequence = 2");
        assertRefused("DELETE is refused", "DELETE FROM audit_events WHERE sequence = 3");
        assertRefused("TRUNCATE is refused", "TRUNCATE audit_events");
        assertRefused("must take the next sequence", "INSERT INTO audit_events SELECT writer_id, event_id || 'x', 10, " +
            "timestamp, category, severity, actor, account_id, client_id, venue_name, correlation_id, market_id, order_id, " +
            "client_order_id, message, payload, prev_hash, hash FROM audit_events WHERE sequence = 1");
        assertRefused("must take the next sequence", "INSERT INTO audit_events SELECT writer_id, event_id || 'y' || g, " +
            "2 + 2 * g, timestamp, category, severity, actor, account_id, client_id, venue_name, correlation_id, market_id, " +
            "order_id, client_order_id, message, payload, prev_hash, hash FROM audit_events, generate_series(1, 2) g " +
            "WHERE sequence = 1");
        assertRefused("moves only while the retention gate is open",
            "UPDATE audit_chains SET chain_base_sequence = 2 WHERE writer_id = 'desk-a'");
        assertRefused("once per recorded receipt", "UPDATE audit_chains SET delete_through = 3 WHERE writer_id = 'desk-a'");
        assertRefused("only moves forward", "UPDATE audit_flush_position SET inbound_next = 0");
        assertRefused("cannot be deleted", "DELETE FROM audit_chains");
        assertTrue(verify("desk-a").verified());
        assertEquals(List.of(), store.guardProblems());
    }

    private void assertRefused(final String expected, final String sql)
    {
        final SQLException ex = assertThrows(SQLException.class, () -> PostgresTestServer.sql(target, sql));
        assertTrue(ex.getMessage().contains(expected), ex.getMessage());
    }

    @Test
    void shouldDetectAnEditedRowAndReportTheDisabledGuards() throws SQLException
    {
        store.append(drafts(6, 0));
        tamper("UPDATE audit_events SET message = 'nothing to see' WHERE sequence = 4");

        final ChainVerification v = verify("desk-a");
        assertFalse(v.verified());
        assertEquals(4, v.brokenAt());
        assertTrue(v.problem().startsWith("its hash does not match its content"), v.problem());
        final List<String> guards = store.guardProblems();
        assertEquals(1, guards.size(), guards.toString());
        assertTrue(guards.get(0).contains("audit_events_no_update"), guards.get(0));
    }

    @Test
    void shouldDetectAnEditedRowWhoseHashWasRecomputed() throws Exception
    {
        final List<AuditEvent> events = store.append(drafts(6, 0));
        final AuditEvent edited = new AuditEvent(events.get(2).eventId(), 3, events.get(2).timestamp(), "order.canceled",
            "info", "system", null, null, null, null, null, null, null, "rewritten", null, events.get(2).prevHash(), "");
        tamper("UPDATE audit_events SET category = 'order.canceled', severity = 'info', actor = 'system', account_id = NULL, " +
            "venue_name = NULL, market_id = NULL, order_id = NULL, message = 'rewritten', payload = NULL, hash = '" +
            new AuditCanonicalForm().hash(edited) + "' WHERE sequence = 3");

        final ChainVerification v = verify("desk-a");
        assertFalse(v.verified());
        assertEquals(4, v.brokenAt(), "the row after the forged one no longer chains");
    }

    @Test
    void shouldDetectADeletedRow() throws SQLException
    {
        store.append(drafts(6, 0));
        tamper("DELETE FROM audit_events WHERE sequence = 2");

        final ChainVerification v = verify("desk-a");
        assertFalse(v.verified());
        assertEquals(2, v.brokenAt());
        assertTrue(v.problem().contains("missing (the next event is sequence 3)"), v.problem());
    }

    @Test
    void shouldDetectAnInsertedRow() throws SQLException
    {
        store.append(drafts(6, 0));
        tamper("INSERT INTO audit_events SELECT writer_id, event_id || 'x', 7, timestamp, category, severity, actor, " +
            "account_id, client_id, venue_name, correlation_id, market_id, order_id, client_order_id, 'an extra order', " +
            "payload, prev_hash, hash FROM audit_events WHERE sequence = 6");

        final ChainVerification v = verify("desk-a");
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

        final ChainVerification v = verify("desk-a");
        assertFalse(v.verified());
        assertEquals(3, v.brokenAt());
    }

    @Test
    void shouldDetectATruncatedTailOnlyAsAShorterChain() throws SQLException
    {
        store.append(drafts(6, 0));
        tamper("DELETE FROM audit_events WHERE sequence > 4");

        final ChainVerification v = verify("desk-a");
        assertTrue(v.verified(), "a cut tail leaves a sound chain: anchors exist to catch it");
        assertEquals(4, v.lastSequence());
    }

    @Test
    void shouldMoveTheJournalPositionWithTheRowsAndIgnoreARetriedCommit() throws SQLException
    {
        final JournalPosition p1 = new JournalPosition(10, 4);
        final JournalPosition p2 = new JournalPosition(25, 9);
        assertEquals(JournalPosition.START, store.position("journal"));

        assertEquals(2, store.appendFromJournal("journal", JournalPosition.START, p1, drafts(2, 0)).size());
        assertEquals(3, store.appendFromJournal("journal", p1, p2, drafts(3, 0)).size());
        assertTrue(store.appendFromJournal("journal", p1, p2, drafts(3, 0)).isEmpty(), "already applied: written once");

        final StoreException ex = assertThrows(StoreException.class,
            () -> store.appendFromJournal("journal", p1, new JournalPosition(30, 10), drafts(1, 0)));
        assertTrue(ex.getMessage().contains("another Horizon"), ex.getMessage());
        assertEquals(5, store.count());
        assertEquals(p2, store.position("journal"));
    }

    @Test
    void shouldRefuseASecondDaemonWithATakenWriterIdUntilTheFirstLetsGo()
    {
        final PostgresAuditStore second = PostgresAuditStore.forFlusher(target);
        final StoreException ex = assertThrows(StoreException.class, second::claimWriter);
        assertTrue(ex.getMessage().contains("writer id 'desk-a' is in use by another Horizon"), ex.getMessage());
        assertFalse(ex.getMessage().contains("postgres@"), "no credentials in the message");

        store.close();
        second.claimWriter();
        second.append(drafts(1, 0));
        second.close();
        assertTrue(verify("desk-a").verified());
    }

    @Test
    void shouldContinueAChainWrittenUnderSchemaStepTwoAfterTheUpgradeMovesTheSequenceGuardToStatements() throws Exception
    {
        final PostgresTarget old = PostgresTestServer.newDatabase("desk-a");
        final List<AuditEvent> before = new AuditChainSealer().seal(drafts(3, 1_700_000_000_000_000_000L), ChainLink.GENESIS);
        try (Connection c = DriverManager.getConnection(old.url(), old.user(), old.password()))
        {
            c.setAutoCommit(false);
            assertEquals(2, SchemaMigrations.apply(c, PostgresAuditStore.migrations().subList(0, 2), "the old database"));
            try (Statement st = c.createStatement())
            {
                st.execute("INSERT INTO audit_chains (writer_id, role, created_at, chain_base_hash) " +
                    "VALUES ('desk-a', 'live', '2026-11-01T00:00:00.000000000Z', repeat('0', 64))");
            }
            final PostgresAuditCopy copy = new PostgresAuditCopy();
            copy.copy(c, "audit_events", "desk-a", before.subList(0, 2));
            copy.copy(c, "audit_events", "desk-a", before.subList(2, 3));
            c.commit();
            assertThrows(SQLException.class, () -> copy.copy(c, "audit_events", "desk-a", before.subList(0, 1)),
                "step 2's row guard refuses a repeated sequence");
            c.rollback();
        }

        try (PostgresAuditStore upgraded = PostgresAuditStore.forFlusher(old))
        {
            upgraded.claimWriter();
            final List<AuditEvent> after = upgraded.append(drafts(4, 1_700_000_100_000_000_000L));
            assertEquals(4, after.get(0).sequence(), "the chain goes on from the old end");
            assertEquals(before.get(2).hash(), after.get(0).prevHash());
            assertEquals(List.of(), upgraded.guardProblems(), "the statement guard carries the old trigger's name");
        }
        try (AuditStore reader = PostgresAuditStore.openExisting(old))
        {
            assertEquals("chain verified: 7 events, sequences 1..7", reader.verify(n -> { }).summary());
        }
        final SQLException skipped = assertThrows(SQLException.class, () -> PostgresTestServer.sql(old,
            "INSERT INTO audit_events SELECT writer_id, event_id || 'x', 9, timestamp, category, severity, actor, account_id, " +
                "client_id, venue_name, correlation_id, market_id, order_id, client_order_id, message, payload, prev_hash, hash " +
                "FROM audit_events WHERE sequence = 1"));
        assertTrue(skipped.getMessage().contains("must take the next sequence"), skipped.getMessage());
    }

    @Test
    void shouldStampWhenEachEventWasWrittenAndJudgeItsAgeByThatNotByItsRecordedTime() throws SQLException
    {
        final java.time.Instant now = java.time.Instant.now();
        final long yearAgo = now.minus(java.time.Duration.ofDays(365)).getEpochSecond() * 1_000_000_000L;
        store.append(drafts(3, yearAgo));

        try (Connection c = DriverManager.getConnection(target.url(), target.user(), target.password());
            Statement st = c.createStatement();
            java.sql.ResultSet rs = st.executeQuery("SELECT timestamp, recorded_at FROM audit_events ORDER BY sequence"))
        {
            while (rs.next())
            {
                final java.time.Instant written = AuditTime.parse(rs.getString(2));
                assertEquals(30, rs.getString(2).length(), "the audit time form: " + rs.getString(2));
                assertTrue(Math.abs(java.time.Duration.between(now, written).toSeconds()) < 60, "written now: " + written);
                assertTrue(rs.getString(1).startsWith(AuditTime.format(yearAgo).substring(0, 10)), "event time as given");
            }
        }
        assertEquals(0, store.lastExpired(AuditTime.format(now.minus(java.time.Duration.ofDays(30)))),
            "written today from a year-old file: nothing has expired under 30 days");
        assertEquals(3, store.lastExpired(AuditTime.format(now.plus(java.time.Duration.ofDays(1)))));
        assertRefused("append-only: UPDATE is refused", "UPDATE audit_events SET recorded_at = '2001-01-01T00:00:00.000000000Z'");
    }

    @Test
    void shouldStampEveryRowOfABatchWithItsTransactionsTimeAndStillStampThemWithoutTheStatementTrigger() throws SQLException
    {
        store.append(drafts(3, 0));
        store.append(drafts(2, 0));
        List<String> written = recordedAt();
        assertEquals(5, written.size());
        for (final String w : written)
        {
            assertEquals(30, w.length(), "the audit time form: " + w);
            AuditTime.parse(w);
        }
        assertEquals(1, written.subList(0, 3).stream().distinct().count(), "one batch, one transaction, one time: " + written);
        assertEquals(written.get(3), written.get(4), written.toString());
        assertTrue(written.get(3).compareTo(written.get(0)) > 0, "the second batch's own transaction time: " + written);

        // The trigger only saves the formatting per row: without it the default formats the time itself.
        PostgresTestServer.sql(target, "DROP TRIGGER audit_events_recorded_at ON audit_events");
        store.append(drafts(1, 0));
        written = recordedAt();
        assertEquals(30, written.get(5).length(), "stamped without the trigger too: " + written);
        assertTrue(written.get(5).compareTo(written.get(4)) > 0, written.toString());
        assertEquals(List.of(), store.guardProblems(), "not a guard: its absence costs time, not a guarantee");
    }

    private List<String> recordedAt() throws SQLException
    {
        final List<String> written = new java.util.ArrayList<>();
        try (Connection c = DriverManager.getConnection(target.url(), target.user(), target.password());
            Statement st = c.createStatement();
            java.sql.ResultSet rs = st.executeQuery("SELECT recorded_at FROM audit_events ORDER BY sequence"))
        {
            while (rs.next())
            {
                written.add(rs.getString(1));
            }
        }
        return written;
    }

    @Test
    void shouldAddRecordedAtAtStepFourLeavingEarlierEventsUnknownAndJudgedByTheirTimestamp() throws Exception
    {
        final PostgresTarget old = PostgresTestServer.newDatabase("desk-a");
        final List<AuditEvent> before = new AuditChainSealer().seal(drafts(2, 1_700_000_000_000_000_000L), ChainLink.GENESIS);
        try (Connection c = DriverManager.getConnection(old.url(), old.user(), old.password()))
        {
            c.setAutoCommit(false);
            assertEquals(3, SchemaMigrations.apply(c, PostgresAuditStore.migrations().subList(0, 3), "the old database"));
            try (Statement st = c.createStatement())
            {
                st.execute("INSERT INTO audit_chains (writer_id, role, created_at, chain_base_hash) " +
                    "VALUES ('desk-a', 'live', '2023-11-01T00:00:00.000000000Z', repeat('0', 64))");
            }
            new PostgresAuditCopy().copy(c, "audit_events", "desk-a", before);
            c.commit();
        }

        try (PostgresAuditStore upgraded = PostgresAuditStore.forFlusher(old))
        {
            upgraded.claimWriter();
            upgraded.append(drafts(1, 1_700_000_100_000_000_000L));
            assertEquals(List.of(), upgraded.guardProblems());
            // 2023 events: the two stored before step 4 by their timestamp; the one written now by when it was written.
            assertEquals(2, upgraded.lastExpired(AuditTime.format(java.time.Instant.now().minus(java.time.Duration.ofDays(30)))));
            assertEquals("chain verified: 3 events, sequences 1..3", upgraded.verify(n -> { }).summary(),
                "recorded_at is not hashed: the old events verify unchanged");
        }
        try (Connection c = DriverManager.getConnection(old.url(), old.user(), old.password());
            Statement st = c.createStatement();
            java.sql.ResultSet rs = st.executeQuery("SELECT count(*) FILTER (WHERE recorded_at IS NULL), " +
                "(SELECT max(version) FROM horizon_schema_migrations) FROM audit_events"))
        {
            rs.next();
            assertEquals(2, rs.getInt(1), "when the earlier events were written is not known, so it is not invented");
            assertEquals(PostgresAuditSchema.MIGRATIONS.size(), rs.getInt(2), "upgraded to the newest step");
        }
    }

    @Test
    void shouldRefuseADatabaseMigratedByANewerRelease() throws SQLException
    {
        store.close();
        PostgresTestServer.sql(target, "INSERT INTO horizon_schema_migrations (version, description) VALUES (99, 'future')");

        final StoreException daemon = assertThrows(StoreException.class, PostgresAuditStore.forFlusher(target)::claimWriter);
        assertTrue(daemon.getMessage().contains("has Horizon schema version 99, newer than this release understands (6)"),
            daemon.getMessage());
        final StoreException tool = assertThrows(StoreException.class, () -> PostgresAuditStore.openExisting(target));
        assertTrue(tool.getMessage().contains("newer than this release"), tool.getMessage());
    }

    @Test
    void shouldRemoveExpiredEventsOnlyThroughTheRetentionFunctionWithItsReceipt() throws SQLException
    {
        final List<AuditEvent> events = store.append(drafts(6, 0));
        final AuditEvent base = events.get(3);
        final String receipt = "{\"through\":4,\"chain_base_sequence\":4,\"chain_base_hash\":\"" + base.hash() + "\"}";

        final long deleted = store.removeExpired(4, new long[] {2}, new ChainLink(4, base.hash()), "r1", receipt, 3, n -> { });

        assertEquals(3, deleted);
        assertEquals(new ChainLink(4, base.hash()), store.base());
        assertEquals(1, store.heldCount(), "the held event stays below the base");
        assertEquals(java.util.Map.of("r1", receipt), store.receipts());
        final ChainVerification v = verify("desk-a");
        assertTrue(v.verified(), v.summary());
        assertEquals(2, v.chained());
        assertEquals(List.of(), store.guardProblems(), "the gate closed again");
        assertRefused("retention receipts are append-only", "DELETE FROM audit_retention_receipts");
    }

    @Test
    void shouldCheckABatchsSequencesFromTheIndexWithoutReadingTheWholeLog() throws SQLException
    {
        final List<AuditEvent> stored = store.append(drafts(3_000, 1_700_000_000_000_000_000L));
        final List<AuditEvent> next = new AuditChainSealer().seal(drafts(2, 1_700_000_100_000_000_000L),
            new ChainLink(3_000, stored.get(stored.size() - 1).hash()));
        try (Connection c = DriverManager.getConnection(target.url(), target.user(), target.password()))
        {
            c.setAutoCommit(false);
            try (Statement st = c.createStatement())
            {
                // The plan plpgsql settles on after five batches in a session, forced from the first.
                st.execute("SET plan_cache_mode = force_generic_plan");
            }
            new PostgresAuditCopy().copy(c, "audit_events", "desk-a", next);
            try (Statement st = c.createStatement();
                java.sql.ResultSet rs = st.executeQuery(
                    "SELECT seq_tup_read FROM pg_stat_xact_user_tables WHERE relname = 'audit_events'"))
            {
                assertTrue(rs.next());
                assertEquals(0, rs.getLong(1), "the guard read no row of the log by a sequential scan");
            }
            c.commit();
        }
        assertEquals("chain verified: 3002 events, sequences 1..3002", verify("desk-a").summary());
    }

    @Test
    void shouldKeepALargeBatchInMemoryWhileTheGuardChecksItInsteadOfSpillingToATemporaryFile() throws Exception
    {
        final String database = target.url().substring(target.url().lastIndexOf('/') + 1);
        final long before = tempFiles(database);

        store.append(drafts(30_000, 1_700_000_000_000_000_000L));
        store.close();

        assertEquals(before, tempFilesOnceIdle(database), "the guard's transition table of 30,000 rows stayed in memory");
        store = PostgresAuditStore.forFlusher(target);
    }

    /** Waits until no backend is connected to the database (a backend reports its counts as it exits), then reads them. */
    private long tempFilesOnceIdle(final String database) throws Exception
    {
        final long deadline = System.nanoTime() + 30_000_000_000L;
        try (Connection c = DriverManager.getConnection(PostgresTestServer.url("postgres"), "postgres", "postgres");
            Statement st = c.createStatement())
        {
            while (true)
            {
                st.execute("SELECT pg_stat_clear_snapshot()");
                try (java.sql.ResultSet rs = st.executeQuery("SELECT numbackends, temp_files FROM pg_stat_database " +
                    "WHERE datname = '" + database + "'"))
                {
                    assertTrue(rs.next());
                    if (rs.getLong(1) == 0)
                    {
                        break;
                    }
                }
                assertTrue(System.nanoTime() < deadline, "the store's connection did not close");
                Thread.sleep(50);
            }
            // The exiting backend leaves the list a moment before it has written its counts.
            Thread.sleep(1_000);
        }
        return tempFiles(database);
    }

    private long tempFiles(final String database) throws Exception
    {
        try (Connection c = DriverManager.getConnection(PostgresTestServer.url("postgres"), "postgres", "postgres");
            Statement st = c.createStatement();
            java.sql.ResultSet rs = st.executeQuery("SELECT temp_files FROM pg_stat_database WHERE datname = '" + database + "'"))
        {
            assertTrue(rs.next());
            return rs.getLong(1);
        }
    }
}
