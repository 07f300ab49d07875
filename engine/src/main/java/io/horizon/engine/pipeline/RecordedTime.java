package io.horizon.engine.pipeline;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

import com.lmax.disruptor.InsufficientCapacityException;
import com.lmax.disruptor.RingBuffer;
import io.horizon.engine.event.InboundEvent;
import org.agrona.concurrent.EpochNanoClock;

/**
 * The engine clock of a recorded source (a market data file): time is the data's own time, not
 * the wall clock. A pipeline built with one ({@link EnginePipeline.Builder#recordedTime}) has no
 * wall-clock heartbeat: the source calls {@link #advanceTo} before each event it publishes, and
 * this publishes the heartbeats that fall due in recorded time before that event, each stamped
 * with its due time (a heartbeat is due every {@code heartbeat_ms} of recorded time, whatever the
 * wall clock does, and a silence of 45 s in the data is 450 heartbeats of 100 ms), so the
 * watchdog, rate windows, cooldowns and quote-age checks judge the data as they would have live.
 * Everything else the pipeline stamps (order entry, controls, venue responses) reads this clock.
 * <p>
 * <b>Lock-step.</b> Before each step of time (a heartbeat or the source's next event) it waits
 * until the pipeline is idle: every event published before has been journaled and processed, and
 * the venue's answers to it too. So venue responses come before the next recorded event and carry
 * the time of the event that caused them, and the same file gives the same journal, byte for byte,
 * in either threading mode. This models a venue that answers within the data's resolution; it
 * costs a hand-off per event.
 * <p>
 * <b>Stepped by the engine.</b> In the shared mode a source may instead stage its events in the
 * pipeline's {@link RecordedFeed}; then the engine thread takes each step itself, whenever it is
 * idle ({@code takeStep}), with the same heartbeats, order and stamps as the lock-step and no
 * hand-off per event. A clock is driven one way or the other: once a feed has staged an event,
 * {@link #advanceTo} is refused. The daemon stages a file at {@code --pace max} in the shared mode
 * and uses the lock-step when paced or in the dedicated mode.
 * <p>
 * <b>Pace.</b> A {@link Pacer} may hold each step back until its recorded time is due on the wall
 * clock (1x, 10x); {@link Pacer#MAX} never waits.
 * <p>
 * Before the first step the clock reads the time given to {@link #startAt} (the file's first
 * timestamp), or 0; after the source's last event it stands still.
 * <p>
 * Threading: {@link #advanceTo} and {@link #startAt} from the source's one thread, or
 * {@code takeStep} from the engine thread; {@link #nanoTime} from any thread (it is the pipeline's
 * clock). The BLP never reads it: it reads event times.
 */
public final class RecordedTime implements EpochNanoClock
{
    /**
     * Holds a step of recorded time back until it is due on the wall clock.
     */
    @FunctionalInterface
    public interface Pacer
    {
        /** As fast as the engine takes it. */
        Pacer MAX = recordedNanos -> true;

        /**
         * @param recordedNanos the recorded time of the next step.
         * @return false when the wait was interrupted (the interrupt stays set).
         */
        boolean await(long recordedNanos);
    }

    private static final int SPINS = 200;
    private static final int YIELDS = 100;
    private static final long PARK_NANOS = TimeUnit.MICROSECONDS.toNanos(20);

    private final Pacer pacer;
    private volatile long nowNanos;
    private RingBuffer<InboundEvent> ring;
    private BooleanSupplier idle;
    private long intervalNanos;
    private long nextHeartbeatNanos = Long.MIN_VALUE;
    private volatile long heartbeats;
    private volatile boolean engineDriven;

    /**
     * @param pacer how the source is paced against the wall clock.
     */
    public RecordedTime(final Pacer pacer)
    {
        this.pacer = pacer;
    }

    /**
     * Called by the pipeline that runs on this clock, once, before it starts.
     */
    void attach(final RingBuffer<InboundEvent> ring, final BooleanSupplier idle, final long heartbeatIntervalMillis)
    {
        if (this.ring != null)
        {
            throw new IllegalStateException("recorded time already drives a pipeline");
        }
        this.ring = ring;
        this.idle = idle;
        this.intervalNanos = TimeUnit.MILLISECONDS.toNanos(heartbeatIntervalMillis);
    }

    /**
     * Sets the clock before the first event, so what is stamped before it (a control, recovery)
     * carries the source's time, not 1970. Ignored once time has advanced.
     *
     * @param recordedNanos the source's first timestamp.
     */
    public void startAt(final long recordedNanos)
    {
        if (nextHeartbeatNanos == Long.MIN_VALUE)
        {
            nowNanos = recordedNanos;
        }
    }

    /**
     * @return the engine time: the recorded time reached so far, in nanoseconds since the epoch.
     */
    @Override
    public long nanoTime()
    {
        return nowNanos;
    }

    /**
     * @return heartbeats published so far. Source thread (any thread once the engine steps the clock).
     */
    public long heartbeats()
    {
        return heartbeats;
    }

    /**
     * Moves the engine to the recorded time of the source's next event: publishes each heartbeat
     * due up to and including it, then waits (pace and lock-step) until the event may be published,
     * stamped {@code recordedNanos}. Time never goes back: an earlier time leaves the clock where it is.
     *
     * @param recordedNanos the next event's time.
     * @return false when interrupted (the interrupt stays set); nothing more should be published.
     */
    public boolean advanceTo(final long recordedNanos)
    {
        if (ring == null)
        {
            throw new IllegalStateException("recorded time drives no pipeline; build one with it first");
        }
        if (engineDriven)
        {
            throw new IllegalStateException("the engine steps this clock from its staged feed; a source cannot also advance it");
        }
        final long target = Math.max(recordedNanos, nowNanos);
        if (nextHeartbeatNanos == Long.MIN_VALUE)
        {
            // The schedule starts at the source's first event, as a live one starts when the engine goes live.
            nextHeartbeatNanos = intervalNanos > 0 ? target + intervalNanos : Long.MAX_VALUE;
        }
        while (nextHeartbeatNanos <= target)
        {
            final long due = nextHeartbeatNanos;
            if (!step(due) || !publishHeartbeat(due))
            {
                return false;
            }
            heartbeats++;
            nextHeartbeatNanos = due + intervalNanos;
        }
        return step(target);
    }

    private boolean step(final long recordedNanos)
    {
        if (!pacer.await(recordedNanos) || !awaitIdle())
        {
            return false;
        }
        nowNanos = recordedNanos;
        return true;
    }

    /**
     * Waits until everything published has been processed and answered: spin, yield, then park briefly.
     */
    private boolean awaitIdle()
    {
        int waits = 0;
        while (!idle.getAsBoolean())
        {
            if (Thread.currentThread().isInterrupted())
            {
                return false;
            }
            if (waits < SPINS)
            {
                Thread.onSpinWait();
            }
            else if (waits < SPINS + YIELDS)
            {
                Thread.yield();
            }
            else
            {
                LockSupport.parkNanos(PARK_NANOS);
            }
            waits++;
        }
        return true;
    }

    /**
     * Hands the clock to the engine thread: from now on it steps through a {@link RecordedFeed}'s
     * events ({@link #takeStep}) and {@link #advanceTo} is refused. Source thread.
     */
    void driveFromEngine()
    {
        if (!engineDriven)
        {
            if (nextHeartbeatNanos != Long.MIN_VALUE)
            {
                throw new IllegalStateException("this clock was already advanced in lock-step; a staged feed cannot take it over");
            }
            engineDriven = true;
        }
    }

    /**
     * One step of recorded time, taken by the engine thread when it is idle (everything published
     * before processed and answered): publishes into the ring either the next heartbeat due up to
     * the next staged event's time, or that event, and moves the clock there, exactly as
     * {@link #advanceTo} followed by the source's publish would. A staged market data event keeps
     * its own timestamp; anything else staged (a feed-gap marker) is stamped with the clock's time.
     *
     * @param feed the staged events.
     * @return true when an event was published; false when nothing is staged or the ring has no room.
     */
    boolean takeStep(final RecordedFeed feed)
    {
        final InboundEvent next = feed.peek();
        if (next == null)
        {
            return false;
        }
        final long now = nowNanos;
        final boolean marketData = next.type.isMarketData();
        final long target = marketData ? Math.max(next.timestampNanos, now) : now;
        if (nextHeartbeatNanos == Long.MIN_VALUE)
        {
            nextHeartbeatNanos = intervalNanos > 0 ? target + intervalNanos : Long.MAX_VALUE;
        }
        final long seq;
        try
        {
            seq = ring.tryNext();
        }
        catch (final InsufficientCapacityException full)
        {
            return false;
        }
        final InboundEvent slot = ring.get(seq);
        if (nextHeartbeatNanos <= target)
        {
            final long due = nextHeartbeatNanos;
            nowNanos = due;
            slot.setHeartbeat(due);
            heartbeats++;
            nextHeartbeatNanos = due + intervalNanos;
        }
        else
        {
            nowNanos = target;
            slot.copyFrom(next);
            if (!marketData)
            {
                slot.timestampNanos = target;
            }
            feed.take();
        }
        ring.publish(seq);
        return true;
    }

    /**
     * Moves to a journaled event's time and publishes it as it was, for tools that re-run a journal
     * on its own time ({@code replay --what-if}); never dropped.
     *
     * @param journaled the event; copied into the ring.
     * @return false when interrupted (the interrupt stays set).
     */
    public boolean replay(final InboundEvent journaled)
    {
        return advanceTo(journaled.timestampNanos) && publish(journaled, 0);
    }

    private boolean publishHeartbeat(final long dueNanos)
    {
        return publish(null, dueNanos);
    }

    /**
     * Heartbeats and replayed events of recorded time are never dropped (a dropped one would change
     * what the engine decides); the ring is idle here, so a full ring only means another producer,
     * and we wait.
     */
    private boolean publish(final InboundEvent journaled, final long heartbeatNanos)
    {
        while (true)
        {
            try
            {
                final long seq = ring.tryNext();
                try
                {
                    if (journaled == null)
                    {
                        ring.get(seq).setHeartbeat(heartbeatNanos);
                    }
                    else
                    {
                        ring.get(seq).copyFrom(journaled);
                    }
                }
                finally
                {
                    ring.publish(seq);
                }
                return true;
            }
            catch (final InsufficientCapacityException full)
            {
                if (Thread.currentThread().isInterrupted())
                {
                    return false;
                }
                LockSupport.parkNanos(PARK_NANOS);
            }
        }
    }
}
