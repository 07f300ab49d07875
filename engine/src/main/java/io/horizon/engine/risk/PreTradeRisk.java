package io.horizon.engine.risk;

import io.horizon.engine.snapshot.SnapshotState;
import io.horizon.engine.snapshot.StateReader;
import io.horizon.engine.snapshot.StateWriter;

import io.horizon.engine.event.InboundEvent;
import io.horizon.engine.order.Order;

/**
 * The pre-trade risk hook: every new order and every amend passes through it on the BLP before
 * it can reach the venue, and it sees the inputs it needs to judge by (market data, heartbeats,
 * control events, venue responses). The engine runs its own sanity check as a backstop after it
 * ({@link OrderSanityCheck}); the risk layers (kill switch, limits, watchdog) plug in here — see
 * {@link RiskChain}.
 * <p>
 * Implementations are deterministic: time is {@code nowNanos}, the event time of the input being
 * processed; no wall clock, no I/O, no allocation per order.
 * <p>
 * Threading: BLP thread only.
 */
public interface PreTradeRisk extends SnapshotState
{
    /** Accepts everything. */
    PreTradeRisk ACCEPT_ALL = (order, nowNanos, verdict) -> true;

    /**
     * Called once by the BLP that owns this component, before any event.
     *
     * @param context the BLP's state and actions.
     */
    default void attach(final RiskContext context)
    {
    }

    /**
     * @param order    the order in state NEW.
     * @param nowNanos event time.
     * @param verdict  where to record a reject, or a smaller quantity to send.
     * @return true to accept; false after {@link RiskVerdict#reject}.
     */
    boolean check(Order order, long nowNanos, RiskVerdict verdict);

    /**
     * An amend of a live limit order, after the engine's own checks.
     *
     * @param order       the order as it is now.
     * @param newPrice    the price asked for.
     * @param newQuantity the total quantity asked for.
     * @param nowNanos    event time.
     * @param verdict     where to record a reject.
     * @return true to accept; false after {@link RiskVerdict#reject}.
     */
    default boolean checkAmend(
        final Order order, final long newPrice, final long newQuantity, final long nowNanos, final RiskVerdict verdict)
    {
        return true;
    }

    /**
     * A quote or trade for a valid instrument, after the market state was updated and before
     * strategies see it.
     *
     * @param marketData the event; read-only.
     * @param nowNanos   event time.
     */
    default void onMarketData(final InboundEvent marketData, final long nowNanos)
    {
    }

    /**
     * A venue response was applied to one of our orders (after the strategy heard of it, before
     * a terminal order is released).
     *
     * @param response the venue response; read-only.
     * @param order    the order, in its new state.
     */
    default void onOrderUpdate(final InboundEvent response, final Order order)
    {
    }

    /**
     * A control event (kill, reset, limit change), after it was journaled.
     *
     * @param control the event; read-only.
     */
    default void onControl(final InboundEvent control)
    {
    }

    /**
     * The value in force now of an account-scoped limit, for strategies that keep within their
     * limits themselves ({@link io.horizon.engine.strategy.StrategyContext#accountLimit}).
     *
     * @param limit     a limit of {@link RiskLimit.Scope#ACCOUNT} scope.
     * @param accountId a valid account id.
     * @return the value; 0 (no limit) for a risk component that does not enforce it.
     */
    default long accountLimit(final RiskLimit limit, final int accountId)
    {
        return 0;
    }

    /**
     * Every heartbeat, for time-based checks.
     *
     * @param nowNanos event time.
     */
    default void onHeartbeat(final long nowNanos)
    {
    }

    /**
     * Writes the state risk decides by, for a snapshot; a risk hook without state writes nothing.
     * A hook with state must write all of it, or recovery from a snapshot decides differently
     * from a replay of the whole journal.
     */
    @Override
    default void writeState(final StateWriter out)
    {
    }

    /**
     * Restores what {@link #writeState} wrote, after {@link #attach}, before any event.
     */
    @Override
    default void readState(final StateReader in)
    {
    }
}
