package io.horizon.engine.pipeline;

import java.lang.invoke.VarHandle;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;

import com.lmax.disruptor.AlertException;
import com.lmax.disruptor.Sequence;
import com.lmax.disruptor.SequenceBarrier;
import com.lmax.disruptor.WaitStrategy;
import org.agrona.concurrent.IdleStrategy;

/**
 * How the shared mode's engine thread sleeps when the market is quiet, and how a publisher wakes
 * it: the ring's {@link WaitStrategy} on the publishing side, and the engine thread's
 * {@link IdleStrategy} on the other.
 * <p>
 * Idle, the engine thread spins a little, yields a little, then parks, but only after saying so
 * ({@code sleeping}) and looking once more for input; every publish into the ring ends in
 * {@link #signalAllWhenBlocking()}, which unparks the engine thread when it sleeps. So a quiet
 * engine costs almost no CPU (no timed wake-ups but its own deadline), and an event that arrives
 * wakes it at once, not at the end of a park period. The park is bounded by the next heartbeat
 * deadline and by {@code maxParkNanos}, so a stop request or a timer is never late by more.
 * <p>
 * Both sides fence between writing their flag and reading the other's (the publisher's slot, the
 * engine's {@code sleeping}), so a wake-up cannot be lost in between.
 * <p>
 * Threading: {@link #signalAllWhenBlocking()} from any publishing thread; the idle strategy on the
 * engine thread only.
 */
public final class EngineWakeup implements WaitStrategy
{
    private volatile boolean sleeping;
    private volatile Thread sleeper;

    @Override
    public long waitFor(
        final long sequence, final Sequence cursor, final Sequence dependentSequence, final SequenceBarrier barrier)
        throws AlertException
    {
        // Nobody waits on this ring through a barrier; should someone, it spins as BusySpinWaitStrategy would.
        long available;
        while ((available = dependentSequence.get()) < sequence)
        {
            barrier.checkAlert();
            Thread.onSpinWait();
        }
        return available;
    }

    @Override
    public void signalAllWhenBlocking()
    {
        if (Thread.currentThread() == sleeper)
        {
            // The engine thread publishing into its own ring (venue answers, recorded steps) is awake: no fence.
            return;
        }
        VarHandle.fullFence();
        if (sleeping)
        {
            LockSupport.unpark(sleeper);
        }
    }

    /**
     * @param spins        idle calls that spin before yielding.
     * @param yields       idle calls that yield before parking.
     * @param maxParkNanos the longest park.
     * @param inputPending true when something is published the engine has not taken yet.
     * @param toDeadline   nanoseconds until the engine's next timer deadline.
     * @return the engine thread's idle strategy.
     */
    public IdleStrategy idleStrategy(
        final long spins, final long yields, final long maxParkNanos, final BooleanSupplier inputPending,
        final LongSupplier toDeadline)
    {
        return new SleepUntilSignalled(spins, yields, maxParkNanos, inputPending, toDeadline);
    }

    private final class SleepUntilSignalled implements IdleStrategy
    {
        private final long spins;
        private final long yields;
        private final long maxParkNanos;
        private final BooleanSupplier inputPending;
        private final LongSupplier toDeadline;
        private long idleCalls;

        SleepUntilSignalled(
            final long spins, final long yields, final long maxParkNanos, final BooleanSupplier inputPending,
            final LongSupplier toDeadline)
        {
            this.spins = spins;
            this.yields = yields;
            this.maxParkNanos = maxParkNanos;
            this.inputPending = inputPending;
            this.toDeadline = toDeadline;
        }

        @Override
        public void idle(final int workCount)
        {
            if (workCount > 0)
            {
                reset();
            }
            else
            {
                idle();
            }
        }

        @Override
        public void idle()
        {
            final long n = idleCalls++;
            if (n < spins)
            {
                Thread.onSpinWait();
            }
            else if (n < spins + yields)
            {
                Thread.yield();
            }
            else
            {
                park();
            }
        }

        private void park()
        {
            final long nanos = Math.min(maxParkNanos, toDeadline.getAsLong());
            if (nanos <= 0)
            {
                return;
            }
            sleeper = Thread.currentThread();
            sleeping = true;
            VarHandle.fullFence();
            if (!inputPending.getAsBoolean())
            {
                LockSupport.parkNanos(this, nanos);
            }
            sleeping = false;
        }

        @Override
        public void reset()
        {
            idleCalls = 0;
        }

        @Override
        public String alias()
        {
            return "backoff-until-signalled";
        }

        @Override
        public String toString()
        {
            return "SleepUntilSignalled{spins=" + spins + ", yields=" + yields + ", maxParkNanos=" + maxParkNanos + "}";
        }
    }
}
