package io.horizon.engine.strategy;

import io.horizon.engine.snapshot.StateReader;
import io.horizon.engine.snapshot.StateWriter;

import io.horizon.engine.event.InboundEvent;
import io.horizon.engine.output.EngineOutput;

/**
 * A trading strategy, run inside the business-logic processor.
 * <p>
 * Strategies are part of the deterministic core: they see only events (no wall clock, no I/O,
 * no unseeded randomness) and act only through the {@link StrategyContext}. Orders they send
 * are outputs, not inputs: on replay the strategy sends them again, identically.
 * <p>
 * Threading: every callback runs on the BLP thread. Objects passed in are reused after the
 * callback returns; copy what you keep.
 */
public interface Strategy
{
    /**
     * @return a short name for logs and audit ({@code "market-maker"}).
     */
    String name();

    /**
     * Once, before the first event.
     */
    default void onStart(final StrategyContext context)
    {
    }

    /**
     * A quote, after the market state was updated with it.
     */
    default void onQuote(final InboundEvent quote, final StrategyContext context)
    {
    }

    /**
     * A trade print, after the market state was updated with it.
     */
    default void onTrade(final InboundEvent trade, final StrategyContext context)
    {
    }

    /**
     * A fill of one of this strategy's orders, after positions were updated.
     */
    default void onFill(final EngineOutput report, final StrategyContext context)
    {
    }

    /**
     * Any other execution report on one of this strategy's orders (ack, reject, cancel,
     * replace, expiry).
     */
    default void onOrderUpdate(final EngineOutput report, final StrategyContext context)
    {
    }

    /**
     * A timer heartbeat.
     */
    default void onTimer(final long nowNanos, final StrategyContext context)
    {
    }

    /**
     * Writes what this strategy decides by, for a snapshot, between two events. A strategy with
     * state must write all of it, or recovery from a snapshot trades differently from a replay of
     * the whole journal. Stateless strategies write nothing.
     */
    default void writeState(final StateWriter out)
    {
    }

    /**
     * On an engine restored from a snapshot, called INSTEAD of {@link #onStart} (the strategy had
     * started before the snapshot): set up what {@code onStart} would, then read back what
     * {@link #writeState} wrote. Must not trade.
     */
    default void readState(final StateReader in, final StrategyContext context)
    {
    }
}
