package io.horizon.ops.deploy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import io.horizon.fix.sim.FixExchangeSimulator;
import io.horizon.fix.sim.SimFaults;
import io.horizon.ops.preset.EmbeddedPresets;
import io.horizon.ops.support.HorizonProcess;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static io.horizon.ops.deploy.DaemonLog.read;
import static io.horizon.ops.deploy.FixSimRuns.cli;
import static io.horizon.ops.deploy.FixSimRuns.startSimulator;
import static org.junit.jupiter.api.Assertions.assertEquals;
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
        final FixExchangeSimulator simulator = startSimulator(new SimFaults());
        Process daemon = null;
        final Path log = dir.resolve("daemon.log");
        final Path state = dir.resolve("state");
        try
        {
            final String text = EmbeddedPresets.text(EmbeddedPresets.FIX_SIM);
            final String overrides = "[risk.overrides]\n";
            assertTrue(text.contains("\nport = 9878") && text.contains(overrides) && text.contains("reconnect_min_ms = 500"),
                "the embedded preset has what we edit");
            final Path preset = dir.resolve("fix-sim.hz.toml");
            Files.writeString(preset, text.replace("\nport = 9878", "\nport = " + simulator.port())
                .replace("reconnect_min_ms = 500", "reconnect_min_ms = 200")
                .replace(overrides, overrides + "feed_degraded_seconds = 200\nfeed_stale_seconds = 300\n" +
                    "feed_disconnected_seconds = 400\ngrace_period_s = 1\n"),
                StandardCharsets.UTF_8);
            daemon = HorizonProcess.start(log, Map.of("HORIZON_METRICS_PORT", "0"), "run", "--preset", preset.toString(),
                "--state", state.toString(), "--duration", "600s", "--metrics-port", "0");

            HorizonProcess.awaitLogLine(daemon, log, "FIX market data on venue sim as feed 1");
            HorizonProcess.awaitLogLine(daemon, log, "requested 3 instrument(s) as feed 1");
            // Past the grace period with quotes flowing: the feed is known and healthy.
            Thread.sleep(2_000);
            assertTrue(!read(log).contains(STALE), "no stale feed while quotes flow:\n" + read(log));

            final long dropped = System.nanoTime();
            simulator.dropSession();
            HorizonProcess.awaitLogLine(daemon, log, STALE);
            final long staleAfterMillis = (System.nanoTime() - dropped) / 1_000_000;
            assertTrue(staleAfterMillis < 300_000, "stale at the drop, not after feed_stale_seconds");
            assertTrue(read(log).contains("feed 1 reported down"), read(log));
            assertTrue(read(log).contains("feed 1 stale: its source went down"), read(log));
            HorizonProcess.awaitLogLine(daemon, log, RECOVERED);
            assertEquals(0, HorizonProcess.terminate(daemon), read(log));
            daemon = null;
        }
        finally
        {
            simulator.close();
            if (daemon != null)
            {
                daemon.destroyForcibly();
            }
        }

        final String controls = cli(dir, "replay", "--state", state.toString(), "--type", "control");
        assertTrue(controls.contains("FEED_DOWN"), controls);
        final String verify = cli(dir, "replay", "--state", state.toString(), "--verify");
        assertTrue(verify.contains("verified "), verify);
        final String summary = read(log);
        final String journaled = "events journaled (this run)";
        final int at = summary.indexOf(journaled);
        assertTrue(at >= 0, summary);
        final String count = summary.substring(at + journaled.length()).trim().split("\\s+")[0];
        assertTrue(verify.contains("verified " + count + " events"), verify + "\n" + summary);
    }
}
