package io.horizon.ops.preset;

import java.util.LinkedHashMap;
import java.util.Map;

import io.horizon.engine.event.FixedPoint;
import io.horizon.engine.reference.ReferenceData;
import io.horizon.engine.strategy.MarketMaker;
import io.horizon.engine.strategy.Strategy;

/**
 * {@code kind = "market-maker"}: the sample market maker, quoting every instrument.
 *
 * @param account         the account it trades for, by name.
 * @param halfSpreadTicks distance of each quote from the mid, in ticks.
 * @param quoteQuantity   size of each quote, fixed point.
 * @param maxInventory    most absolute position per instrument, fixed point.
 * @param requoteTicks    how far the ideal price must move before it amends, in ticks.
 * @param paceOrders      keep new orders within the account's {@code rate_limit_per_sec} and out of
 *                        its {@code dedup_window_ms}; absent (false) in presets recorded before the
 *                        key existed, so their journals replay as written.
 */
public record MarketMakerSettings(
    String account,
    long halfSpreadTicks,
    long quoteQuantity,
    long maxInventory,
    long requoteTicks,
    boolean paceOrders) implements StrategySettings
{
    /** The preset's name for this strategy. */
    public static final String KIND = "market-maker";

    @Override
    public String kind()
    {
        return KIND;
    }

    @Override
    public Strategy create(final ReferenceData referenceData)
    {
        return new MarketMaker(
            referenceData.accountByName(account).id(), halfSpreadTicks, quoteQuantity, maxInventory, requoteTicks, paceOrders);
    }

    @Override
    public Map<String, String> keys()
    {
        final Map<String, String> keys = new LinkedHashMap<>();
        keys.put("account", '"' + account + '"');
        keys.put("half_spread_ticks", Long.toString(halfSpreadTicks));
        keys.put("quote_quantity", FixedPoint.format(quoteQuantity));
        keys.put("max_inventory", FixedPoint.format(maxInventory));
        keys.put("requote_ticks", Long.toString(requoteTicks));
        keys.put("pace_orders", Boolean.toString(paceOrders));
        return keys;
    }
}
