package io.horizon.fix;

import java.util.Collection;

import io.horizon.engine.event.Side;
import org.agrona.collections.Long2ObjectHashMap;
import org.agrona.collections.Object2ObjectHashMap;

/**
 * The orders a FIX venue tracks, by the engine's order id and by every ClOrdID each has been known
 * by (its own, each cancel's and each replace's), so a report naming any of them finds the order.
 * An order is forgotten once it is over at the venue and no cancel or replace of it waits for an
 * answer, so that answer still reaches the engine (which reports it as late). The ClOrdIDs of
 * the last {@value #FINISHED_REMEMBERED} forgotten orders are remembered, so a report naming one
 * is known to be late ({@link LateReports}) rather than for an order nobody knows.
 * <p>
 * Allocation-free once warm: both indexes are open-addressing maps (no entry objects), a ClOrdID
 * is looked up by its characters ({@link WireId}), and forgotten orders are kept for reuse
 * ({@link #newOrder}), so sending an order and applying its reports allocate nothing.
 * <p>
 * It also carries the venue's {@link VenueRoundTrips}, so what sends a command and what reads its
 * answer, which all reach the orders through here, time the round trip on the same stamps.
 * <p>
 * Threading: the venue's polling thread only. Not thread-safe.
 */
final class FixOrders
{
    private final Object2ObjectHashMap<WireId, FixOrder> byClOrdId = new Object2ObjectHashMap<>();
    private final Long2ObjectHashMap<FixOrder> byOrderId = new Long2ObjectHashMap<>();
    private final WireId probe = new WireId();
    static final int FINISHED_REMEMBERED = 65_536;
    /** The finished ClOrdIDs, oldest first from {@link #finishedNext} once full; their storage is reused. */
    private final WireId[] finishedRing = new WireId[FINISHED_REMEMBERED];
    private final Object2ObjectHashMap<WireId, WireId> finished =
        new Object2ObjectHashMap<>(2 * FINISHED_REMEMBERED, 0.67f);
    private int finishedNext;
    private final VenueRoundTrips roundTrips = new VenueRoundTrips();

    FixOrders()
    {
        // Up front, so remembering a finished ClOrdID never allocates, not even before the ring is full.
        for (int i = 0; i < FINISHED_REMEMBERED; i++)
        {
            finishedRing[i] = new WireId();
        }
    }
    private FixOrder[] spare = new FixOrder[16];
    private int spareCount;

    /**
     * @return a record for a new order (a forgotten one reused when there is one), not tracked yet.
     */
    FixOrder newOrder(final long orderId, final int accountId, final int instrumentId, final Side side,
        final long quantity, final long price, final CharSequence clOrdId)
    {
        final FixOrder order = spareCount > 0 ? spare[--spareCount] : new FixOrder();
        spare[spareCount] = null;
        return order.reset(orderId, accountId, instrumentId, side, quantity, price, clOrdId);
    }

    /**
     * Remembers the order under {@code clOrdId} (added to the ClOrdIDs it is known by).
     *
     * @return the ClOrdID as the order keeps it (stable while the order is tracked).
     */
    WireId track(final FixOrder order, final CharSequence clOrdId)
    {
        final WireId key = order.addClOrdId(clOrdId);
        byClOrdId.put(key, order);
        byOrderId.put(order.orderId, order);
        return key;
    }

    /** @return the round trip of each command, stamped on the orders tracked here. */
    VenueRoundTrips roundTrips()
    {
        return roundTrips;
    }

    /** @return the order known by that ClOrdID, or {@code null}. */
    FixOrder byClOrdId(final CharSequence clOrdId)
    {
        return clOrdId instanceof WireId ? byClOrdId.get(clOrdId) : byClOrdId.get(probe.set(clOrdId));
    }

    /** @return the order known by the ClOrdID in {@code value[0, length)}, or {@code null}. */
    FixOrder byClOrdId(final char[] value, final int length)
    {
        return byClOrdId.get(probe.set(value, length));
    }

    /** @return true when the ClOrdID is one of an order that was tracked here and is over. */
    boolean wasFinished(final CharSequence clOrdId)
    {
        return clOrdId != null && finished.containsKey(clOrdId instanceof WireId ? clOrdId : probe.set(clOrdId));
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
        if (byOrderId.get(order.orderId) != order)
        {
            return;
        }
        for (int i = 0; i < order.clOrdIdCount; i++)
        {
            byClOrdId.remove(order.clOrdIds[i]);
            rememberFinished(order.clOrdIds[i]);
        }
        order.clOrdIdCount = 0;
        byOrderId.remove(order.orderId);
        if (spareCount == spare.length)
        {
            spare = java.util.Arrays.copyOf(spare, spareCount * 2);
        }
        spare[spareCount++] = order;
    }

    private void rememberFinished(final WireId clOrdId)
    {
        final WireId slot = finishedRing[finishedNext];
        if (slot.length() > 0)
        {
            // The oldest remembered ClOrdID leaves before its storage takes the new one.
            finished.remove(slot);
        }
        slot.set(clOrdId);
        finished.put(slot, slot);
        finishedNext = (finishedNext + 1) % FINISHED_REMEMBERED;
    }
}
