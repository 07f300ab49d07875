package io.horizon.engine.pipeline;

import com.lmax.disruptor.RingBuffer;
import com.lmax.disruptor.Sequence;
import io.horizon.engine.blp.BusinessLogicProcessor;
import io.horizon.engine.event.InboundEvent;
import io.horizon.engine.journal.DurablePosition;
import io.horizon.engine.venue.VenueGateway;
import org.agrona.concurrent.Agent;
import org.agrona.concurrent.NanoClock;

/**
 * The shared threading mode's engine: the journal stage, the BLP and the venue gateway run as one
 * Agrona agent on one thread, driven by an {@code AgentRunner} with the configured idle strategy.
 * One duty cycle:
 * <pre>
 *  1. heartbeat deadline due?            publish a heartbeat into the ring (no timer thread)
 *  2. journal a batch                    every event published since the last cycle (at most
 *                                        {@value #MAX_BATCH}) is written; the last one ends the
 *                                        batch, which hands it to the journal's syncer thread
 *                                        (group commit: this thread never waits for the device)
 *  3. for each written event, in order, while the journal says it is durable:
 *       BLP                              decide (outputs go to the outbox)
 *       gateway                          market data to the venue, then every output of the
 *                                        event: journal it, act on it (venue, listeners)
 *                                        (an event not durable yet stops this step until a later
 *                                        cycle; the syncer wakes a sleeping engine thread)
 *  4. release the ring slots             producers may reuse them
 *  5. poll the venue                     a polled venue (FIX) reads its session: what arrived
 *                                        goes into the ring as venue responses
 *  (4b. recorded time, staged)           on a {@link RecordedFeed}: while idle, take the next step
 *                                        of recorded time into the ring (a heartbeat due or the next
 *                                        staged event) and run 2-4 on it and on everything it causes
 *                                        (venue answers included) before the next step; up to
 *                                        {@value #MAX_BATCH} events a cycle, the journal's sync point
 *                                        at the end of them
 * </pre>
 * Journal before logic before effects holds by construction: step 3 only reaches events step 2
 * has written, and the gateway acts on none before the journal's {@code DurablePosition} covers
 * it (synced, under {@code --journal-sync batch}). The BLP sees the same events in the same order
 * as in the dedicated mode, so the outputs, and a journal's replay, are the same in both modes.
 * <p>
 * Nothing stalls the cycle for good. When the journal or the output journal fails, the cycle
 * stops at that record, backs off once (1 ms up to 100 ms, {@code JournalRetry}) and returns;
 * the next cycle resumes at the same record without repeating any effect. Meanwhile heartbeats
 * and a stop request are still served. A venue call never blocks (venues answer through the ring).
 * <p>
 * Threading: the engine thread only (the one {@code AgentRunner} thread).
 */
final class EngineAgent implements Agent
{
    /** Most events one cycle journals: bounds the time between two timer checks under load. */
    static final int MAX_BATCH = 4096;

    private final RingBuffer<InboundEvent> ring;
    private final Sequence released;
    private final JournalHandler journal;
    private final BusinessLogicProcessor blp;
    private final VenueGateway gateway;
    private final HeartbeatDeadline heartbeat;
    private final NanoClock timer;
    private final RecordedTime recordedTime;
    private final RecordedFeed recordedFeed;
    private final DurablePosition durability;
    /** Last event journaled, and last one journaled at the end of a batch (handed to the syncer). */
    private long journaled = -1;
    private long written = -1;
    /** Last event the BLP decided on, and last whose effects are done. */
    private long decided = -1;
    private long effected = -1;
    private boolean journalGaveUp;
    private boolean journalFailing;

    /**
     * @param released  the engine's gating sequence on the ring: every event up to it is done.
     * @param heartbeat the heartbeat deadline, or {@code null} for none.
     * @param timer     the clock the deadline is kept in.
     * @param recordedTime the recorded clock this engine steps, or {@code null}.
     * @param recordedFeed the staged events it steps through, or {@code null} (then none: a source
     *                     steps recorded time in lock-step, or the clock is the wall's).
     * @param durability   how far the gateway may act (the one it was given), for the idle check.
     */
    EngineAgent(
        final RingBuffer<InboundEvent> ring,
        final Sequence released,
        final JournalHandler journal,
        final BusinessLogicProcessor blp,
        final VenueGateway gateway,
        final HeartbeatDeadline heartbeat,
        final NanoClock timer,
        final RecordedTime recordedTime,
        final RecordedFeed recordedFeed,
        final DurablePosition durability)
    {
        this.ring = ring;
        this.released = released;
        this.journal = journal;
        this.blp = blp;
        this.gateway = gateway;
        this.heartbeat = heartbeat;
        this.timer = timer;
        this.recordedTime = recordedTime;
        this.recordedFeed = recordedFeed;
        this.durability = durability;
    }

    /**
     * Before the agent runs: the next event is sequence {@code first} (a pipeline restored from a
     * snapshot continues the journal there).
     */
    void positionAt(final long first)
    {
        journaled = first - 1;
        written = first - 1;
        decided = first - 1;
        effected = first - 1;
        released.set(first - 1);
    }

    @Override
    public String roleName()
    {
        return "horizon-engine";
    }

    @Override
    public void onStart()
    {
        journal.onStart();
        blp.onStart();
        gateway.onStart();
    }

    /**
     * Runs once the pipeline has halted (the runner stopped calling {@link #doWork}): a record the
     * journals were still failing on is given up and counted here, never acted on. The journal
     * shuts down first, which makes everything written durable (or reports the sync failed), so
     * the event the gateway may still be waiting on is then either acted on or given up.
     */
    @Override
    public void onClose()
    {
        if (journalFailing && !journalGaveUp && journal.isHalted())
        {
            journal.giveUp(journaled + 1);
            journalGaveUp = true;
        }
        journal.onShutdown();
        if (effected < written && gateway.isHalted())
        {
            // Halted, the gateway drops what it cannot journal instead of waiting for it.
            final long s = effected + 1;
            if (gateway.process(ring.get(s), s, s == written))
            {
                effected = s;
                released.set(effected);
            }
        }
        gateway.onShutdown();
        blp.onShutdown();
    }

    @Override
    public int doWork()
    {
        int work = 0;
        if (heartbeat != null)
        {
            work += heartbeat.poll(timer.nanoTime());
        }
        boolean journalFailed = journalBatch(true);
        work += decideAndAct();
        if (recordedFeed != null && !journalFailed)
        {
            final int steps = stepRecordedTime();
            journalFailed = steps < 0;
            work += Math.abs(steps);
        }
        journalFailing = journalFailed;
        // Polled libraries (a FIX session) are agents of this same thread: no thread of their own.
        work += gateway.pollVenue();
        if (journalFailed)
        {
            journal.retry().backOff();
        }
        else if (effected < written && !gateway.awaitingDurability())
        {
            // The gateway stopped at an output it could not journal (waiting for durability is no
            // failure: the idle strategy waits for that, and the syncer wakes this thread).
            gateway.journalRetry().backOff();
        }
        return work;
    }

    /**
     * For the idle strategy, on the engine thread: true when something has been claimed in the
     * ring that this engine has not taken yet (its publisher wakes the engine once it is published),
     * or when the journal has made durable an event whose effects wait (its syncer wakes the engine).
     */
    boolean inputPending()
    {
        return ring.getCursor() > journaled || effected < written && durability.durableUpTo() > effected ||
            recordedFeed != null && recordedFeed.pending();
    }

    /**
     * Steps recorded time through the staged feed while this engine is idle: each step publishes
     * one event (a heartbeat due, or the next staged event) and processes it and everything it
     * causes, venue answers and their consequences, before the next step, so every answer carries
     * the time of its cause and comes before the next recorded event, as in the lock-step. The
     * events are appended without a sync each; the journal's sync point (by its policy) ends the
     * cycle's steps, so in this mode effects may precede the sync of their cause by up to one
     * cycle ({@value #MAX_BATCH} events), as with a periodic sync: a process crash loses nothing
     * written, and the data is the file, which can run again.
     *
     * @return events processed; negated (and at least 1) when the journal failed and must back off.
     */
    private int stepRecordedTime()
    {
        int work = 0;
        while (work < MAX_BATCH && effected == ring.getCursor() && gateway.backlogSize() == 0 && !gateway.isHalted() &&
            recordedTime.takeStep(recordedFeed))
        {
            do
            {
                if (journalBatch(false))
                {
                    return -Math.max(1, work);
                }
                final int done = decideAndAct();
                if (done == 0)
                {
                    // Stalled (the output journal) or waiting for another producer's slot: next cycle.
                    break;
                }
                work += done;
            }
            while (effected < ring.getCursor());
        }
        if (work > 0)
        {
            journal.endBatch();
        }
        return work;
    }

    /**
     * @param sync true to end the batch at its last event (the journal's sync point); false when
     *             the caller ends it ({@link #stepRecordedTime}).
     * @return true when the journal failed and should be retried after a back-off.
     */
    private boolean journalBatch(final boolean sync)
    {
        if (journalGaveUp)
        {
            return false;
        }
        final long next = journaled + 1;
        final long cursor = ring.getCursor();
        if (cursor < next)
        {
            return false;
        }
        // Claimed is not published: with several producers, stop at the first slot still being written.
        final long limit = Math.min(cursor, next + MAX_BATCH - 1);
        long last = next - 1;
        while (last < limit && ring.isAvailable(last + 1))
        {
            last++;
        }
        for (long s = next; s <= last; s++)
        {
            if (!journal.tryAppend(ring.get(s), s, sync && s == last))
            {
                if (journal.isHalted())
                {
                    // Stopping: this event is not journaled, so nothing acts on it or on anything later.
                    journal.giveUp(s);
                    journalGaveUp = true;
                    return false;
                }
                return true;
            }
            journaled = s;
        }
        if (last >= next)
        {
            written = last;
        }
        return false;
    }

    private int decideAndAct()
    {
        final long last = written;
        if (effected >= last)
        {
            return 0;
        }
        int work = 0;
        while (effected < last)
        {
            final long s = effected + 1;
            final InboundEvent event = ring.get(s);
            final boolean endOfBatch = s == last;
            if (decided < s)
            {
                blp.onEvent(event, s, endOfBatch);
                decided = s;
            }
            if (!gateway.process(event, s, endOfBatch))
            {
                break;
            }
            effected = s;
            work++;
        }
        released.set(effected);
        return work;
    }
}
