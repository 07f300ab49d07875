package io.horizon.ops.replay;

import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;

import io.horizon.engine.order.ClientOrderId;
import io.horizon.engine.output.EngineOutput;
import io.horizon.journal.JournalTimeline;
import org.agrona.collections.LongHashSet;

/**
 * One order's whole life as {@code horizon replay --order} shows it: every client order id it
 * carried (the original and each replacement an amend gave it) and every order id the engine
 * gave it.
 * <p>
 * An operator usually holds the id of the last replacement (from a fill or a venue report),
 * which first appears in the journal only at the amend; the order's new-order request and its
 * first acknowledgement carry the original id. {@link #resolve} therefore reads the journal
 * twice before anything is printed: once for the engine order ids that carried the given id,
 * once for every client order id those engine orders carried. Entries written after that (with
 * {@code --follow}) are learned as they are read.
 * <p>
 * Threading: one thread.
 */
final class OrderChain
{
    private final Set<ClientOrderId> clientOrderIds = new HashSet<>();
    private final LongHashSet orderIds = new LongHashSet();

    private OrderChain(final ClientOrderId id)
    {
        clientOrderIds.add(id);
    }

    /**
     * Finds the order's ids in the journal as it stands now.
     *
     * @param stateDirectory where the journal is.
     * @param id             any client order id the order carried.
     * @return its chain, holding at least {@code id}.
     */
    static OrderChain resolve(final Path stateDirectory, final ClientOrderId id)
    {
        final OrderChain chain = new OrderChain(id);
        try (JournalTimeline timeline = JournalTimeline.open(stateDirectory, true))
        {
            for (JournalTimeline.Entry e = timeline.next(); e != JournalTimeline.Entry.END; e = timeline.next())
            {
                if (e == JournalTimeline.Entry.OUTPUT && timeline.output().orderId != 0 && chain.carries(timeline.output()))
                {
                    chain.orderIds.add(timeline.output().orderId);
                }
            }
        }
        if (chain.orderIds.isEmpty())
        {
            return chain;
        }
        try (JournalTimeline timeline = JournalTimeline.open(stateDirectory, true))
        {
            for (JournalTimeline.Entry e = timeline.next(); e != JournalTimeline.Entry.END; e = timeline.next())
            {
                if (e == JournalTimeline.Entry.OUTPUT && chain.orderIds.contains(timeline.output().orderId))
                {
                    chain.addIds(timeline.output());
                }
            }
        }
        return chain;
    }

    /**
     * Learns from an output read after {@link #resolve}: a new replacement id or engine order id.
     *
     * @param o the output.
     */
    void learn(final EngineOutput o)
    {
        if (o.orderId != 0 && (orderIds.contains(o.orderId) || carries(o)))
        {
            orderIds.add(o.orderId);
            addIds(o);
        }
    }

    /**
     * @param hi a client order id, high bits.
     * @param lo its low bits.
     * @return true when the order carried that client order id.
     */
    boolean hasClientOrderId(final long hi, final long lo)
    {
        return (hi != 0 || lo != 0) && clientOrderIds.contains(new ClientOrderId(hi, lo));
    }

    /**
     * @param orderId an engine order id, 0 for none.
     * @return true when the engine gave the order that id.
     */
    boolean hasOrderId(final long orderId)
    {
        return orderId != 0 && orderIds.contains(orderId);
    }

    private boolean carries(final EngineOutput o)
    {
        return hasClientOrderId(o.clientOrderIdHi, o.clientOrderIdLo) || hasClientOrderId(o.origClientOrderIdHi, o.origClientOrderIdLo);
    }

    private void addIds(final EngineOutput o)
    {
        if (o.clientOrderIdHi != 0 || o.clientOrderIdLo != 0)
        {
            clientOrderIds.add(new ClientOrderId(o.clientOrderIdHi, o.clientOrderIdLo));
        }
        if (o.origClientOrderIdHi != 0 || o.origClientOrderIdLo != 0)
        {
            clientOrderIds.add(new ClientOrderId(o.origClientOrderIdHi, o.origClientOrderIdLo));
        }
    }
}
