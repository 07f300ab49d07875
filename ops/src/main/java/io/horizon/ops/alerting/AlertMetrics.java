package io.horizon.ops.alerting;

import java.util.EnumMap;
import java.util.Map;

import io.horizon.engine.counter.EngineCounters;
import org.agrona.concurrent.status.AtomicCounter;

/**
 * Alerting's counters, in the counters file like every other Horizon metric (so {@code /metrics}
 * and {@code horizon stat} show them):
 * <pre>
 * horizon_alerts_raised_total{severity}          alerts handed to the sinks
 * horizon_alerts_held_back_total                 repeats {@link AlertThrottle} kept from the remote sinks
 * horizon_alert_posts_total{sink,result}         HTTP posts: delivered, failed (error, timeout, non-2xx),
 *                                                dropped (queue full or shut down)
 * </pre>
 * Allocate on the daemon's owner thread before the counters file is shared; the counters are
 * then written from any thread (each increment is atomic).
 */
public final class AlertMetrics
{
    private final EngineCounters counters;
    private final Map<Severity, AtomicCounter> raised = new EnumMap<>(Severity.class);
    private final AtomicCounter heldBack;

    /**
     * @param counters the counters file's counters.
     */
    public AlertMetrics(final EngineCounters counters)
    {
        this.counters = counters;
        for (final Severity s : Severity.values())
        {
            raised.put(s, counters.counter("horizon_alerts_raised_total{severity=\"" + s.wireName() + "\"}", EngineCounters.TYPE_PLAIN));
        }
        this.heldBack = counters.counter("horizon_alerts_held_back_total", EngineCounters.TYPE_PLAIN);
    }

    /**
     * @param severity an alert's severity, counted as raised.
     */
    void raised(final Severity severity)
    {
        raised.get(severity).increment();
    }

    /**
     * Counts one repeat held back.
     */
    void heldBack()
    {
        heldBack.increment();
    }

    /**
     * @param sinkKind {@code webhook} or {@code pagerduty}.
     * @return outcomes counted under {@code horizon_alert_posts_total{sink=KIND,result=...}}.
     */
    AlertDelivery.Outcomes posts(final String sinkKind)
    {
        final String sink = EngineCounters.labelValue(sinkKind);
        final AtomicCounter delivered = counters.counter(posts(sink, "delivered"), EngineCounters.TYPE_PLAIN);
        final AtomicCounter failed = counters.counter(posts(sink, "failed"), EngineCounters.TYPE_PLAIN);
        final AtomicCounter dropped = counters.counter(posts(sink, "dropped"), EngineCounters.TYPE_PLAIN);
        return new AlertDelivery.Outcomes()
        {
            @Override
            public void delivered()
            {
                delivered.increment();
            }

            @Override
            public void failed()
            {
                failed.increment();
            }

            @Override
            public void dropped(final long count)
            {
                dropped.getAndAdd(count);
            }
        };
    }

    private static String posts(final String sink, final String result)
    {
        return "horizon_alert_posts_total{sink=\"" + sink + "\",result=\"" + result + "\"}";
    }
}
