package io.horizon.ops.metrics;

import java.util.concurrent.atomic.AtomicLongArray;

import io.horizon.engine.counter.EngineCounters;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.agrona.concurrent.status.CountersReader;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns every counter in the engine's counter buffers into a Micrometer meter, named by the
 * counter's label, and keeps a snapshot of their values that the meters read.
 * <p>
 * {@link #sample()} (the sampler thread, once per interval) registers counters allocated since
 * the last call and copies every value into the snapshot; a scrape reads only the snapshot, so
 * any scrape rate costs the engine's cache lines nothing beyond the one read per interval. The
 * type id decides the meter (see {@link EngineCounters}): running totals become counters; levels,
 * fixed-point levels ({@code / 10^6}), durations (nanoseconds to seconds) and instants (their age
 * in seconds at scrape time, NaN while 0) become gauges.
 * <p>
 * A label that is not a Prometheus name, or a name that another counter already uses with
 * different label keys, is skipped with one warning: one bad counter never breaks the export.
 * <p>
 * Threading: {@link #sample()} from one thread; the meters' functions from any thread.
 */
final class CounterMeters
{
    private static final Logger LOG = LoggerFactory.getLogger(CounterMeters.class);
    private static final double FIXED_SCALE = 1_000_000.0;
    private static final double NANOS_PER_SECOND = 1_000_000_000.0;

    private final CountersReader reader;
    private final MeterRegistry registry;
    private final AtomicLongArray values;
    private final boolean[] known;
    private int registered;

    CounterMeters(final CountersReader reader, final MeterRegistry registry)
    {
        this.reader = reader;
        this.registry = registry;
        final int capacity = reader.maxCounterId() + 1;
        this.values = new AtomicLongArray(capacity);
        this.known = new boolean[capacity];
    }

    /**
     * Registers new counters and refreshes the snapshot. Sampler thread.
     */
    void sample()
    {
        final int max = Math.min(reader.maxCounterId(), known.length - 1);
        for (int id = 0; id <= max; id++)
        {
            final int state = reader.getCounterState(id);
            if (state == CountersReader.RECORD_UNUSED)
            {
                break;
            }
            if (state != CountersReader.RECORD_ALLOCATED)
            {
                continue;
            }
            if (!known[id])
            {
                known[id] = true;
                values.set(id, reader.getCounterValue(id));
                register(id, reader.getCounterTypeId(id), reader.getCounterLabel(id));
            }
            else
            {
                values.set(id, reader.getCounterValue(id));
            }
        }
    }

    /**
     * @return counters turned into meters so far.
     */
    int registered()
    {
        return registered;
    }

    private void register(final int id, final int typeId, final String label)
    {
        final CounterLabel parsed;
        try
        {
            parsed = CounterLabel.parse(label);
        }
        catch (final IllegalArgumentException ex)
        {
            LOG.warn("not exporting counter {}: {}", id, ex.getMessage());
            return;
        }
        final String help = MetricHelp.of(parsed.name());
        try
        {
            switch (typeId)
            {
                case EngineCounters.TYPE_GAUGE:
                    Gauge.builder(parsed.name(), values, v -> v.get(id)).tags(parsed.tags()).description(help).register(registry);
                    break;
                case EngineCounters.TYPE_GAUGE_FIXED:
                    Gauge.builder(parsed.name(), values, v -> v.get(id) / FIXED_SCALE).tags(parsed.tags()).description(help).register(registry);
                    break;
                case EngineCounters.TYPE_NANOS:
                    Gauge.builder(parsed.name(), values, v -> v.get(id) / NANOS_PER_SECOND).tags(parsed.tags()).description(help).register(registry);
                    break;
                case EngineCounters.TYPE_GAUGE_MILLIS:
                    Gauge.builder(parsed.name(), values, v -> v.get(id) / 1000.0).tags(parsed.tags()).description(help).register(registry);
                    break;
                case EngineCounters.TYPE_EPOCH_NANOS:
                    Gauge.builder(parsed.name(), values, v -> ageSeconds(v.get(id))).tags(parsed.tags()).description(help).register(registry);
                    break;
                default:
                    // Running totals: plain counters and reject counters (TYPE_REJECT_BASE + code), and
                    // any type a later component invents, which reads as a total unless told otherwise.
                    FunctionCounter.builder(counterName(parsed.name()), values, v -> v.get(id))
                        .tags(parsed.tags()).description(help).register(registry);
                    break;
            }
            registered++;
        }
        catch (final RuntimeException ex)
        {
            LOG.warn("not exporting counter '{}': {}", label, ex.getMessage());
        }
    }

    /**
     * Micrometer adds {@code _total} to counters in the Prometheus format; the label already has it.
     */
    private static String counterName(final String name)
    {
        return name.endsWith("_total") ? name.substring(0, name.length() - "_total".length()) : name;
    }

    private static double ageSeconds(final long epochNanos)
    {
        if (epochNanos == 0)
        {
            return Double.NaN;
        }
        final java.time.Instant now = java.time.Instant.now();
        final long nowNanos = now.getEpochSecond() * 1_000_000_000L + now.getNano();
        return Math.max(0, nowNanos - epochNanos) / NANOS_PER_SECOND;
    }
}
