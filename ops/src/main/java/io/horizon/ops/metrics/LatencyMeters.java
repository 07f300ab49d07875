package io.horizon.ops.metrics;

import java.time.Duration;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.horizon.engine.counter.EngineLatency;
import io.horizon.engine.counter.LatencyRecorder;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Timer;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramIterationValue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns the engine's HdrHistogram latency recorders into Micrometer meters, once per sampling
 * interval, on the sampler thread:
 * <ul>
 *   <li>a {@link LatencyRecorder.Kind#HISTOGRAM} series becomes a Micrometer {@link Timer} with
 *       fixed buckets ({@link #BUCKETS}), published as a Prometheus histogram
 *       ({@code _bucket}, {@code _count}, {@code _sum}) plus {@code _max}. Each interval's recorded
 *       values are replayed into it at HdrHistogram's precision (3 significant digits), so the
 *       cost is one Micrometer record per order, paid by the sampler, never by the engine;</li>
 *   <li>a {@link LatencyRecorder.Kind#PERCENTILES} series, written once per event, becomes gauges
 *       of the last interval's percentiles ({@code percentile} label p50, p90, p99, p999 and max),
 *       NaN for an interval with no samples. (Not a Prometheus summary: its {@code quantile} label
 *       belongs to summaries, whose quantiles Micrometer computes from its own recordings.) Replaying hundreds of thousands of
 *       values a second would cost more than the engine work they measure.</li>
 * </ul>
 * Threading: {@link #sample()} from one thread; the gauges' functions from any thread.
 */
final class LatencyMeters
{
    /** Bucket bounds of latency histograms: 10 µs to 10 s. */
    static final Duration[] BUCKETS = {
        Duration.ofNanos(10_000), Duration.ofNanos(25_000), Duration.ofNanos(50_000),
        Duration.ofNanos(100_000), Duration.ofNanos(250_000), Duration.ofNanos(500_000),
        Duration.ofMillis(1), Duration.ofNanos(2_500_000), Duration.ofMillis(5),
        Duration.ofMillis(10), Duration.ofMillis(25), Duration.ofMillis(50),
        Duration.ofMillis(100), Duration.ofMillis(250), Duration.ofMillis(500),
        Duration.ofSeconds(1), Duration.ofMillis(2500), Duration.ofSeconds(5), Duration.ofSeconds(10)};

    /** Quantiles published for percentile series; 1.0 is the maximum. */
    static final double[] QUANTILES = {0.5, 0.9, 0.99, 0.999, 1.0};
    /** Their {@code percentile} label values. */
    static final String[] PERCENTILE_LABELS = {"p50", "p90", "p99", "p999", "max"};

    private static final Logger LOG = LoggerFactory.getLogger(LatencyMeters.class);
    private static final double NANOS_PER_SECOND = 1_000_000_000.0;
    private static final String SECONDS_SUFFIX = "_seconds";

    private final EngineLatency latency;
    private final MeterRegistry registry;
    private final Map<LatencyRecorder, Series> series = new IdentityHashMap<>();

    LatencyMeters(final EngineLatency latency, final MeterRegistry registry)
    {
        this.latency = latency;
        this.registry = registry;
    }

    /**
     * Registers new series and moves each recorder's interval into its meters. Sampler thread.
     */
    void sample()
    {
        for (final LatencyRecorder recorder : latency.recorders())
        {
            Series s = series.get(recorder);
            if (s == null)
            {
                s = register(recorder);
                series.put(recorder, s);
            }
            s.sample();
        }
    }

    private Series register(final LatencyRecorder recorder)
    {
        final CounterLabel label;
        try
        {
            label = CounterLabel.parse(recorder.label());
            return recorder.kind() == LatencyRecorder.Kind.HISTOGRAM ?
                new HistogramSeries(recorder, label, registry) : new PercentileSeries(recorder, label, registry);
        }
        catch (final RuntimeException ex)
        {
            LOG.warn("not exporting latency '{}': {}", recorder.label(), ex.getMessage());
            return new DrainOnly(recorder);
        }
    }

    /**
     * Micrometer appends the base unit ({@code _seconds}) to timers; the label already has it.
     */
    static String timerName(final String name)
    {
        return name.endsWith(SECONDS_SUFFIX) ? name.substring(0, name.length() - SECONDS_SUFFIX.length()) : name;
    }

    private interface Series
    {
        void sample();
    }

    private static final class HistogramSeries implements Series
    {
        private final LatencyRecorder recorder;
        private final Timer timer;
        private Histogram interval;

        HistogramSeries(final LatencyRecorder recorder, final CounterLabel label, final MeterRegistry registry)
        {
            this.recorder = recorder;
            this.timer = Timer.builder(timerName(label.name()))
                .tags(label.tags())
                .description(MetricHelp.of(label.name()))
                .serviceLevelObjectives(BUCKETS)
                .register(registry);
        }

        @Override
        public void sample()
        {
            interval = recorder.intervalHistogram(interval);
            for (final HistogramIterationValue v : interval.recordedValues())
            {
                final long nanos = interval.highestEquivalentValue(v.getValueIteratedTo());
                for (long n = v.getCountAtValueIteratedTo(); n > 0; n--)
                {
                    timer.record(nanos, TimeUnit.NANOSECONDS);
                }
            }
        }
    }

    private static final class PercentileSeries implements Series
    {
        private final LatencyRecorder recorder;
        private volatile double[] seconds;
        private Histogram interval;

        PercentileSeries(final LatencyRecorder recorder, final CounterLabel label, final MeterRegistry registry)
        {
            this.recorder = recorder;
            final double[] empty = new double[QUANTILES.length];
            java.util.Arrays.fill(empty, Double.NaN);
            this.seconds = empty;
            for (int i = 0; i < QUANTILES.length; i++)
            {
                final int index = i;
                Gauge.builder(label.name(), this, s -> s.seconds[index])
                    .tags(label.tags())
                    .tags(List.of(Tag.of("percentile", PERCENTILE_LABELS[i])))
                    .description(MetricHelp.of(label.name()))
                    .register(registry);
            }
        }

        @Override
        public void sample()
        {
            interval = recorder.intervalHistogram(interval);
            final double[] next = new double[QUANTILES.length];
            for (int i = 0; i < QUANTILES.length; i++)
            {
                next[i] = interval.getTotalCount() == 0 ? Double.NaN :
                    (QUANTILES[i] >= 1.0 ? interval.getMaxValue() : interval.getValueAtPercentile(QUANTILES[i] * 100)) / NANOS_PER_SECOND;
            }
            seconds = next;
        }

    }

    /**
     * Keeps a recorder that cannot be exported from growing its interval forever.
     */
    private static final class DrainOnly implements Series
    {
        private final LatencyRecorder recorder;
        private Histogram interval;

        DrainOnly(final LatencyRecorder recorder)
        {
            this.recorder = recorder;
        }

        @Override
        public void sample()
        {
            interval = recorder.intervalHistogram(interval);
        }
    }
}
