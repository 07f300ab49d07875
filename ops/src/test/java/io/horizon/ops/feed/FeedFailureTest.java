package io.horizon.ops.feed;

import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.horizon.ops.support.HorizonProcess;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A market data file that fails mid-run (a bad row) pages and makes the daemon unready at once,
 * while it still runs; the release before said so only in the summary at shutdown.
 */
final class FeedFailureTest
{
    @TempDir
    Path dir;

    @Test
    void shouldAlertAndTurnUnreadyAsSoonAsTheFileFeedFails() throws Exception
    {
        final List<String> lines = new ArrayList<>();
        try (var in = getClass().getResourceAsStream("/io/horizon/ops/feed/sample-market-data.csv"))
        {
            lines.addAll(List.of(new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8).split("\n")));
        }
        int first = 1;
        while (lines.get(first).isBlank() || lines.get(first).startsWith("#"))
        {
            first++;
        }
        // A copy of the first data row with a price that is not a number, right after it.
        final String[] fields = lines.get(first).split(",", -1);
        fields[fields[1].equals("quote") ? 3 : 7] = "not-a-number";
        lines.add(first + 1, String.join(",", fields));
        final Path csv = dir.resolve("bad.csv");
        Files.write(csv, lines);
        final int port;
        try (ServerSocket socket = new ServerSocket(0))
        {
            port = socket.getLocalPort();
        }
        final Path log = dir.resolve("daemon.log");
        final Process daemon = HorizonProcess.start(log, "run", "--state", dir.resolve("state").toString(), "--feed-csv",
            csv.toString(), "--duration", "60s", "--metrics-bind", "127.0.0.1", "--metrics-port", Integer.toString(port));
        try
        {
            HorizonProcess.awaitLogLine(daemon, log, "ALERT [error] Market data feed stale");
            final HttpClient http = HttpClient.newHttpClient();
            HttpResponse<String> ready = null;
            final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while (System.nanoTime() < deadline)
            {
                try
                {
                    ready = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/ready")).build(),
                        HttpResponse.BodyHandlers.ofString());
                    if (ready.statusCode() == 503)
                    {
                        break;
                    }
                }
                catch (final java.io.IOException notYet)
                {
                    // serving starts after recovery
                }
                Thread.sleep(50);
            }
            assertTrue(ready != null && ready.statusCode() == 503, "unready while still running: " + (ready == null ? null : ready.body()));
            assertTrue(ready.body().contains("feed: failing: the market data feed failed: bad.csv:"), ready.body());
            assertTrue(daemon.isAlive(), "it still runs (--duration 60s): the page and /ready came before shutdown");
        }
        finally
        {
            daemon.destroy();
            daemon.waitFor(HorizonProcess.TIMEOUT_S, TimeUnit.SECONDS);
        }
        assertEquals(1, daemon.exitValue(), Files.readString(log));
    }
}
