package io.horizon.bench.latency;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The harness's smoke mode, so it cannot rot: every series runs (both threading modes, the
 * baselines, and the shared mode's low-rate series with each idle strategy), measures something,
 * and the tables, histograms and plots are written. Speed is not asserted here; it goes in the README.
 */
final class LatencyHarnessSmokeTest
{
    @Test
    void shouldRunEverySeriesAndWriteTableHistogramsAndPlot(@TempDir final Path out) throws Exception
    {
        final LatencyHarness.Settings settings = LatencyHarness.Settings.parse(
            "--smoke", "--rates", "2000", "--seconds", "0.5", "--journal-sync", "none", "--low-rate", "1000",
            "--out", out.toString());
        final ByteArrayOutputStream text = new ByteArrayOutputStream();

        final List<LatencyResult> results = LatencyHarness.run(settings, new PrintStream(text, true, StandardCharsets.UTF_8));

        assertEquals(List.of("horizon-shared", "horizon-dedicated", "ring-hop", "blocking-queue", "chronicle-append",
                "horizon-shared/backoff", "ring-hop-polled/backoff", "horizon-shared/yielding", "ring-hop-polled/yielding",
                "horizon-shared/busy-spin", "ring-hop-polled/busy-spin"),
            results.stream().map(LatencyResult::name).toList());
        for (final LatencyResult r : results)
        {
            assertTrue(r.histogram().getTotalCount() > 0, r.label() + " measured nothing");
            assertTrue(Files.size(out.resolve(r.label().replace('/', '-') + ".hgrm")) > 0, r.label());
        }
        for (final LatencyResult r : results.subList(5, results.size()))
        {
            assertTrue(r.cpuCores() > 0, r.label() + " measured no CPU use");
        }
        assertTrue(Files.size(out.resolve("percentiles.png")) > 1000);
        assertTrue(Files.size(out.resolve("percentiles-low-rate.png")) > 1000);
        final String table = Files.readString(out.resolve("results.md"));
        assertTrue(table.contains("horizon-shared@2k") && table.contains("horizon-dedicated@2k") &&
            table.contains("raw Chronicle append rate"), table);
        assertTrue(table.contains("at 2k, shared: p99 = ") && table.contains("horizon-shared/yielding@1k: p50 = "), table);
        assertTrue(table.contains("journal sync none") && table.contains("x the chronicle-append floor"), table);
    }

    @Test
    void shouldRefuseAutoAsAHarnessThreadingMode()
    {
        final IllegalArgumentException ex =
            assertThrows(IllegalArgumentException.class, () -> LatencyHarness.Settings.parse("--threading", "auto"));
        assertTrue(ex.getMessage().contains("shared, dedicated or both"), ex.getMessage());
    }

    @Test
    void shouldRefuseAnUnknownArgument()
    {
        final IllegalArgumentException ex =
            assertThrows(IllegalArgumentException.class, () -> LatencyHarness.Settings.parse("--fast"));
        assertTrue(ex.getMessage().contains("unknown argument '--fast'"), ex.getMessage());
    }
}
