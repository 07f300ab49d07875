package io.horizon.fix;

import io.horizon.engine.event.Side;

/**
 * What the FIX venue remembers of one of our orders: the engine's ids, its terms as the venue
 * last confirmed them, every ClOrdID it has been known by (the order's own, each cancel's and
 * each replace's), and the ExecIDs already applied, so a duplicate ExecutionReport is never
 * applied twice.
 * <p>
 * Reused: {@link FixOrders} keeps forgotten orders and {@link #reset}s one for the next order, so
 * the identifiers' storage is allocated once, not per order.
 * <p>
 * Threading: owned by one {@link FixVenue}; its polling thread only.
 */
final class FixOrder
{
    long orderId;
    int accountId;
    int instrumentId;
    Side side;
    /** Total quantity, fixed point, as last confirmed (a replace changes it). */
    long quantity;
    /** Limit price, fixed point, as last confirmed. */
    long price;
    long cumulativeQuantity;
    /** Sum of price x quantity of the fills applied, in units (for the price of a fill found by reconciliation). */
    double filledNotional;
    /** False when the order came from recovery with fills whose prices this process never saw. */
    boolean notionalKnown = true;
    /** The venue acknowledged the order (or recovery says it is live). */
    boolean acked;
    /** The ClOrdID the order is known by at the venue now. */
    final WireId clOrdId = new WireId();
    /** ClOrdID of a replace in flight, or {@code null}. */
    CharSequence pendingReplaceClOrdId;
    /** The ClOrdIDs it is tracked under ({@link FixOrders} owns them while it is tracked). */
    WireId[] clOrdIds = new WireId[2];
    int clOrdIdCount;
    /**
     * For each of {@link #clOrdIds}: when its message was handed to Artio ({@link System#nanoTime}),
     * valid while {@link #handedSeqNums} holds a MsgSeqNum ({@link VenueRoundTrips}).
     */
    long[] handedNanos = new long[2];
    /** For each of {@link #clOrdIds}: MsgSeqNum of its message, 0 once answered or when not sent by this process. */
    int[] handedSeqNums = new int[2];
    final WireIdSet execIds = new WireIdSet();
    int cancelCount;
    /** Cancels and replaces sent and not answered yet: the order is kept until they are. */
    int pendingRequests;
    /** Filled, canceled, rejected or expired. */
    boolean done;

    FixOrder()
    {
    }

    FixOrder(final long orderId, final int accountId, final int instrumentId, final Side side, final long quantity,
        final long price, final CharSequence clOrdId)
    {
        reset(orderId, accountId, instrumentId, side, quantity, price, clOrdId);
    }

    /**
     * Makes this the record of a new order, as if just constructed.
     *
     * @return this.
     */
    FixOrder reset(final long orderId, final int accountId, final int instrumentId, final Side side, final long quantity,
        final long price, final CharSequence clOrdId)
    {
        this.orderId = orderId;
        this.accountId = accountId;
        this.instrumentId = instrumentId;
        this.side = side;
        this.quantity = quantity;
        this.price = price;
        this.clOrdId.set(clOrdId);
        cumulativeQuantity = 0;
        filledNotional = 0;
        notionalKnown = true;
        acked = false;
        pendingReplaceClOrdId = null;
        clOrdIdCount = 0;
        execIds.clear();
        cancelCount = 0;
        pendingRequests = 0;
        done = false;
        return this;
    }

    /**
     * @return a ClOrdID slot holding {@code id}, added to those the order is known by.
     */
    WireId addClOrdId(final CharSequence id)
    {
        if (clOrdIdCount == clOrdIds.length)
        {
            clOrdIds = java.util.Arrays.copyOf(clOrdIds, clOrdIdCount * 2);
            handedNanos = java.util.Arrays.copyOf(handedNanos, clOrdIdCount * 2);
            handedSeqNums = java.util.Arrays.copyOf(handedSeqNums, clOrdIdCount * 2);
        }
        if (clOrdIds[clOrdIdCount] == null)
        {
            clOrdIds[clOrdIdCount] = new WireId();
        }
        handedSeqNums[clOrdIdCount] = 0;
        return clOrdIds[clOrdIdCount++].set(id);
    }

    long leavesQuantity()
    {
        return quantity - cumulativeQuantity;
    }
}
