package io.horizon.engine.counter;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.HdrHistogram.Histogram;
import org.HdrHistogram.SingleWriterRecorder;

/**
 * One latency series: an HdrHistogram {@link SingleWriterRecorder} that an engine thread writes
 * without allocating or locking, and that the metrics sampler reads as interval histograms.
 * <p>
 * The label is the Prometheus name with its labels, like a counter's in {@link EngineCounters};
 * {@link #kind()} says how the exporter publishes it. Values are nanoseconds; a value above the
 * highest trackable one is recorded as that value (so the count stays right and the tail shows as
 * "at least"), a negative one (clocks out of step) is not recorded.
 * <p>
 * Several readers may take intervals without stealing each other's samples: each holds its own
 * {@link LatencyInterval} ({@link #newInterval()}); {@link #intervalHistogram} is the metrics
 * exporter's. Reading locks only among readers; the writer never waits.
 * <p>
 * Threading: {@link #record} from one writer thread only (named where the recorder is created);
 * {@link #intervalHistogram} from one reader thread (the metrics sampler); each
 * {@link LatencyInterval} from its own reader thread.
 */
public final class LatencyRecorder
{
    /** How a series is published. */
    public enum Kind
    {
        /** A Prometheus histogram with buckets, count and sum. */
        HISTOGRAM,
        /** Percentile gauges over the last sampling interval. */
        PERCENTILES
    }

    private static final int SIGNIFICANT_DIGITS = 3;

    private final String label;
    private final Kind kind;
    private final long highestTrackableNanos;
    private final SingleWriterRecorder recorder;
    private final List<LatencyInterval> readers = new CopyOnWriteArrayList<>();
    private final LatencyInterval exporterView;
    private Histogram drained;

    LatencyRecorder(final String label, final Kind kind, final long highestTrackableNanos)
    {
        this.label = label;
        this.kind = kind;
        this.highestTrackableNanos = highestTrackableNanos;
        this.recorder = new SingleWriterRecorder(1, highestTrackableNanos, SIGNIFICANT_DIGITS);
        // The exporter reads from the start, so its histograms count every sample ever recorded.
        this.exporterView = newInterval();
    }

    /**
     * Records one latency. Allocation-free, wait-free. Writer thread only.
     *
     * @param nanos the latency in nanoseconds.
     */
    public void record(final long nanos)
    {
        if (nanos >= 0)
        {
            recorder.recordValue(Math.min(nanos, highestTrackableNanos));
        }
    }

    /**
     * Takes what was recorded since the last call. Reader thread only.
     *
     * @param recycle the histogram returned by the previous call, or {@code null}.
     * @return the interval's histogram.
     */
    public Histogram intervalHistogram(final Histogram recycle)
    {
        return exporterView.take(recycle);
    }

    /**
     * A new reader of this series' intervals; its first interval starts now. Cold path, any thread.
     *
     * @return the reader's view.
     */
    public synchronized LatencyInterval newInterval()
    {
        drainToReaders();
        final LatencyInterval reader = new LatencyInterval(this, new Histogram(1, highestTrackableNanos, SIGNIFICANT_DIGITS));
        readers.add(reader);
        return reader;
    }

    /**
     * Moves what the writer recorded since the last drain into every reader's pending interval.
     * Caller holds this recorder's lock.
     */
    void drainToReaders()
    {
        drained = drained == null ? recorder.getIntervalHistogram() : recorder.getIntervalHistogram(drained);
        for (final LatencyInterval reader : readers)
        {
            reader.add(drained);
        }
    }

    /**
     * @return the Prometheus name with labels, e.g. {@code horizon_order_latency_seconds{venue="paper",account="paper"}}.
     */
    public String label()
    {
        return label;
    }

    /**
     * @return how the exporter publishes this series.
     */
    public Kind kind()
    {
        return kind;
    }

    /**
     * @return the largest value recorded as itself, in nanoseconds.
     */
    public long highestTrackableNanos()
    {
        return highestTrackableNanos;
    }
}
