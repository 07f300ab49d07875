package io.horizon.ops.deploy;

import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.horizon.fix.sim.SimFaults;
import io.horizon.ops.support.HorizonProcess;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The FIX venue's round trip as an operator reads it, from the real CLI in a child process trading
 * the FIX exchange simulator with the embedded {@code fix-sim} preset (the market maker's orders and
 * amends over the session): {@code /metrics} exports
 * {@code horizon_venue_round_trip_latency_seconds} as a histogram labelled by venue (buckets,
 * count, sum, max), whose count grows as the venue answers and never passes the messages sent;
 * {@code horizon stat --json} lists the series under {@code latency}, and the screen shows it in
 * the LATENCY block as {@code round trip sim}.
 */
final class FixRoundTripMetricsTest
{
    private static final String FAMILY = "horizon_venue_round_trip_latency_seconds";
    private static final Pattern SAMPLE = Pattern.compile("^(" + FAMILY + "_[a-z]+)(\\{[^}]*})? (\\S+)$", Pattern.MULTILINE);
    private static final Pattern LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"");

    @TempDir
    Path dir;

    @Test
    void shouldExportTheVenueRoundTripAsAHistogramByVenueAndShowItInStat() throws Exception
    {
        try (FixDaemonRig rig = new FixDaemonRig(dir, new SimFaults()))
        {
            rig.startDaemon(rig.writePreset("fix-sim.hz.toml", rig.presetText()), true);
            rig.awaitLog(FixDaemonRig.LOGGED_ON);
            rig.awaitLog("Horizon running");

            final String scrape = awaitScrape(rig, s -> value(s, FAMILY + "_count", "venue=\"sim\"") >= 10,
                "ten round trips timed");
            assertTrue(scrape.contains("# TYPE " + FAMILY + " histogram"), "a Prometheus histogram:\n" + scrape);
            final Set<String> labels = new TreeSet<>();
            final Matcher m = SAMPLE.matcher(scrape);
            while (m.find())
            {
                final Matcher label = LABEL.matcher(m.group(2) == null ? "" : m.group(2));
                while (label.find())
                {
                    labels.add(label.group(1));
                }
                assertTrue(m.group(2) != null && m.group(2).contains("venue=\"sim\""), "every sample names its venue: " + m.group());
            }
            assertEquals(Set.of("le", "venue"), labels, "labelled by venue (and le on the buckets):\n" + scrape);
            final double count = value(scrape, FAMILY + "_count", "venue=\"sim\"");
            assertTrue(value(scrape, FAMILY + "_bucket", "le=\"+Inf\"") == count, "the +Inf bucket holds every sample");
            assertTrue(value(scrape, FAMILY + "_sum", "venue=\"sim\"") > 0, "round trips take time");
            assertTrue(value(scrape, FAMILY + "_max", "venue=\"sim\"") > 0, "round trips take time");
            assertTrue(count <= value(scrape, "horizon_venue_messages_out_total", "venue=\"sim\""),
                "one round trip at most per message sent:\n" + scrape);

            final JsonNode series = awaitStat(rig.state(), l -> l.path("count").asLong() > 0,
                "a second with round trips in horizon stat --json");
            assertTrue(series.path("p50_nanos").asLong() > 0 && series.path("max_nanos").asLong() >= series.path("p50_nanos").asLong(),
                series::toString);
            final HorizonProcess.Result screen = HorizonProcess.inProcess("stat", "--state", rig.state().toString(), "--once");
            assertEquals(0, screen.exitCode(), screen::toString);
            assertTrue(screen.output().contains("\n  round trip sim "), "the LATENCY block:\n" + screen.output());
            rig.stopDaemon();
        }
    }

    /** Scrapes until the condition holds, at most {@link HorizonProcess#TIMEOUT_S}. */
    private static String awaitScrape(final FixDaemonRig rig, final Predicate<String> condition, final String what)
        throws Exception
    {
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(HorizonProcess.TIMEOUT_S);
        String scrape = "";
        while (System.nanoTime() < deadline)
        {
            scrape = rig.metrics();
            if (condition.test(scrape))
            {
                return scrape;
            }
            Thread.sleep(200);
        }
        throw new AssertionError("timed out waiting for " + what + "; last scrape:\n" + scrape + "\n" + rig.readLog());
    }

    /** Reads {@code horizon stat --json} until the venue's round-trip series satisfies the condition. */
    private static JsonNode awaitStat(final Path state, final Predicate<JsonNode> condition, final String what)
        throws Exception
    {
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(HorizonProcess.TIMEOUT_S);
        JsonNode last = null;
        while (System.nanoTime() < deadline)
        {
            final HorizonProcess.Result result = HorizonProcess.inProcess("stat", "--state", state.toString(), "--json");
            assertEquals(0, result.exitCode(), result::toString);
            // The simulator runs in this JVM: its log lines may share the output; the JSON is one line.
            final String json = result.output().lines().filter(l -> l.startsWith("{\"")).findFirst().orElseThrow(
                () -> new AssertionError("no JSON object: " + result));
            for (final JsonNode latency : new ObjectMapper().readTree(json).path("latency"))
            {
                if ((FAMILY + "{venue=\"sim\"}").equals(latency.path("series").asText()))
                {
                    last = latency;
                }
            }
            if (last != null && condition.test(last))
            {
                return last;
            }
            Thread.sleep(200);
        }
        throw new AssertionError("timed out waiting for " + what + "; last: " + last);
    }

    /** @return the first sample of {@code name} whose labels contain {@code labelFragment}, or -1. */
    private static double value(final String scrape, final String name, final String labelFragment)
    {
        final Matcher m = SAMPLE.matcher(scrape);
        while (m.find())
        {
            if (m.group(1).equals(name) && m.group(2) != null && m.group(2).contains(labelFragment))
            {
                return Double.parseDouble(m.group(3));
            }
        }
        final Matcher other = Pattern.compile("^" + name + "\\{[^}]*" + Pattern.quote(labelFragment) + "[^}]*} (\\S+)$",
            Pattern.MULTILINE).matcher(scrape);
        return other.find() ? Double.parseDouble(other.group(1)) : -1;
    }
}
