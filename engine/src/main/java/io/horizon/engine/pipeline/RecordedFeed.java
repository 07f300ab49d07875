package io.horizon.engine.pipeline;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import com.lmax.disruptor.InsufficientCapacityException;
import com.lmax.disruptor.RingBuffer;
import com.lmax.disruptor.Sequence;
import com.lmax.disruptor.WaitStrategy;
import io.horizon.engine.event.ControlAction;
import io.horizon.engine.event.InboundEvent;
import io.horizon.engine.event.Side;
import io.horizon.engine.feed.MarketDataSink;

/**
 * A recorded source's events, staged for the engine thread to take in recorded time: the fast
 * way to run a file at {@code --pace max} in the shared threading mode, without a hand-off per
 * event between the source and the engine.
 * <p>
 * The source (a file parser, on its own thread) stages its events here in file order, as fast as
 * it reads them; when the stage is full, the source waits (in a few long naps) until a quarter of
 * it is free again. Nothing is ever dropped.
 * The engine thread takes them one step at a time ({@link RecordedTime}): whenever it is idle,
 * every event before journaled, decided and acted on, and the venue's answers to it too, it moves
 * the recorded clock to the next staged event, publishing first each heartbeat due before it,
 * and puts the event into the inbound ring; it then processes what that event causes in the same
 * duty cycle. So the journal holds exactly what the lock-step of {@link RecordedTime#advanceTo}
 * gives (event, its consequences, heartbeats due, next event), byte for byte, at the cost of a
 * ring publish per event instead of a cross-thread wake-up.
 * <p>
 * A {@link #gap feed-gap marker} is staged like an event and stamped with the recorded time it is
 * taken at (the row before it), as the lock-step's marker through order entry is.
 * <p>
 * Threading: {@link #quote}, {@link #trade}, {@link #gap} and {@link #awaitTaken} from the one
 * source thread; {@link #close} and {@link #pending} from any thread; the rest on the engine thread.
 */
public final class RecordedFeed implements MarketDataSink
{
    private static final long PARK_NANOS = TimeUnit.MICROSECONDS.toNanos(50);
    private static final long FULL_PARK_NANOS = TimeUnit.MICROSECONDS.toNanos(200);

    private final RingBuffer<InboundEvent> stage;
    private final Sequence taken = new Sequence(RingBuffer.INITIAL_CURSOR_VALUE);
    private final RecordedTime time;
    private volatile boolean closed;
    /** Engine thread only: the last event taken (what {@link #taken} says, without reading it back). */
    private long takenUpTo = RingBuffer.INITIAL_CURSOR_VALUE;
    /**
     * Engine thread only: the stage's cursor as last read. The source moves it on every event, so
     * the engine reads it again only once it has taken everything up to here, not at every step.
     */
    private long stagedUpTo = RingBuffer.INITIAL_CURSOR_VALUE;

    /**
     * @param capacity a power of two: events staged ahead of the engine.
     * @param time     the clock the engine steps; it is driven by the engine from the first staged event.
     * @param wakeup   signalled on each staged event (wakes an engine thread that sleeps until signalled).
     */
    RecordedFeed(final int capacity, final RecordedTime time, final WaitStrategy wakeup)
    {
        this.stage = RingBuffer.createSingleProducer(InboundEvent::new, capacity, wakeup);
        this.stage.addGatingSequences(taken);
        this.time = time;
    }

    @Override
    public boolean quote(
        final long timestampNanos,
        final int feedId,
        final long feedSequence,
        final int instrumentId,
        final long bidPrice,
        final long bidQuantity,
        final long askPrice,
        final long askQuantity)
    {
        final long seq = claim();
        if (seq < 0)
        {
            return false;
        }
        stage.get(seq).setQuote(timestampNanos, feedId, feedSequence, instrumentId, bidPrice, bidQuantity, askPrice, askQuantity);
        stage.publish(seq);
        return true;
    }

    @Override
    public boolean trade(
        final long timestampNanos,
        final int feedId,
        final long feedSequence,
        final int instrumentId,
        final long price,
        final long quantity,
        final Side aggressor)
    {
        final long seq = claim();
        if (seq < 0)
        {
            return false;
        }
        stage.get(seq).setTrade(timestampNanos, feedId, feedSequence, instrumentId, price, quantity, aggressor);
        stage.publish(seq);
        return true;
    }

    /**
     * Stages a {@link ControlAction#FEED_GAP} marker for rows the source skipped; the engine stamps
     * it with the recorded time when it takes it.
     *
     * @param line   where the hole is (the file's line).
     * @param reason what was skipped; journaled with the marker.
     * @return false when interrupted or closed while the stage was full.
     */
    public boolean gap(final long line, final CharSequence reason)
    {
        final long seq = claim();
        if (seq < 0)
        {
            return false;
        }
        stage.get(seq).setControl(0, ControlAction.FEED_GAP, line, reason);
        stage.publish(seq);
        return true;
    }

    /**
     * Claims the next slot. A full stage means the source is ahead of the engine: wait here until a
     * quarter of it is free again (so the source sleeps in a few long naps, not one per event),
     * unless interrupted or closed.
     *
     * @return the slot, or -1 when interrupted or closed while the stage was full.
     */
    private long claim()
    {
        time.driveFromEngine();
        while (true)
        {
            try
            {
                return stage.tryNext();
            }
            catch (final InsufficientCapacityException full)
            {
                while (stage.remainingCapacity() < stage.getBufferSize() / 4)
                {
                    if (closed || Thread.currentThread().isInterrupted())
                    {
                        return -1;
                    }
                    LockSupport.parkNanos(FULL_PARK_NANOS);
                }
            }
        }
    }

    /**
     * Waits until the engine has taken everything staged (or the feed was closed). Source thread.
     *
     * @return false when interrupted (the interrupt stays set).
     */
    public boolean awaitTaken()
    {
        while (pending())
        {
            if (Thread.currentThread().isInterrupted())
            {
                return false;
            }
            LockSupport.parkNanos(PARK_NANOS);
        }
        return true;
    }

    /**
     * Stops the engine taking more: what is staged and not taken yet is never published (a stop
     * in the middle of a file). Any thread.
     */
    public void close()
    {
        closed = true;
    }

    /**
     * @return true while events are staged that the engine has not taken. Any thread.
     */
    public boolean pending()
    {
        return !closed && stage.getCursor() > taken.get();
    }

    /**
     * @return the next staged event, or {@code null} when none (or closed). Engine thread; read it
     *         before {@link #take()}.
     */
    InboundEvent peek()
    {
        if (closed)
        {
            return null;
        }
        final long next = takenUpTo + 1;
        if (next > stagedUpTo)
        {
            stagedUpTo = stage.getCursor();
            if (next > stagedUpTo)
            {
                return null;
            }
        }
        return stage.get(next);
    }

    /**
     * Frees the event {@link #peek()} returned. Engine thread.
     */
    void take()
    {
        taken.set(++takenUpTo);
    }
}
