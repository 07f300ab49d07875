package io.horizon.ops.alerting;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Alerting's time: on recorded data the throttle and the restart catch-up judge by the alerts'
 * event time, whatever the wall clock did; live they keep the wall clock.
 */
final class AlertTimeTest
{
    /** 2026-11-30T14:30:00Z, a recorded day well before today. */
    private static final long DAY = TimeUnit.SECONDS.toNanos(1_796_049_000L);
    private static final long MINUTE = TimeUnit.MINUTES.toNanos(1);

    private final List<String> sent = new ArrayList<>();

    @Test
    void shouldPassRepeatsOfARecordedDayThatWereFarApartInRecordedTimeThoughReplayedAtOnce()
    {
        final AtomicLong engine = new AtomicLong(DAY);
        final AlertTime time = AlertTime.recorded(engine::get);
        final AlertThrottle throttle = new AlertThrottle(this::record, Duration.ofMinutes(5), time::throttleNanos, null);

        // Three stale/recovered pairs of one feed, 6 recorded minutes apart, read in one go.
        for (int i = 0; i < 3; i++)
        {
            time.reached(DAY + i * 6 * MINUTE);
            feed(throttle, "stale " + i);
            time.reached(DAY + i * 6 * MINUTE + 15_000_000_000L);
            feed(throttle, "recovered " + i);
        }

        assertEquals(List.of("stale 0", "recovered 0", "stale 1", "recovered 1", "stale 2", "recovered 2"), sent,
            "nothing held back: each pair was in a window of its own");
    }

    @Test
    void shouldStillHoldBackRepeatsOfARecordedDayInsideOneRecordedWindowAndReleaseThemAsRecordedTimePasses()
    {
        final AlertTime time = AlertTime.recorded(() -> DAY);
        final AlertThrottle throttle = new AlertThrottle(this::record, Duration.ofMinutes(5), time::throttleNanos, null);
        time.reached(DAY);
        feed(throttle, "stale");
        feed(throttle, "recovered");
        time.reached(DAY + MINUTE);
        feed(throttle, "stale again");
        assertEquals(List.of("stale", "recovered"), sent);

        time.reached(DAY + 4 * MINUTE);
        assertEquals(0, throttle.flushDue(), "4 recorded minutes: still inside the window");
        time.reached(DAY + 5 * MINUTE);
        assertEquals(1, throttle.flushDue(), "released once the recorded day is 5 minutes on");
        assertEquals("stale again", sent.get(2));
    }

    @Test
    void shouldCatchUpFromTheEngineTimeOnRecordedDataAndFromTheWallClockLive()
    {
        final AlertTime recorded = AlertTime.recorded(() -> DAY + 20 * MINUTE);
        assertEquals(DAY + 5 * MINUTE, recorded.catchUpFromNanos(15), "15 minutes before the engine's time");
        assertTrue(recorded.isRecorded());

        final AlertTime wall = AlertTime.wall();
        final long before = System.currentTimeMillis() * 1_000_000L - 15 * MINUTE;
        final long from = wall.catchUpFromNanos(15);
        assertTrue(from >= before && from <= System.currentTimeMillis() * 1_000_000L - 15 * MINUTE, "15 minutes before now");
        assertFalse(wall.isRecorded());
        wall.reached(DAY);
        final long t0 = System.nanoTime();
        final long t = wall.throttleNanos();
        assertTrue(t >= t0 && t <= System.nanoTime(), "live, the throttle keeps the monotonic wall clock, whatever was read");
    }

    private void feed(final AlertThrottle throttle, final String what)
    {
        throttle.send(what.startsWith("stale") ? Severity.ERROR : Severity.INFO, what, "m", Map.of("dedup_key", "horizon:feed:feed 1"));
    }

    private void record(final Severity severity, final String title, final String message, final Map<String, String> extra)
    {
        sent.add(title);
    }
}
