package io.horizon.bench;

import io.horizon.engine.event.FixedPoint;
import io.horizon.engine.reference.ReferenceData;

/**
 * The reference data every engine benchmark runs against: two instruments with a one-cent tick
 * and two accounts, the same shape as the engine's test fixture, so figures are comparable with
 * what the engine tests exercise.
 * <p>
 * Stateless; any thread.
 */
public final class BenchmarkMarkets
{
    /** Instrument id of "AAPL". */
    public static final int AAPL = 0;
    /** Instrument id of "MSFT". */
    public static final int MSFT = 1;
    /** Account the market maker trades for. */
    public static final int MAKER_ACCOUNT = 0;
    /** Account client orders come from. */
    public static final int CLIENT_ACCOUNT = 1;
    /** Event time of the first benchmark event, epoch nanoseconds (2025-11-29). */
    public static final long BASE_NANOS = 1_764_400_000_000_000_000L;

    private BenchmarkMarkets()
    {
    }

    /**
     * @return two instruments and two accounts; a new instance each call.
     */
    public static ReferenceData referenceData()
    {
        return ReferenceData.builder()
            .instrument("AAPL", FixedPoint.fromDouble(0.01), FixedPoint.ofUnits(190))
            .instrument("MSFT", FixedPoint.fromDouble(0.01), FixedPoint.ofUnits(420))
            .account("maker", FixedPoint.ofUnits(1_000_000))
            .account("client", FixedPoint.ofUnits(1_000_000))
            .build();
    }

    /**
     * @param price a price; set-up code only (it goes through a double).
     * @return the price in {@link FixedPoint}.
     */
    public static long px(final double price)
    {
        return FixedPoint.fromDouble(price);
    }

    /**
     * @param units whole units.
     * @return the quantity in {@link FixedPoint}.
     */
    public static long qty(final long units)
    {
        return FixedPoint.ofUnits(units);
    }
}
