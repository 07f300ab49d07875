package io.horizon.engine.venue;

import java.util.List;
import java.util.concurrent.locks.LockSupport;

import com.lmax.disruptor.EventHandler;
import com.lmax.disruptor.InsufficientCapacityException;
import com.lmax.disruptor.RingBuffer;
import com.lmax.disruptor.Sequence;
import io.horizon.engine.counter.EngineCounters;
import io.horizon.engine.counter.LatencyRecorder;
import io.horizon.engine.event.EventType;
import io.horizon.engine.event.InboundEvent;
import io.horizon.engine.event.RejectReason;
import io.horizon.engine.output.EngineOutput;
import io.horizon.engine.output.ExecutionReportListener;
import io.horizon.engine.output.Outbox;
import io.horizon.engine.journal.DurablePosition;
import io.horizon.engine.journal.JournalRetry;
import io.horizon.engine.journal.OutputJournal;
import io.horizon.engine.snapshot.SnapshotTaker;
import org.agrona.concurrent.EpochNanoClock;

/**
 * The last stage of the inbound ring, gated on both the journal and the BLP: the only place
 * where anything leaves the process. For inbound event {@code s} it hands market data to the
 * venue (so a simulated venue matches in ring order), then acts on every BLP output caused by
 * events up to {@code s}: venue commands go to the {@link Venue}, execution reports, engine
 * errors and alerts to the listeners.
 * <p>
 * Venue responses re-enter the inbound ring as events. They are never dropped: if the ring is
 * full they wait, in order, in a backlog that is retried before any newer response and at the
 * end of every batch. The ring cannot stay full while the backlog waits, because a full ring
 * means events are queued for this very stage.
 * <p>
 * Every output is journaled (through the {@link OutputJournal}) before it is acted on; an output
 * that could not be journaled is never acted on, not even while the pipeline stops (see
 * {@link #process}).
 * <p>
 * Nothing of inbound event {@code s} is done before the inbound journal says {@code s} is durable
 * ({@link DurablePosition}): under {@code --journal-sync batch} that is once the journal's syncer
 * thread has synced it, so the engine never blocks on the device itself (group commit). Events
 * wait for it in ring order where they are (the ring, the outbox): nothing is copied or allocated.
 * Meanwhile the gateway keeps running: the dedicated mode's gateway thread parks until the syncer
 * wakes it, reading a polled venue as it would between events; the shared mode's duty cycle goes on.
 * A sync that failed stops every effect from there; once halted, what waits for it is given up
 * and counted, never acted on.
 * <p>
 * While not live (recovery and replay), the venue is never called; outputs still reach the
 * listeners so they can be compared. Recovery turns the gateway live with {@link #goLive()} once
 * the journal has been replayed. The one exception is a venue's {@link ReplayableVenue} part (the
 * paper venue's book), restored from a snapshot or empty at the journal's start
 * ({@link #followJournal()}): it is called while not live too, with its responses thrown away (the
 * journal holds them), so that the replayed tail, or the whole journal, brings it to where it was
 * at the stop.
 * <p>
 * When snapshots carry the venue's state ({@link SnapshotTaker#carryVenueState()}), this stage
 * completes each one once it has performed every effect of the events the snapshot covers, so the
 * book sits at the same journal position as the BLP's state.
 * <p>
 * Threading: the gateway thread (dedicated mode, via the Disruptor) or the engine thread (shared
 * mode); {@link #goLive}, {@link #halt}, {@link #causesNotJournaledFrom} and {@link #wakeForDurability}
 * from any thread.
 */
public final class VenueGateway implements EventHandler<InboundEvent>
{
    private static final int INITIAL_BACKLOG = 1024;
    /** Longest the dedicated gateway thread parks waiting for durability before it looks again. */
    private static final long DURABILITY_PARK_NANOS = 100_000;

    private final Venue venue;
    private final Outbox outbox;
    private final EngineCounters counters;
    private final ExecutionReportListener[] listeners;
    private final EpochNanoClock clock;
    private final OutputJournal outputJournal;
    private final LatencyRecorder ringLatency;
    private final JournalRetry retry;
    private volatile boolean live;
    private volatile boolean halted;
    private volatile long unjournaledFrom = Long.MAX_VALUE;
    private DurablePosition durability = DurablePosition.IMMEDIATE;
    private boolean awaitingDurability;
    private volatile Thread waiter;
    private long begunSequence = -1;
    private RingBuffer<InboundEvent> ring;
    private Sequence sequenceCallback;

    private final VenueResponseEvents responses;
    private final ReplayableVenue replayable;
    private boolean following;
    private SnapshotTaker snapshots;
    private InboundEvent[] backlog = newBacklog(INITIAL_BACKLOG);
    private int backlogHead;
    private int backlogSize;

    /**
     * @param venue       the venue, or {@code null} when side effects are off.
     * @param venueId     id stamped as the source of response events.
     * @param outbox      the BLP's outbox.
     * @param counters    engine counters.
     * @param listeners   execution report listeners.
     * @param clock         stamps response events.
     * @param outputJournal where outputs are journaled before they are acted on.
     * @param live          false to start without calling the venue (recovery, replay).
     */
    public VenueGateway(
        final Venue venue,
        final int venueId,
        final Outbox outbox,
        final EngineCounters counters,
        final List<ExecutionReportListener> listeners,
        final EpochNanoClock clock,
        final OutputJournal outputJournal,
        final boolean live)
    {
        this(venue, venueId, outbox, counters, listeners, clock, outputJournal, live, null);
    }

    /**
     * As above, and records into {@code ringLatency}, while live, how long each event stamped by
     * {@code clock} (everything but feed market data) took from its timestamp to this stage.
     *
     * @param ringLatency where that latency goes, or {@code null} for nowhere.
     */
    public VenueGateway(
        final Venue venue,
        final int venueId,
        final Outbox outbox,
        final EngineCounters counters,
        final List<ExecutionReportListener> listeners,
        final EpochNanoClock clock,
        final OutputJournal outputJournal,
        final boolean live,
        final LatencyRecorder ringLatency)
    {
        if (live && venue == null)
        {
            throw new IllegalArgumentException("a venue is required when side effects are on");
        }
        this.venue = venue;
        this.outbox = outbox;
        this.counters = counters;
        this.listeners = listeners.toArray(new ExecutionReportListener[0]);
        this.clock = clock;
        this.outputJournal = outputJournal;
        this.live = live;
        this.ringLatency = ringLatency;
        this.replayable = venue == null ? null : venue.replayable();
        this.retry = new JournalRetry("outbound", counters);
        this.responses = new VenueResponseEvents(new VenueResponseEvents.EventSlots()
        {
            @Override
            public InboundEvent claim()
            {
                return backlogSlot();
            }

            @Override
            public void commit(final InboundEvent event)
            {
                queueBacklogSlot();
            }
        }, clock, venueId);
    }

    /**
     * Starts calling the venue: from the next event on, market data and commands reach it.
     * Call while the pipeline is idle, after recovery has replayed the journal. Any thread.
     */
    public void goLive()
    {
        if (venue == null)
        {
            throw new IllegalStateException("this gateway has no venue; it can never go live");
        }
        live = true;
    }

    /**
     * The venue's replayable part was restored from a snapshot, or is empty and the whole journal
     * replays from record 0: call it while the journal replays, responses thrown away. Before the
     * pipeline starts.
     *
     * @throws IllegalStateException when the venue has no replayable part.
     */
    public void followJournal()
    {
        if (replayable == null)
        {
            throw new IllegalStateException("this gateway's venue keeps no state a replay could follow");
        }
        following = true;
    }

    /**
     * @return the venue's replayable part ({@link Venue#replayable()}), or {@code null}.
     */
    public ReplayableVenue replayable()
    {
        return replayable;
    }

    /**
     * Completes the snapshots {@code taker} hands over with the venue's state. Before the pipeline starts.
     */
    public void snapshots(final SnapshotTaker taker)
    {
        this.snapshots = taker;
    }

    /**
     * @return true while venue calls are made.
     */
    public boolean isLive()
    {
        return live;
    }

    /**
     * Stops retrying a failing output journal so the pipeline can halt; from then on an output
     * that cannot be journaled is dropped and counted instead. Any thread.
     */
    public void halt()
    {
        halted = true;
    }

    /**
     * @return true once {@link #halt()} was called. Any thread.
     */
    public boolean isHalted()
    {
        return halted;
    }

    /**
     * Sets how far the inbound journal may be acted on; {@link DurablePosition#IMMEDIATE} (never
     * wait) until called. Called once before start.
     *
     * @param durability the inbound journal's durable position.
     */
    public void durability(final DurablePosition durability)
    {
        this.durability = durability;
    }

    /**
     * Wakes the gateway thread if it is parked waiting for durability (dedicated mode). Any thread;
     * the journal's syncer calls it when it has made more events durable.
     */
    public void wakeForDurability()
    {
        final Thread t = waiter;
        if (t != null)
        {
            LockSupport.unpark(t);
        }
    }

    /**
     * @return true when the last {@link #process} call stopped because its event is not durable yet
     *         (as opposed to an output journal that failed). Gateway thread.
     */
    public boolean awaitingDurability()
    {
        return awaitingDurability;
    }

    @Override
    public void onStart()
    {
        waiter = Thread.currentThread();
    }

    @Override
    public void onShutdown()
    {
        waiter = null;
    }

    /**
     * Connects the ring that responses are published to. Called once before start.
     */
    public void ring(final RingBuffer<InboundEvent> ring)
    {
        this.ring = ring;
    }

    @Override
    public void setSequenceCallback(final Sequence sequenceCallback)
    {
        this.sequenceCallback = sequenceCallback;
    }

    @Override
    public void onEvent(final InboundEvent event, final long sequence, final boolean endOfBatch)
    {
        while (!process(event, sequence, endOfBatch))
        {
            if (awaitingDurability)
            {
                // The syncer unparks this thread when it has made more durable; the park is bounded so a
                // polled venue is still read meanwhile, as between events.
                pollVenue();
                LockSupport.parkNanos(this, DURABILITY_PARK_NANOS);
            }
            else
            {
                retry.backOff();
            }
        }
        if (endOfBatch)
        {
            // A busy ring never times the wait out: a polled venue is read between batches too.
            pollVenue();
        }
    }

    /**
     * Performs every effect of inbound event {@code sequence}: hands market data to the venue,
     * then acts on each BLP output caused by events up to it, each journaled first. The dedicated
     * mode calls it from {@link #onEvent}; the shared mode's engine thread calls it directly.
     * <p>
     * Until the event is durable ({@link #durability(DurablePosition)}) it does nothing and returns
     * false with {@link #awaitingDurability()} true: call it again once the journal has moved on.
     * Once halted after a sync failed, what is not durable is given up and counted instead.
     * <p>
     * An output whose journal append fails is not acted on. While the pipeline runs, the call
     * stops there and returns false: call it again with the same event (after
     * {@link JournalRetry#backOff()}); it resumes at that output and does not hand the market data
     * to the venue twice. Once {@link #halt() halted}, an output that cannot be journaled, or whose
     * cause the journal stage gave up ({@link #causesNotJournaledFrom}), is dropped and counted in
     * {@code horizon_journal_abandoned_total{journal="outbound"}}, never acted on.
     *
     * @return true when the event is done; false when an output could not be journaled yet.
     */
    public boolean process(final InboundEvent event, final long sequence, final boolean endOfBatch)
    {
        final boolean live = this.live;
        final boolean causeJournaled = sequence < unjournaledFrom;
        boolean causeDurable = true;
        if (causeJournaled && sequence > durability.durableUpTo())
        {
            if (!halted || !durability.syncFailed())
            {
                // Not durable yet: nothing of this event leaves the process before it is.
                awaitingDurability = true;
                return false;
            }
            // Halted after a failed sync: it never will be durable, so nothing it caused is acted on.
            causeDurable = false;
        }
        awaitingDurability = false;
        if (begunSequence != sequence)
        {
            begunSequence = sequence;
            if (backlogSize > 0)
            {
                flushBacklog();
            }
            if (causeJournaled && causeDurable && live)
            {
                if (ringLatency != null && event.type != EventType.NONE && !event.type.isMarketData())
                {
                    // Only events stamped by our own clock: feed market data carries the feed's time.
                    ringLatency.record(clock.nanoTime() - event.timestampNanos);
                }
                if (event.type.isMarketData())
                {
                    try
                    {
                        venue.onMarketData(event, responses);
                    }
                    catch (final Throwable t)
                    {
                        counters.venueErrors.incrementRelease();
                        counters.handlerErrors.increment();
                    }
                }
            }
            else if (following && !live && event.type.isMarketData())
            {
                follow(event, null);
            }
        }

        EngineOutput out;
        while ((out = outbox.peek()) != null && out.causeSequence <= sequence)
        {
            if (!causeDurable || out.causeSequence >= unjournaledFrom || !journal(out))
            {
                if (!halted && out.causeSequence < unjournaledFrom)
                {
                    return false;
                }
                // Nothing leaves the process unjournaled, not even while stopping.
                retry.gaveUp(out.causeSequence);
                outbox.consume();
                continue;
            }
            dispatch(out, live);
            outbox.consume();
        }

        if (snapshots != null)
        {
            // Every effect of the events up to this one has reached the venue: a snapshot covering
            // them takes the book now. Its state is valid only if the venue was called all along.
            snapshots.afterVenueEvent(sequence, live || following ? replayable : null);
        }

        if (endOfBatch && backlogSize > 0)
        {
            // Report progress first: the ring may be full only because this stage has not moved.
            if (sequenceCallback != null)
            {
                sequenceCallback.set(sequence);
            }
            flushBacklog();
        }
        return true;
    }

    /**
     * Lets a polled venue ({@link Venue#isPolled()}) do its own work, while live: read what arrived
     * on its session and report it through the backlog into the ring. Gateway thread (dedicated
     * mode, between and after events) or engine thread (shared mode, each duty cycle).
     *
     * @return the venue's work count; 0 when there is nothing to do.
     */
    public int pollVenue()
    {
        if (!live || halted || venue == null || !venue.isPolled())
        {
            return 0;
        }
        if (backlogSize > 0)
        {
            flushBacklog();
        }
        try
        {
            return venue.poll(responses);
        }
        catch (final Throwable t)
        {
            counters.venueErrors.incrementRelease();
            counters.handlerErrors.increment();
            return 0;
        }
    }

    @Override
    public void onTimeout(final long sequence)
    {
        pollVenue();
    }

    /**
     * The journal stage gave up event {@code sequence} at halt: nothing caused by it or by any
     * later event is acted on. Any thread; the first call wins.
     *
     * @param sequence the first inbound sequence that is not journaled.
     */
    public void causesNotJournaledFrom(final long sequence)
    {
        if (sequence < unjournaledFrom)
        {
            unjournaledFrom = sequence;
        }
    }

    /**
     * @return the gateway's journal retry state (failures in the current episode, records given up).
     */
    public JournalRetry journalRetry()
    {
        return retry;
    }

    private boolean journal(final EngineOutput out)
    {
        try
        {
            outputJournal.append(out);
            retry.succeeded(out.causeSequence);
            return true;
        }
        catch (final Throwable t)
        {
            // Hold the effect back: nothing leaves the process unjournaled.
            retry.failed(out.causeSequence, t);
            return false;
        }
    }

    private void dispatch(final EngineOutput out, final boolean live)
    {
        switch (out.kind)
        {
            case VENUE_NEW:
            case VENUE_CANCEL:
            case VENUE_AMEND:
            case VENUE_RECONCILE:
                if (live)
                {
                    callVenue(out);
                }
                else if (following)
                {
                    follow(null, out);
                }
                break;
            case EXECUTION_REPORT:
            case ENGINE_ERROR:
            case ALERT:
                for (final ExecutionReportListener listener : listeners)
                {
                    try
                    {
                        listener.onReport(out);
                    }
                    catch (final Throwable t)
                    {
                        counters.handlerErrors.increment();
                    }
                }
                counters.reportsDelivered.incrementRelease();
                break;
            default:
                break;
        }
    }

    /**
     * Replays a call into the replayable part, its responses thrown away: the journal holds them.
     */
    private void follow(final InboundEvent marketData, final EngineOutput out)
    {
        try
        {
            if (marketData != null)
            {
                replayable.onMarketData(marketData, DISCARD);
                return;
            }
            switch (out.kind)
            {
                case VENUE_NEW:
                    replayable.submit(out, DISCARD);
                    break;
                case VENUE_CANCEL:
                    replayable.cancel(out, DISCARD);
                    break;
                case VENUE_RECONCILE:
                    replayable.reconcile(out, DISCARD);
                    break;
                default:
                    replayable.amend(out, DISCARD);
                    break;
            }
        }
        catch (final Throwable t)
        {
            // It raised live too, and the journal holds the VENUE_ERROR that followed.
            counters.handlerErrors.increment();
        }
    }

    private void callVenue(final EngineOutput out)
    {
        counters.venueCommands.incrementRelease();
        try
        {
            switch (out.kind)
            {
                case VENUE_NEW:
                    venue.submit(out, responses);
                    break;
                case VENUE_CANCEL:
                    venue.cancel(out, responses);
                    break;
                case VENUE_RECONCILE:
                    venue.reconcile(out, responses);
                    break;
                default:
                    venue.amend(out, responses);
                    break;
            }
        }
        catch (final Throwable t)
        {
            counters.venueErrors.incrementRelease();
            responses.venueError(out, t);
        }
    }

    // ------------------------------------------------------------------------------------------
    // Publishing with a backlog: responses are built in the next backlog slot, then published
    // straight away when nothing older waits and the ring has room.
    // ------------------------------------------------------------------------------------------

    private InboundEvent backlogSlot()
    {
        if (backlogSize == backlog.length)
        {
            growBacklog();
        }
        return backlog[(backlogHead + backlogSize) % backlog.length];
    }

    private void queueBacklogSlot()
    {
        backlogSize++;
        flushBacklog();
    }

    private void flushBacklog()
    {
        while (backlogSize > 0)
        {
            final long seq;
            try
            {
                seq = ring.tryNext();
            }
            catch (final InsufficientCapacityException ex)
            {
                break;
            }
            ring.get(seq).copyFrom(backlog[backlogHead]);
            ring.publish(seq);
            backlogHead = (backlogHead + 1) % backlog.length;
            backlogSize--;
        }
        counters.venueBacklog.setRelease(backlogSize);
    }

    private void growBacklog()
    {
        // Only under sustained back-pressure; allocation is the price of never dropping a fill.
        final InboundEvent[] bigger = newBacklog(backlog.length * 2);
        for (int i = 0; i < backlogSize; i++)
        {
            bigger[i] = backlog[(backlogHead + i) % backlog.length];
        }
        backlog = bigger;
        backlogHead = 0;
    }

    /** Where a replayed venue's answers go: nowhere, the journal already holds them. */
    private static final VenueResponses DISCARD = new VenueResponses()
    {
        @Override
        public void ack(final long orderId, final int accountId, final int instrumentId, final long venueOrderId)
        {
        }

        @Override
        public void reject(final long orderId, final int accountId, final int instrumentId, final RejectReason reason,
            final long reasonValue)
        {
        }

        @Override
        public void fill(final long orderId, final int accountId, final int instrumentId, final long price, final long quantity,
            final long leavesQuantity)
        {
        }

        @Override
        public void canceled(final long orderId, final int accountId, final int instrumentId, final long leavesQuantity)
        {
        }

        @Override
        public void cancelRejected(final long orderId, final int accountId, final int instrumentId, final RejectReason reason,
            final long reasonValue)
        {
        }

        @Override
        public void replaced(final long orderId, final int accountId, final int instrumentId, final long price,
            final long quantity, final long leavesQuantity)
        {
        }

        @Override
        public void replaceRejected(final long orderId, final int accountId, final int instrumentId, final RejectReason reason,
            final long reasonValue)
        {
        }

        @Override
        public void expired(final long orderId, final int accountId, final int instrumentId, final long leavesQuantity)
        {
        }
    };

    private static InboundEvent[] newBacklog(final int size)
    {
        final InboundEvent[] events = new InboundEvent[size];
        for (int i = 0; i < size; i++)
        {
            events[i] = new InboundEvent();
        }
        return events;
    }

    /**
     * @return venue responses waiting for room in the ring. Gateway thread, or after stop.
     */
    public int backlogSize()
    {
        return backlogSize;
    }
}
