package io.horizon.journal.audit;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.horizon.engine.counter.EngineCounters;
import io.horizon.engine.reference.ReferenceData;
import io.horizon.engine.support.TestMarkets;
import io.horizon.engine.venue.paper.PaperVenue;
import io.horizon.journal.flush.FlushLoop;
import io.horizon.journal.flush.FlusherCounters;
import io.horizon.journal.postgres.PostgresTarget;
import io.horizon.journal.support.AuditRows;
import io.horizon.journal.support.Eventually;
import io.horizon.journal.support.RecordingAlerts;
import io.horizon.journal.support.TradingSession;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The PostgreSQL server of the audit log stops for 6 s while the engine trades and its flusher
 * writes (long enough for the flusher's back-off, 10 ms doubling, to reach its 2 s ceiling and
 * retry at it): trading goes on, the journal keeps everything, the flusher counts one fault
 * episode and waits it out, and once the server is back the lag returns to zero with every journal entry's
 * events in the chain exactly once. The server here is the test's own (stopped and started on the
 * same data directory and port), not the shared one.
 */
final class PostgresOutageTest
{
    private static final long OUTAGE_MS = 6_000;
    private static final long WAIT_MS = 60_000;

    private final ReferenceData ref = TestMarkets.referenceData();

    @TempDir
    Path state;

    @TempDir
    Path data;

    @TempDir
    Path other;

    private EmbeddedPostgres start(final int port) throws Exception
    {
        return EmbeddedPostgres.builder().setDataDirectory(data).setCleanDataDirectory(false).setPort(port).start();
    }

    @Test
    void shouldWaitOutAStoppedServerWhileTradingGoesOnAndLoseNothing() throws Exception
    {
        EmbeddedPostgres server = start(0);
        final int port = server.getPort();
        final PostgresTarget target = new PostgresTarget("jdbc:postgresql://127.0.0.1:" + port + "/postgres", "postgres",
            "postgres", "desk-a");
        final RecordingAlerts alerts = new RecordingAlerts();
        final FlusherCounters counters = FlusherCounters.audit(new EngineCounters());
        final long tradedDuringOutage;
        try (TradingSession session = new TradingSession(state, new PaperVenue(ref, 256));
            PostgresAuditStore store = PostgresAuditStore.forFlusher(target))
        {
            store.claimWriter();
            final FlushLoop loop = new AuditFlusher(state, store, AuditRows.mapping(ref), counters).start(alerts);
            session.trade(3);
            Eventually.await(() -> counters.written.get() > 0, "the first commit", WAIT_MS);

            server.close();
            final long before = session.journaledRecords(state);
            final long outageEnds = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(OUTAGE_MS);
            while (System.nanoTime() < outageEnds)
            {
                session.trade(1);
                Thread.sleep(100);
            }
            session.await();
            tradedDuringOutage = session.journaledRecords(state) - before;
            assertTrue(counters.faults.get() > 0, "the flusher met the stopped server");
            assertTrue(counters.lag.get() > 0, "the store fell behind while the journal kept everything");

            server = start(port);
            Eventually.await(() -> counters.lag.get() == 0, "the lag to recover", WAIT_MS);
            session.trade(2);
            session.await();
            assertTrue(loop.stop(WAIT_MS), "the final flush reached the journal's end");
        }
        finally
        {
            server.close();
        }
        assertTrue(tradedDuringOutage > 50, "trading went on during the outage: " + tradedDuringOutage + " journal records");
        final List<String> seen = alerts.all();
        assertEquals(2, seen.size(), seen.toString());
        assertTrue(seen.get(0).startsWith("faulted audit connection") && seen.get(1).startsWith("recovered audit"), seen.toString());

        final Path reference = other.resolve("reference.db");
        AuditRows.flushFresh(state, reference, ref);
        try (EmbeddedPostgres again = start(port);
            PostgresAuditStore reader = PostgresAuditStore.openExisting(target))
        {
            assertEquals(AuditRows.content(reference), AuditRows.content(reader), "every journal entry's events exactly once");
            final ChainVerification v = reader.verify(n -> { });
            assertTrue(v.verified(), v.summary());
        }
    }
}
