package io.horizon.ops.metrics;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one thread that turns the engine's plain counters and latency recorders into meters: every
 * interval it runs each sampling step in turn. The engine threads never wait for it and never call
 * the metrics library; a slow or failing step is logged and retried at the next interval.
 * <p>
 * Threading: {@link #start} and {@link #close} from the owner thread; the steps run on the
 * daemon thread {@value #THREAD_NAME} only.
 */
final class MetricsSampler implements AutoCloseable
{
    static final String THREAD_NAME = "horizon-metrics-sampler";
    private static final Logger LOG = LoggerFactory.getLogger(MetricsSampler.class);

    private final Runnable[] steps;
    private final long intervalNanos;
    private final Thread thread;
    private volatile boolean running;
    private volatile long samples;

    MetricsSampler(final long intervalNanos, final Runnable... steps)
    {
        this.steps = steps.clone();
        this.intervalNanos = intervalNanos;
        this.thread = new Thread(this::run, THREAD_NAME);
        this.thread.setDaemon(true);
    }

    void start()
    {
        running = true;
        thread.start();
    }

    /**
     * Runs every step once. The sampler thread, or the owner before {@link #start}.
     */
    void sampleOnce()
    {
        for (final Runnable step : steps)
        {
            try
            {
                step.run();
            }
            catch (final RuntimeException ex)
            {
                LOG.warn("metrics sampling step failed; retrying next interval: {}", ex.toString());
            }
        }
        samples++;
    }

    /**
     * @return intervals sampled so far.
     */
    long samples()
    {
        return samples;
    }

    private void run()
    {
        long next = System.nanoTime();
        while (running)
        {
            sampleOnce();
            next += intervalNanos;
            long wait;
            while (running && (wait = next - System.nanoTime()) > 0)
            {
                LockSupport.parkNanos(wait);
            }
            if (System.nanoTime() - next > intervalNanos)
            {
                // Fell behind (a stall): start afresh rather than sampling in a burst.
                next = System.nanoTime();
            }
        }
    }

    @Override
    public void close()
    {
        running = false;
        LockSupport.unpark(thread);
        if (thread.isAlive())
        {
            try
            {
                thread.join(TimeUnit.NANOSECONDS.toMillis(intervalNanos) + 2_000);
            }
            catch (final InterruptedException ex)
            {
                Thread.currentThread().interrupt();
            }
        }
    }
}
