package io.horizon.bench.latency;

import io.horizon.bench.HarnessRisk;
import io.horizon.engine.event.FixedPoint;
import io.horizon.engine.event.InboundEvent;
import io.horizon.engine.event.OrderType;
import io.horizon.engine.event.Side;
import io.horizon.engine.reference.ReferenceData;
import io.horizon.engine.risk.RiskConfig;

/**
 * What every series of the harness drives, so they do the same work: one quote in every 50
 * events (three instruments around fixed mids), and otherwise alternating new limit orders that
 * rest a dollar below the bid and cancels of the order just sent. Every new order and cancel
 * makes the BLP decide (risk, lifecycle) and emit one report; those reports are what is timed.
 * <p>
 * Threading: stateless; any thread.
 */
final class HarnessWorkload
{
    static final int QUOTE_EVERY = 50;
    private static final long[] MIDS = {
        FixedPoint.ofUnits(190), FixedPoint.ofUnits(420), FixedPoint.ofUnits(560)};
    private static final long TICK = FixedPoint.fromDouble(0.01);

    private HarnessWorkload()
    {
    }

    static ReferenceData referenceData()
    {
        return ReferenceData.builder()
            .instrument("AAPL", TICK, MIDS[0])
            .instrument("MSFT", TICK, MIDS[1])
            .instrument("SPY", TICK, MIDS[2])
            .account("bench", FixedPoint.ofUnits(1_000_000_000))
            .build();
    }

    /**
     * Every layer on, with throughput limits raised so the harness measures the engine rather
     * than the rate limiter, and the feed watchdog off (the harness feed ticks only 1 in 50).
     */
    static RiskConfig riskConfig()
    {
        return HarnessRisk.everyLayerUnthrottled().build();
    }

    /**
     * @return true when event {@code i} is a timed order event (not a quote).
     */
    static boolean isTimed(final long i)
    {
        return i % QUOTE_EVERY != 0;
    }

    /**
     * Fills a slot with event {@code i}.
     */
    static void fill(final InboundEvent e, final long i, final long plannedNanos)
    {
        final int instrument = (int)((i / QUOTE_EVERY) % MIDS.length);
        if (i % QUOTE_EVERY == 0)
        {
            e.setQuote(plannedNanos, 1, i / QUOTE_EVERY + 1, instrument,
                MIDS[instrument] - TICK, FixedPoint.ofUnits(100), MIDS[instrument] + TICK, FixedPoint.ofUnits(100));
        }
        else if (i % 2 == 1)
        {
            e.setNewOrder(plannedNanos, 0, instrument, Side.BUY, OrderType.LIMIT,
                MIDS[instrument] - FixedPoint.ofUnits(1), FixedPoint.ofUnits(1), 1, i);
        }
        else
        {
            e.setCancel(plannedNanos, 0, 1, i - 1);
        }
    }
}
