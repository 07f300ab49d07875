package io.horizon.ops.alerting;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import com.sun.net.httpserver.HttpServer;

/**
 * A real HTTP receiver on 127.0.0.1 that records each POST body, for alert delivery tests.
 * It can answer slowly or with an error status.
 */
final class AlertReceiver implements AutoCloseable
{
    /** One received request. */
    record Request(String path, String contentType, byte[] body)
    {
    }

    private final HttpServer server;
    private final BlockingQueue<Request> requests = new LinkedBlockingQueue<>();
    private volatile int status = 200;
    private volatile long delayMillis;

    AlertReceiver() throws IOException
    {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
        server.setExecutor(Executors.newFixedThreadPool(4, r ->
        {
            final Thread t = new Thread(r, "test-alert-receiver");
            t.setDaemon(true);
            return t;
        }));
        server.createContext("/", exchange ->
        {
            try (exchange)
            {
                final byte[] body = exchange.getRequestBody().readAllBytes();
                if (delayMillis > 0)
                {
                    try
                    {
                        Thread.sleep(delayMillis);
                    }
                    catch (final InterruptedException ex)
                    {
                        Thread.currentThread().interrupt();
                    }
                }
                requests.add(new Request(exchange.getRequestURI().getPath(),
                    exchange.getRequestHeaders().getFirst("Content-Type"), body));
                exchange.sendResponseHeaders(status, -1);
            }
        });
        server.start();
    }

    URI uri(final String path)
    {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + path);
    }

    void answer(final int status, final long delayMillis)
    {
        this.status = status;
        this.delayMillis = delayMillis;
    }

    Request next() throws InterruptedException
    {
        final Request r = requests.poll(10, TimeUnit.SECONDS);
        if (r == null)
        {
            throw new AssertionError("no alert arrived within 10 s");
        }
        return r;
    }

    int received()
    {
        return requests.size();
    }

    @Override
    public void close()
    {
        server.stop(0);
    }
}
