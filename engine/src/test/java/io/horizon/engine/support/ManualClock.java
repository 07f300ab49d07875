package io.horizon.engine.support;

import java.util.concurrent.atomic.AtomicLong;

import org.agrona.concurrent.EpochNanoClock;
import org.agrona.concurrent.NanoClock;

/**
 * Test fixture: a clock the test sets, for pipelines whose order entry and gateway stamp events,
 * and whose heartbeat deadlines run on it. It may also move by a fixed step on every read, so
 * that what is read later (an ack after its order) is always later, without the wall clock.
 * Safe for any thread.
 */
public final class ManualClock implements EpochNanoClock, NanoClock
{
    private final AtomicLong now;
    private final long stepPerRead;

    public ManualClock(final long startNanos)
    {
        this(startNanos, 0);
    }

    /**
     * @param startNanos  the first time read.
     * @param stepPerRead how far every read moves the clock, >= 0.
     */
    public ManualClock(final long startNanos, final long stepPerRead)
    {
        this.now = new AtomicLong(startNanos);
        this.stepPerRead = stepPerRead;
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
        return stepPerRead == 0 ? now.get() : now.getAndAdd(stepPerRead);
    }
}
