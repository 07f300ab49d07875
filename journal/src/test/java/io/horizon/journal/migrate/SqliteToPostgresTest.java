package io.horizon.journal.migrate;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import io.horizon.engine.counter.EngineCounters;
import io.horizon.engine.event.Side;
import io.horizon.engine.reference.ReferenceData;
import io.horizon.engine.support.TestMarkets;
import io.horizon.engine.venue.paper.PaperVenue;
import io.horizon.journal.audit.AuditEvent;
import io.horizon.journal.audit.AuditFlusher;
import io.horizon.journal.audit.AuditJournalCheck;
import io.horizon.journal.audit.AuditQuery;
import io.horizon.journal.audit.AuditStore;
import io.horizon.journal.audit.ChainVerification;
import io.horizon.journal.audit.PostgresAuditStore;
import io.horizon.journal.dlq.DlqEntry;
import io.horizon.journal.dlq.DlqFlusher;
import io.horizon.journal.dlq.DlqStore;
import io.horizon.journal.dlq.PostgresDlqStore;
import io.horizon.journal.flush.FlusherCounters;
import io.horizon.journal.postgres.PostgresTarget;
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

            final SqliteToPostgres.Outcome outcome = SqliteToPostgres.migrate(state, target, line -> { });

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
            assertThrows(StoreException.class, () -> SqliteToPostgres.migrate(state, target, line -> { }),
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
}
