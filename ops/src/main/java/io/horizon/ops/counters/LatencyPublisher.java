package io.horizon.ops.counters;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import io.horizon.engine.counter.EngineCounters;
import io.horizon.engine.counter.EngineLatency;
import io.horizon.engine.counter.LatencyInterval;
import io.horizon.engine.counter.LatencyRecorder;
import org.HdrHistogram.Histogram;
import org.agrona.concurrent.status.AtomicCounter;
import org.agrona.concurrent.status.CountersManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The sampler thread that publishes each latency series' last-interval percentiles into the
 * counters file, so {@code horizon stat} shows latency without the HTTP port and without engine
 * threads ever computing a percentile. Every {@link #INTERVAL_NANOS} it takes each recorder's
 * interval through its own {@link LatencyInterval} (the metrics exporter keeps its own) and writes
 * five published counters per series, named by the series' label plus a {@code stat} label:
 * {@code count}, {@code p50}, {@code p99}, {@code p999} and {@code max}, in nanoseconds
 * ({@link EngineCounters#TYPE_NANOS}); plus {@link #INTERVAL_LABEL}, the interval's length.
 * An interval without samples publishes count 0 and leaves the percentiles at 0.
 * <p>
 * Threading: {@link #start} and {@link #close} from the owner; the publishing on the thread
 * {@value #THREAD_NAME} only (the single writer of the published counters).
 */
public final class LatencyPublisher implements AutoCloseable
{
    /** Time between two publications: one second, the stat screen's default refresh. */
    public static final long INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(1);
    /** Label of the published counter holding the interval length in nanoseconds. */
    public static final String INTERVAL_LABEL = "horizon_stat_latency_interval_seconds";
    /** The {@code stat} label values of a series' published counters, in order. */
    public static final List<String> STATS = List.of("count", "p50", "p99", "p999", "max");

    static final String THREAD_NAME = "horizon-stat-sampler";
    private static final Logger LOG = LoggerFactory.getLogger(LatencyPublisher.class);

    private final EngineLatency latency;
    private final CountersManager published;
    private final Map<LatencyRecorder, Series> series = new IdentityHashMap<>();
    private final Thread thread;
    private volatile boolean running;

    LatencyPublisher(final EngineLatency latency, final CountersManager published)
    {
        this.latency = latency;
        this.published = published;
        published.newCounter(INTERVAL_LABEL, EngineCounters.TYPE_NANOS).setRelease(INTERVAL_NANOS);
        this.thread = new Thread(this::run, THREAD_NAME);
        this.thread.setDaemon(true);
    }

    void start()
    {
        publishOnce();
        running = true;
        thread.start();
    }

    /**
     * Publishes every series' interval once. The sampler thread, or any thread that wants the
     * interval published now (it synchronizes with the sampler).
     */
    synchronized void publishOnce()
    {
        for (final LatencyRecorder recorder : latency.recorders())
        {
            Series s = series.get(recorder);
            if (s == null)
            {
                s = register(recorder);
                series.put(recorder, s);
            }
            if (s != null)
            {
                s.publish();
            }
        }
    }

    private Series register(final LatencyRecorder recorder)
    {
        try
        {
            final List<AtomicCounter> counters = new ArrayList<>();
            for (final String stat : STATS)
            {
                counters.add(published.newCounter(withStat(recorder.label(), stat),
                    "count".equals(stat) ? EngineCounters.TYPE_PLAIN : EngineCounters.TYPE_NANOS));
            }
            return new Series(recorder.newInterval(), counters.toArray(new AtomicCounter[0]));
        }
        catch (final IllegalStateException ex)
        {
            LOG.warn("not publishing latency '{}' for horizon stat: {}", recorder.label(), ex.getMessage());
            return null;
        }
    }

    /**
     * @param label a series label, {@code name} or {@code name{k="v",...}}.
     * @param stat  one of {@link #STATS}.
     * @return the label with {@code stat="STAT"} added.
     */
    public static String withStat(final String label, final String stat)
    {
        final int close = label.lastIndexOf('}');
        return close < 0 ? label + "{stat=\"" + stat + "\"}" :
            label.substring(0, close) + (label.charAt(close - 1) == '{' ? "" : ",") + "stat=\"" + stat + "\"}";
    }

    private void run()
    {
        long next = System.nanoTime() + INTERVAL_NANOS;
        while (running)
        {
            long wait;
            while (running && (wait = next - System.nanoTime()) > 0)
            {
                LockSupport.parkNanos(wait);
            }
            if (!running)
            {
                break;
            }
            try
            {
                publishOnce();
            }
            catch (final RuntimeException ex)
            {
                LOG.warn("publishing latency for horizon stat failed; retrying next interval: {}", ex.toString());
            }
            next += INTERVAL_NANOS;
            if (System.nanoTime() - next > INTERVAL_NANOS)
            {
                next = System.nanoTime() + INTERVAL_NANOS;
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
                thread.join(TimeUnit.NANOSECONDS.toMillis(INTERVAL_NANOS) + 2_000);
            }
            catch (final InterruptedException ex)
            {
                Thread.currentThread().interrupt();
            }
        }
    }

    private static final class Series
    {
        private final LatencyInterval interval;
        private final AtomicCounter[] counters;
        private Histogram histogram;

        Series(final LatencyInterval interval, final AtomicCounter[] counters)
        {
            this.interval = interval;
            this.counters = counters;
        }

        void publish()
        {
            histogram = interval.take(histogram);
            final long count = histogram.getTotalCount();
            if (count > 0)
            {
                counters[1].setRelease(histogram.getValueAtPercentile(50));
                counters[2].setRelease(histogram.getValueAtPercentile(99));
                counters[3].setRelease(histogram.getValueAtPercentile(99.9));
                counters[4].setRelease(histogram.getMaxValue());
            }
            else
            {
                for (int i = 1; i < counters.length; i++)
                {
                    counters[i].setRelease(0);
                }
            }
            counters[0].setRelease(count);
        }
    }
}
