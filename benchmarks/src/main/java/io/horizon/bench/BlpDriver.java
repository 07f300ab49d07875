package io.horizon.bench;

import java.util.List;

import io.horizon.engine.blp.BusinessLogicProcessor;
import io.horizon.engine.counter.EngineCounters;
import io.horizon.engine.event.InboundEvent;
import io.horizon.engine.output.EngineOutput;
import io.horizon.engine.output.OutputKind;
import io.horizon.engine.output.Outbox;
import io.horizon.engine.reference.ReferenceData;
import io.horizon.engine.risk.PreTradeRisk;
import io.horizon.engine.strategy.Strategy;

/**
 * Drives a {@link BusinessLogicProcessor} on the calling thread with no ring: each event gets the
 * next sequence, and the outbox is drained after every event, as the venue gateway would, so it
 * never fills. Venue commands seen in the last drain are kept (copied into preallocated slots) so
 * a benchmark can answer them with venue responses, as a venue would.
 * <p>
 * Allocation-free per event. Threading: one thread, not thread-safe.
 */
final class BlpDriver
{
    /** Most venue commands one event may cause here; more means the scenario is not what it claims. */
    private static final int MAX_COMMANDS = 16;
    private static final long NANOS_PER_EVENT = 1_000;

    private final ReferenceData referenceData;
    private final EngineCounters counters = new EngineCounters();
    private final Outbox outbox;
    private final BusinessLogicProcessor blp;
    private final EngineOutput[] commands = new EngineOutput[MAX_COMMANDS];
    private int commandCount;
    private long reportCount;
    private long sequence = -1;
    private long nowNanos = BenchmarkMarkets.BASE_NANOS;

    /**
     * @param referenceData instruments and accounts.
     * @param orderCapacity the BLP's live order capacity.
     * @param strategies    strategies to run.
     */
    BlpDriver(final ReferenceData referenceData, final int orderCapacity, final List<Strategy> strategies)
    {
        this.referenceData = referenceData;
        // The BLP insists on room for four outputs per live order; a power of two above that.
        this.outbox = new Outbox(Integer.highestOneBit(Math.max(1024, orderCapacity * 4 - 1)) << 1);
        this.blp = new BusinessLogicProcessor(
            referenceData, orderCapacity, 42, outbox, counters, PreTradeRisk.ACCEPT_ALL, strategies);
        for (int i = 0; i < MAX_COMMANDS; i++)
        {
            commands[i] = new EngineOutput().clear();
        }
    }

    /**
     * @return the event time for the next event: strictly increasing, 1 µs apart.
     */
    long nextTimestamp()
    {
        nowNanos += NANOS_PER_EVENT;
        return nowNanos;
    }

    /**
     * Processes one event and drains the outbox.
     *
     * @param event the event, filled by the caller.
     * @return the number of venue commands the event caused, readable with {@link #command}.
     */
    int process(final InboundEvent event)
    {
        blp.onEvent(event, ++sequence, true);
        commandCount = 0;
        EngineOutput out;
        while ((out = outbox.peek()) != null)
        {
            final OutputKind kind = out.kind;
            if (kind == OutputKind.VENUE_NEW || kind == OutputKind.VENUE_CANCEL || kind == OutputKind.VENUE_AMEND)
            {
                if (commandCount == MAX_COMMANDS)
                {
                    throw new IllegalStateException("one event caused more than " + MAX_COMMANDS + " venue commands");
                }
                commands[commandCount++].copyFrom(out);
            }
            else
            {
                reportCount++;
            }
            outbox.consume();
        }
        return commandCount;
    }

    /**
     * @param index 0 to the count {@link #process} returned, minus one.
     * @return a copy of that venue command.
     */
    EngineOutput command(final int index)
    {
        return commands[index];
    }

    /**
     * @return execution reports and errors drained so far.
     */
    long reportCount()
    {
        return reportCount;
    }

    /**
     * @return the processor.
     */
    BusinessLogicProcessor blp()
    {
        return blp;
    }

    /**
     * @return the counters the processor writes.
     */
    EngineCounters counters()
    {
        return counters;
    }

    /**
     * @return the reference data.
     */
    ReferenceData referenceData()
    {
        return referenceData;
    }

    /**
     * Fails when the processor's state grew beyond what the scenario allows or anything went
     * wrong, so a benchmark cannot quietly measure a degenerate path (a full ledger rejecting
     * every order, say).
     *
     * @param maxLiveOrders most orders the scenario may hold live.
     * @throws IllegalStateException naming what is wrong.
     */
    void checkBounded(final int maxLiveOrders)
    {
        final int live = blp.ledger().size();
        if (live > maxLiveOrders)
        {
            throw new IllegalStateException("live orders grew to " + live + ", more than the " + maxLiveOrders +
                " this benchmark should ever hold; its cycle leaks orders");
        }
        if (counters.ordersRejected.get() != 0 || counters.handlerErrors.get() != 0 ||
            counters.unknownOrderResponses.get() != 0)
        {
            throw new IllegalStateException("the benchmark hit " + counters.ordersRejected.get() + " rejects, " +
                counters.handlerErrors.get() + " handler errors and " + counters.unknownOrderResponses.get() +
                " responses for unknown orders; it is not measuring the path it names");
        }
    }
}
