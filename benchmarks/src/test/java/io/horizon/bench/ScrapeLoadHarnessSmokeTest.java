package io.horizon.bench;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The scrape-load harness, in its shortest form: a warm-up run scraped by the second process, one
 * unloaded and one loaded run, and the summary. It proves the harness and its scraper process
 * work; the figures it prints mean nothing at this length.
 */
final class ScrapeLoadHarnessSmokeTest
{
    @Test
    void shouldScrapeFromASecondProcessOnlyInTheLoadedRunAndSummarise() throws Exception
    {
        final ByteArrayOutputStream captured = new ByteArrayOutputStream();
        final PrintStream original = System.out;
        System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try
        {
            ScrapeLoadHarness.main(new String[]{"1", "1", "200", "20", "1"});
        }
        finally
        {
            System.setOut(original);
        }
        final String out = captured.toString(StandardCharsets.UTF_8);
        assertTrue(out.contains("round 1 unloaded") && out.contains("scrapes      0 (0/s, 0 failed)"), out);
        final Matcher loaded = Pattern.compile("round 1 loaded .* scrapes +(\\d+) \\(\\d+/s, 0 failed\\)").matcher(out);
        assertTrue(loaded.find(), out);
        assertTrue(Integer.parseInt(loaded.group(1)) > 0, "the scraper process scraped during the loaded run: " + out);
        assertTrue(out.contains("median p99 unloaded"), out);
    }
}
