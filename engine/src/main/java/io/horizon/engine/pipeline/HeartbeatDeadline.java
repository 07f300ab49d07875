package io.horizon.engine.pipeline;

import java.util.concurrent.TimeUnit;

import com.lmax.disruptor.InsufficientCapacityException;
import com.lmax.disruptor.RingBuffer;
import io.horizon.engine.counter.EngineCounters;
import io.horizon.engine.event.InboundEvent;
import org.agrona.concurrent.EpochNanoClock;
import org.agrona.concurrent.NanoClock;

/**
 * The heartbeat as a deadline: when {@link #poll} finds the deadline passed, it publishes one
 * heartbeat into the inbound ring, stamped by the engine clock, so time advances inside the BLP
 * (which never reads a clock) even when no other event arrives, and sets the next deadline one
 * interval later. A full ring drops the heartbeat and counts it: the ring is busy, so time is
 * advancing anyway. A poll that comes late publishes one heartbeat, not one per missed interval.
 * <p>
 * The dedicated mode polls it from the timer thread ({@link HeartbeatTimer}); the shared mode from
 * the engine thread's duty cycle ({@link EngineAgent}), so it needs no thread of its own.
 * <p>
 * Threading: one polling thread; {@link #arm} before the first poll, from any thread.
 */
public final class HeartbeatDeadline
{
    private final RingBuffer<InboundEvent> ring;
    private final EngineCounters counters;
    private final EpochNanoClock stamp;
    private final NanoClock timer;
    private final long intervalNanos;
    private volatile boolean armed;
    private volatile long armedAtNanos;
    private long deadlineNanos;

    /**
     * @param ring           the inbound ring.
     * @param counters       where dropped heartbeats are counted.
     * @param stamp          the engine clock that stamps each heartbeat.
     * @param timer          the monotonic clock deadlines are kept in.
     * @param intervalMillis > 0.
     */
    public HeartbeatDeadline(
        final RingBuffer<InboundEvent> ring,
        final EngineCounters counters,
        final EpochNanoClock stamp,
        final NanoClock timer,
        final long intervalMillis)
    {
        if (intervalMillis <= 0)
        {
            throw new IllegalArgumentException("heartbeat interval must be > 0 ms, got " + intervalMillis);
        }
        this.ring = ring;
        this.counters = counters;
        this.stamp = stamp;
        this.timer = timer;
        this.intervalNanos = TimeUnit.MILLISECONDS.toNanos(intervalMillis);
    }

    /**
     * Starts the deadlines: the first heartbeat is due one interval from now. Heartbeats are live
     * input; recovery arms them only after the replayed journal. Any thread.
     */
    public void arm()
    {
        armedAtNanos = timer.nanoTime();
        armed = true;
    }

    /**
     * Stops publishing heartbeats (a stop drains the rings without new input). Any thread.
     */
    public void disarm()
    {
        armed = false;
    }

    /**
     * @return the interval in nanoseconds.
     */
    public long intervalNanos()
    {
        return intervalNanos;
    }

    /**
     * Publishes a heartbeat when the deadline has passed.
     *
     * @param nowNanos the timer clock's time now.
     * @return 1 when a heartbeat was due (published or dropped), 0 otherwise.
     */
    public int poll(final long nowNanos)
    {
        if (!armed)
        {
            deadlineNanos = 0;
            return 0;
        }
        if (deadlineNanos == 0)
        {
            deadlineNanos = armedAtNanos + intervalNanos;
        }
        if (nowNanos - deadlineNanos < 0)
        {
            return 0;
        }
        deadlineNanos += intervalNanos;
        if (nowNanos - deadlineNanos >= 0)
        {
            // Late by more than an interval (a stall, a suspended VM): one heartbeat, then on schedule.
            deadlineNanos = nowNanos + intervalNanos;
        }
        publish();
        return 1;
    }

    /**
     * @param nowNanos the timer clock's time now.
     * @return nanoseconds until the next heartbeat is due (at most one interval).
     */
    public long nanosToDeadline(final long nowNanos)
    {
        return deadlineNanos == 0 ? intervalNanos : Math.max(0, deadlineNanos - nowNanos);
    }

    /**
     * @return the timer clock.
     */
    public NanoClock timer()
    {
        return timer;
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
            ring.get(seq).setHeartbeat(stamp.nanoTime());
        }
        finally
        {
            ring.publish(seq);
        }
    }
}
