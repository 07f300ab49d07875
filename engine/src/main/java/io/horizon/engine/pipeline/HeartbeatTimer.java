package io.horizon.engine.pipeline;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import com.lmax.disruptor.InsufficientCapacityException;
import com.lmax.disruptor.RingBuffer;
import io.horizon.engine.counter.EngineCounters;
import io.horizon.engine.event.InboundEvent;
import org.agrona.concurrent.EpochNanoClock;

/**
 * Publishes a heartbeat into the inbound ring at a fixed interval, so time advances inside the
 * BLP (which never reads a clock) even when no other event arrives. A full ring drops the
 * heartbeat and counts it: the ring is busy, so time is advancing anyway.
 * <p>
 * Threading: owns one daemon thread; {@link #start} and {@link #close} from any one thread.
 */
public final class HeartbeatTimer implements AutoCloseable
{
    private final RingBuffer<InboundEvent> ring;
    private final EngineCounters counters;
    private final EpochNanoClock clock;
    private final long intervalNanos;
    private final Thread thread;
    private volatile boolean running;

    /**
     * @param intervalMillis > 0.
     */
    public HeartbeatTimer(
        final RingBuffer<InboundEvent> ring,
        final EngineCounters counters,
        final EpochNanoClock clock,
        final long intervalMillis)
    {
        if (intervalMillis <= 0)
        {
            throw new IllegalArgumentException("heartbeat interval must be > 0 ms, got " + intervalMillis);
        }
        this.ring = ring;
        this.counters = counters;
        this.clock = clock;
        this.intervalNanos = TimeUnit.MILLISECONDS.toNanos(intervalMillis);
        this.thread = new Thread(this::run, "horizon-timer");
        this.thread.setDaemon(true);
    }

    /**
     * Starts the timer thread.
     */
    public void start()
    {
        running = true;
        thread.start();
    }

    private void run()
    {
        long next = System.nanoTime() + intervalNanos;
        while (running)
        {
            final long wait = next - System.nanoTime();
            if (wait > 0)
            {
                LockSupport.parkNanos(wait);
                continue;
            }
            next += intervalNanos;
            publish();
        }
    }

    private void publish()
    {
        final long seq;
        try
        {
            seq = ring.tryNext();
        }
        catch (final InsufficientCapacityException ex)
        {
            counters.heartbeatsDropped.incrementRelease();
            return;
        }
        try
        {
            ring.get(seq).setHeartbeat(clock.nanoTime());
        }
        finally
        {
            ring.publish(seq);
        }
    }

    /**
     * Stops the thread and waits for it. Idempotent.
     */
    @Override
    public void close()
    {
        running = false;
        LockSupport.unpark(thread);
        if (thread.isAlive() && Thread.currentThread() != thread)
        {
            try
            {
                thread.join(TimeUnit.NANOSECONDS.toMillis(intervalNanos) + 1_000);
            }
            catch (final InterruptedException ex)
            {
                Thread.currentThread().interrupt();
            }
        }
    }
}
