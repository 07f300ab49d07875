package io.horizon.ops.metrics;

import java.io.IOException;
import java.io.OutputStream;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * The metrics endpoint, on the JDK's built-in HTTP server: {@code GET /metrics} (Prometheus text
 * format), {@code GET /health} (liveness: the process answers) and {@code GET /ready} (200 when
 * every {@link Readiness} check passes, 503 otherwise, with one line per check). Nothing else:
 * the port is read-only and exposes no control; other paths get 404 and other methods 405.
 * <p>
 * The socket is bound at {@link #bind} (so a port clash fails before the engine starts) and
 * served from {@link #start}, on two daemon threads of its own.
 * <p>
 * Threading: {@link #bind}, {@link #start} and {@link #close} from the owner thread.
 */
public final class MetricsServer implements AutoCloseable
{
    /** Content type of the Prometheus text format. */
    public static final String PROMETHEUS_TEXT = "text/plain; version=0.0.4; charset=utf-8";
    private static final String PLAIN_TEXT = "text/plain; charset=utf-8";
    private static final int THREADS = 2;
    private static final String NODELAY_PROPERTY = "sun.net.httpserver.nodelay";

    private final HttpServer server;
    private final ExecutorService executor;
    private final Supplier<byte[]> scrape;
    private final Readiness readiness;
    private boolean started;

    private MetricsServer(
        final HttpServer server, final ExecutorService executor, final Supplier<byte[]> scrape, final Readiness readiness)
    {
        this.server = server;
        this.executor = executor;
        this.scrape = scrape;
        this.readiness = readiness;
    }

    /**
     * Binds the socket without serving yet.
     *
     * @param address   where to listen; port 0 picks a free one (tests).
     * @param scrape    renders {@code /metrics}, UTF-8.
     * @param readiness what {@code /ready} checks.
     * @return the bound server.
     * @throws IllegalArgumentException naming the address and the fix when it cannot be bound.
     */
    public static MetricsServer bind(final InetSocketAddress address, final Supplier<byte[]> scrape, final Readiness readiness)
    {
        if (address.isUnresolved())
        {
            throw new IllegalArgumentException("metrics bind address '" + address.getHostString() +
                "' does not resolve; use an interface address such as 0.0.0.0 or 127.0.0.1");
        }
        // The JDK server writes headers and body separately; with Nagle's algorithm on, a client
        // that delays its ACK stalls every response by about 40 ms. Read once, at first use.
        if (System.getProperty(NODELAY_PROPERTY) == null)
        {
            System.setProperty(NODELAY_PROPERTY, "true");
        }
        final HttpServer server;
        try
        {
            server = HttpServer.create(address, 16);
        }
        catch (final BindException ex)
        {
            throw new IllegalArgumentException("cannot serve metrics on " + address.getHostString() + ":" + address.getPort() +
                " (" + ex.getMessage() + "); pass --metrics-port with a free port, or --metrics-port 0 to turn metrics off");
        }
        catch (final IOException ex)
        {
            throw new IllegalArgumentException("cannot serve metrics on " + address.getHostString() + ":" + address.getPort() +
                ": " + ex.getMessage());
        }
        final AtomicInteger n = new AtomicInteger();
        final ExecutorService executor = Executors.newFixedThreadPool(THREADS, r ->
        {
            final Thread t = new Thread(r, "horizon-metrics-http-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        final MetricsServer metrics = new MetricsServer(server, executor, scrape, readiness);
        server.setExecutor(executor);
        server.createContext("/", metrics::handle);
        return metrics;
    }

    /**
     * Starts answering requests.
     */
    public void start()
    {
        if (!started)
        {
            started = true;
            server.start();
        }
    }

    /**
     * @return the bound address (with the real port when 0 was asked for).
     */
    public InetSocketAddress address()
    {
        return server.getAddress();
    }

    private void handle(final HttpExchange exchange) throws IOException
    {
        // Closed in finally, after the error path below has had its chance to send the 500: a
        // try-with-resources would close the exchange before its catch ran.
        try
        {
            final String method = exchange.getRequestMethod();
            final String path = exchange.getRequestURI().getPath();
            final boolean head = "HEAD".equals(method);
            if (!"GET".equals(method) && !head)
            {
                exchange.getResponseHeaders().set("Allow", "GET, HEAD");
                respond(exchange, 405, PLAIN_TEXT, "method not allowed: this endpoint is read-only\n", false);
                return;
            }
            switch (path)
            {
                case "/metrics":
                    respond(exchange, 200, PROMETHEUS_TEXT, scrape.get(), head);
                    break;
                case "/health":
                    respond(exchange, 200, PLAIN_TEXT, "ok\n", head);
                    break;
                case "/ready":
                    final Readiness.Verdict verdict = readiness.evaluate();
                    respond(exchange, verdict.ready() ? 200 : 503, PLAIN_TEXT, verdict.text(), head);
                    break;
                default:
                    respond(exchange, 404, PLAIN_TEXT, "not found; try /metrics, /health or /ready\n", head);
                    break;
            }
        }
        catch (final RuntimeException ex)
        {
            // A failing scrape must not take the endpoint down; the client sees a 500.
            try
            {
                respond(exchange, 500, PLAIN_TEXT, "internal error: " + ex.getClass().getSimpleName() + "\n", false);
            }
            catch (final IOException | RuntimeException ignore)
            {
                // The response may already be committed; nothing more to tell the client.
            }
        }
        finally
        {
            exchange.close();
        }
    }

    private static void respond(
        final HttpExchange exchange, final int status, final String contentType, final String body, final boolean head)
        throws IOException
    {
        respond(exchange, status, contentType, body.getBytes(StandardCharsets.UTF_8), head);
    }

    private static void respond(
        final HttpExchange exchange, final int status, final String contentType, final byte[] body, final boolean head)
        throws IOException
    {
        exchange.getResponseHeaders().set("Content-Type", contentType);
        exchange.getResponseHeaders().set("Cache-Control", "no-store");
        if (head)
        {
            exchange.sendResponseHeaders(status, -1);
            return;
        }
        exchange.sendResponseHeaders(status, body.length);
        try (OutputStream out = exchange.getResponseBody())
        {
            out.write(body);
        }
    }

    /**
     * Stops listening and ends the server's threads. Idempotent.
     */
    @Override
    public void close()
    {
        if (!started)
        {
            // The JDK server closes its socket on its dispatcher thread: one that never started
            // would keep the port bound until the JVM exits.
            started = true;
            server.start();
        }
        server.stop(0);
        executor.shutdownNow();
        try
        {
            executor.awaitTermination(2, TimeUnit.SECONDS);
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
        }
    }
}
