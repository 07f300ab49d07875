package io.horizon.bench.fix;

import java.util.concurrent.locks.LockSupport;

/**
 * A fixed-rate send schedule: order {@code i} is planned at {@code start + i * interval}. The
 * sender parks while its next slot is far (so at 1k orders/s it leaves the CPU to the
 * initiator under test), yields when it is near, and never skips: late orders go at once.
 * <p>
 * Threading: the sending thread only.
 */
final class FixSchedule
{
    private static final long PARK_MARGIN_NANOS = 200_000;

    private final long start;
    private final double intervalNanos;

    FixSchedule(final long startNanos, final long ratePerSecond)
    {
        this.start = startNanos;
        this.intervalNanos = 1e9 / ratePerSecond;
    }

    /**
     * Waits until order {@code i} is due.
     *
     * @return its planned time.
     */
    long awaitSlot(final long i)
    {
        final long planned = start + (long)(i * intervalNanos);
        long left;
        while ((left = planned - System.nanoTime()) > 0)
        {
            if (left > PARK_MARGIN_NANOS)
            {
                LockSupport.parkNanos(left - PARK_MARGIN_NANOS);
            }
            else
            {
                Thread.yield();
            }
        }
        return planned;
    }
}
