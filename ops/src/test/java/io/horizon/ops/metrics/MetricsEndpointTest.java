package io.horizon.ops.metrics;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Scrapes a real {@code horizon run} over HTTP while it trades: Horizon's metric names are there
 * with their labels and their values move; the endpoint answers health and readiness, refuses
 * anything but reads, and its output passes {@code promtool check metrics}.
 */
final class MetricsEndpointTest
{
    private static final String PAPER = "venue=\"paper\"";
    private static final String ACCOUNT = "account=\"paper\"";

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private PrintStream originalOut;

    @BeforeEach
    void captureSummary()
    {
        originalOut = System.out;
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
    }

    @AfterEach
    void restore()
    {
        System.setOut(originalOut);
    }

    @Test
    void shouldServeHorizonMetricsWithMovingValuesDuringARun(@TempDir final Path dir) throws Exception
    {
        // Long enough for the paced sample market maker's first fills on a loaded CI machine: the
        // test only waits for what it needs, then for the run's end.
        try (RunningDaemon daemon = RunningDaemon.start(dir.resolve("state"), "20s"))
        {
            final Scrape first = awaitScrape(daemon, s -> s.has("horizon_fills_total", PAPER, ACCOUNT) &&
                s.value("horizon_order_latency_seconds_count", PAPER, ACCOUNT) > 0);
            Thread.sleep(2_200);
            final Scrape second = daemon.scrape();

            for (final String side : List.of("side=\"buy\"", "side=\"sell\""))
            {
                assertTrue(second.has("horizon_orders_submitted_total", PAPER, ACCOUNT, side), second::text);
                assertTrue(second.has("horizon_fills_total", PAPER, ACCOUNT, side), second::text);
            }
            assertEquals("counter", second.type("horizon_orders_submitted_total"), second::text);
            final double submittedBefore = first.value("horizon_orders_submitted_total", PAPER, ACCOUNT, "side=\"buy\"");
            final double submittedAfter = second.value("horizon_orders_submitted_total", PAPER, ACCOUNT, "side=\"buy\"");
            assertTrue(submittedAfter > submittedBefore, "orders submitted moved: " + submittedBefore + " -> " + submittedAfter);
            assertTrue(second.value("horizon_events_processed_total") > first.value("horizon_events_processed_total"));

            assertTrue(second.has("horizon_order_rejects_total", PAPER, ACCOUNT, "layer=\"venue\""), second::text);
            assertTrue(second.has("horizon_order_rejects_total", PAPER, ACCOUNT, "layer=\"sanity\""), second::text);

            assertEquals("histogram", second.type("horizon_order_latency_seconds"), second::text);
            assertTrue(second.has("horizon_order_latency_seconds_bucket", PAPER, ACCOUNT, "le=\"0.001\""), second::text);
            assertTrue(second.value("horizon_order_latency_seconds_count", PAPER, ACCOUNT) >
                first.value("horizon_order_latency_seconds_count", PAPER, ACCOUNT), "order latency count moved");
            assertTrue(second.value("horizon_order_latency_seconds_sum", PAPER, ACCOUNT) > 0);

            assertTrue(second.has("horizon_positions_open", PAPER, ACCOUNT), second::text);
            final double equity = second.value("horizon_equity_usd", ACCOUNT);
            assertTrue(equity > 900_000 && equity < 1_100_000, "equity in dollars, near the starting million: " + equity);

            assertTrue(second.has("horizon_stage_latency_seconds", "stage=\"ring_to_gateway\"", "percentile=\"p99\""), second::text);
            assertTrue(second.value("horizon_stage_latency_seconds", "stage=\"ring_to_gateway\"", "percentile=\"p50\"") > 0);
            assertTrue(second.value("horizon_journal_append_latency_seconds", "percentile=\"p99\"") > 0, second::text);
            assertTrue(second.has("horizon_ring_remaining_capacity", "ring=\"inbound\""), second::text);
            assertTrue(second.has("horizon_ring_drops_total", "kind=\"market_data\""), second::text);
            assertTrue(second.has("horizon_engine_order_rejects_total", "layer=\"ring\"", "reason=\"ring_full\""), second::text);

            assertTrue(second.has("jvm_memory_used_bytes"), second::text);
            assertTrue(second.has("jvm_threads_live_threads"), second::text);
            assertTrue(second.has("jvm_gc_pause_seconds_count") || second.has("jvm_gc_memory_allocated_bytes_total"), second::text);
            assertTrue(second.has("process_cpu_usage") && second.has("system_cpu_cores"), second::text);

            final HttpResponse<String> ready = daemon.get("/ready");
            assertEquals(200, ready.statusCode(), ready.body());
            assertTrue(ready.body().contains("engine: ok"), ready.body());
            assertTrue(ready.body().contains("journal: ok"), ready.body());
            // /ready reads the audit lag under the very name the exporter publishes.
            assertTrue(ready.body().contains("audit_lag: ok ") &&
                ready.body().contains("records behind the journal (horizon_audit_flush_lag_records"), ready.body());
            assertTrue(second.has("horizon_audit_flush_lag_records"), second::text);
            assertEquals(200, daemon.get("/health").statusCode());
            assertEquals(404, daemon.get("/control/kill").statusCode());
            assertEquals(0, daemon.awaitExit(), out::toString);
        }
    }

    @Test
    void shouldPassPromtoolCheckMetrics(@TempDir final Path dir) throws Exception
    {
        final String promtool = promtool();
        Assumptions.assumeTrue(promtool != null,
            "promtool is not installed here (Debian package 'prometheus'; .ci/run installs it), so this check is skipped");
        final Path scrapeFile = dir.resolve("scrape.txt");
        try (RunningDaemon daemon = RunningDaemon.start(dir.resolve("state"), "4s"))
        {
            final Scrape scrape = awaitScrape(daemon, s -> s.has("horizon_order_latency_seconds_count", PAPER));
            Files.writeString(scrapeFile, scrape.text(), StandardCharsets.UTF_8);
            daemon.awaitExit();
        }
        final Process check = new ProcessBuilder(promtool, "check", "metrics")
            .redirectInput(scrapeFile.toFile()).redirectErrorStream(true).start();
        final String report = new String(check.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(check.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, check.exitValue(), "promtool check metrics:\n" + report);
    }

    @Test
    void shouldRefuseWritesOnTheMetricsPort(@TempDir final Path dir) throws Exception
    {
        try (RunningDaemon daemon = RunningDaemon.start(dir.resolve("state"), "2s"))
        {
            final java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient();
            final HttpResponse<String> post = http.send(java.net.http.HttpRequest.newBuilder(
                    java.net.URI.create("http://127.0.0.1:" + daemon.port() + "/metrics"))
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString("kill")).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(405, post.statusCode());
            daemon.awaitExit();
        }
    }

    @Test
    void shouldRefuseToStartOnATakenMetricsPortWithOneLineAndReleaseTheState(@TempDir final Path dir) throws Exception
    {
        final ByteArrayOutputStream err = new ByteArrayOutputStream();
        final PrintStream originalErr = System.err;
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        final int status;
        try (java.net.ServerSocket taken = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress()))
        {
            status = io.horizon.ops.cli.HorizonCommand.execute("run", "--state", dir.resolve("state").toString(), "--duration", "1s",
                "--metrics-bind", "127.0.0.1", "--metrics-port", Integer.toString(taken.getLocalPort()));
            assertEquals(2, status, err::toString);
            assertTrue(err.toString(StandardCharsets.UTF_8).contains("horizon: error: cannot serve metrics on 127.0.0.1:" +
                taken.getLocalPort()), err::toString);
            assertTrue(err.toString(StandardCharsets.UTF_8).contains("--metrics-port 0 to turn metrics off"), err::toString);
            assertFalse(err.toString(StandardCharsets.UTF_8).contains("\tat "), err::toString);
        }
        finally
        {
            System.setErr(originalErr);
        }
        assertEquals(0, io.horizon.ops.cli.HorizonCommand.execute("run", "--state", dir.resolve("state").toString(),
            "--duration", "1s", "--metrics-port", "0"), "the state directory was released");
    }

    private static Scrape awaitScrape(final RunningDaemon daemon, final java.util.function.Predicate<Scrape> ready) throws Exception
    {
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        Scrape scrape = daemon.scrape();
        while (!safe(ready, scrape))
        {
            assertFalse(System.nanoTime() > deadline, () -> "metrics never showed trading:\n" + daemon.toString());
            Thread.sleep(200);
            scrape = daemon.scrape();
        }
        assertNotNull(scrape);
        return scrape;
    }

    private static boolean safe(final java.util.function.Predicate<Scrape> ready, final Scrape scrape)
    {
        try
        {
            return ready.test(scrape);
        }
        catch (final AssertionError ex)
        {
            return false;
        }
    }

    static String promtool()
    {
        for (final String dir : System.getenv().getOrDefault("PATH", "/usr/bin:/bin").split(":"))
        {
            final Path candidate = Path.of(dir, "promtool");
            if (Files.isExecutable(candidate))
            {
                return candidate.toString();
            }
        }
        return null;
    }
}
