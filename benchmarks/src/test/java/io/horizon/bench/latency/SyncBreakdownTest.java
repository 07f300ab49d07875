package io.horizon.bench.latency;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The breakdown splits an event's latency at its sync: the wait before the sync starts (and the
 * part of it spent behind the sync in progress), the syncs themselves, and the time from durable
 * to the report; untimed events and syncs without a timed event are left out.
 */
final class SyncBreakdownTest
{
    private static final long MS = 1_000_000L;

    @Test
    void shouldSplitAnEventThatWaitedBehindTheSyncInProgressAtItsOwnSync()
    {
        final long[] planned = new long[16];
        final SyncBreakdown breakdown = new SyncBreakdown(planned);
        // Event 0 is warm-up (untimed); its sync runs 100-110 ms and is not counted.
        breakdown.onSynced(-1, 0, 100 * MS, 110 * MS);
        // Event 1 is due at 105 ms, during that sync; its own sync runs 111-113 ms; its report leaves at 114 ms.
        planned[1] = 105 * MS;
        planned[2] = 0;
        breakdown.onSynced(0, 2, 111 * MS, 113 * MS);
        breakdown.reported(1, 114 * MS);

        final String summary = breakdown.summary();
        assertTrue(summary.startsWith("syncs 1 "), summary);
        assertTrue(summary.contains("events per sync p50 2 p99 2 max 2"), summary);
        // Histograms keep 3 significant digits: 2 ms reads as 2,000 or 2,001 µs.
        assertTrue(summary.matches(".*sync µs p50 2,00[01] .*"), summary);
        assertTrue(summary.matches(".*syncer gap between syncs µs p50 1,00[01] .*"), summary);
        assertTrue(summary.matches(".*planned -> its sync starts 6,00[01] / 6,00[01] \\(of which behind the previous sync " +
            "5,00[01] / 5,00[01]\\).*"), summary);
        assertTrue(summary.matches(".*durable -> report 1,00[01] / 1,00[01]$"), summary);
    }

    @Test
    void shouldSayNothingWhenNoTimedEventWasSynced()
    {
        final SyncBreakdown breakdown = new SyncBreakdown(new long[8]);
        breakdown.onSynced(-1, 3, 10 * MS, 11 * MS);
        assertEquals("", breakdown.summary());
    }
}
