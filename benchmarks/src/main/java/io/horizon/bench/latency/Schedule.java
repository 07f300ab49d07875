package io.horizon.bench.latency;

/**
 * A fixed-rate send schedule: event {@code i} is planned at {@code start + i * interval}. The
 * sender waits for each planned time by yielding (never a long spin: on 2 cores a spinning sender
 * would steal the pipeline's CPU), and never skips: when it falls behind it sends at once, and
 * the lateness counts in every latency measured from the planned time (no coordinated omission).
 * <p>
 * Threading: the sending thread only.
 */
final class Schedule
{
    private final long start;
    private final double intervalNanos;

    Schedule(final long startNanos, final long ratePerSecond)
    {
        this.start = startNanos;
        this.intervalNanos = 1e9 / ratePerSecond;
    }

    long plannedNanos(final long i)
    {
        return start + (long)(i * intervalNanos);
    }

    /**
     * Waits until event {@code i} is due.
     *
     * @return its planned time.
     */
    long awaitSlot(final long i)
    {
        final long planned = plannedNanos(i);
        while (System.nanoTime() < planned)
        {
            Thread.yield();
        }
        return planned;
    }
}
