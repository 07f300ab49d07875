package io.horizon.ops.metrics;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import io.horizon.ops.cli.HorizonCommand;

/**
 * {@code horizon run} in process, on a thread, with metrics on 127.0.0.1 and a free port, and an
 * HTTP client for its endpoints.
 */
final class RunningDaemon implements AutoCloseable
{
    private final Thread thread;
    private final AtomicInteger status = new AtomicInteger(Integer.MIN_VALUE);
    private final int port;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private RunningDaemon(final int port, final String... args)
    {
        this.port = port;
        this.thread = new Thread(() -> status.set(HorizonCommand.execute(args)), "test-daemon");
        this.thread.start();
    }

    static RunningDaemon start(final Path state, final String duration, final String... extra) throws Exception
    {
        final int port = freePort();
        final List<String> args = new ArrayList<>(List.of("run", "--state", state.toString(), "--duration", duration,
            "--metrics-bind", "127.0.0.1", "--metrics-port", Integer.toString(port), "--feed-rate", "2000"));
        args.addAll(List.of(extra));
        final RunningDaemon daemon = new RunningDaemon(port, args.toArray(new String[0]));
        daemon.awaitHealthy();
        return daemon;
    }

    static int freePort() throws IOException
    {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress()))
        {
            return socket.getLocalPort();
        }
    }

    private void awaitHealthy() throws Exception
    {
        final long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < deadline)
        {
            if (!thread.isAlive())
            {
                throw new AssertionError("daemon exited with status " + status.get() + " before serving /health");
            }
            try
            {
                if (get("/health").statusCode() == 200)
                {
                    return;
                }
            }
            catch (final IOException ex)
            {
                // Not listening yet.
            }
            Thread.sleep(50);
        }
        throw new AssertionError("daemon never served /health on port " + port);
    }

    HttpResponse<String> get(final String path) throws IOException, InterruptedException
    {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
            .timeout(Duration.ofSeconds(5)).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    Scrape scrape() throws IOException, InterruptedException
    {
        final HttpResponse<String> response = get("/metrics");
        if (response.statusCode() != 200)
        {
            throw new AssertionError("/metrics answered " + response.statusCode() + ": " + response.body());
        }
        return new Scrape(response.body());
    }

    int port()
    {
        return port;
    }

    /**
     * @return the exit status once the run has ended.
     */
    int awaitExit() throws InterruptedException
    {
        thread.join(120_000);
        return status.get();
    }

    @Override
    public void close() throws InterruptedException
    {
        awaitExit();
    }
}
