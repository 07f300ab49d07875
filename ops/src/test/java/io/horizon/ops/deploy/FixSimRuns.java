package io.horizon.ops.deploy;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.horizon.engine.event.FixedPoint;
import io.horizon.fix.sim.FixExchangeSimulator;
import io.horizon.fix.sim.FixSimSettings;
import io.horizon.fix.sim.SimFaults;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The FIX exchange simulator as the daemon tests run it against the embedded {@code fix-sim}
 * preset, and the edits they make to that preset.
 */
final class FixSimRuns
{
    private FixSimRuns()
    {
    }

    /**
     * @param faults its fault modes, to change while it runs.
     * @return a started simulator on a free loopback port listing the preset's three instruments
     *         (AAPL 190, MSFT 420, SPY 560), its market moving every 5 ms.
     */
    static FixExchangeSimulator startSimulator(final SimFaults faults)
    {
        final Map<String, Long> instruments = new LinkedHashMap<>();
        instruments.put("AAPL", FixedPoint.ofUnits(190));
        instruments.put("MSFT", FixedPoint.ofUnits(420));
        instruments.put("SPY", FixedPoint.ofUnits(560));
        return new FixExchangeSimulator(new FixSimSettings("127.0.0.1", 0, FixSimSettings.DEFAULT_COMP_ID,
            FixSimSettings.DEFAULT_CLIENT_COMP_ID, instruments, 42, 5, List.of(), null, null), faults).start();
    }

    /**
     * @return the preset with its [feed] table replaced by the synthetic market.
     */
    static String withSyntheticFeed(final String preset)
    {
        final int feed = preset.indexOf("\n[feed]\n");
        final int next = preset.indexOf("\n[", feed + 1);
        assertTrue(feed >= 0 && next > feed, "the preset has a [feed] table");
        return preset.substring(0, feed) + "\n[feed]\nkind = \"synthetic\"\nrate = 2000\n" + preset.substring(next);
    }

    /**
     * Runs {@code horizon ARGS} in {@code dir} to its end (metrics off).
     *
     * @return its output; fails the test on a non-zero exit.
     */
    static String cli(final Path dir, final String... args)
    {
        final ExternalTool.Result result = ExternalTool.run(dir, Map.of("HORIZON_METRICS_PORT", "0"),
            HorizonCli.command(args));
        assertEquals(0, result.exitCode(), "horizon " + String.join(" ", args) + "\n" + result.output());
        return result.output();
    }
}
