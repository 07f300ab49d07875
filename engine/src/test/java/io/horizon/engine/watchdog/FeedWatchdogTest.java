package io.horizon.engine.watchdog;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Per-feed health on its own, with times chosen to sit exactly on the thresholds.
 */
final class FeedWatchdogTest
{
    private static final long S = 1_000_000_000L;
    private static final long DEGRADED = 5 * S;
    private static final long STALE = 30 * S;
    private static final long GONE = 120 * S;

    private final List<String> transitions = new ArrayList<>();
    private final List<Integer> seen = new ArrayList<>();
    private final FeedWatchdog watchdog = new FeedWatchdog(3, new FeedWatchdog.Listener()
    {
        @Override
        public void onFeedSeen(final int feedId)
        {
            seen.add(feedId);
        }

        @Override
        public void onFeedStatusChange(
            final int feedId, final FeedStatus from, final FeedStatus to, final long ageNanos, final long gapsSinceLast)
        {
            transitions.add(feedId + ":" + from + "->" + to + "@" + ageNanos / S + "s/gaps=" + gapsSinceLast);
        }
    });

    private void evaluate(final long now)
    {
        watchdog.evaluate(now, DEGRADED, STALE, GONE);
    }

    @Test
    void shouldGoStaleExactlyAtTheThresholdAndPauseOnlyItsInstruments()
    {
        watchdog.onMarketData(1, 1, 0, 100 * S, true);
        watchdog.onMarketData(2, 1, 1, 100 * S, true);
        watchdog.onMarketData(2, 2, 1, 110 * S, true);

        evaluate(130 * S - 1);
        assertFalse(watchdog.isPaused(0));
        evaluate(130 * S);

        assertEquals(FeedStatus.STALE, watchdog.status(1));
        assertTrue(watchdog.isPaused(0));
        assertFalse(watchdog.isPaused(1), "feed 2 ticked 20 s ago");
        assertFalse(watchdog.isPaused(2), "no feed ever ticked instrument 2");
        assertEquals(List.of("1:HEALTHY->DEGRADED@29s/gaps=0", "2:HEALTHY->DEGRADED@19s/gaps=0", "1:DEGRADED->STALE@30s/gaps=0"),
            transitions);
        assertEquals(List.of(1, 2), seen);
    }

    @Test
    void shouldRecoverWhenTicksResume()
    {
        watchdog.onMarketData(1, 1, 0, 0, true);
        evaluate(STALE);
        assertTrue(watchdog.isPaused(0));

        watchdog.onMarketData(1, 2, 0, STALE + S, true);
        assertFalse(watchdog.isPaused(0));
        assertEquals(FeedStatus.HEALTHY, watchdog.status(1));
        assertEquals("1:STALE->HEALTHY@0s/gaps=0", transitions.get(transitions.size() - 1));
    }

    @Test
    void shouldStayPausedForTheRestOfTheRunWhenAutoRecoveryIsOff()
    {
        watchdog.onMarketData(1, 1, 0, 0, false);
        evaluate(STALE);
        watchdog.onMarketData(1, 2, 0, STALE + S, false);
        evaluate(STALE + 2 * S);

        assertTrue(watchdog.isPaused(0));
        assertEquals(FeedStatus.STALE, watchdog.status(1));
    }

    @Test
    void shouldGoFromStaleToDisconnected()
    {
        watchdog.onMarketData(1, 1, 0, 0, true);
        evaluate(STALE);
        evaluate(GONE);
        assertEquals(FeedStatus.DISCONNECTED, watchdog.status(1));
        assertTrue(watchdog.isPaused(0));
    }

    @Test
    void shouldCountSequenceGapsPerFeedAndInstrumentAndDegradeTheFeed()
    {
        watchdog.onMarketData(1, 1, 0, 0, true);
        watchdog.onMarketData(1, 2, 1, 0, true);
        watchdog.onMarketData(1, 5, 1, 0, true);
        watchdog.onMarketData(1, 5, 0, 0, true);
        watchdog.onMarketData(1, 9, 0, 0, true);
        evaluate(S);

        assertEquals(5, watchdog.gaps(1));
        assertEquals(2, watchdog.instrumentGaps(1));
        assertEquals(3, watchdog.instrumentGaps(0));
        assertEquals(FeedStatus.DEGRADED, watchdog.status(1));
        assertEquals("1:HEALTHY->DEGRADED@1s/gaps=5", transitions.get(0));

        watchdog.onMarketData(1, 10, 0, 2 * S, true);
        evaluate(2 * S);
        assertEquals(FeedStatus.HEALTHY, watchdog.status(1));
    }

    @Test
    void shouldIgnoreFeedIdsItDoesNotTrack()
    {
        watchdog.onMarketData(FeedWatchdog.MAX_FEEDS, 1, 0, 0, true);
        watchdog.onMarketData(-1, 1, 0, 0, true);
        evaluate(STALE * 10);
        assertEquals(2, watchdog.untrackedTicks());
        assertFalse(watchdog.isPaused(0));
        assertTrue(transitions.isEmpty());
    }

    @Test
    void shouldTurnAStatusOffWithAZeroThreshold()
    {
        watchdog.onMarketData(1, 1, 0, 0, true);
        watchdog.evaluate(1_000 * S, 0, 0, 0);
        assertEquals(FeedStatus.HEALTHY, watchdog.status(1));
    }

    @Test
    void shouldMarkAFeedStaleAtOnceWhenItsSourceGoesDownAndKeepItPausedUntilItTicksAgain()
    {
        watchdog.onMarketData(1, 1, 0, 10 * S, true);
        watchdog.onMarketData(2, 1, 1, 10 * S, true);

        assertTrue(watchdog.onFeedDown(1, 10 * S + 1));
        assertEquals(FeedStatus.STALE, watchdog.status(1));
        assertTrue(watchdog.isPaused(0), "its instrument pauses at once");
        assertFalse(watchdog.isPaused(1), "another feed's instrument trades on");
        assertEquals("1:HEALTHY->STALE@0s/gaps=0", transitions.get(0));

        evaluate(10 * S + 2);
        assertEquals(FeedStatus.STALE, watchdog.status(1), "a young last tick does not lift the pause");
        evaluate(10 * S + GONE);
        assertEquals(FeedStatus.DISCONNECTED, watchdog.status(1), "silence still turns it disconnected");

        watchdog.onMarketData(1, 2, 0, 11 * S + GONE, true);
        assertEquals(FeedStatus.HEALTHY, watchdog.status(1));
        assertFalse(watchdog.isPaused(0));
    }

    @Test
    void shouldLeaveAFeedAloneWhenItGoesDownBeforeItsFirstTickOrWhilePaused()
    {
        assertFalse(watchdog.onFeedDown(1, S), "a feed that never ticked feeds no instrument");
        assertFalse(watchdog.onFeedDown(FeedWatchdog.MAX_FEEDS, S));
        watchdog.onMarketData(1, 1, 0, 0, true);
        evaluate(STALE);
        transitions.clear();
        assertFalse(watchdog.onFeedDown(1, STALE + 1), "already paused");
        assertTrue(transitions.isEmpty());
    }
}
