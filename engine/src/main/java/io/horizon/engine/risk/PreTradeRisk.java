package io.horizon.engine.risk;

import io.horizon.engine.event.InboundEvent;
import io.horizon.engine.order.Order;

/**
 * The pre-trade risk hook: every new order passes through it on the BLP before it can reach the
 * venue. The engine runs its own sanity checks first ({@link OrderSanityCheck}); the risk layers
 * (kill switch, limits, watchdog) plug in here.
 * <p>
 * Implementations are deterministic: time is {@code nowNanos}, the event time of the input being
 * processed; no wall clock, no I/O, no allocation per order.
 * <p>
 * Threading: BLP thread only.
 */
public interface PreTradeRisk
{
    /** Accepts everything. */
    PreTradeRisk ACCEPT_ALL = (order, nowNanos, verdict) -> true;

    /**
     * @param order    the order in state NEW.
     * @param nowNanos event time.
     * @param verdict  where to record a reject.
     * @return true to accept; false after {@link RiskVerdict#reject}.
     */
    boolean check(Order order, long nowNanos, RiskVerdict verdict);

    /**
     * A control event (kill, reset, limit change), after it was journaled.
     *
     * @param control the event; read-only.
     */
    default void onControl(final InboundEvent control)
    {
    }

    /**
     * Every heartbeat, for time-based checks.
     *
     * @param nowNanos event time.
     */
    default void onHeartbeat(final long nowNanos)
    {
    }
}
