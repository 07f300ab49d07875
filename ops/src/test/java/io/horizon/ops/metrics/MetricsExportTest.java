package io.horizon.ops.metrics;

import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;

import io.horizon.engine.counter.EngineCounters;
import io.horizon.engine.counter.EngineLatency;
import io.horizon.engine.counter.LatencyRecorder;
import org.agrona.concurrent.status.AtomicCounter;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The export on its own: counters other components allocate later appear with their type's
 * meaning, readiness follows its suppliers, and a taken port fails with the fix.
 */
final class MetricsExportTest
{
    private final EngineCounters counters = new EngineCounters();
    private final EngineLatency latency = new EngineLatency();

    @Test
    void shouldExportCountersAllocatedAfterStartWithTheirTypesMeaning()
    {
        try (MetricsExport export = MetricsExport.inProcess(
            new MetricsSettings("127.0.0.1", 1, Duration.ofMillis(1), 30_000), counters, latency))
        {
            export.sampleNow();
            final Scrape before = new Scrape(export.scrape());
            assertTrue(!before.has("horizon_dlq_depth"), "no value is invented before a component writes it");

            final AtomicCounter dlq = counters.counter("horizon_dlq_depth{venue=\"paper\"}", EngineCounters.TYPE_GAUGE);
            final AtomicCounter audit = counters.counter(
                "horizon_audit_events_total{category=\"kill_switch.engaged\",severity=\"critical\"}", EngineCounters.TYPE_PLAIN);
            final AtomicCounter lag = counters.counter("horizon_test_wait_seconds", EngineCounters.TYPE_NANOS);
            final AtomicCounter heartbeat = counters.counter("horizon_feed_heartbeat_age_seconds{feed=\"synthetic\"}",
                EngineCounters.TYPE_EPOCH_NANOS);
            final AtomicCounter equity = counters.counter("horizon_equity_usd{account=\"x\"}", EngineCounters.TYPE_GAUGE_FIXED);
            dlq.setRelease(4);
            audit.incrementRelease();
            lag.setRelease(1_500_000_000L);
            heartbeat.setRelease(System.currentTimeMillis() * 1_000_000L - 2_000_000_000L);
            equity.setRelease(1_234_567_890L);
            final LatencyRecorder append = latency.journalAppend();
            for (int i = 1; i <= 100; i++)
            {
                append.record(i * 1_000L);
            }
            export.sampleNow();
            final Scrape after = new Scrape(export.scrape());

            assertEquals(4, after.value("horizon_dlq_depth", "venue=\"paper\""));
            assertEquals("gauge", after.type("horizon_dlq_depth"));
            assertEquals(1, after.value("horizon_audit_events_total", "category=\"kill_switch.engaged\"", "severity=\"critical\""));
            assertEquals("counter", after.type("horizon_audit_events_total"));
            assertEquals(1.5, after.value("horizon_test_wait_seconds"), 1e-9);
            final double age = after.value("horizon_feed_heartbeat_age_seconds", "feed=\"synthetic\"");
            assertTrue(age >= 2.0 && age < 60, "age of an instant, in seconds: " + age);
            assertEquals(1234.56789, after.value("horizon_equity_usd", "account=\"x\""), 1e-9);
            assertEquals(99e-6, after.value("horizon_journal_append_latency_seconds", "percentile=\"p99\""), 1e-6);
            assertEquals(100e-6, after.value("horizon_journal_append_latency_seconds", "percentile=\"max\""), 1e-6);
        }
    }

    @Test
    void shouldAnswerReadyOnlyWhileEveryCheckPasses() throws Exception
    {
        final AtomicBoolean engine = new AtomicBoolean(true);
        final double[] lag = {Double.NaN};
        final Readiness readiness = Readiness.builder()
            .check("engine", engine::get, "not running")
            .auditLag("horizon_audit_flush_lag_records", () -> lag[0], 30_000)
            .build();
        try (MetricsExport export = MetricsExport.bind(
            new MetricsSettings("127.0.0.1", RunningDaemon.freePort(), Duration.ofSeconds(1), 30_000),
            counters, latency, readiness))
        {
            export.start();
            final String base = "http://127.0.0.1:" + export.address().getPort();
            final HttpClient http = HttpClient.newHttpClient();
            HttpResponse<String> ready = http.send(HttpRequest.newBuilder(URI.create(base + "/ready")).build(),
                HttpResponse.BodyHandlers.ofString());
            assertEquals(200, ready.statusCode(), ready.body());
            assertTrue(ready.body().contains("audit_lag: ok (not reported"), ready.body());

            lag[0] = 45_000;
            ready = http.send(HttpRequest.newBuilder(URI.create(base + "/ready")).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(503, ready.statusCode());
            assertTrue(ready.body().contains("audit_lag: failing: 45000 records behind the journal (horizon_audit_flush_lag_records, limit 30000)"), ready.body());

            lag[0] = 1;
            engine.set(false);
            ready = http.send(HttpRequest.newBuilder(URI.create(base + "/ready")).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(503, ready.statusCode());
            assertTrue(ready.body().contains("engine: failing: not running"), ready.body());
            final HttpResponse<String> health = http.send(HttpRequest.newBuilder(URI.create(base + "/health")).build(),
                HttpResponse.BodyHandlers.ofString());
            assertEquals(200, health.statusCode(), "liveness does not depend on readiness");
        }
    }

    @Test
    void shouldRefuseAPortInUseNamingItAndTheFix() throws Exception
    {
        try (java.net.ServerSocket taken = new java.net.ServerSocket(0, 1, InetAddress.getLoopbackAddress()))
        {
            final IllegalArgumentException ex = assertThrows(IllegalArgumentException.class, () -> MetricsExport.bind(
                MetricsSettings.of("127.0.0.1", taken.getLocalPort()), counters, latency, Readiness.alwaysReady()));
            assertTrue(ex.getMessage().contains("127.0.0.1:" + taken.getLocalPort()), ex.getMessage());
            assertTrue(ex.getMessage().contains("--metrics-port"), ex.getMessage());
        }
    }

    @Test
    void shouldReleaseThePortWhenClosedBeforeItEverServed() throws Exception
    {
        final int port = RunningDaemon.freePort();
        MetricsExport.bind(MetricsSettings.of("127.0.0.1", port), counters, latency, Readiness.alwaysReady()).close();
        try (MetricsExport again = MetricsExport.bind(MetricsSettings.of("127.0.0.1", port), counters, latency, Readiness.alwaysReady()))
        {
            again.start();
            assertEquals(port, again.address().getPort());
        }
    }
}
