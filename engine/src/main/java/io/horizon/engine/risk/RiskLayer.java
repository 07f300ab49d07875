package io.horizon.engine.risk;

/**
 * The layers of the pre-trade risk chain, in the order an order meets them ({@link PreTradeLayers}
 * decides each one). The first layer that rejects stops the chain, and the reject names its layer
 * ({@link #label()} is also the {@code layer} of the matching
 * {@link io.horizon.engine.event.RejectReason}s, of {@code horizon_order_rejects_total} and of
 * {@code horizon_risk_decisions_total}).
 * <p>
 * Labels are what dashboards and alert rules select on, so they never change with a constant's
 * name: {@link #ACCOUNT_LOSS_HALT} keeps the label {@code drawdown} and {@link #QUOTE_AND_DEVIATION}
 * the label {@code fat_finger}, the names they had when they were first exported.
 */
public enum RiskLayer
{
    /** 1. The kill switch is engaged: every new order is rejected. */
    KILL_SWITCH("kill_switch"),
    /**
     * 2. The watchdog halted the account after its intraday loss reached {@code max_intraday_loss_pct};
     * orders that reduce risk still pass. (The portfolio drawdown is a kill-switch trigger, not this.)
     */
    ACCOUNT_LOSS_HALT("drawdown"),
    /** 3. Quantity > 0; a limit price > 0 whose notional fits a long. */
    SANITY("sanity"),
    /** 4. Limit price within {@code price_min} and {@code price_max}. */
    PRICE_BOUNDS("price_bounds"),
    /** 5. Notional within {@code max_order_notional}, optionally shrinking the order to fit. */
    NOTIONAL("notional"),
    /** 6. At most {@code rate_limit_per_sec} new orders per second of event time. */
    RATE_LIMIT("rate_limit"),
    /** 7. At most {@code max_orders_per_tick} new orders caused by one inbound event. */
    ORDERS_PER_TICK("orders_per_tick"),
    /** 8. Market orders only when {@code allow_market_orders}. */
    MARKET_ORDERS("market_orders"),
    /** 9. No new risk on an instrument during the cooldown after a stop-out. */
    STOP_LOSS_COOLDOWN("stop_loss_cooldown"),
    /**
     * 10. The instrument's feed is not paused by the watchdog, a two-sided quote exists and is no
     * older than {@code max_quote_age_ms}, and a limit price is within
     * {@code max_price_deviation_pct} of the mid (the fat-finger check proper).
     */
    QUOTE_AND_DEVIATION("fat_finger"),
    /** 11. Position per instrument and gross leverage per account. */
    EXPOSURE("exposure"),
    /** 12. Not the same order as one sent within {@code dedup_window_ms}. */
    DEDUP("dedup");

    private final String label;

    RiskLayer(final String label)
    {
        this.label = label;
    }

    /**
     * @return the layer's name in rejects and metrics ({@code "fat_finger"}).
     */
    public String label()
    {
        return label;
    }
}
