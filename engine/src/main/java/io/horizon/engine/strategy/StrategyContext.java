package io.horizon.engine.strategy;

import io.horizon.engine.event.Side;
import io.horizon.engine.market.MarketState;
import io.horizon.engine.order.Order;
import io.horizon.engine.position.PositionBook;
import io.horizon.engine.reference.ReferenceData;
import io.horizon.engine.risk.RiskLimit;

/**
 * What a strategy may do and see. Orders go through the same risk and lifecycle as client
 * orders, synchronously; their results come back as callbacks.
 * <p>
 * Threading: BLP thread only, from inside a {@link Strategy} callback.
 */
public interface StrategyContext
{
    /**
     * Sends a limit order. Outcomes decided now (risk rejects, pending states) are returned, not
     * called back, so a strategy is never re-entered; venue responses arrive later as callbacks.
     *
     * @return the new order's id, or 0 when it was rejected: see {@link #lastRejectReason()}.
     */
    long submitLimit(int accountId, int instrumentId, Side side, long price, long quantity);

    /**
     * Sends a market order.
     *
     * @return the new order's id, or 0 when it was rejected.
     */
    long submitMarket(int accountId, int instrumentId, Side side, long quantity);

    /**
     * Asks to cancel one of this strategy's live orders.
     *
     * @return true when the request went to the venue.
     */
    boolean cancel(long orderId);

    /**
     * Asks to change one of this strategy's live limit orders.
     *
     * @param newQuantity new total quantity, including what has filled.
     * @return true when the request went to the venue.
     */
    boolean amend(long orderId, long newPrice, long newQuantity);

    /**
     * @return why the last submit, cancel or amend from a strategy was refused.
     */
    io.horizon.engine.event.RejectReason lastRejectReason();

    /**
     * @return the value named by {@link #lastRejectReason()}.
     */
    long lastRejectValue();

    /**
     * The value in force now of one of an account's own risk limits, so that a strategy can keep
     * within it instead of being refused (a strategy that ignores it is still refused by risk).
     *
     * @param limit     a per-account limit ({@code rate_limit_per_sec}, {@code max_order_notional}, ...).
     * @param accountId the account the strategy trades for.
     * @return the value; 0 when the limit is off (or risk does not enforce it).
     * @throws IllegalArgumentException for a limit that is not per account, or an unknown account.
     */
    long accountLimit(RiskLimit limit, int accountId);

    /**
     * @return the live order, or {@code null}.
     */
    Order order(long orderId);

    /**
     * @return event time of the input being processed, nanoseconds since the epoch.
     */
    long nowNanos();

    MarketState market();

    PositionBook positions();

    ReferenceData referenceData();
}
