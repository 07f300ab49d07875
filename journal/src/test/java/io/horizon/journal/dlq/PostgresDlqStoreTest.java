package io.horizon.journal.dlq;

import java.nio.file.Path;
import java.sql.SQLException;
import java.util.List;

import io.horizon.engine.counter.EngineCounters;
import io.horizon.engine.event.Side;
import io.horizon.engine.reference.ReferenceData;
import io.horizon.engine.support.TestMarkets;
import io.horizon.engine.venue.paper.PaperVenue;
import io.horizon.journal.flush.FlushLoop;
import io.horizon.journal.flush.FlusherCounters;
import io.horizon.journal.postgres.PostgresTarget;
import io.horizon.journal.support.FlakyVenue;
import io.horizon.journal.support.Eventually;
import io.horizon.journal.support.PostgresTestServer;
import io.horizon.journal.support.RecordingAlerts;
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
 * The dead-letter queue on a real PostgreSQL server: a failed venue call of a real pipeline
 * becomes one entry under its daemon's writer id, copied exactly once across a restart of the
 * flusher; another writer's entries stay apart; what was captured cannot change, a dismissal is
 * final and nothing is deleted.
 */
final class PostgresDlqStoreTest
{
    private static final long WAIT_MS = 20_000;

    private final ReferenceData ref = TestMarkets.referenceData();

    @TempDir
    Path state;

    private FlushLoop flusher(final DlqStore store)
    {
        final EngineCounters counters = new EngineCounters();
        return new DlqFlusher(state, store, ref, "paper", List.of("market-maker"), FlusherCounters.deadLetters(counters),
            DlqFlusher.depthGauge(counters)).start(new RecordingAlerts());
    }

    @Test
    void shouldKeepEachWritersDeadLettersOnceAndForever() throws Exception
    {
        final PostgresTarget target = PostgresTestServer.newDatabase("desk-a");
        final FlakyVenue venue = new FlakyVenue(new PaperVenue(ref, 256));
        try (TradingSession session = new TradingSession(state, venue))
        {
            session.pipeline().marketData().quote(1, 1, 1, AAPL, px(189.99), qty(100), px(190.01), qty(100));
            venue.fail("venue link down");
            session.order(AAPL, Side.BUY, px(190.01), qty(3));
            session.await();
            try (PostgresDlqStore store = PostgresDlqStore.forFlusher(target))
            {
                final FlushLoop first = flusher(store);
                Eventually.await(() -> store.list(false).size() == 1, "the first dead letter", WAIT_MS);
                assertTrue(first.stop(WAIT_MS));
            }
            session.order(AAPL, Side.SELL, px(189.99), qty(2));
            session.await();
            try (PostgresDlqStore store = PostgresDlqStore.forFlusher(target))
            {
                final FlushLoop second = flusher(store);
                Eventually.await(() -> store.list(false).size() == 2, "the second dead letter after the restart", WAIT_MS);
                assertTrue(second.stop(WAIT_MS));
                assertEquals(2, store.depth());
            }
        }

        final DlqEntry entry;
        try (PostgresDlqStore desk = PostgresDlqStore.openExisting(target))
        {
            final List<DlqEntry> entries = desk.list(true);
            assertEquals(2, entries.size(), "each failed call once: " + entries);
            entry = entries.get(0);
            assertEquals("BUY", entry.side());
            assertEquals("3", entry.quantity());
            assertTrue(entry.error().contains("venue link down"), entry.error());

            final DlqEntry dismissed = desk.dismiss(entry.dlqId(), "duplicate of a manual order", "user:alice");
            assertTrue(dismissed.dismissed());
            assertThrows(IllegalArgumentException.class, () -> desk.dismiss(entry.dlqId(), "again", "user:bob"));
            assertEquals(1, desk.bumpRetry(entries.get(1).dlqId(), "hzn_01JDQ3B7Y6M3T8R2K5W9XZ4C1N").retryCount());
            assertEquals(1, desk.list(false).size());
        }
        try (PostgresDlqStore other = PostgresDlqStore.openExisting(target.forWriter("desk-b")))
        {
            assertEquals(List.of(), other.list(true), "another writer's queue is its own");
            assertEquals(null, other.get(entry.dlqId()));
        }
        assertRefused(target, "what was captured cannot change", "UPDATE dlq_entries SET error = 'nothing happened'");
        assertRefused(target, "dismissal is final", "UPDATE dlq_entries SET dismissed = 0, dismissed_reason = NULL, " +
            "dismissed_by = NULL, dismissed_at = NULL WHERE dlq_id = '" + entry.dlqId() + "'");
        assertRefused(target, "retry_count only grows", "UPDATE dlq_entries SET retry_count = 0");
        assertRefused(target, "never deleted", "DELETE FROM dlq_entries");
        assertRefused(target, "never deleted", "TRUNCATE dlq_entries");
        assertRefused(target, "only moves forward", "UPDATE dlq_flush_position SET outbound_next = 0");
    }

    private static void assertRefused(final PostgresTarget target, final String expected, final String sql)
    {
        final SQLException ex = assertThrows(SQLException.class, () -> PostgresTestServer.sql(target, sql));
        assertTrue(ex.getMessage().contains(expected), ex.getMessage());
    }
}
