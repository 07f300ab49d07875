package io.horizon.engine.pipeline;

import java.util.concurrent.locks.LockSupport;

import com.lmax.disruptor.AlertException;
import com.lmax.disruptor.Sequence;
import com.lmax.disruptor.SequenceBarrier;
import com.lmax.disruptor.TimeoutException;
import com.lmax.disruptor.WaitStrategy;

/**
 * The dedicated mode's wait strategy when the venue is polled (a FIX session): the gateway thread
 * must read its session even when no event arrives, so a wait never lasts longer than
 * {@code pollIntervalNanos}; then the Disruptor calls the handler's {@code onTimeout}, where the
 * gateway polls the venue. Waiting itself follows the configured kind: spin for
 * {@code busy-spin}, yield for {@code yielding}, otherwise park with a back-off from 1 µs to
 * {@value #MAX_PARK_NANOS} ns. Nothing blocks, so publishers signal nothing.
 * <p>
 * The journal and BLP stages share the ring's wait strategy; their {@code onTimeout} does nothing.
 * <p>
 * Threading: any number of waiting stage threads; stateless between calls.
 */
final class VenuePollWaitStrategy implements WaitStrategy
{
    static final long MAX_PARK_NANOS = 100_000;
    private static final long MIN_PARK_NANOS = 1_000;

    private final WaitStrategyKind kind;
    private final long pollIntervalNanos;

    VenuePollWaitStrategy(final WaitStrategyKind kind, final long pollIntervalNanos)
    {
        this.kind = kind;
        this.pollIntervalNanos = pollIntervalNanos;
    }

    @Override
    public long waitFor(
        final long sequence, final Sequence cursor, final Sequence dependentSequence, final SequenceBarrier barrier)
        throws AlertException, TimeoutException
    {
        final long deadline = System.nanoTime() + pollIntervalNanos;
        long park = MIN_PARK_NANOS;
        long available;
        while ((available = dependentSequence.get()) < sequence)
        {
            barrier.checkAlert();
            if (System.nanoTime() - deadline >= 0)
            {
                throw TimeoutException.INSTANCE;
            }
            switch (kind)
            {
                case BUSY_SPIN:
                    Thread.onSpinWait();
                    break;
                case YIELDING:
                    Thread.yield();
                    break;
                default:
                    LockSupport.parkNanos(park);
                    park = Math.min(park << 1, MAX_PARK_NANOS);
                    break;
            }
        }
        return available;
    }

    @Override
    public void signalAllWhenBlocking()
    {
    }

    @Override
    public String toString()
    {
        return "VenuePollWaitStrategy{" + kind.configName() + ", poll every " + pollIntervalNanos / 1000 + " us}";
    }
}
