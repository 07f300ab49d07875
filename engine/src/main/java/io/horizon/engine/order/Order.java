package io.horizon.engine.order;

import io.horizon.engine.event.OrderState;
import io.horizon.engine.event.OrderType;
import io.horizon.engine.event.Side;

/**
 * One order as the business-logic processor tracks it. Instances are pooled by
 * {@link OrderLedger} and reused once the order is terminal, so never keep a reference past the
 * callback that handed it to you; keep the {@link #orderId()} instead.
 * <p>
 * Threading: BLP thread only. Strategies read it through accessors; only the ledger and the BLP
 * change it.
 */
public final class Order
{
    final int poolIndex;

    long orderId;
    long clientOrderIdHi;
    long clientOrderIdLo;
    int accountId;
    int instrumentId;
    int strategyId;
    Side side;
    OrderType orderType;
    long price;
    long quantity;
    long cumulativeQuantity;
    long venueOrderId;
    OrderState state;
    OrderState stateBeforePending;
    long createdNanos;

    long pendingClientOrderIdHi;
    long pendingClientOrderIdLo;
    long pendingPrice;
    long pendingQuantity;

    Order(final int poolIndex)
    {
        this.poolIndex = poolIndex;
    }

    void reset()
    {
        orderId = 0;
        clientOrderIdHi = 0;
        clientOrderIdLo = 0;
        accountId = -1;
        instrumentId = -1;
        strategyId = -1;
        side = null;
        orderType = null;
        price = 0;
        quantity = 0;
        cumulativeQuantity = 0;
        venueOrderId = 0;
        state = null;
        stateBeforePending = null;
        createdNanos = 0;
        pendingClientOrderIdHi = 0;
        pendingClientOrderIdLo = 0;
        pendingPrice = 0;
        pendingQuantity = 0;
    }

    public long orderId()
    {
        return orderId;
    }

    public long clientOrderIdHi()
    {
        return clientOrderIdHi;
    }

    public long clientOrderIdLo()
    {
        return clientOrderIdLo;
    }

    public int accountId()
    {
        return accountId;
    }

    public int instrumentId()
    {
        return instrumentId;
    }

    /**
     * @return the owning strategy's id, or -1 for an order from outside the BLP.
     */
    public int strategyId()
    {
        return strategyId;
    }

    public Side side()
    {
        return side;
    }

    public OrderType orderType()
    {
        return orderType;
    }

    /**
     * @return limit price, fixed point; 0 for a market order.
     */
    public long price()
    {
        return price;
    }

    /**
     * @return total quantity, fixed point.
     */
    public long quantity()
    {
        return quantity;
    }

    public long cumulativeQuantity()
    {
        return cumulativeQuantity;
    }

    public long leavesQuantity()
    {
        return state != null && state.isTerminal() ? 0 : quantity - cumulativeQuantity;
    }

    public long venueOrderId()
    {
        return venueOrderId;
    }

    public OrderState state()
    {
        return state;
    }

    /**
     * @return event time at which the order was created, nanoseconds since the epoch.
     */
    public long createdNanos()
    {
        return createdNanos;
    }

    /**
     * @return true while a cancel or amend awaits the venue's answer.
     */
    public boolean isPending()
    {
        return state == OrderState.PENDING_CANCEL || state == OrderState.PENDING_REPLACE || state == OrderState.PENDING_NEW;
    }

    /**
     * @return the price an amend in flight asks for.
     */
    public long pendingPrice()
    {
        return pendingPrice;
    }

    /**
     * @return the client order id an amend in flight will take (high bits).
     */
    public long pendingClientOrderIdHi()
    {
        return pendingClientOrderIdHi;
    }

    /**
     * @return the client order id an amend in flight will take (low bits).
     */
    public long pendingClientOrderIdLo()
    {
        return pendingClientOrderIdLo;
    }

    /**
     * @return the total quantity an amend in flight asks for.
     */
    public long pendingQuantity()
    {
        return pendingQuantity;
    }
}
