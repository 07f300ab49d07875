package io.horizon.fix;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import io.horizon.engine.event.Side;

/**
 * What the FIX venue remembers of one of our orders: the engine's ids, its terms as the venue
 * last confirmed them, every ClOrdID it has been known by (the order's own, each cancel's and
 * each replace's), and the ExecIDs already applied, so a duplicate ExecutionReport is never
 * applied twice.
 * <p>
 * Threading: owned by one {@link FixVenue}; its polling thread only.
 */
final class FixOrder
{
    final long orderId;
    final int accountId;
    final int instrumentId;
    final Side side;
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
    String clOrdId;
    /** ClOrdID of a replace in flight, or {@code null}. */
    String pendingReplaceClOrdId;
    final List<String> clOrdIds = new ArrayList<>(2);
    final Set<String> execIds = new HashSet<>();
    int cancelCount;
    /** Cancels and replaces sent and not answered yet: the order is kept until they are. */
    int pendingRequests;
    /** Filled, canceled, rejected or expired. */
    boolean done;

    FixOrder(final long orderId, final int accountId, final int instrumentId, final Side side, final long quantity,
        final long price, final String clOrdId)
    {
        this.orderId = orderId;
        this.accountId = accountId;
        this.instrumentId = instrumentId;
        this.side = side;
        this.quantity = quantity;
        this.price = price;
        this.clOrdId = clOrdId;
    }

    long leavesQuantity()
    {
        return quantity - cumulativeQuantity;
    }
}
