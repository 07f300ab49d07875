package io.horizon.ops.metrics;

import io.horizon.engine.counter.EngineCounters;
import org.agrona.concurrent.status.CountersReader;

/**
 * Reads one counter by its label, for readiness checks that depend on a value another component
 * publishes (the audit flush lag): it finds the counter once it exists and then reads it with one
 * volatile load. Until the component allocates the counter, the value is "not reported".
 * <p>
 * Threading: any thread; the lookup is idempotent.
 */
public final class CounterLookup
{
    private final CountersReader reader;
    private final String label;
    private volatile int counterId = -1;
    private volatile int typeId;

    /**
     * @param reader the counters.
     * @param label  the counter's full label, e.g. {@code horizon_audit_flush_lag_records}.
     */
    public CounterLookup(final CountersReader reader, final String label)
    {
        this.reader = reader;
        this.label = label;
    }

    /**
     * @return the value as published (fixed-point and durations scaled to units and seconds), or
     *         NaN while no such counter exists.
     */
    public double value()
    {
        int id = counterId;
        if (id < 0)
        {
            id = find();
            if (id < 0)
            {
                return Double.NaN;
            }
        }
        final long raw = reader.getCounterValue(id);
        switch (typeId)
        {
            case EngineCounters.TYPE_NANOS:
                return raw / 1e9;
            case EngineCounters.TYPE_GAUGE_FIXED:
                return raw / 1e6;
            case EngineCounters.TYPE_GAUGE_MILLIS:
                return raw / 1e3;
            default:
                return raw;
        }
    }

    private int find()
    {
        final int[] found = {-1, 0};
        reader.forEach((id, type, key, existing) ->
        {
            if (found[0] < 0 && existing.equals(label))
            {
                found[0] = id;
                found[1] = type;
            }
        });
        if (found[0] >= 0)
        {
            typeId = found[1];
            counterId = found[0];
        }
        return found[0];
    }
}
