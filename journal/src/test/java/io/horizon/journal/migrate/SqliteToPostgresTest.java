package io.horizon.journal.migrate;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.horizon.engine.counter.EngineCounters;
import io.horizon.engine.event.Side;
import io.horizon.engine.reference.ReferenceData;
import io.horizon.engine.support.TestMarkets;
import io.horizon.engine.venue.paper.PaperVenue;
import io.horizon.journal.audit.AuditCategory;
import io.horizon.journal.audit.AuditDraft;
import io.horizon.journal.audit.AuditEvent;
import io.horizon.journal.audit.AuditFlusher;
import io.horizon.journal.audit.AuditJournalCheck;
import io.horizon.journal.audit.AuditQuery;
import io.horizon.journal.audit.AuditSeverity;
import io.horizon.journal.audit.AuditStore;
import io.horizon.journal.audit.ChainLink;
import io.horizon.journal.audit.ChainVerification;
import io.horizon.journal.audit.PostgresAuditStore;
import io.horizon.journal.dlq.DlqEntry;
import io.horizon.journal.dlq.DlqFlusher;
import io.horizon.journal.dlq.DlqStore;
import io.horizon.journal.dlq.PostgresDlqStore;
import io.horizon.journal.flush.FlusherCounters;
import io.horizon.journal.postgres.PostgresTarget;
import io.horizon.journal.retention.AuditRetention;
import io.horizon.journal.support.AuditWrittenAt;
import io.horizon.journal.retention.AuditSigningKey;
import io.horizon.journal.retention.LegalHold;
import io.horizon.journal.retention.RetentionPolicy;
import io.horizon.journal.retention.RetentionReceipts;
import io.horizon.journal.sqlite.SqliteFile;
import io.horizon.journal.sqlite.StoreException;
import io.horizon.journal.support.AuditRows;
import io.horizon.journal.support.FlakyVenue;
import io.horizon.journal.support.PostgresTestServer;
import io.horizon.journal.support.TradingSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static io.horizon.engine.support.TestMarkets.AAPL;
import static io.horizon.engine.support.TestMarkets.px;
import static io.horizon.engine.support.TestMarkets.qty;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A real audit.db and dlq.db, written by the flushers from a real journal, moved into a real
 * PostgreSQL server: the chain keeps every sequence and hash and verifies there, the dead letter
 * keeps every column, and a flusher that then continues on PostgreSQL copies the rest of the
 * journal exactly once.
 */
final class SqliteToPostgresTest
{
    private static final Instant NOW = Instant.parse("2026-11-29T12:00:00Z");
    private static final long OLDER = Instant.parse("2018-03-01T09:00:00Z").getEpochSecond() * 1_000_000_000L;
    private static final long OLD = Instant.parse("2020-03-01T09:00:00Z").getEpochSecond() * 1_000_000_000L;
    private static final long RECENT = Instant.parse("2026-11-28T09:00:00Z").getEpochSecond() * 1_000_000_000L;

    private final ReferenceData ref = TestMarkets.referenceData();

    @TempDir
    Path state;

    private void flushIntoSqlite() throws Exception
    {
        AuditRows.flushFresh(state, state.resolve(AuditStore.FILE_NAME), ref);
        try (DlqStore dlq = DlqStore.forFlusher(state.resolve(DlqStore.FILE_NAME)))
        {
            final EngineCounters counters = new EngineCounters();
            final DlqFlusher flusher = new DlqFlusher(state, dlq, ref, "paper", List.of("market-maker"),
                FlusherCounters.deadLetters(counters), DlqFlusher.depthGauge(counters));
            while (flusher.flushOnce(true))
            {
                // until caught up
            }
            flusher.close();
        }
    }

    private static List<AuditEvent> events(final AuditStore store)
    {
        final List<AuditEvent> events = new ArrayList<>();
        store.forEach(AuditQuery.ALL, events::add);
        return events;
    }

    @Test
    void shouldMoveAChainWithItsHashesAndLetTheDaemonContinueExactlyOnce() throws Exception
    {
        final PostgresTarget target = PostgresTestServer.newDatabase("desk-a");
        final FlakyVenue venue = new FlakyVenue(new PaperVenue(ref, 256));
        try (TradingSession session = new TradingSession(state, venue))
        {
            session.trade(3);
            session.pipeline().marketData().quote(1, 1, 1, AAPL, px(189.99), qty(100), px(190.01), qty(100));
            venue.fail("venue link down");
            session.order(AAPL, Side.BUY, px(190.01), qty(3));
            session.await();
            venue.fail(null);
            flushIntoSqlite();

            final SqliteToPostgres.Outcome outcome = SqliteToPostgres.migrate(state, target, target, line -> { });

            final List<AuditEvent> before;
            final List<DlqEntry> letters;
            try (AuditStore sqlite = AuditStore.openExisting(state.resolve(AuditStore.FILE_NAME),
                io.horizon.journal.sqlite.SqliteFile.Access.READ);
                DlqStore dlq = DlqStore.openExisting(state.resolve(DlqStore.FILE_NAME), io.horizon.journal.sqlite.SqliteFile.Access.READ))
            {
                before = events(sqlite);
                letters = dlq.list(true);
            }
            assertEquals(before.size(), outcome.events());
            assertEquals(1, outcome.deadLetters());
            try (PostgresAuditStore pg = PostgresAuditStore.openExisting(target);
                PostgresDlqStore pgDlq = PostgresDlqStore.openExisting(target))
            {
                assertEquals(before, events(pg), "every event, sequence and hash as it was");
                assertEquals(letters, pgDlq.list(true), "every dead letter, every column");
            }
            assertThrows(StoreException.class, () -> SqliteToPostgres.migrate(state, target, target, line -> { }),
                "the dead letters are copied once");

            // The daemon, now on PostgreSQL, trades on and its flusher continues from the migrated position.
            session.trade(3);
            session.await();
            try (PostgresAuditStore live = PostgresAuditStore.forFlusher(target))
            {
                live.claimWriter();
                final AuditFlusher flusher = new AuditFlusher(state, live, AuditRows.mapping(ref),
                    FlusherCounters.audit(new EngineCounters()));
                while (flusher.flushOnce(true))
                {
                    // until caught up
                }
                flusher.close();
            }
        }
        try (PostgresAuditStore pg = PostgresAuditStore.openExisting(target))
        {
            final ChainVerification v = pg.verify(n -> { });
            assertTrue(v.verified(), v.summary());
            final AuditJournalCheck.Result check = AuditJournalCheck.compare(state, AuditRows.mapping(ref), pg, null);
            assertTrue(check.matches(), check.problem());
            assertEquals(v.chained(), check.matched(), "no event twice, none missing, across the move");
        }
    }

    @Test
    void shouldCarryWhenEachEventWasWrittenSoRetentionJudgesTheMigratedChainAsItWouldHaveInSqlite()
    {
        final Path live = state.resolve(AuditStore.FILE_NAME);
        final List<AuditDraft> drafts = new ArrayList<>();
        for (int i = 0; i < 6; i++)
        {
            drafts.add(AuditDraft.of(AuditCategory.ORDER_FILLED, AuditSeverity.INFO)
                .timestampNanos(OLD + i * 60_000_000_000L).accountId("paper").marketId("AAPL").message("old fill " + i));
        }
        for (int i = 0; i < 3; i++)
        {
            drafts.add(AuditDraft.of(AuditCategory.ORDER_SUBMITTED, AuditSeverity.INFO)
                .timestampNanos(RECENT + i * 1_000_000_000L).accountId("paper").marketId("AAPL").message("recent " + i));
        }
        try (AuditStore store = AuditStore.forFlusher(live))
        {
            store.append(drafts);
        }
        // Written when stamped (a live run of 2020 and of yesterday), the last two by a release that kept no time.
        AuditWrittenAt.asStamped(live);
        AuditWrittenAt.unknownFrom(live, 8);
        final Map<Long, String> written;
        final long expiredInSqlite;
        final String cutoff = "2025-11-29T12:00:00.000";
        try (AuditStore sqlite = AuditStore.openExisting(live, SqliteFile.Access.READ))
        {
            written = sqlite.writtenAt(1, 9);
            expiredInSqlite = sqlite.lastExpired(cutoff);
        }
        assertEquals(7, written.size(), "seven events with a recorded time, two without");
        assertTrue(written.get(1L).startsWith("2020-03-01T09:00:00"), written.toString());
        assertEquals(6, expiredInSqlite, "the 2020 events are past a five-year-old cutoff by when they were written");

        final PostgresTarget target = PostgresTestServer.newDatabase("desk-written");
        final SqliteToPostgres.Outcome outcome = SqliteToPostgres.migrate(state, target, target, line -> { });

        assertEquals(9, outcome.events());
        try (PostgresAuditStore pg = PostgresAuditStore.openExisting(target))
        {
            assertEquals(written, pg.writtenAt(1, 9), "every recorded time as audit.db holds it, none stamped by the copy");
            assertEquals(expiredInSqlite, pg.lastExpired(cutoff), "retention cuts the same events in PostgreSQL");
            final ChainVerification v = pg.verify(n -> { });
            assertTrue(v.verified(), v.summary());
            assertEquals(9, v.lastSequence());
        }
    }

    /** A real audit.db cut twice by real retention runs (the 2018 events, then the 2020 ones), signed receipts in it. */
    private AuditSigningKey cutTwice(final LegalHold... holds)
    {
        final Path live = state.resolve(AuditStore.FILE_NAME);
        final List<AuditDraft> drafts = new ArrayList<>();
        for (int i = 0; i < 10; i++)
        {
            drafts.add(AuditDraft.of(AuditCategory.ORDER_FILLED, AuditSeverity.INFO)
                .timestampNanos((i < 4 ? OLDER : OLD) + i * 60_000_000_000L)
                .accountId(i == 6 ? "held-account" : "paper").marketId("AAPL").message("old fill " + i));
        }
        for (int i = 0; i < 3; i++)
        {
            drafts.add(AuditDraft.of(AuditCategory.ORDER_SUBMITTED, AuditSeverity.INFO)
                .timestampNanos(RECENT + i * 1_000_000_000L).accountId("paper").marketId("AAPL").message("recent " + i));
        }
        try (AuditStore store = AuditStore.forFlusher(live))
        {
            store.append(drafts);
        }
        // Retention judges when each event was written: make them written when stamped, a live past.
        AuditWrittenAt.asStamped(live);
        final AuditSigningKey key = AuditSigningKey.generate();
        for (final String keep : List.of("7y", "1y"))
        {
            AuditRetention.enforce(new AuditRetention.Request(live, state.resolve(AuditStore.ARCHIVE_FILE_NAME),
                state.resolve(AuditRetention.RECEIPTS_FILE), RetentionPolicy.parse(keep), List.of(holds), "alice",
                "policy R-12", false, NOW), () -> key, line -> { });
        }
        return key;
    }

    @Test
    void shouldMoveAChainCutByRetentionWithItsReceiptsSoItVerifiesInPostgres()
    {
        final AuditSigningKey key = cutTwice();
        final PostgresTarget target = PostgresTestServer.newDatabase("desk-cut");
        final List<AuditEvent> before;
        final ChainVerification source;
        final Map<String, String> receipts;
        try (AuditStore sqlite = AuditStore.openExisting(state.resolve(AuditStore.FILE_NAME), SqliteFile.Access.READ))
        {
            before = events(sqlite);
            source = sqlite.verify(n -> { });
            receipts = sqlite.receipts();
        }
        assertEquals(10, source.base().sequence(), "both runs cut: the chain starts after the ten old events");
        assertEquals(2, receipts.size());

        final List<String> progress = new ArrayList<>();
        final SqliteToPostgres.Outcome outcome = SqliteToPostgres.migrate(state, target, target, progress::add);

        assertEquals(before.size(), outcome.events());
        assertTrue(progress.stream().filter(l -> l.contains("retention receipt")).count() == 2, progress.toString());
        try (PostgresAuditStore pg = PostgresAuditStore.openExisting(target))
        {
            assertEquals(before, events(pg), "every event after the cut, sequence and hash as it was");
            assertEquals(source.base(), pg.base(), "the chain starts where audit.db's does");
            assertEquals(receipts, pg.receipts(), "the signed receipts that account for the base, oldest first");
            final ChainVerification v = pg.verify(n -> { });
            assertTrue(v.verified(), v.summary());
            assertEquals(source.summary(), v.summary());
            assertEquals(List.of(), RetentionReceipts.verify(pg, key.publicKey()).problems());
            assertEquals(List.of(), pg.guardProblems(), "the retention gate closed again");
        }

        final SqliteToPostgres.Outcome again = SqliteToPostgres.migrate(state, target, target, line -> { });
        assertEquals(0, again.events(), "a second run finds everything there and copies nothing twice");
        try (PostgresAuditStore pg = PostgresAuditStore.openExisting(target))
        {
            assertEquals(receipts, pg.receipts(), "no receipt recorded twice");
        }
    }

    @Test
    void shouldRecordTheReceiptsOfACutChainOnlyAsTheRetentionRoleAndTheRowsAsTheDaemonsRole() throws Exception
    {
        final AuditSigningKey key = cutTwice();
        // deploy/postgres's scripts, with roles of this test's own (roles are the server's, shared by every test class).
        final PostgresTarget db = PostgresTestServer.newDatabase(null);
        PostgresTestServer.sql(db, deployScript("roles.sql"),
            "ALTER ROLE mig_owner PASSWORD 'mig_owner'", "ALTER ROLE mig_writer PASSWORD 'mig_writer'",
            "ALTER ROLE mig_retention PASSWORD 'mig_retention'");
        PostgresAuditStore.upgradeSchema(new PostgresTarget(db.url(), "mig_owner", "mig_owner", null));
        PostgresTestServer.sql(db, deployScript("grants.sql"));
        final PostgresTarget writer = new PostgresTarget(db.url(), "mig_writer", "mig_writer", "desk-a");
        final PostgresTarget retention = new PostgresTarget(db.url(), "mig_retention", "mig_retention", "desk-a");

        final StoreException refused = assertThrows(StoreException.class,
            () -> SqliteToPostgres.migrate(state, writer, writer, line -> { }));
        assertTrue(refused.getMessage().contains("needs a role that may run horizon_audit_remove_expired: pass the " +
            "horizon_retention role's credentials with --retention-credentials"), refused.getMessage());

        SqliteToPostgres.migrate(state, writer, retention, line -> { });
        try (PostgresAuditStore pg = PostgresAuditStore.openExisting(writer))
        {
            assertEquals(10, pg.base().sequence());
            assertTrue(pg.verify(n -> { }).verified());
            assertEquals(List.of(), RetentionReceipts.verify(pg, key.publicKey()).problems());
        }
    }

    @Test
    void shouldRefuseACutChainThatKeepsEventsUnderLegalHoldBelowItsBaseNamingThem()
    {
        cutTwice(LegalHold.parse("account=held-account"));
        final PostgresTarget target = PostgresTestServer.newDatabase("desk-held");

        final StoreException refused = assertThrows(StoreException.class,
            () -> SqliteToPostgres.migrate(state, target, target, line -> { }));

        assertTrue(refused.getMessage().contains("keeps 1 event(s) under legal hold at or below its chain base (sequence 10)"),
            refused.getMessage());
        try (PostgresAuditStore pg = PostgresAuditStore.openExisting(target))
        {
            assertEquals(0, pg.count(), "nothing copied");
            assertEquals(Map.of(), pg.receipts(), "no receipt recorded");
        }
    }

    @Test
    void shouldRefuseACutChainWhoseBaseNoReceiptAccountsFor() throws Exception
    {
        cutTwice();
        // The newest receipt removed by hand: the base no longer matches what the remaining one says.
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + state.resolve(AuditStore.FILE_NAME));
            Statement st = c.createStatement())
        {
            for (final String trigger : triggersOn(st, "audit_retention_receipts"))
            {
                st.execute("DROP TRIGGER " + trigger);
            }
            st.execute("DELETE FROM audit_retention_receipts WHERE rowid = (SELECT max(rowid) FROM audit_retention_receipts)");
        }
        final PostgresTarget target = PostgresTestServer.newDatabase("desk-forged");

        final StoreException refused = assertThrows(StoreException.class,
            () -> SqliteToPostgres.migrate(state, target, target, line -> { }));

        assertTrue(refused.getMessage().contains("but its receipts do not account for it"), refused.getMessage());
        try (PostgresAuditStore pg = PostgresAuditStore.openExisting(target))
        {
            assertEquals(ChainLink.GENESIS, pg.base(), "the writer's base did not move");
        }
    }

    private static String deployScript(final String name) throws Exception
    {
        return Files.readString(Path.of("..", "deploy", "postgres", name)).replace("horizon_owner", "mig_owner")
            .replace("horizon_writer", "mig_writer").replace("horizon_retention", "mig_retention");
    }

    private static List<String> triggersOn(final Statement st, final String table) throws Exception
    {
        final List<String> names = new ArrayList<>();
        try (ResultSet rs = st.executeQuery("SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = '" + table + "'"))
        {
            while (rs.next())
            {
                names.add(rs.getString(1));
            }
        }
        return names;
    }
}
