package io.horizon.bench.latency;

import java.util.Locale;

import io.horizon.journal.SyncTimings;
import org.HdrHistogram.Histogram;

/**
 * Where a Horizon row's latency goes under {@code --journal-sync batch}: each timed event's
 * latency split at its journal sync, and what the syncs themselves looked like.
 * <pre>
 *   planned --(1) before its sync starts--> sync start --(2) the sync--> durable --(3) after--> report
 *             of which (1a): behind the previous sync, still running when the event was due
 * </pre>
 * (1) holds the sender's lateness, waking the writer, the append, waking the syncer and (1a)
 * waiting for the sync in progress to end (group commit: an event due during a sync waits for it
 * and then for its own); (3) holds waking the thread that acts, the BLP, the gateway, the output
 * journal and the paper venue. Per sync: how many events it covered, how long it took, and the
 * syncer's gap since the previous sync ended (near 0 when it syncs back to back).
 * <p>
 * Only events the harness times (planned time recorded, after the warm-up) count, and only syncs
 * that hold one.
 * <p>
 * Threading: {@link #onSynced} on the journal's syncer thread; {@link #reported} on the thread
 * that reports (the gateway's, or the shared engine thread); {@link #summary} once the run is
 * over. The syncer writes the per-sequence end times before it publishes the events as durable,
 * and the reporter reads them only after, so the reads see the writes.
 */
final class SyncBreakdown implements SyncTimings
{
    private static final long MAX_NANOS = 60_000_000_000L;

    private final long[] plannedBySequence;
    private final long[] syncEndBySequence;
    private final int mask;
    private final Histogram beforeSync = new Histogram(MAX_NANOS, 3);
    private final Histogram behindPrevious = new Histogram(MAX_NANOS, 3);
    private final Histogram sync = new Histogram(MAX_NANOS, 3);
    private final Histogram gap = new Histogram(MAX_NANOS, 3);
    private final Histogram eventsPerSync = new Histogram(1L << 24, 3);
    private final Histogram afterSync = new Histogram(MAX_NANOS, 3);
    private long previousEnd;
    private long firstTimedStart;
    private long lastTimedEnd;

    /**
     * @param plannedBySequence planned send time by ring sequence (masked), 0 for an untimed event;
     *                          the harness's own array, written by the sender before it publishes.
     */
    SyncBreakdown(final long[] plannedBySequence)
    {
        this.plannedBySequence = plannedBySequence;
        this.syncEndBySequence = new long[plannedBySequence.length];
        this.mask = plannedBySequence.length - 1;
    }

    @Override
    public void onSynced(final long afterSequence, final long upToSequence, final long startNanos, final long endNanos)
    {
        boolean timed = false;
        for (long s = afterSequence + 1; s <= upToSequence; s++)
        {
            final int slot = (int)(s & mask);
            final long planned = plannedBySequence[slot];
            syncEndBySequence[slot] = endNanos;
            if (planned != 0)
            {
                timed = true;
                beforeSync.recordValue(Math.max(0, startNanos - planned));
                behindPrevious.recordValue(Math.max(0, Math.min(startNanos, previousEnd) - planned));
            }
        }
        if (timed)
        {
            if (firstTimedStart == 0)
            {
                firstTimedStart = startNanos;
            }
            lastTimedEnd = endNanos;
            sync.recordValue(endNanos - startNanos);
            eventsPerSync.recordValue(upToSequence - afterSequence);
            if (previousEnd != 0)
            {
                gap.recordValue(Math.max(0, startNanos - previousEnd));
            }
        }
        previousEnd = endNanos;
    }

    /**
     * A timed event's report left the gateway at {@code nowNanos}. Reporting thread.
     */
    void reported(final long sequence, final long nowNanos)
    {
        final long end = syncEndBySequence[(int)(sequence & mask)];
        if (end != 0)
        {
            afterSync.recordValue(Math.max(0, nowNanos - end));
        }
    }

    /**
     * @return one paragraph, µs; empty when no timed event was synced (a policy without syncs).
     */
    String summary()
    {
        if (sync.getTotalCount() == 0)
        {
            return "";
        }
        final double seconds = Math.max(1e-9, (lastTimedEnd - firstTimedStart) / 1e9);
        return String.format(Locale.ROOT,
            "syncs %,d (%,.0f/s), events per sync p50 %d p99 %d max %d; sync µs p50 %s p99 %s max %s; syncer gap between syncs " +
                "µs p50 %s p99 %s; per event µs, p50 / p99: planned -> its sync starts %s / %s (of which behind the previous sync " +
                "%s / %s), durable -> report %s / %s",
            sync.getTotalCount(), sync.getTotalCount() / seconds, eventsPerSync.getValueAtPercentile(50),
            eventsPerSync.getValueAtPercentile(99), eventsPerSync.getMaxValue(),
            us(sync, 50), us(sync, 99), us(sync, 100), us(gap, 50), us(gap, 99),
            us(beforeSync, 50), us(beforeSync, 99), us(behindPrevious, 50), us(behindPrevious, 99),
            us(afterSync, 50), us(afterSync, 99));
    }

    static String us(final Histogram h, final double percentile)
    {
        if (h.getTotalCount() == 0)
        {
            return "-";
        }
        final double v = (percentile >= 100 ? h.getMaxValue() : h.getValueAtPercentile(percentile)) / 1000.0;
        return v >= 100 ? String.format(Locale.ROOT, "%,.0f", v) : String.format(Locale.ROOT, "%.1f", v);
    }
}
