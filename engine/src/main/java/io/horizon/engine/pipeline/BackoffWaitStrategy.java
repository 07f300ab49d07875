package io.horizon.engine.pipeline;

import java.util.concurrent.locks.LockSupport;

import com.lmax.disruptor.AlertException;
import com.lmax.disruptor.LiteBlockingWaitStrategy;
import com.lmax.disruptor.Sequence;
import com.lmax.disruptor.SequenceBarrier;
import com.lmax.disruptor.WaitStrategy;

/**
 * Horizon's default wait strategy, built for hosts where stage threads outnumber cores.
 * <ol>
 *   <li>spin for a couple of microseconds, then yield for a few tens, on the sequence it needs
 *       (busy traffic is served here, without a system call);</li>
 *   <li>if the event is not even published yet, block on a lock that publishers only touch when
 *       someone waits (an idle engine costs no CPU);</li>
 *   <li>if it is published but an upstream stage (journal, BLP) has not finished it, park with a
 *       back-off from 1 µs to {@code maxParkNanos}.</li>
 * </ol>
 * Step 3 is the difference from the Disruptor's blocking strategies, which busy-spin on upstream
 * stages once the event is published: on two cores the venue gateway spinning on the journal and
 * the BLP takes the very CPU they need to finish, and latency goes to milliseconds.
 * <p>
 * Threading: shared by every consumer of one ring, as the Disruptor expects.
 */
public final class BackoffWaitStrategy implements WaitStrategy
{
    private static final long MIN_PARK_NANOS = 1_000;

    private final long spinNanos;
    private final long yieldNanos;
    private final long maxParkNanos;
    private final LiteBlockingWaitStrategy blocking = new LiteBlockingWaitStrategy();

    /**
     * @param spinNanos    how long to spin before yielding.
     * @param yieldNanos   how long to yield before blocking or parking.
     * @param maxParkNanos the longest park while upstream stages finish an event.
     */
    public BackoffWaitStrategy(final long spinNanos, final long yieldNanos, final long maxParkNanos)
    {
        this.spinNanos = spinNanos;
        this.yieldNanos = yieldNanos;
        this.maxParkNanos = Math.max(MIN_PARK_NANOS, maxParkNanos);
    }

    @Override
    public long waitFor(
        final long sequence, final Sequence cursor, final Sequence dependentSequence, final SequenceBarrier barrier)
        throws AlertException, InterruptedException
    {
        long available = dependentSequence.get();
        if (available >= sequence)
        {
            return available;
        }

        final long start = System.nanoTime();
        while ((available = dependentSequence.get()) < sequence)
        {
            barrier.checkAlert();
            final long waited = System.nanoTime() - start;
            if (waited < spinNanos)
            {
                Thread.onSpinWait();
            }
            else if (waited < spinNanos + yieldNanos)
            {
                Thread.yield();
            }
            else
            {
                break;
            }
        }
        if (available >= sequence)
        {
            return available;
        }

        if (cursor.get() < sequence)
        {
            // Not published yet: sleep until a publisher signals.
            blocking.waitFor(sequence, cursor, cursor, barrier);
        }

        long park = MIN_PARK_NANOS;
        while ((available = dependentSequence.get()) < sequence)
        {
            barrier.checkAlert();
            LockSupport.parkNanos(park);
            park = Math.min(park << 1, maxParkNanos);
        }
        return available;
    }

    @Override
    public void signalAllWhenBlocking()
    {
        blocking.signalAllWhenBlocking();
    }

    @Override
    public String toString()
    {
        return "BackoffWaitStrategy{spin=" + spinNanos + "ns, yield=" + yieldNanos + "ns, maxPark=" + maxParkNanos + "ns}";
    }
}
