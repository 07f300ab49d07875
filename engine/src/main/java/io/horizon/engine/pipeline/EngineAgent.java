package io.horizon.engine.pipeline;

import com.lmax.disruptor.RingBuffer;
import com.lmax.disruptor.Sequence;
import io.horizon.engine.blp.BusinessLogicProcessor;
import io.horizon.engine.event.InboundEvent;
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
 *                                        {@value #MAX_BATCH}); the last one ends the batch, which
 *                                        is where the journal's batch sync happens
 *  3. for each event of the journaled batch, in order:
 *       BLP                              decide (outputs go to the outbox)
 *       gateway                          market data to the venue, then every output of the
 *                                        event: journal it, act on it (venue, listeners)
 *  4. release the ring slots             producers may reuse them
 *  5. poll the venue                     a polled venue (FIX) reads its session: what arrived
 *                                        goes into the ring as venue responses
 * </pre>
 * Journal before logic before effects holds by construction: step 3 only reaches events whose
 * batch step 2 has written and synced. The BLP sees the same events in the same order as in the
 * dedicated mode, so the outputs, and a journal's replay, are the same in both modes.
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
    /** Last event journaled, and last one journaled at the end of a batch (synced). */
    private long journaled = -1;
    private long durable = -1;
    /** Last event the BLP decided on, and last whose effects are done. */
    private long decided = -1;
    private long effected = -1;
    private boolean journalGaveUp;
    private boolean journalFailing;

    /**
     * @param released  the engine's gating sequence on the ring: every event up to it is done.
     * @param heartbeat the heartbeat deadline, or {@code null} for none.
     * @param timer     the clock the deadline is kept in.
     */
    EngineAgent(
        final RingBuffer<InboundEvent> ring,
        final Sequence released,
        final JournalHandler journal,
        final BusinessLogicProcessor blp,
        final VenueGateway gateway,
        final HeartbeatDeadline heartbeat,
        final NanoClock timer)
    {
        this.ring = ring;
        this.released = released;
        this.journal = journal;
        this.blp = blp;
        this.gateway = gateway;
        this.heartbeat = heartbeat;
        this.timer = timer;
    }

    /**
     * Before the agent runs: the next event is sequence {@code first} (a pipeline restored from a
     * snapshot continues the journal there).
     */
    void positionAt(final long first)
    {
        journaled = first - 1;
        durable = first - 1;
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
     * journals were still failing on is given up and counted here, never acted on.
     */
    @Override
    public void onClose()
    {
        if (journalFailing && !journalGaveUp && journal.isHalted())
        {
            journal.giveUp(journaled + 1);
            journalGaveUp = true;
        }
        if (effected < durable && gateway.isHalted())
        {
            // Halted, the gateway drops what it cannot journal instead of waiting for it.
            final long s = effected + 1;
            if (gateway.process(ring.get(s), s, s == durable))
            {
                effected = s;
                released.set(effected);
            }
        }
        gateway.onShutdown();
        blp.onShutdown();
        journal.onShutdown();
    }

    @Override
    public int doWork()
    {
        int work = 0;
        if (heartbeat != null)
        {
            work += heartbeat.poll(timer.nanoTime());
        }
        final boolean journalFailed = journalBatch();
        journalFailing = journalFailed;
        work += decideAndAct();
        // Polled libraries (a FIX session) are agents of this same thread: no thread of their own.
        work += gateway.pollVenue();
        if (journalFailed)
        {
            journal.retry().backOff();
        }
        else if (effected < durable)
        {
            // The gateway stopped at an output it could not journal.
            gateway.journalRetry().backOff();
        }
        return work;
    }

    /**
     * For the idle strategy, on the engine thread: true when something has been claimed in the
     * ring that this engine has not taken yet (its publisher wakes the engine once it is published).
     */
    boolean inputPending()
    {
        return ring.getCursor() > journaled;
    }

    /**
     * @return true when the journal failed and should be retried after a back-off.
     */
    private boolean journalBatch()
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
            if (!journal.tryAppend(ring.get(s), s, s == last))
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
            durable = last;
        }
        return false;
    }

    private int decideAndAct()
    {
        final long last = durable;
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
