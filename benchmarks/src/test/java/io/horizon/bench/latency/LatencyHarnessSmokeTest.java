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
 * The harness's smoke mode, so it cannot rot: every series runs, measures something, and the
 * table, histograms and plot are written. Speed is not asserted here; it goes in the README.
 */
final class LatencyHarnessSmokeTest
{
    @Test
    void shouldRunEverySeriesAndWriteTableHistogramsAndPlot(@TempDir final Path out) throws Exception
    {
        final LatencyHarness.Settings settings = LatencyHarness.Settings.parse(
            "--smoke", "--rates", "2000", "--seconds", "0.5", "--journal-sync", "none", "--out", out.toString());
        final ByteArrayOutputStream text = new ByteArrayOutputStream();

        final List<LatencyResult> results = LatencyHarness.run(settings, new PrintStream(text, true, StandardCharsets.UTF_8));

        assertEquals(List.of("horizon", "ring-hop", "blocking-queue"), results.stream().map(LatencyResult::name).toList());
        for (final LatencyResult r : results)
        {
            assertTrue(r.histogram().getTotalCount() > 0, r.label() + " measured nothing");
            assertTrue(Files.size(out.resolve(r.label() + ".hgrm")) > 0, r.label());
        }
        assertTrue(Files.size(out.resolve("percentiles.png")) > 1000);
        final String table = Files.readString(out.resolve("results.md"));
        assertTrue(table.contains("horizon@2k") && table.contains("raw Chronicle append rate"), table);
    }

    @Test
    void shouldRefuseAnUnknownArgument()
    {
        final IllegalArgumentException ex =
            assertThrows(IllegalArgumentException.class, () -> LatencyHarness.Settings.parse("--fast"));
        assertTrue(ex.getMessage().contains("unknown argument '--fast'"), ex.getMessage());
    }
}
