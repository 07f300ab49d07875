package io.horizon.engine.support;

import io.horizon.engine.event.FixedPoint;
import io.horizon.engine.reference.ReferenceData;

/**
 * Test fixture: reference data with two instruments and two accounts.
 */
public final class TestMarkets
{
    public static final int AAPL = 0;
    public static final int MSFT = 1;
    public static final int ALICE = 0;
    public static final int BOB = 1;

    private TestMarkets()
    {
    }

    public static ReferenceData referenceData()
    {
        return ReferenceData.builder()
            .instrument("AAPL", FixedPoint.fromDouble(0.01), FixedPoint.ofUnits(190))
            .instrument("MSFT", FixedPoint.fromDouble(0.01), FixedPoint.ofUnits(420))
            .account("alice", FixedPoint.ofUnits(1_000_000))
            .account("bob", FixedPoint.ofUnits(1_000_000))
            .build();
    }

    public static long px(final double price)
    {
        return FixedPoint.fromDouble(price);
    }

    public static long qty(final long units)
    {
        return FixedPoint.ofUnits(units);
    }
}
