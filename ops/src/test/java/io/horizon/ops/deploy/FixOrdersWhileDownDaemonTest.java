package io.horizon.ops.deploy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.horizon.engine.event.FixedPoint;
import io.horizon.fix.sim.FixExchangeSimulator;
import io.horizon.fix.sim.FixSimSettings;
import io.horizon.fix.sim.SimFaults;
import io.horizon.ops.preset.EmbeddedPresets;
import io.horizon.ops.support.HorizonProcess;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code when_down = "wait"} in the daemon: Horizon, the real CLI in a child process, trades the
 * FIX exchange simulator over loopback with the sample market maker on its synthetic market; the
 * simulator drops the socket and refuses logons for a while, so the market maker's orders, amends
 * and cancels are held; once the simulator accepts the logon again they go out, and none of them
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
        final Map<String, Long> instruments = new LinkedHashMap<>();
        instruments.put("AAPL", FixedPoint.ofUnits(190));
        instruments.put("MSFT", FixedPoint.ofUnits(420));
        instruments.put("SPY", FixedPoint.ofUnits(560));
        final SimFaults faults = new SimFaults();
        final FixExchangeSimulator simulator = new FixExchangeSimulator(new FixSimSettings("127.0.0.1", 0,
            FixSimSettings.DEFAULT_COMP_ID, FixSimSettings.DEFAULT_CLIENT_COMP_ID, instruments, 42, 5, List.of(), null, null),
            faults).start();
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
            Thread.sleep(1_000);

            faults.rejectLogons(true);
            simulator.dropSession();
            HorizonProcess.awaitLogLine(daemon, log, "holding orders until the logon");
            Thread.sleep(1_500);
            faults.rejectLogons(false);
            await(() -> count(read(log), LOGGED_ON) >= 2, "logged on again");
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
        final String deadLetters = cli("dlq", "list", "--state", state.toString());
        assertFalse(deadLetters.contains("not logged on"), deadLetters);
        final String verify = cli("replay", "--state", state.toString(), "--verify");
        assertTrue(verify.contains("verified "), verify);
    }

    private static String withSyntheticFeed(final String preset)
    {
        final int feed = preset.indexOf("\n[feed]\n");
        final int next = preset.indexOf("\n[", feed + 1);
        assertTrue(feed >= 0 && next > feed, "the preset has a [feed] table");
        return preset.substring(0, feed) + "\n[feed]\nkind = \"synthetic\"\nrate = 2000\n" + preset.substring(next);
    }

    private String cli(final String... args)
    {
        final ExternalTool.Result result = ExternalTool.run(dir, Map.of("HORIZON_METRICS_PORT", "0"),
            HorizonCli.command(args));
        assertEquals(0, result.exitCode(), "horizon " + String.join(" ", args) + "\n" + result.output());
        return result.output();
    }

    private static void await(final java.util.function.BooleanSupplier condition, final String what) throws Exception
    {
        final long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(HorizonProcess.TIMEOUT_S);
        while (!condition.getAsBoolean())
        {
            if (System.nanoTime() > deadline)
            {
                throw new AssertionError("timed out waiting until " + what);
            }
            Thread.sleep(50);
        }
    }

    private static String read(final Path log)
    {
        try
        {
            return Files.readString(log, StandardCharsets.UTF_8);
        }
        catch (final java.io.IOException ex)
        {
            throw new java.io.UncheckedIOException(ex);
        }
    }

    private static int count(final String text, final String what)
    {
        int count = 0;
        for (int at = text.indexOf(what); at >= 0; at = text.indexOf(what, at + 1))
        {
            count++;
        }
        return count;
    }
}
