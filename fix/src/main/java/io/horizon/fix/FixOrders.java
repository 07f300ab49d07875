package io.horizon.fix;

import java.util.Collection;
import java.util.HashMap;
import java.util.Map;

/**
 * The orders a FIX venue tracks, by the engine's order id and by every ClOrdID each has been known
 * by (its own, each cancel's and each replace's), so a report naming any of them finds the order.
 * An order is forgotten once it is over at the venue and no cancel or replace of it waits for an
 * answer, so that answer still reaches the engine (which reports it as late).
 * <p>
 * Threading: the venue's polling thread only. Not thread-safe.
 */
final class FixOrders
{
    private final Map<String, FixOrder> byClOrdId = new HashMap<>();
    private final Map<Long, FixOrder> byOrderId = new HashMap<>();

    /** Remembers the order under {@code clOrdId} (added to the ClOrdIDs it is known by). */
    void track(final FixOrder order, final String clOrdId)
    {
        order.clOrdIds.add(clOrdId);
        byClOrdId.put(clOrdId, order);
        byOrderId.put(order.orderId, order);
    }

    /** @return the order known by that ClOrdID, or {@code null}. */
    FixOrder byClOrdId(final String clOrdId)
    {
        return byClOrdId.get(clOrdId);
    }

    /** @return the order with that engine order id, or {@code null}. */
    FixOrder byOrderId(final long orderId)
    {
        return byOrderId.get(orderId);
    }

    boolean isTracked(final long orderId)
    {
        return byOrderId.containsKey(orderId);
    }

    /** @return every tracked order (a live view: do not track or forget while iterating). */
    Collection<FixOrder> all()
    {
        return byOrderId.values();
    }

    /**
     * The order is over at the venue; it is forgotten once no cancel or replace of it waits for
     * an answer.
     */
    void finish(final FixOrder order)
    {
        order.done = true;
        if (order.pendingRequests <= 0)
        {
            forget(order);
        }
    }

    /** A cancel or replace of the order was answered. */
    void answered(final FixOrder order)
    {
        order.pendingRequests--;
        if (order.done && order.pendingRequests <= 0)
        {
            forget(order);
        }
    }

    private void forget(final FixOrder order)
    {
        for (final String id : order.clOrdIds)
        {
            byClOrdId.remove(id);
        }
        byOrderId.remove(order.orderId);
    }
}
