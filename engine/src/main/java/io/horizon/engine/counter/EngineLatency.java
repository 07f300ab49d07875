package io.horizon.engine.counter;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * The engine's latency recorders, a small registry the metrics sampler walks: each series is a
 * {@link LatencyRecorder} written by one engine thread and read as interval histograms by the
 * sampler, so the hot path never touches the metrics library.
 * <p>
 * The pipeline records two series of its own:
 * <ul>
 *   <li>{@link #journalAppend()}: how long the journal stage took to append one event
 *       (writer: journal thread);</li>
 *   <li>{@link #ringToGateway()}: from an event's timestamp to the venue gateway taking it up,
 *       that is through the ring, the journal and the BLP, for events stamped by the pipeline's
 *       own clock (order entry, control, heartbeats, venue responses; not feed market data,
 *       which carries the feed's time) while the gateway is live (writer: gateway thread).</li>
 * </ul>
 * {@link OrderFlowCounters} adds the order latency per venue and account. Other components may
 * add their own with {@link #recorder}.
 * <p>
 * Threading: {@link #recorder} from any thread, at construction time; {@link #recorders()} from
 * any thread.
 */
public final class EngineLatency
{
    /** Highest latency a series tracks exactly unless told otherwise: one minute. */
    public static final long DEFAULT_HIGHEST_NANOS = TimeUnit.MINUTES.toNanos(1);

    private final List<LatencyRecorder> recorders = new CopyOnWriteArrayList<>();
    private final LatencyRecorder journalAppend;
    private final LatencyRecorder ringToGateway;

    /**
     * Creates the registry with the pipeline's own series.
     */
    public EngineLatency()
    {
        journalAppend = recorder(
            "horizon_journal_append_latency_seconds", LatencyRecorder.Kind.PERCENTILES, TimeUnit.SECONDS.toNanos(10));
        ringToGateway = recorder(
            "horizon_stage_latency_seconds{stage=\"ring_to_gateway\"}", LatencyRecorder.Kind.PERCENTILES, DEFAULT_HIGHEST_NANOS);
    }

    /**
     * Finds the series with this label, or creates it.
     *
     * @param label                 Prometheus name with labels.
     * @param kind                  how it is published.
     * @param highestTrackableNanos largest value kept exactly, at least 2.
     * @return the recorder.
     */
    public synchronized LatencyRecorder recorder(final String label, final LatencyRecorder.Kind kind, final long highestTrackableNanos)
    {
        for (final LatencyRecorder r : recorders)
        {
            if (r.label().equals(label))
            {
                return r;
            }
        }
        final LatencyRecorder r = new LatencyRecorder(label, kind, highestTrackableNanos);
        recorders.add(r);
        return r;
    }

    /**
     * @return journal append time per event; writer: the journal thread.
     */
    public LatencyRecorder journalAppend()
    {
        return journalAppend;
    }

    /**
     * @return event timestamp to gateway pick-up; writer: the gateway thread.
     */
    public LatencyRecorder ringToGateway()
    {
        return ringToGateway;
    }

    /**
     * @return every series, in creation order; a snapshot view that later additions do not disturb.
     */
    public List<LatencyRecorder> recorders()
    {
        return List.copyOf(recorders);
    }
}
