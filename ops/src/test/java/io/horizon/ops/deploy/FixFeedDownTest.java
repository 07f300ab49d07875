package io.horizon.ops.deploy;

import java.nio.file.Path;

import io.horizon.fix.sim.SimFaults;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static io.horizon.ops.deploy.FixDaemonRig.edit;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A dropped FIX market data session marks the feed stale at once: Horizon, the real CLI in a child
 * process with the embedded {@code fix-sim} preset and {@code feed_stale_seconds} at 300 (so the
 * silence alone cannot explain a stale feed within the test), takes its market data from the FIX
 * exchange simulator over loopback; the simulator drops the socket, the drop is journaled as a
 * {@code FEED_DOWN} control and the watchdog alerts {@code feed.stale} at that event; the session
 * logs on again, quotes flow and the feed recovers; {@code replay --verify} re-runs the journal,
 * the drop included, to the same outputs.
 */
final class FixFeedDownTest
{
    private static final String STALE = "ALERT [error] Market data feed stale";
    private static final String RECOVERED = "Market data feed recovered";

    @TempDir
    Path dir;

    @Test
    void shouldMarkTheFixFeedStaleAtTheDropAndReplayTheDropToTheSameOutputs() throws Exception
    {
        try (FixDaemonRig rig = new FixDaemonRig(dir, new SimFaults()))
        {
            final String overrides = "[risk.overrides]\n";
            rig.startDaemon(rig.writePreset("fix-sim.hz.toml", edit(edit(rig.presetText(),
                "reconnect_min_ms = 500", "reconnect_min_ms = 200"),
                overrides, overrides + "feed_degraded_seconds = 200\nfeed_stale_seconds = 300\n" +
                    "feed_disconnected_seconds = 400\ngrace_period_s = 1\n")));

            rig.awaitLog("FIX market data on venue sim as feed 1");
            rig.awaitLog("requested 3 instrument(s) as feed 1");
            // Past the grace period with quotes flowing: the feed is known and healthy.
            Thread.sleep(2_000);
            assertTrue(!rig.readLog().contains(STALE), "no stale feed while quotes flow:\n" + rig.readLog());

            final long dropped = System.nanoTime();
            rig.simulator().dropSession();
            rig.awaitLog(STALE);
            final long staleAfterMillis = (System.nanoTime() - dropped) / 1_000_000;
            assertTrue(staleAfterMillis < 300_000, "stale at the drop, not after feed_stale_seconds");
            assertTrue(rig.readLog().contains("feed 1 reported down"), rig.readLog());
            assertTrue(rig.readLog().contains("feed 1 stale: its source went down"), rig.readLog());
            rig.awaitLog(RECOVERED);
            rig.stopDaemon();

            final String controls = rig.cli("replay", "--state", rig.state().toString(), "--type", "control");
            assertTrue(controls.contains("FEED_DOWN"), controls);
            final String verify = rig.cli("replay", "--state", rig.state().toString(), "--verify");
            assertTrue(verify.contains("verified "), verify);
            final String summary = rig.readLog();
            final String journaled = "events journaled (this run)";
            final int at = summary.indexOf(journaled);
            assertTrue(at >= 0, summary);
            final String count = summary.substring(at + journaled.length()).trim().split("\\s+")[0];
            assertTrue(verify.contains("verified " + count + " events"), verify + "\n" + summary);
        }
    }
}
