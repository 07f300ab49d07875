package io.horizon.ops.deploy;

import java.nio.file.Files;
import java.nio.file.Path;

import io.horizon.fix.sim.SimFaults;
import io.horizon.ops.preset.EmbeddedPresets;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static io.horizon.ops.deploy.FixDaemonRig.withSyntheticFeed;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Horizon, the real CLI in a child process, trading over FIX 4.4 (Artio) with the embedded
 * {@code fix-sim} preset against the FIX exchange simulator (QuickFIX/J) over loopback: market
 * data comes from the simulator over the session (MarketDataRequest, W and X), the sample market
 * maker quotes on it, its orders, amends and fills go over the wire and back as journaled venue
 * responses, and {@code replay --verify} re-runs the journal to the same outputs. One simulator
 * for the class, on a free port.
 */
final class FixVenueEndToEndTest
{
    @TempDir
    static Path dir;

    private static FixDaemonRig rig;

    @BeforeAll
    static void startSimulator()
    {
        rig = new FixDaemonRig(dir, new SimFaults());
    }

    @AfterAll
    static void stopSimulator() throws InterruptedException
    {
        if (rig != null)
        {
            rig.close();
        }
    }

    @Test
    void shouldTradeOverFixWithTheSimulatorAndVerifyTheJournal() throws Exception
    {
        final Path preset = rig.writePreset("fix-sim.hz.toml", rig.presetText());
        final Path state = dir.resolve("state");

        final String summary = cli("run", "--preset", preset.toString(), "--state", state.toString(), "--duration", "6s");
        assertTrue(summary.contains("logged on"), summary);
        // The preset's market data comes over the same session: the market maker quotes on it.
        assertTrue(summary.contains("feed: FIX market data on venue sim: "), summary);
        assertTrue(value(summary.substring(summary.indexOf("feed: FIX market data on venue sim: ")),
            "feed: FIX market data on venue sim:") > 0, "quotes came in over FIX:\n" + summary);
        assertTrue(value(summary, "fills") > 0, "fills came back over FIX:\n" + summary);
        assertTrue(value(summary, "amends requested") > 0, "amends went out as OrderCancelReplaceRequests:\n" + summary);
        assertEquals(0, value(summary, "venue errors"), summary);
        assertTrue(Files.isDirectory(state.resolve("fix/sim/artio")), "sequence numbers live in the state directory");

        final long journaled = value(summary, "events journaled (this run)");
        final String verify = cli("replay", "--state", state.toString(), "--verify");
        assertTrue(verify.contains("verified " + journaled + " events"), verify);
    }

    @Test
    void shouldDeadLetterOrdersForAVenueWhoseSessionIsDownWithTheReason() throws Exception
    {
        final int closedPort;
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress()))
        {
            closedPort = socket.getLocalPort();
        }
        // Horizon's own synthetic market: with the session down there is no FIX market data to quote on.
        final Path preset = rig.writePreset("down.hz.toml", withSyntheticFeed(FixDaemonRig.edit(
            EmbeddedPresets.text(EmbeddedPresets.FIX_SIM), "\nport = 9878", "\nport = " + closedPort)));
        final Path state = dir.resolve("down-state");

        final String summary = cli("run", "--preset", preset.toString(), "--state", state.toString(), "--duration", "3s");
        assertTrue(summary.contains("FIX session not logged on"), summary);
        assertTrue(value(summary, "venue errors") > 0, "orders for the venue were refused before the wire:\n" + summary);

        final String deadLetters = cli("dlq", "list", "--state", state.toString());
        assertTrue(deadLetters.contains("not logged on: FIX venue sim"), deadLetters);
        final String verify = cli("replay", "--state", state.toString(), "--verify");
        assertTrue(verify.contains("verified " + value(summary, "events journaled (this run)") + " events"), verify);
    }

    private static String cli(final String... args)
    {
        return rig.cli(args);
    }

    private static long value(final String summary, final String label)
    {
        for (final String line : summary.split("\n"))
        {
            if (line.startsWith(label))
            {
                return Long.parseLong(line.substring(label.length()).trim().split("\\s+")[0]);
            }
        }
        throw new AssertionError("no '" + label + "' in:\n" + summary);
    }
}
