package io.horizon.engine.venue.paper;

import io.horizon.engine.event.Side;

/**
 * One of our orders resting in the {@link PaperVenue}: a pooled, mutable slot that is also a node
 * of its book side's priority list, so resting and leaving never allocate.
 * <p>
 * Threading: owned by the {@link PaperVenue} that pooled it; gateway thread only.
 */
final class RestingOrder
{
    long orderId;
    int accountId;
    int instrumentId;
    Side side;
    /** Limit price, fixed point. */
    long price;
    /** Total quantity including what has filled, fixed point. */
    long quantity;
    long filledQuantity;

    /** Neighbour with better priority, or {@code null} at the head. */
    RestingOrder higher;
    /** Neighbour with worse priority, or {@code null} at the tail. */
    RestingOrder lower;

    long leavesQuantity()
    {
        return quantity - filledQuantity;
    }

    /**
     * Clears every field so a pooled slot never carries state, or keeps another order reachable,
     * from its previous use.
     */
    void reset()
    {
        orderId = 0;
        accountId = -1;
        instrumentId = -1;
        side = null;
        price = 0;
        quantity = 0;
        filledQuantity = 0;
        higher = null;
        lower = null;
    }
}
