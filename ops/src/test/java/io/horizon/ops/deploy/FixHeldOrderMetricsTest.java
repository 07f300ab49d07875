package io.horizon.ops.deploy;

import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.horizon.fix.sim.SimFaults;
import io.horizon.ops.support.HorizonProcess;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static io.horizon.ops.deploy.FixDaemonRig.edit;
import static io.horizon.ops.deploy.FixDaemonRig.withSyntheticFeed;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What an operator sees of {@code when_down = "wait"}, by scraping {@code /metrics} over HTTP
 * (an ephemeral port on 127.0.0.1) of the real CLI in a child process trading the FIX exchange
 * simulator: while the simulator has dropped the session and refuses logons, the market maker's
 * commands are held ({@code horizon_venue_held_commands} above 0, {@code horizon_venue_held_total}
 * counting), one held past {@code wait_limit_ms} goes to the dead-letter queue
 * ({@code horizon_venue_held_expired_total}) as do those that find {@code wait_max_orders} held
 * already ({@code horizon_venue_hold_full_total}: only when the market maker sends a second command
 * while one is held, which depends on its quotes at the drop, so it is counted and checked against
 * the dead-letter queue but not required here; {@code FixOrdersWhileDownTest} makes one for sure);
 * once the simulator takes the logon again the held ones go out ({@code horizon_venue_held_released_total}) and the gauge is back at 0, every
 * held command accounted for as released or expired.
 */
final class FixHeldOrderMetricsTest
{
    private static final String HELD_NOW = "horizon_venue_held_commands";
    private static final String HELD = "horizon_venue_held_total";
    private static final String RELEASED = "horizon_venue_held_released_total";
    private static final String EXPIRED = "horizon_venue_held_expired_total";
    private static final String HOLD_FULL = "horizon_venue_hold_full_total";
    private static final long WAIT_LIMIT_MS = 5_000;

    @TempDir
    Path dir;

    @Test
    void shouldShowHeldCommandsRiseWhileTheSessionIsDownAndFallOnceTheyAreReleasedOrDeadLettered() throws Exception
    {
        final SimFaults faults = new SimFaults();
        final Map<String, Double> end;
        try (FixDaemonRig rig = new FixDaemonRig(dir, faults))
        {
            final String text = withSyntheticFeed(rig.presetText());
            // Amends only after a move of 20 ticks, not 2, on a market of 200 quotes/s, not 2,000:
            // with 2 ticks, each quote was amended again as soon as its last amend was answered, so
            // the drop could find all of them waiting for an answer, and a quote waiting for one is
            // not amended again before the logon (nothing held; StatFixVenueTest failed in CI on it).
            rig.startDaemon(rig.writePreset("wait.hz.toml", edit(edit(edit(edit(edit(edit(edit(text,
                "\nrate = 2000\n", "\nrate = 200\n"),
                "requote_ticks = 2 ", "requote_ticks = 20"),
                "when_down = \"dlq\"", "when_down = \"wait\""),
                "wait_limit_ms = 30000", "wait_limit_ms = " + WAIT_LIMIT_MS),
                "wait_max_orders = 1024", "wait_max_orders = 1"),
                "reconnect_min_ms = 500", "reconnect_min_ms = 200"),
                "reconnect_max_ms = 30000", "reconnect_max_ms = 400")), true);
            rig.awaitLog(FixDaemonRig.LOGGED_ON);
            rig.awaitLog("Horizon running");
            final Map<String, Double> up = awaitScrape(rig, s -> s.containsKey(HELD_NOW), "the held-order metrics exported");
            assertEquals(0.0, up.get(HELD_NOW), "nothing held while the session is logged on: " + up);
            assertEquals(0.0, up.get(HELD), up.toString());
            // Quotes resting at the venue: the market maker amends them as the market moves, also
            // while the session is down (orders still unanswered at the drop would wait for the logon).
            DaemonLog.await(() -> rig.simulator().restingOrders() > 0, "the market maker's quotes rest at the simulator");
            // Its acks reach the engine too: dropped as soon as the first quote rested, all of its
            // first orders could still wait for their acks, and a pending order is never amended,
            // so nothing would be held (seen: no command held in a minute).
            Thread.sleep(1_000);

            faults.rejectLogons(true);
            rig.simulator().dropSession();
            final Map<String, Double> down = awaitScrape(rig, s -> s.get(HELD_NOW) > 0, "commands held");
            assertTrue(down.get(HELD) >= down.get(HELD_NOW), down.toString());
            assertEquals(0.0, down.get(RELEASED), "nothing goes out while the session is down: " + down);
            final Map<String, Double> deadLettered = awaitScrape(rig, s -> s.get(EXPIRED) > 0, "one held past wait_limit_ms");
            assertEquals(0.0, deadLettered.get(RELEASED), deadLettered.toString());
            // The logon comes right after the next expiry, when what the market maker sent again at
            // once is held and far from the limit: it is released, not expired.
            final double expired = deadLettered.get(EXPIRED);
            awaitScrape(rig, s -> s.get(EXPIRED) > expired && s.get(HELD_NOW) > 0, "a command held again after an expiry");

            faults.rejectLogons(false);
            rig.awaitLogCount(FixDaemonRig.LOGGED_ON, 2);
            end = awaitScrape(rig, s -> s.get(HELD_NOW) == 0 && s.get(RELEASED) > 0 &&
                s.get(HELD).equals(s.get(RELEASED) + s.get(EXPIRED)), "the held commands released");
            rig.stopDaemon();

            assertTrue(end.get(EXPIRED) >= 2 && end.get(RELEASED) >= 1, end.toString());
            // The dead-letter queue (whose list cuts the reason short) holds exactly what the counters
            // counted, one row per refused command, also for one whose order filled or was cancelled
            // while it waited (RefusedVenueCommandTest).
            final String deadLetters = rig.cli("dlq", "list", "--state", rig.state().toString());
            assertEquals(end.get(EXPIRED).intValue(), DaemonLog.count(deadLetters, "not logged on: FIX venue sim; held "),
                deadLetters);
            assertEquals(end.get(HOLD_FULL).intValue(),
                DaemonLog.count(deadLetters, "not logged on: FIX venue sim; 1 commands al"), deadLetters);
        }
    }

    /**
     * Scrapes until the venue's held-order samples satisfy the condition, at most
     * {@link HorizonProcess#TIMEOUT_S}.
     */
    private static Map<String, Double> awaitScrape(final FixDaemonRig rig, final Predicate<Map<String, Double>> condition,
        final String what) throws Exception
    {
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(HorizonProcess.TIMEOUT_S);
        Map<String, Double> samples = Map.of();
        while (System.nanoTime() < deadline)
        {
            samples = heldSamples(rig.metrics());
            if (samples.size() == 5 && condition.test(samples))
            {
                return samples;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("timed out waiting until " + what + "; last scrape: " + samples + "\n" + rig.readLog());
    }

    /** @return the venue {@code sim}'s held-order samples by name. */
    private static Map<String, Double> heldSamples(final String scrape)
    {
        final Map<String, Double> samples = new java.util.TreeMap<>();
        final Matcher m = Pattern.compile("^(horizon_venue_h(?:eld|old)_[a-z_]+)\\{[^}]*venue=\"sim\"[^}]*} (\\S+)$",
            Pattern.MULTILINE).matcher(scrape);
        while (m.find())
        {
            samples.put(m.group(1), Double.parseDouble(m.group(2)));
        }
        return samples;
    }
}
