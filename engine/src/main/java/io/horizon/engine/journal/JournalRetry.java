package io.horizon.engine.journal;

import io.horizon.engine.counter.EngineCounters;
import org.agrona.concurrent.BackoffIdleStrategy;
import org.agrona.concurrent.IdleStrategy;
import org.agrona.concurrent.status.AtomicCounter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a stage does while a journal write keeps failing, the same for the inbound journal stage
 * and the venue gateway's output journal: count every failed attempt, log the first one of an
 * episode and the recovery, and wait with a back-off (1 ms up to 100 ms) before the next attempt.
 * The caller holds every effect back meanwhile; it never skips the record.
 * <p>
 * When the pipeline halts while a write is failing, the caller gives the record up
 * ({@link #gaveUp}): it is counted in {@code horizon_journal_abandoned_total{journal="..."}} and
 * the caller never acts on it, nor on anything it causes.
 * <p>
 * The caller keeps its own loop, because the two threading modes wait differently: a dedicated
 * stage thread calls {@link #backOff()} and tries again at once, while the shared engine thread
 * backs off once and returns to its duty cycle, so a stop request or a timer is never starved by a
 * journal that fails forever.
 * <p>
 * Threading: one stage thread.
 */
public final class JournalRetry
{
    private static final Logger LOG = LoggerFactory.getLogger(JournalRetry.class);
    private static final long MIN_BACKOFF_NANOS = 1_000_000;
    private static final long MAX_BACKOFF_NANOS = 100_000_000;

    private final String journalName;
    private final EngineCounters counters;
    private final AtomicCounter abandoned;
    private boolean gaveUpBefore;
    private final IdleStrategy backoff = new BackoffIdleStrategy(1, 1, MIN_BACKOFF_NANOS, MAX_BACKOFF_NANOS);
    private int failures;

    /**
     * @param journal  {@code "inbound"} or {@code "outbound"}: the label of its abandoned-records counter.
     * @param counters where each failed attempt is counted ({@code horizon_handler_errors_total}).
     */
    public JournalRetry(final String journal, final EngineCounters counters)
    {
        this.journalName = journal + " journal";
        this.counters = counters;
        this.abandoned = counters.counter("horizon_journal_abandoned_total{journal=\"" + journal + "\"}", EngineCounters.TYPE_PLAIN);
    }

    /**
     * A write failed: counts it, and logs it when it starts an episode.
     *
     * @param sequence the inbound sequence of the record (or of its cause).
     * @param failure  what the journal threw.
     */
    public void failed(final long sequence, final Throwable failure)
    {
        counters.handlerErrors.increment();
        if (failures++ == 0)
        {
            // The back-off starts afresh for each episode; the happy path never touches it.
            backoff.reset();
            LOG.error("{} failed at sequence {} ({}); holding every effect back and retrying",
                journalName, sequence, failure.toString());
        }
    }

    /**
     * A write succeeded: ends an episode, if one was running, with a log line.
     *
     * @param sequence the inbound sequence of the record (or of its cause).
     */
    public void succeeded(final long sequence)
    {
        if (failures > 0)
        {
            LOG.warn("{} recovered at sequence {} after {} failed attempts", journalName, sequence, failures);
            failures = 0;
        }
    }

    /**
     * The stage stops retrying because the pipeline halts: the record stays unjournaled and the
     * caller must not act on it.
     *
     * @param sequence the inbound sequence of the record (or of its cause).
     */
    public void gaveUp(final long sequence)
    {
        abandoned.increment();
        if (!gaveUpBefore)
        {
            gaveUpBefore = true;
            LOG.error("{} gave up at sequence {} because the pipeline is halting; that record and any after it that " +
                "cannot be journaled are not acted on (counted in horizon_journal_abandoned_total)", journalName, sequence);
        }
        failures = 0;
    }

    /**
     * @return records given up so far (this journal's {@code horizon_journal_abandoned_total}). Any thread.
     */
    public long abandoned()
    {
        return abandoned.get();
    }

    /**
     * Waits before the next attempt: 1 ms, doubling up to 100 ms while the episode lasts.
     */
    public void backOff()
    {
        backoff.idle();
    }
}
