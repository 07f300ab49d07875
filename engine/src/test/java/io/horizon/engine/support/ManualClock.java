package io.horizon.engine.support;

import java.util.concurrent.atomic.AtomicLong;

import org.agrona.concurrent.EpochNanoClock;
import org.agrona.concurrent.NanoClock;

/**
 * Test fixture: a clock the test sets, for pipelines whose order entry and gateway stamp events,
 * and whose heartbeat deadlines run on it.
 * Safe for any thread.
 */
public final class ManualClock implements EpochNanoClock, NanoClock
{
    private final AtomicLong now;

    public ManualClock(final long startNanos)
    {
        this.now = new AtomicLong(startNanos);
    }

    public void set(final long nanos)
    {
        now.set(nanos);
    }

    public void advance(final long nanos)
    {
        now.addAndGet(nanos);
    }

    @Override
    public long nanoTime()
    {
        return now.get();
    }
}
