package io.horizon.ops.metrics;

import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The endpoint's error path: a scrape that throws answers 500 with a one-line body (the release
 * before closed the exchange first, so the client got a dropped connection), and the endpoint
 * keeps answering afterwards.
 */
final class MetricsServerTest
{
    @Test
    void shouldAnswer500WhenAScrapeFailsAndKeepServing() throws Exception
    {
        final boolean[] fail = {true};
        try (MetricsServer server = MetricsServer.bind(new InetSocketAddress("127.0.0.1", 0), () ->
        {
            if (fail[0])
            {
                throw new IllegalStateException("sampler broke");
            }
            return "horizon_up 1\n".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        }, Readiness.builder().build()))
        {
            server.start();
            final HttpClient http = HttpClient.newHttpClient();
            final URI uri = URI.create("http://127.0.0.1:" + server.address().getPort() + "/metrics");
            final HttpResponse<String> failed = http.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(500, failed.statusCode());
            assertEquals("internal error: IllegalStateException\n", failed.body());

            fail[0] = false;
            final HttpResponse<String> ok = http.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, ok.statusCode());
            assertTrue(ok.body().contains("horizon_up 1"), ok.body());
        }
    }
}
