package io.horizon.engine.risk;

import io.horizon.engine.counter.EngineCounters;
import io.horizon.engine.event.Side;
import io.horizon.engine.market.MarketState;
import io.horizon.engine.order.Order;
import io.horizon.engine.order.LiveOrders;
import io.horizon.engine.output.AlertKind;
import io.horizon.engine.output.EngineOutput;
import io.horizon.engine.output.Runbook;
import io.horizon.engine.position.PositionBook;
import io.horizon.engine.reference.ReferenceData;

/**
 * What the business-logic processor lends its risk component, once, at construction: read access
 * to the state risk judges by, and the few actions risk may ask for. Every action goes through the
 * BLP's own order path and outbox, so it is journaled-input-driven, deterministic, and reaches the
 * venue only after its cause is journaled.
 * <p>
 * Threading: BLP thread only, from inside a {@link PreTradeRisk} callback.
 */
public interface RiskContext
{
    /** Strategy id stamped on the market orders a kill switch sends to flatten positions. */
    int FLATTEN_STRATEGY_ID = -2;

    ReferenceData referenceData();

    MarketState market();

    PositionBook positions();

    /**
     * @return the live orders, read-only (cancel through {@link #cancel}).
     */
    LiveOrders liveOrders();

    /**
     * @return the engine counters, whose buffers risk adds its own counters to at attach.
     */
    EngineCounters counters();

    /**
     * @return event time of the input being processed.
     */
    long nowNanos();

    /**
     * @return inbound-ring sequence of the input being processed: orders caused by one event share it.
     */
    long currentSequence();

    /**
     * Asks the venue to cancel every order that can be cancelled now (acknowledged, partially
     * filled or replaced), in ledger order. Orders still pending at the venue cannot be
     * cancelled yet; risk catches them in {@link PreTradeRisk#onOrderUpdate}.
     *
     * @return how many cancels were sent.
     */
    int cancelAllOrders();

    /**
     * Asks the venue to cancel one order.
     *
     * @param order a live order.
     * @return true when the cancel was sent.
     */
    boolean cancel(Order order);

    /**
     * Sends a market order to reduce a position, through the whole risk chain (risk decides which
     * layers it bypasses), with strategy id {@link #FLATTEN_STRATEGY_ID}.
     *
     * @return the new order's id, or 0 when it was rejected.
     */
    long submitFlatten(int accountId, int instrumentId, Side side, long quantity);

    /**
     * Claims an alert output stamped with the current cause; the caller fills the codes and values
     * before returning from its callback.
     *
     * @param kind    what happened.
     * @param runbook where the operator should look.
     * @return the output to fill.
     */
    EngineOutput alert(AlertKind kind, Runbook runbook);
}
