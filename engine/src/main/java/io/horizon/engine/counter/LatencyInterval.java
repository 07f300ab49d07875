package io.horizon.engine.counter;

import org.HdrHistogram.Histogram;

/**
 * One reader's own view of a {@link LatencyRecorder}'s intervals: what was recorded since this
 * reader last took its interval, whatever other readers took in between. The metrics exporter
 * and the counters-file publisher behind {@code horizon stat} each hold one, so neither steals
 * the other's samples, and the engine thread still writes a single recorder.
 * <p>
 * Memory is bounded: the pending histogram has the recorder's fixed range, so a reader that
 * stops taking only accumulates counts.
 * <p>
 * Threading: {@link #take} from the reader's one thread (a sampler), never an engine thread.
 */
public final class LatencyInterval
{
    private final LatencyRecorder recorder;
    private final Histogram pending;

    LatencyInterval(final LatencyRecorder recorder, final Histogram pending)
    {
        this.recorder = recorder;
        this.pending = pending;
    }

    /**
     * Takes what was recorded since this reader's last call.
     *
     * @param recycle the histogram returned by the previous call, or {@code null}.
     * @return the interval's histogram (values in nanoseconds).
     */
    public Histogram take(final Histogram recycle)
    {
        synchronized (recorder)
        {
            recorder.drainToReaders();
            final Histogram result;
            if (recycle == null)
            {
                result = pending.copy();
            }
            else
            {
                recycle.reset();
                recycle.add(pending);
                result = recycle;
            }
            pending.reset();
            return result;
        }
    }

    void add(final Histogram interval)
    {
        pending.add(interval);
    }

    /**
     * @return the recorder read.
     */
    public LatencyRecorder recorder()
    {
        return recorder;
    }
}
