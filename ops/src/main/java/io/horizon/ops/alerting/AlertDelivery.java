package io.horizon.ops.alerting;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.atomic.AtomicLong;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Posts alert payloads over HTTP from its own thread, so that alerting never blocks the thread
 * that alerts. Payloads wait in a bounded queue; when it is full the new payload is dropped and
 * counted and logged (at most one log line per {@value #DROP_LOG_INTERVAL_S} s, so a storm of drops
 * cannot flood the log). Each post is time-limited (connect and whole request); a failed post is
 * counted and logged, not retried (a pager that is down must not back up the queue). Counts are
 * kept here and also reported to an {@link Outcomes}, which the daemon turns into metrics.
 * <p>
 * Logs name only the endpoint's scheme, host and port: a webhook's path often carries its token.
 * <p>
 * Threading: {@link #offer} from any thread, never blocks; one daemon thread
 * {@value #THREAD_NAME} posts; {@link #close} from the owner.
 */
public final class AlertDelivery implements AutoCloseable
{
    /** Name of the sender thread. */
    public static final String THREAD_NAME = "horizon-alert-delivery";
    /** Default queue capacity. */
    public static final int DEFAULT_CAPACITY = 256;
    /** Default time limit of one post. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(5);

    /** Least time between two log lines about dropped payloads. */
    public static final int DROP_LOG_INTERVAL_S = 10;

    private static final Logger LOG = LoggerFactory.getLogger(AlertDelivery.class);
    private static final Post STOP = new Post(null, null);

    /**
     * What became of each payload, for metrics. {@link #delivered} and {@link #failed} are called
     * on the sender thread, {@link #dropped} on the offering thread (or the closing one); none
     * may block.
     */
    public interface Outcomes
    {
        /** Reports nothing. */
        Outcomes NONE = new Outcomes()
        {
            @Override
            public void delivered()
            {
            }

            @Override
            public void failed()
            {
            }

            @Override
            public void dropped(final long count)
            {
            }
        };

        /** A post got a 2xx answer. */
        void delivered();

        /** A post failed, timed out or got another answer. */
        void failed();

        /**
         * @param count payloads dropped: queue full, or still queued at close.
         */
        void dropped(long count);
    }

    private final int capacity;
    private final BlockingQueue<Post> queue;
    private final HttpClient client;
    private final Duration timeout;
    private final Thread thread;
    private final AtomicLong delivered = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private final AtomicLong dropped = new AtomicLong();
    private final Outcomes outcomes;
    private volatile long lastDropLogNanos = System.nanoTime() - DROP_LOG_INTERVAL_S * 1_000_000_000L;
    private volatile boolean closed;

    /**
     * @param capacity payloads that may wait, at least 1.
     * @param timeout  time limit of one post, connect included.
     */
    public AlertDelivery(final int capacity, final Duration timeout)
    {
        this(capacity, timeout, Outcomes.NONE);
    }

    /**
     * @param capacity payloads that may wait, at least 1.
     * @param timeout  time limit of one post, connect included.
     * @param outcomes told what became of each payload.
     */
    public AlertDelivery(final int capacity, final Duration timeout, final Outcomes outcomes)
    {
        if (capacity < 1)
        {
            throw new IllegalArgumentException("alert queue capacity " + capacity + " is not allowed; use at least 1, e.g. 256");
        }
        this.queue = new ArrayBlockingQueue<>(capacity + 1);
        this.timeout = timeout;
        this.client = HttpClient.newBuilder().connectTimeout(timeout).followRedirects(HttpClient.Redirect.NEVER).build();
        this.thread = new Thread(this::run, THREAD_NAME);
        this.thread.setDaemon(true);
        this.capacity = capacity;
        this.outcomes = outcomes;
        this.thread.start();
    }

    /**
     * @return a sender with the default capacity and time limit.
     */
    public static AlertDelivery withDefaults()
    {
        return new AlertDelivery(DEFAULT_CAPACITY, DEFAULT_TIMEOUT);
    }

    /**
     * Queues a JSON payload for posting. Never blocks, never throws.
     *
     * @param endpoint where to post.
     * @param json     the body.
     * @return false when dropped (queue full or closed); the drop is counted.
     */
    public boolean offer(final URI endpoint, final byte[] json)
    {
        if (closed || queue.size() >= capacity || !queue.offer(new Post(endpoint, json)))
        {
            final long total = dropped.incrementAndGet();
            outcomes.dropped(1);
            final long now = System.nanoTime();
            if (now - lastDropLogNanos >= DROP_LOG_INTERVAL_S * 1_000_000_000L)
            {
                lastDropLogNanos = now;
                LOG.warn("alert to {} dropped: {}; {} dropped so far", safe(endpoint),
                    closed ? "alerting is shut down" : capacity + " alerts already wait for a slow or unreachable endpoint", total);
            }
            return false;
        }
        return true;
    }

    private void run()
    {
        while (true)
        {
            final Post post;
            try
            {
                post = queue.take();
            }
            catch (final InterruptedException ex)
            {
                return;
            }
            if (post == STOP)
            {
                return;
            }
            deliver(post);
        }
    }

    private void deliver(final Post post)
    {
        try
        {
            final HttpRequest request = HttpRequest.newBuilder(post.endpoint)
                .timeout(timeout)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(post.json))
                .build();
            final HttpResponse<Void> response = client.send(request, HttpResponse.BodyHandlers.discarding());
            if (response.statusCode() / 100 == 2)
            {
                delivered.incrementAndGet();
                outcomes.delivered();
            }
            else
            {
                failed.incrementAndGet();
                outcomes.failed();
                LOG.warn("alert post to {} answered HTTP {}", safe(post.endpoint), response.statusCode());
            }
        }
        catch (final IOException | RuntimeException ex)
        {
            failed.incrementAndGet();
            outcomes.failed();
            LOG.warn("alert post to {} failed: {}", safe(post.endpoint), ex.getClass().getSimpleName());
        }
        catch (final InterruptedException ex)
        {
            failed.incrementAndGet();
            outcomes.failed();
            Thread.currentThread().interrupt();
        }
    }

    /**
     * @return {@code scheme://host:port} only: the path and query may hold a token.
     */
    static String safe(final URI endpoint)
    {
        return endpoint.getScheme() + "://" + endpoint.getHost() + (endpoint.getPort() < 0 ? "" : ":" + endpoint.getPort());
    }

    /** @return payloads posted with a 2xx answer. */
    public long delivered()
    {
        return delivered.get();
    }

    /** @return payloads whose post failed, timed out or got a non-2xx answer. */
    public long failed()
    {
        return failed.get();
    }

    /** @return payloads dropped because the queue was full or the sender closed. */
    public long dropped()
    {
        return dropped.get();
    }

    /** @return payloads waiting. */
    public int queued()
    {
        return queue.size();
    }

    /**
     * Posts what is queued (each within its time limit), then stops the thread; waits at most
     * {@code wait}. Idempotent.
     *
     * @param wait how long to wait for the queue to empty.
     */
    public void close(final Duration wait)
    {
        if (closed)
        {
            return;
        }
        closed = true;
        queue.offer(STOP);
        try
        {
            thread.join(Math.max(1, wait.toMillis()));
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
        }
        if (thread.isAlive())
        {
            thread.interrupt();
        }
        // Whatever is still queued will not be sent.
        int left = 0;
        for (final Post p : queue)
        {
            left += p == STOP ? 0 : 1;
        }
        queue.clear();
        if (left > 0)
        {
            dropped.addAndGet(left);
            outcomes.dropped(left);
            LOG.warn("{} alert(s) still queued at shutdown were not sent", left);
        }
    }

    @Override
    public void close()
    {
        close(timeout.plusSeconds(1));
    }

    private static final class Post
    {
        final URI endpoint;
        final byte[] json;

        Post(final URI endpoint, final byte[] json)
        {
            this.endpoint = endpoint;
            this.json = json;
        }
    }
}
