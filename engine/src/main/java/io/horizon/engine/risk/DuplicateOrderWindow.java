package io.horizon.engine.risk;

import io.horizon.engine.snapshot.SnapshotState;
import io.horizon.engine.snapshot.StateReader;
import io.horizon.engine.snapshot.StateWriter;
import io.horizon.engine.journal.StateEnums;

import io.horizon.engine.event.OrderType;
import io.horizon.engine.event.Side;

/**
 * The dedup layer's memory: the latest orders each account sent (instrument, side, type, price,
 * quantity, time), so that the same order sent again within {@code dedup_window_ms} is refused as
 * a probable double submission.
 * <p>
 * Each account remembers its last {@value #DEPTH} orders; with the default rate limit (10 a
 * second) and window (500 ms) that is far more than the window can hold. The search walks from
 * the newest back and stops at the first order outside the window.
 * <p>
 * Threading: BLP thread only.
 */
public final class DuplicateOrderWindow implements SnapshotState
{
    /** Orders remembered per account. */
    public static final int DEPTH = 32;

    private final int[] instrument;
    private final Side[] side;
    private final OrderType[] type;
    private final long[] price;
    private final long[] quantity;
    private final long[] sentNanos;
    private final int[] head;
    private final int[] stored;

    /**
     * @param accounts accounts in the reference data.
     */
    public DuplicateOrderWindow(final int accounts)
    {
        final int n = accounts * DEPTH;
        instrument = new int[n];
        side = new Side[n];
        type = new OrderType[n];
        price = new long[n];
        quantity = new long[n];
        sentNanos = new long[n];
        head = new int[accounts];
        stored = new int[accounts];
    }

    /**
     * @param windowNanos how far back a duplicate counts; > 0.
     * @return how long ago the same order was sent, or -1 when it was not within the window.
     */
    public long ageOfSame(
        final int accountId,
        final int instrumentId,
        final Side orderSide,
        final OrderType orderType,
        final long orderPrice,
        final long orderQuantity,
        final long nowNanos,
        final long windowNanos)
    {
        final int base = accountId * DEPTH;
        final int n = stored[accountId];
        int slot = head[accountId];
        for (int k = 0; k < n; k++)
        {
            slot = (slot - 1) & (DEPTH - 1);
            final int s = base + slot;
            final long age = nowNanos - sentNanos[s];
            if (age >= windowNanos)
            {
                return -1;
            }
            if (instrument[s] == instrumentId && side[s] == orderSide && type[s] == orderType &&
                price[s] == orderPrice && quantity[s] == orderQuantity)
            {
                return age;
            }
        }
        return -1;
    }

    /**
     * Remembers an order that was sent.
     */
    public void record(
        final int accountId,
        final int instrumentId,
        final Side orderSide,
        final OrderType orderType,
        final long orderPrice,
        final long orderQuantity,
        final long nowNanos)
    {
        final int s = accountId * DEPTH + head[accountId];
        instrument[s] = instrumentId;
        side[s] = orderSide;
        type[s] = orderType;
        price[s] = orderPrice;
        quantity[s] = orderQuantity;
        sentNanos[s] = nowNanos;
        head[accountId] = (head[accountId] + 1) & (DEPTH - 1);
        if (stored[accountId] < DEPTH)
        {
            stored[accountId]++;
        }
    }

    @Override
    public void writeState(final StateWriter out)
    {
        out.putInts(instrument);
        out.putLongs(price);
        out.putLongs(quantity);
        out.putLongs(sentNanos);
        out.putInts(head);
        out.putInts(stored);
        for (int s = 0; s < side.length; s++)
        {
            StateEnums.putSide(out, side[s]);
            StateEnums.putOrderType(out, type[s]);
        }
    }

    @Override
    public void readState(final StateReader in)
    {
        in.getInts(instrument, "instrument");
        in.getLongs(price, "price");
        in.getLongs(quantity, "quantity");
        in.getLongs(sentNanos, "sent nanos");
        in.getInts(head, "head");
        in.getInts(stored, "stored");
        for (int s = 0; s < side.length; s++)
        {
            side[s] = StateEnums.getSide(in, "sent order side");
            type[s] = StateEnums.getOrderType(in, "sent order type");
        }
    }
}
