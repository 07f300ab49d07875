package io.horizon.engine.strategy;

import static io.horizon.engine.support.BlpDriver.MILLIS;
import static io.horizon.engine.support.BlpDriver.T0;
import static io.horizon.engine.support.TestMarkets.AAPL;
import static io.horizon.engine.support.TestMarkets.ALICE;
import static io.horizon.engine.support.TestMarkets.MSFT;
import static io.horizon.engine.support.TestMarkets.qty;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import io.horizon.engine.event.FixedPoint;
import io.horizon.engine.event.RejectReason;
import io.horizon.engine.output.EngineOutput;
import io.horizon.engine.output.OutputKind;
import io.horizon.engine.risk.RiskChain;
import io.horizon.engine.risk.RiskConfig;
import io.horizon.engine.risk.RiskLimit;
import io.horizon.engine.risk.RiskProfile;
import io.horizon.engine.support.BlpDriver;
import org.junit.jupiter.api.Test;

/**
 * The sample market maker under the moderate profile's {@code rate_limit_per_sec} (10) and
 * {@code dedup_window_ms} (500), in a market that fills every quote at once, so that it wants far
 * more new orders than the limit allows: paced, it stays within the limits and is never refused;
 * unpaced, risk refuses it.
 */
final class MarketMakerPacingTest
{
    private static final int SECONDS = 30;
    private static final long QUOTE_EVERY_NANOS = 50 * MILLIS;

    @Test
    void shouldKeepItsNewQuotesWithinTheRateLimitAndNeverBeRefusedWhenPaced()
    {
        final BlpDriver driver = trade(true, RiskConfig.of(RiskProfile.MODERATE));

        final long submitted = driver.counters().ordersSubmitted.get();
        assertEquals(0, driver.counters().ordersRejected.get(), "no order refused by risk");
        assertEquals(0, driver.counters().rejects(RejectReason.RATE_LIMIT));
        assertTrue(submitted >= 9L * SECONDS && submitted <= 10L * (SECONDS + 1),
            "it used the limit, not less: " + submitted + " orders in " + SECONDS + " s at 10 a second");
    }

    @Test
    void shouldPaceToTheLimitItIsGivenNotToAFixedRate()
    {
        final BlpDriver driver = trade(true, RiskConfig.builder(RiskProfile.MODERATE).set(RiskLimit.RATE_LIMIT_PER_SEC, 40).build());

        final long submitted = driver.counters().ordersSubmitted.get();
        assertEquals(0, driver.counters().ordersRejected.get());
        assertTrue(submitted > 10L * (SECONDS + 1), "more than the default limit allows: " + submitted);
    }

    @Test
    void shouldStillBeRefusedByRiskWhenItIgnoresTheRateLimit()
    {
        final BlpDriver driver = trade(false, RiskConfig.of(RiskProfile.MODERATE));

        assertTrue(driver.counters().rejects(RejectReason.RATE_LIMIT) > 0, "risk still enforces the limit");
        assertTrue(driver.counters().ordersSubmitted.get() <= 10L * (SECONDS + 1), "and nothing beyond it went out");
    }

    @Test
    void shouldNotSendTheSameQuoteAgainWithinTheDedupWindowWhenPaced()
    {
        final BlpDriver paced = trade(true, RiskConfig.of(RiskProfile.MODERATE), 0);
        final BlpDriver unpaced = trade(false, RiskConfig.of(RiskProfile.MODERATE), 0);

        assertEquals(0, paced.counters().ordersRejected.get(), "a still market: the same quote, never sent twice in 500 ms");
        assertTrue(unpaced.counters().rejects(RejectReason.DUPLICATE_ORDER) > 0, "risk refuses the repeats");
    }

    /**
     * Quotes AAPL and MSFT every 50 ms for {@link #SECONDS} s with a mid that climbs a tick a
     * quote (so no quote repeats within the dedup window) unless told otherwise, and fills every
     * new order in full as soon as it is sent, so both sides want a new quote on every tick.
     */
    private static BlpDriver trade(final boolean paced, final RiskConfig limits)
    {
        return trade(paced, limits, 0.01);
    }

    private static BlpDriver trade(final boolean paced, final RiskConfig limits, final double climbPerQuote)
    {
        final MarketMaker maker = new MarketMaker(ALICE, 2, qty(10), qty(100), 2, paced);
        final BlpDriver driver = new BlpDriver(new RiskChain(limits), maker);
        final long quotes = SECONDS * 1_000 * MILLIS / QUOTE_EVERY_NANOS;
        for (int q = 0; q < quotes; q++)
        {
            final long ts = T0 + q * QUOTE_EVERY_NANOS;
            for (final int instrument : new int[] {AAPL, MSFT})
            {
                final double mid = (instrument == AAPL ? 190 : 420) + q * climbPerQuote;
                fillEverything(driver, ts, driver.quote(ts, instrument, mid - 0.01, mid + 0.01));
            }
        }
        return driver;
    }

    private static void fillEverything(final BlpDriver driver, final long ts, final List<EngineOutput> outputs)
    {
        for (final EngineOutput out : outputs)
        {
            if (out.kind == OutputKind.VENUE_NEW)
            {
                driver.ack(ts, out.orderId);
                driver.fill(ts, out.orderId, FixedPoint.toDouble(out.price), FixedPoint.toDouble(out.quantity));
            }
        }
    }
}
