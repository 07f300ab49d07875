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

import static io.horizon.ops.deploy.DaemonLog.awaitCount;
import static io.horizon.ops.deploy.DaemonLog.read;
import static io.horizon.ops.deploy.FixSimRuns.cli;
import static io.horizon.ops.deploy.FixSimRuns.startSimulator;
import static io.horizon.ops.deploy.FixSimRuns.withSyntheticFeed;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code when_down = "wait"} in the daemon: Horizon, the real CLI in a child process, trades the
 * FIX exchange simulator over loopback with the sample market maker on its synthetic market; the
 * simulator drops the socket and refuses logons for a while, so the market maker's orders, amends
 * and cancels are held (each journaled as {@code ORDER_HELD}); once the simulator accepts the
 * logon again they go out, and none of them
 * reaches the dead-letter queue; {@code replay --verify} re-runs the journal to the same outputs.
 */
final class FixOrdersWhileDownDaemonTest
{
    private static final String LOGGED_ON = ": logged on (next MsgSeqNum";

    @TempDir
    Path dir;

    @Test
    void shouldHoldOrdersWhileTheSessionIsDownAndSendThemAfterTheLogonWithNothingDeadLettered() throws Exception
    {
        final SimFaults faults = new SimFaults();
        final FixExchangeSimulator simulator = startSimulator(faults);
        Process daemon = null;
        final Path log = dir.resolve("daemon.log");
        final Path state = dir.resolve("state");
        try
        {
            final String text = withSyntheticFeed(EmbeddedPresets.text(EmbeddedPresets.FIX_SIM));
            assertTrue(text.contains("\nport = 9878") && text.contains("when_down = \"dlq\"") &&
                text.contains("reconnect_min_ms = 500"), "the embedded preset has what we edit");
            final Path preset = dir.resolve("wait.hz.toml");
            Files.writeString(preset, text.replace("\nport = 9878", "\nport = " + simulator.port())
                .replace("when_down = \"dlq\"", "when_down = \"wait\"")
                .replace("reconnect_min_ms = 500", "reconnect_min_ms = 200")
                .replace("reconnect_max_ms = 30000", "reconnect_max_ms = 400"), StandardCharsets.UTF_8);
            daemon = HorizonProcess.start(log, Map.of("HORIZON_METRICS_PORT", "0"), "run", "--preset", preset.toString(),
                "--state", state.toString(), "--duration", "600s", "--metrics-port", "0");
            HorizonProcess.awaitLogLine(daemon, log, LOGGED_ON);
            // Running, the synthetic market moving: the market maker sends orders all the time, and
            // amends its quotes resting at the venue also while the session is down (orders still
            // unanswered at the drop would wait for the logon, so nothing might be held).
            HorizonProcess.awaitLogLine(daemon, log, "Horizon running");
            DaemonLog.await(() -> simulator.restingOrders() > 0, "the market maker's quotes rest at the simulator");
            Thread.sleep(1_000);

            faults.rejectLogons(true);
            simulator.dropSession();
            HorizonProcess.awaitLogLine(daemon, log, "holding orders until the logon");
            Thread.sleep(1_500);
            faults.rejectLogons(false);
            awaitCount(log, LOGGED_ON, 2);
            Thread.sleep(1_000);
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

        final String summary = read(log);
        assertFalse(summary.contains("not logged on: FIX venue"), "nothing refused for the session being down:\n" + summary);
        assertFalse(summary.contains("still held for the logon"), "every held command went out:\n" + summary);
        final String deadLetters = cli(dir, "dlq", "list", "--state", state.toString());
        assertFalse(deadLetters.contains("not logged on"), deadLetters);
        final String controls = cli(dir, "replay", "--state", state.toString(), "--type", "control");
        assertTrue(controls.contains("ORDER_HELD"), "each held command is journaled:\n" + controls);
        final String verify = cli(dir, "replay", "--state", state.toString(), "--verify");
        assertTrue(verify.contains("verified "), verify);
    }
}
