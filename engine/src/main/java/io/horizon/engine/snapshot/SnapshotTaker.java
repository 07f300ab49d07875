package io.horizon.engine.snapshot;

import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;

import io.horizon.engine.venue.ReplayableVenue;
import org.agrona.ExpandableArrayBuffer;

/**
 * Decides when the BLP takes a snapshot and takes it: after an event, when the
 * {@link SnapshotPolicy} says one is due by events or by engine time, or when one was asked for
 * ({@link #request}). Taking one means copying the engine's state into a reused buffer and the
 * {@link SnapshotCodec} image into a new array (one allocation per snapshot, none per event), then
 * handing it to the {@link SnapshotSink}; the engine's pause is that copy, measured and reported.
 * <p>
 * The decision by events and by engine time is deterministic (the same journal gives snapshots at
 * the same positions); an on-demand request is served at the next event boundary.
 * <p>
 * When the engine's venue keeps a book a snapshot can carry ({@link #carryVenueState()}: the paper
 * venue), that book belongs to another thread (the venue gateway's) and is behind the BLP. The BLP
 * then copies its own state into a buffer of its own (reused once the gateway is done with it)
 * and leaves the snapshot waiting; the gateway completes it ({@link #afterVenueEvent}) once it
 * has performed every effect of the events the snapshot covers,
 * copying the book and encoding the whole image on its own thread: the two states sit at the same
 * journal position, and neither thread reads the other's data. The pause reported is then the
 * BLP's copy plus the gateway's. A snapshot taken while the gateway was not calling the venue
 * (a replay of the whole journal, whose book is rebuilt afterwards) carries no book.
 * <p>
 * Threading: {@link #afterEvent} and {@link #resumeFrom} on the BLP thread (or before it starts);
 * {@link #afterVenueEvent} on the gateway thread; {@link #carryVenueState} before the pipeline
 * starts; {@link #request} from any thread.
 */
public final class SnapshotTaker
{
    private final SnapshotPolicy policy;
    private final SnapshotSink sink;
    private final long referenceFingerprint;
    private final long configFingerprint;
    private final int instrumentCount;
    private final int accountCount;
    private final int orderCapacity;
    private final StateWriter state = new StateWriter(64 * 1024);
    private final ExpandableArrayBuffer image = new ExpandableArrayBuffer(64 * 1024);
    private final SnapshotCodec codec = new SnapshotCodec();
    private final AtomicLong requested = new AtomicLong();
    /** Snapshots the BLP has taken and the gateway has not completed yet, oldest first. */
    private final Queue<AwaitingVenue> awaitingVenue = new ConcurrentLinkedQueue<>();
    /** Gateway thread's: the book, the image, and the codec it encodes with. */
    private final StateWriter venueState = new StateWriter(64 * 1024);
    private final ExpandableArrayBuffer venueImage = new ExpandableArrayBuffer(64 * 1024);
    private final SnapshotCodec venueCodec = new SnapshotCodec();
    /** Engine-state buffers the gateway has finished with, for the BLP to reuse. */
    private final Queue<StateWriter> spareStates = new ConcurrentLinkedQueue<>();
    private boolean carryVenue;
    private long served;
    private long lastIndex;
    private long lastNanos = Long.MIN_VALUE;
    private long taken;

    /**
     * @param policy               when to take one unasked.
     * @param sink                 where they go.
     * @param referenceFingerprint {@link ReferenceFingerprint#of} the engine's reference data.
     * @param configFingerprint    the caller's fingerprint of its risk, strategy and engine settings.
     * @param instrumentCount      instruments.
     * @param accountCount         accounts.
     * @param orderCapacity        the order ledger's capacity.
     */
    public SnapshotTaker(
        final SnapshotPolicy policy,
        final SnapshotSink sink,
        final long referenceFingerprint,
        final long configFingerprint,
        final int instrumentCount,
        final int accountCount,
        final int orderCapacity)
    {
        this.policy = policy;
        this.sink = sink;
        this.referenceFingerprint = referenceFingerprint;
        this.configFingerprint = configFingerprint;
        this.instrumentCount = instrumentCount;
        this.accountCount = accountCount;
        this.orderCapacity = orderCapacity;
    }

    /**
     * Snapshots carry the venue's state too: each is completed on the gateway thread
     * ({@link #afterVenueEvent}), which must then call that for every event. Before the pipeline starts.
     */
    public void carryVenueState()
    {
        carryVenue = true;
    }

    /**
     * Asks for a snapshot at the next event boundary. Any thread.
     *
     * @return the request's ticket: the sink is handed a snapshot with a ticket at least this.
     */
    public long request()
    {
        return requested.incrementAndGet();
    }

    /**
     * The engine was restored from a snapshot: intervals count from it.
     *
     * @param facts the snapshot restored.
     */
    public void resumeFrom(final SnapshotFacts facts)
    {
        lastIndex = facts.journalIndex();
        lastNanos = facts.engineTimeNanos();
    }

    /**
     * @return snapshots taken so far.
     */
    public long taken()
    {
        return taken;
    }

    /**
     * After each event, on the BLP thread.
     *
     * @param engine       the engine's state.
     * @param journalIndex events processed so far, that is the journal index of the next event.
     * @param nowNanos     engine time.
     * @param liveOrders   orders held.
     */
    public void afterEvent(final SnapshotState engine, final long journalIndex, final long nowNanos, final int liveOrders)
    {
        if (lastNanos == Long.MIN_VALUE)
        {
            lastNanos = nowNanos;
        }
        final long asked = requested.get();
        final boolean due = asked > served ||
            (policy.everyEvents() > 0 && journalIndex - lastIndex >= policy.everyEvents()) ||
            (policy.everyNanos() > 0 && nowNanos - lastNanos >= policy.everyNanos());
        if (due)
        {
            take(engine, journalIndex, nowNanos, liveOrders, asked);
        }
    }

    private void take(final SnapshotState engine, final long journalIndex, final long nowNanos, final int liveOrders, final long asked)
    {
        // The pause is measured for the operator, never used to decide anything.
        final long begin = System.nanoTime();
        state.reset();
        engine.writeState(state);
        final SnapshotFacts facts = new SnapshotFacts(SnapshotCodec.FORMAT_VERSION, journalIndex, nowNanos,
            referenceFingerprint, configFingerprint, instrumentCount, accountCount, orderCapacity, liveOrders);
        served = asked;
        lastIndex = journalIndex;
        lastNanos = nowNanos;
        taken++;
        if (carryVenue)
        {
            // The gateway reads this buffer later, while the BLP may already take the next
            // snapshot: each waiting snapshot has a buffer of its own, reused once completed.
            final StateWriter copy = spareState();
            copy.buffer().putBytes(0, state.buffer(), 0, state.position());
            copy.skip(state.position());
            awaitingVenue.offer(new AwaitingVenue(facts, copy, System.nanoTime() - begin, asked));
            return;
        }
        final int length = codec.write(image, facts, state);
        final byte[] bytes = new byte[length];
        image.getBytes(0, bytes, 0, length);
        final long pause = System.nanoTime() - begin;
        sink.accept(facts, bytes, pause, asked);
    }

    /**
     * On the gateway thread, once it has performed every effect of inbound event {@code sequence}
     * (market data to the venue, every output caused up to it): completes the snapshot waiting
     * for that position with the venue's state and hands it to the sink.
     *
     * @param sequence the event just done (journal index).
     * @param venue    the venue's replayable part, or {@code null} when its state is not valid
     *                 here (the gateway did not call it: a replay of the whole journal).
     */
    public void afterVenueEvent(final long sequence, final ReplayableVenue venue)
    {
        AwaitingVenue waiting;
        while ((waiting = awaitingVenue.peek()) != null && waiting.facts.journalIndex() - 1 <= sequence)
        {
            awaitingVenue.poll();
            final long begin = System.nanoTime();
            if (venue != null)
            {
                venueState.reset();
                venue.writeState(venueState);
            }
            final int length = venueCodec.write(venueImage, waiting.facts, waiting.engineState.buffer(),
                waiting.engineState.position(), venue == null ? null : venueState);
            final byte[] bytes = new byte[length];
            venueImage.getBytes(0, bytes, 0, length);
            spareStates.offer(waiting.engineState);
            sink.accept(waiting.facts, bytes, waiting.pauseNanos + System.nanoTime() - begin, waiting.ticket);
        }
    }

    private StateWriter spareState()
    {
        final StateWriter spare = spareStates.poll();
        final StateWriter copy = spare != null ? spare : new StateWriter(Math.max(1024, state.position()));
        copy.reset();
        return copy;
    }

    /**
     * A snapshot whose engine state is copied, waiting for the venue's.
     */
    private record AwaitingVenue(SnapshotFacts facts, StateWriter engineState, long pauseNanos, long ticket)
    {
    }
}
