package io.horizon.journal.audit;

import java.nio.file.Path;
import java.sql.SQLException;
import java.util.List;

import io.horizon.engine.counter.EngineCounters;
import io.horizon.engine.event.ControlAction;
import io.horizon.engine.reference.ReferenceData;
import io.horizon.engine.support.TestMarkets;
import io.horizon.engine.venue.paper.PaperVenue;
import io.horizon.journal.flush.FlushLoop;
import io.horizon.journal.flush.FlusherCounters;
import io.horizon.journal.postgres.PostgresTarget;
import io.horizon.journal.support.AuditRows;
import io.horizon.journal.support.Eventually;
import io.horizon.journal.support.PostgresTestServer;
import io.horizon.journal.support.RecordingAlerts;
import io.horizon.journal.support.TradingSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The audit flusher into a real PostgreSQL server, against a real trading pipeline journaling to
 * Chronicle: connections killed under it mid-flush and a flusher abandoned mid-run (as a killed
 * daemon leaves it) still give every journal entry's events exactly once, in a chain that verifies.
 */
final class PostgresAuditFlusherTest
{
    private static final long WAIT_MS = 30_000;

    private final ReferenceData ref = TestMarkets.referenceData();

    @TempDir
    Path state;

    @TempDir
    Path other;

    private static void dropConnectionsOf(final PostgresTarget target) throws SQLException
    {
        PostgresTestServer.sql(target, "SELECT pg_terminate_backend(pid) FROM pg_stat_activity " +
            "WHERE application_name = 'horizon " + target.writerId() + "' AND pid <> pg_backend_pid()");
    }

    @Test
    void shouldLoseAndDuplicateNothingWhenConnectionsDropAndTheFlusherIsKilledMidRun() throws Exception
    {
        final PostgresTarget target = PostgresTestServer.newDatabase("desk-a");
        final RecordingAlerts alerts = new RecordingAlerts();
        try (TradingSession session = new TradingSession(state, new PaperVenue(ref, 256)))
        {
            session.trade(3);
            session.await();

            // A flusher that is killed: it commits some batches, its connection dies mid-transaction,
            // and it never runs again (no final flush, no close of its thread's work).
            final PostgresAuditStore killed = PostgresAuditStore.forFlusher(target);
            killed.claimWriter();
            final AuditFlusher dying = new AuditFlusher(state, killed, AuditRows.mapping(ref),
                FlusherCounters.audit(new EngineCounters()));
            assertTrue(dying.flushOnce(false), "the first batch is handed to the writer");
            session.trade(3);
            session.await();
            dying.flushOnce(false);
            dropConnectionsOf(target);
            dying.close();

            // The restarted daemon's flusher: the connection drops again while it runs and trading goes on.
            final PostgresAuditStore store = PostgresAuditStore.forFlusher(target);
            store.claimWriter();
            final FlusherCounters counters = FlusherCounters.audit(new EngineCounters());
            final FlushLoop loop = new AuditFlusher(state, store, AuditRows.mapping(ref), counters).start(alerts);
            session.trade(3);
            Eventually.await(() -> counters.written.get() > 0, "the restarted flusher to commit", WAIT_MS);
            dropConnectionsOf(target);
            session.trade(3);
            session.control(ControlAction.KILL, 0, "end of test");
            session.await();
            assertTrue(loop.stop(WAIT_MS), "the final flush reached the journal's end");
            store.close();
            final List<String> seen = alerts.all();
            assertTrue(seen.size() == 2 && seen.get(0).startsWith("faulted audit connection") &&
                seen.get(1).startsWith("recovered audit"), "the dropped connection was a fault, waited out: " + seen);
        }

        final Path reference = other.resolve("reference.db");
        AuditRows.flushFresh(state, reference, ref);
        final List<String> expected = AuditRows.content(reference);
        assertTrue(expected.size() > 20, "the session produced events: " + expected.size());
        try (PostgresAuditStore reader = PostgresAuditStore.openExisting(target))
        {
            assertEquals(expected, AuditRows.content(reader), "every journal entry became its events exactly once");
            final ChainVerification v = reader.verify(n -> { });
            assertTrue(v.verified(), v.summary());
            assertEquals(expected.size(), v.chained());
            final AuditJournalCheck.Result check = AuditJournalCheck.compare(state, AuditRows.mapping(ref), reader, null);
            assertTrue(check.matches(), check.problem());
            assertEquals(expected.size(), check.matched());
        }
    }
}
