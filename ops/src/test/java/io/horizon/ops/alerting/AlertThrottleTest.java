package io.horizon.ops.alerting;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import io.horizon.engine.counter.EngineCounters;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The repeat throttle on a flapping feed, with a hand-moved clock: a trouble and its resolution
 * pass at once, later repeats are held back and counted, and the last one is released when the
 * window has passed, so the final word is the feed's real state; critical alerts always pass.
 */
final class AlertThrottleTest
{
    private static final Duration WINDOW = Duration.ofMinutes(5);

    private final AtomicLong now = new AtomicLong(1_000);
    private final List<String> sent = new ArrayList<>();
    private final EngineCounters counters = new EngineCounters();
    private final AlertThrottle throttle = new AlertThrottle(
        (severity, title, message, extra) -> sent.add(severity.wireName() + " " + title + " " + extra.getOrDefault("held_back", "")),
        WINDOW, now::get, new AlertMetrics(counters));

    @Test
    void shouldHoldBackAFlappingFeedAndReleaseItsLastStateWhenTheWindowHasPassed()
    {
        feed(Severity.ERROR, "stale");
        feed(Severity.INFO, "recovered");
        feed(Severity.ERROR, "stale");
        feed(Severity.INFO, "recovered");
        feed(Severity.ERROR, "stale");
        assertEquals(List.of("error stale ", "info recovered "), sent, "a trouble and its resolution pass at once");

        now.addAndGet(WINDOW.toNanos() - 1);
        assertEquals(0, throttle.flushDue(), "nothing is released inside the window");

        now.addAndGet(1);
        assertEquals(1, throttle.flushDue());
        assertEquals("error stale 2 similar alert(s) held back before this one", sent.get(2),
            "the last state goes out, saying how many were held before it");
        assertEquals(0, throttle.flushDue(), "released once");
        assertEquals(3, heldBack());
    }

    @Test
    void shouldPageAnEscalationAtOnceThoughTheWindowHasHadItsTwoAndHoldItsRepeats()
    {
        feed(Severity.WARNING, "degraded");
        feed(Severity.INFO, "recovered");
        feed(Severity.WARNING, "degraded");
        feed(Severity.ERROR, "stale");
        feed(Severity.ERROR, "stale");

        assertEquals(List.of("warning degraded ", "info recovered ",
            "error stale 1 similar alert(s) held back before this one"), sent,
            "worse than anything paged in the window: the operator hears of it now, with what was held before it");
        assertEquals(2, heldBack(), "the second degraded and the repeated stale");
    }

    @Test
    void shouldLetTheRecoveryOfAPagedTroubleThroughAfterDegradedAndStaleButNotAFlappingFeedsRepeats()
    {
        feed(Severity.WARNING, "degraded");
        feed(Severity.ERROR, "stale");
        feed(Severity.INFO, "recovered");
        assertEquals(List.of("warning degraded ", "error stale ", "info recovered "), sent,
            "the feed's real state goes out at once, not 5 minutes later");

        for (int i = 0; i < 3; i++)
        {
            feed(Severity.WARNING, "degraded");
            feed(Severity.ERROR, "stale");
            feed(Severity.INFO, "recovered");
        }
        assertEquals(3, sent.size(), "a flapping feed pages no more in the window: " + sent);
        assertEquals(9, heldBack());

        now.addAndGet(WINDOW.toNanos());
        assertEquals(1, throttle.flushDue());
        assertEquals("info recovered 8 similar alert(s) held back before this one", sent.get(3), "its last word, when the window is up");
    }

    @Test
    void shouldLetEveryCriticalAlertThroughAndKeepKeysApart()
    {
        for (int i = 0; i < 4; i++)
        {
            throttle.send(Severity.CRITICAL, "Kill switch engaged", "m", Map.of("dedup_key", "horizon:killswitch"));
        }
        feed(Severity.ERROR, "stale");
        throttle.send(Severity.ERROR, "stale", "m", Map.of("dedup_key", "horizon:feed:feed 2"));

        assertEquals(6, sent.size(), sent::toString);
        assertEquals(0, heldBack());
    }

    @Test
    void shouldReleaseEverythingHeldAtShutdown()
    {
        for (int i = 0; i < 3; i++)
        {
            feed(Severity.ERROR, "stale");
        }
        assertEquals(2, sent.size());
        assertEquals(1, throttle.releaseAll());
        assertEquals(3, sent.size());
    }

    private void feed(final Severity severity, final String title)
    {
        // A recovery says so, as the audit bridge marks it.
        throttle.send(severity, title, "m", title.startsWith("recovered") ?
            Map.of("dedup_key", "horizon:feed:feed 1", "resolves", "true") : Map.of("dedup_key", "horizon:feed:feed 1"));
    }

    private long heldBack()
    {
        final long[] value = {-1};
        counters.reader().forEach((id, type, key, label) ->
        {
            if (label.equals("horizon_alerts_held_back_total"))
            {
                value[0] = counters.reader().getCounterValue(id);
            }
        });
        return value[0];
    }
}
