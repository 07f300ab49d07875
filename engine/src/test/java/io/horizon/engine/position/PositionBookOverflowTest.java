package io.horizon.engine.position;

import io.horizon.engine.event.FixedPoint;
import io.horizon.engine.event.Side;
import io.horizon.engine.market.MarketState;
import io.horizon.engine.reference.ReferenceData;
import io.horizon.engine.support.TestMarkets;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Fills too large for a long saturate instead of wrapping: exposure can never turn negative (the
 * release before returned {@code Math.abs(Long.MIN_VALUE)}, a negative exposure every leverage
 * limit let through), a position never flips side, and ordinary fills are exact as before.
 */
final class PositionBookOverflowTest
{
    private final ReferenceData referenceData = TestMarkets.referenceData();
    private final PositionBook book = new PositionBook(referenceData, new MarketState(referenceData.instrumentCount()));

    @Test
    void shouldSaturateGrossExposureWhenANotionalDoesNotFitInsteadOfGoingNegative()
    {
        // 9.2 trillion units at a million each: the notional does not fit a fixed-point long.
        book.onFill(TestMarkets.ALICE, TestMarkets.AAPL, Side.BUY, FixedPoint.ofUnits(1_000_000), Long.MAX_VALUE / 2);

        assertEquals(Long.MAX_VALUE, book.grossExposure(TestMarkets.ALICE));
        assertTrue(book.equity(TestMarkets.ALICE) != Long.MIN_VALUE);
        assertTrue(book.cash(TestMarkets.ALICE) < 0, "cash went down by more than it had: " + book.cash(TestMarkets.ALICE));
    }

    @Test
    void shouldNeverLetAPositionWrapToTheOtherSide()
    {
        book.onFill(TestMarkets.ALICE, TestMarkets.AAPL, Side.BUY, 1, Long.MAX_VALUE - 10);
        book.onFill(TestMarkets.ALICE, TestMarkets.AAPL, Side.BUY, 1, 1_000);

        assertEquals(Long.MAX_VALUE, book.position(TestMarkets.ALICE, TestMarkets.AAPL));
        assertTrue(book.grossExposure(TestMarkets.ALICE) >= 0);

        book.onFill(TestMarkets.BOB, TestMarkets.MSFT, Side.SELL, 1, Long.MAX_VALUE - 10);
        book.onFill(TestMarkets.BOB, TestMarkets.MSFT, Side.SELL, 1, 1_000);
        assertEquals(-Long.MAX_VALUE, book.position(TestMarkets.BOB, TestMarkets.MSFT));
        assertTrue(book.grossExposure(TestMarkets.BOB) >= 0);
    }

    @Test
    void shouldSaturateSumsAndProductsInTheirSign()
    {
        assertEquals(Long.MAX_VALUE, PositionBook.add(Long.MAX_VALUE, 1));
        assertEquals(-Long.MAX_VALUE, PositionBook.add(-Long.MAX_VALUE, -5));
        assertEquals(-Long.MAX_VALUE, PositionBook.add(Long.MIN_VALUE + 1, -1));
        assertEquals(3, PositionBook.add(1, 2));
        assertEquals(-Long.MAX_VALUE, PositionBook.product(-Long.MAX_VALUE, FixedPoint.ofUnits(2)));
        assertEquals(Long.MAX_VALUE, PositionBook.product(Long.MAX_VALUE, FixedPoint.ofUnits(2)));
        assertEquals(FixedPoint.ofUnits(6), PositionBook.product(FixedPoint.ofUnits(2), FixedPoint.ofUnits(3)));
    }

    @Test
    void shouldKeepOrdinaryFillsExact()
    {
        book.onFill(TestMarkets.ALICE, TestMarkets.AAPL, Side.BUY, TestMarkets.px(190), TestMarkets.qty(10));
        book.onFill(TestMarkets.ALICE, TestMarkets.AAPL, Side.SELL, TestMarkets.px(200), TestMarkets.qty(4));

        assertEquals(TestMarkets.qty(6), book.position(TestMarkets.ALICE, TestMarkets.AAPL));
        assertEquals(FixedPoint.ofUnits(40), book.realisedPnl(TestMarkets.ALICE));
        assertEquals(FixedPoint.ofUnits(1_000_000 - 1_900 + 800), book.cash(TestMarkets.ALICE));
        assertEquals(FixedPoint.ofUnits(6 * 190), book.grossExposure(TestMarkets.ALICE));
    }
}
