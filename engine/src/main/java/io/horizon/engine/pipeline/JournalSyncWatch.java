package io.horizon.engine.pipeline;

import io.horizon.engine.counter.EngineCounters;
import io.horizon.engine.journal.DurablePosition;
import org.agrona.concurrent.status.AtomicCounter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The pipeline's ear on the inbound journal's syncer: wakes whoever waits for durability (the
 * dedicated gateway thread, or the shared engine thread when it sleeps) when more events are
 * durable, and reports a failed sync as a journal failure is reported: counted in
 * {@code horizon_journal_sync_failures_total} and {@code horizon_handler_errors_total}, and logged
 * as an error. Effects stay held back from then on (the journal latches the failure).
 * <p>
 * Threading: called on the journal's syncer thread (or the writer's, for the sync at shutdown).
 */
final class JournalSyncWatch implements DurablePosition.Listener
{
    private static final Logger LOG = LoggerFactory.getLogger(JournalSyncWatch.class);

    private final EngineCounters counters;
    private final AtomicCounter syncFailures;
    private final Runnable wake;

    /**
     * @param counters where failures are counted.
     * @param wake     wakes the thread that waits for durability; must not block.
     */
    JournalSyncWatch(final EngineCounters counters, final Runnable wake)
    {
        this.counters = counters;
        this.syncFailures = counters.counter("horizon_journal_sync_failures_total", EngineCounters.TYPE_PLAIN);
        this.wake = wake;
    }

    @Override
    public void onDurable()
    {
        wake.run();
    }

    @Override
    public void onSyncFailed(final Throwable failure)
    {
        syncFailures.increment();
        counters.handlerErrors.increment();
        LOG.error("inbound journal sync failed ({}); holding every effect back from here on: nothing more leaves the " +
            "process until Horizon is restarted and recovers from its journal", failure.toString());
        wake.run();
    }
}
