package io.horizon.engine.risk;

import io.horizon.engine.event.ControlAction;
import io.horizon.engine.event.InboundEvent;
import io.horizon.engine.event.OrderType;
import io.horizon.engine.event.RejectReason;
import io.horizon.engine.event.Side;
import io.horizon.engine.output.EngineOutput;
import io.horizon.engine.output.ExecType;
import io.horizon.engine.strategy.Strategy;
import io.horizon.engine.strategy.StrategyContext;
import io.horizon.engine.support.BlpDriver;
import org.junit.jupiter.api.Test;

import static io.horizon.engine.support.BlpDriver.MILLIS;
import static io.horizon.engine.support.BlpDriver.SECONDS;
import static io.horizon.engine.support.BlpDriver.T0;
import static io.horizon.engine.support.BlpDriver.describe;
import static io.horizon.engine.support.TestMarkets.AAPL;
import static io.horizon.engine.support.TestMarkets.ALICE;
import static io.horizon.engine.support.TestMarkets.MSFT;
import static io.horizon.engine.support.TestMarkets.px;
import static io.horizon.engine.support.TestMarkets.qty;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Each layer of the chain at its boundary, just inside and just outside, through the real BLP
 * with the moderate profile's established defaults (a layer that would get in the way of the one
 * under test is switched off, and the test says so).
 */
final class RiskLayersTest
{
    private BlpDriver driver;
    private RiskChain risk;

    private void start(final RiskConfig config)
    {
        risk = new RiskChain(config);
        driver = new BlpDriver(risk);
    }

    private void startModerate()
    {
        start(RiskConfig.of(RiskProfile.MODERATE));
    }

    private static RiskConfig.Builder moderate()
    {
        return RiskConfig.builder(RiskProfile.MODERATE);
    }

    private void quoteAround(final long ts, final int instrument, final double mid)
    {
        driver.quote(ts, instrument, mid - 0.01, mid + 0.01);
    }

    private static void assertAccepted(final EngineOutput report)
    {
        assertEquals(ExecType.PENDING_NEW, report.execType, () -> "expected accepted, got " + report);
    }

    private static void assertRejected(final EngineOutput report, final RejectReason reason, final String text)
    {
        assertEquals(ExecType.REJECTED, report.execType, () -> "expected rejected, got " + report);
        assertEquals(reason, report.rejectReason, () -> describe(report));
        assertEquals(text, describe(report));
    }

    // ------------------------------------------------------------------------------------------
    // 1 kill switch
    // ------------------------------------------------------------------------------------------

    @Test
    void shouldRejectOrderWhenKillSwitchEngaged()
    {
        startModerate();
        quoteAround(T0, AAPL, 190);
        assertAccepted(driver.buy(T0, AAPL, 190, 1));
        driver.control(T0, ControlAction.KILL, 0, "operator test");

        assertRejected(driver.buy(T0 + MILLIS, AAPL, 190, 2), RejectReason.KILL_SWITCH, "kill switch engaged");
        assertEquals("kill_switch", RejectReason.KILL_SWITCH.layer());
        assertEquals(1, risk.counters().rejects(RiskLayer.KILL_SWITCH));
        assertEquals(1, risk.counters().accepts(RiskLayer.KILL_SWITCH));
    }

    // ------------------------------------------------------------------------------------------
    // 2 drawdown halt
    // ------------------------------------------------------------------------------------------

    @Test
    void shouldHaltTheAccountWhenIntradayLossReachesItsAllowanceExactly()
    {
        startModerate();
        quoteAround(T0, AAPL, 190);
        driver.trade(T0, AAPL, Side.BUY, 190, 200);
        // 200 units down 150 each: a loss of 30000, exactly 3 % of 1,000,000.
        quoteAround(T0 + SECONDS, AAPL, 40);
        driver.heartbeat(T0 + 11 * SECONDS);

        assertEquals(true, risk.isAccountHalted(ALICE));
        quoteAround(T0 + 11 * SECONDS, AAPL, 40);
        assertRejected(driver.buy(T0 + 11 * SECONDS, AAPL, 40, 1), RejectReason.ACCOUNT_HALTED,
            "account halted by the watchdog after an intraday loss of 30000; max_intraday_loss_pct allows 30000");
    }

    @Test
    void shouldNotHaltTheAccountJustInsideItsIntradayLossAllowance()
    {
        startModerate();
        quoteAround(T0, AAPL, 190);
        driver.trade(T0, AAPL, Side.BUY, 190, 200);
        driver.quote(T0 + SECONDS, AAPL, 39.9901, 40.0101);
        driver.heartbeat(T0 + 11 * SECONDS);

        assertEquals(false, risk.isAccountHalted(ALICE));
        quoteAround(T0 + 11 * SECONDS, AAPL, 40);
        assertAccepted(driver.buy(T0 + 11 * SECONDS, AAPL, 40, 1));
    }

    @Test
    void shouldLetAHaltedAccountReduceItsPosition()
    {
        startModerate();
        quoteAround(T0, AAPL, 190);
        driver.trade(T0, AAPL, Side.BUY, 190, 200);
        quoteAround(T0 + SECONDS, AAPL, 40);
        driver.heartbeat(T0 + 11 * SECONDS);
        quoteAround(T0 + 11 * SECONDS, AAPL, 40);

        assertAccepted(driver.sell(T0 + 11 * SECONDS, AAPL, 40, 200));
        assertRejected(driver.sell(T0 + 11 * SECONDS, AAPL, 39.99, 201), RejectReason.ACCOUNT_HALTED,
            "account halted by the watchdog after an intraday loss of 30000; max_intraday_loss_pct allows 30000");
    }

    // ------------------------------------------------------------------------------------------
    // 3 sanity
    // ------------------------------------------------------------------------------------------

    @Test
    void shouldRejectZeroQuantityAndAcceptTheSmallestPositiveOne()
    {
        startModerate();
        quoteAround(T0, AAPL, 190);
        assertRejected(driver.buy(T0, AAPL, 190, 0), RejectReason.INVALID_QUANTITY, "quantity must be > 0, got 0");
        assertAccepted(driver.buy(T0, AAPL, 190, 0.000001));
    }

    @Test
    void shouldRejectZeroLimitPriceButPassTheSmallestPositiveOneToTheNextLayer()
    {
        startModerate();
        quoteAround(T0, AAPL, 190);
        assertRejected(driver.buy(T0, AAPL, 0, 1), RejectReason.INVALID_PRICE, "limit price must be finite and > 0, got 0");
        assertRejected(driver.buy(T0, AAPL, 0.000001, 1), RejectReason.PRICE_BELOW_MIN,
            "price 0.000001 is below price_min 0.01");
    }

    // ------------------------------------------------------------------------------------------
    // 4 price bounds (fat finger off so prices far from the mid reach this layer alone)
    // ------------------------------------------------------------------------------------------

    @Test
    void shouldEnforcePriceMinAtItsBoundary()
    {
        start(moderate().set(RiskLimit.MAX_PRICE_DEVIATION_PCT, 0).build());
        quoteAround(T0, AAPL, 190);
        assertAccepted(driver.buy(T0, AAPL, 0.01, 1));
        assertRejected(driver.buy(T0, AAPL, 0.009999, 1), RejectReason.PRICE_BELOW_MIN,
            "price 0.009999 is below price_min 0.01");
    }

    @Test
    void shouldEnforcePriceMaxAtItsBoundary()
    {
        start(moderate().set(RiskLimit.MAX_PRICE_DEVIATION_PCT, 0).build());
        quoteAround(T0, AAPL, 190);
        assertAccepted(driver.sell(T0, AAPL, 100_000, 0.1));
        assertRejected(driver.sell(T0, AAPL, 100_000.000001, 0.1), RejectReason.PRICE_ABOVE_MAX,
            "price 100000.000001 is above price_max 100000");
    }

    // ------------------------------------------------------------------------------------------
    // 5 notional
    // ------------------------------------------------------------------------------------------

    @Test
    void shouldEnforceMaxOrderNotionalAtItsBoundary()
    {
        startModerate();
        quoteAround(T0, AAPL, 200);
        assertAccepted(driver.buy(T0, AAPL, 200, 250));
        assertRejected(driver.buy(T0, AAPL, 200, 250.000001), RejectReason.NOTIONAL_LIMIT,
            "notional 50000.0002 exceeds max_order_notional 50000");
    }

    @Test
    void shouldShrinkAnOrderToFitTheNotionalCapWhenAskedTo()
    {
        start(moderate().set(RiskLimit.NOTIONAL_SHRINK_TO_FIT, 1).build());
        quoteAround(T0, AAPL, 200);
        final EngineOutput report = driver.buy(T0, AAPL, 200, 300);
        assertAccepted(report);
        assertEquals(qty(250), report.quantity);
        final EngineOutput venueNew = driver.matching(o -> o.kind == io.horizon.engine.output.OutputKind.VENUE_NEW).get(0);
        assertEquals(qty(250), venueNew.quantity);
    }

    @Test
    void shouldValueAMarketOrderAtTheTouchItWouldTake()
    {
        startModerate();
        driver.quote(T0, AAPL, 199.99, 200);
        assertAccepted(driver.order(T0, ALICE, AAPL, Side.BUY, OrderType.MARKET, 0, 250));
        assertRejected(driver.order(T0, ALICE, AAPL, Side.BUY, OrderType.MARKET, 0, 251), RejectReason.NOTIONAL_LIMIT,
            "notional 50200 exceeds max_order_notional 50000");
    }

    // ------------------------------------------------------------------------------------------
    // 6 rate limit
    // ------------------------------------------------------------------------------------------

    @Test
    void shouldAllowTenOrdersInASecondOfEventTimeAndRejectTheEleventh()
    {
        startModerate();
        quoteAround(T0, AAPL, 190);
        for (int k = 0; k < 10; k++)
        {
            assertAccepted(driver.buy(T0 + k * 10 * MILLIS, AAPL, 189 + k * 0.01, 1));
        }
        assertRejected(driver.buy(T0 + 999_999_999L, AAPL, 188, 1), RejectReason.RATE_LIMIT,
            "rate limit: 10 orders in the last second of event time already; rate_limit_per_sec is 10");
        // Exactly one second after the first order, it has left the window.
        assertAccepted(driver.buy(T0 + SECONDS, AAPL, 188, 1));
    }

    @Test
    void shouldNotCountAmendsOrRejectedOrdersAgainstTheRateLimit()
    {
        startModerate();
        quoteAround(T0, AAPL, 190);
        final EngineOutput first = driver.buy(T0, AAPL, 189, 1);
        driver.ack(T0, first.orderId);
        for (int k = 0; k < 5; k++)
        {
            driver.buy(T0, AAPL, 189 + k, 0);
        }
        for (int k = 1; k < 10; k++)
        {
            assertAccepted(driver.buy(T0, AAPL, 189 + k * 0.01, 1));
        }
        final EngineOutput amend = driver.amend(T0 + MILLIS, first, 189.5, 1);
        assertEquals(ExecType.PENDING_REPLACE, amend.execType, amend::toString);
        assertRejected(driver.buy(T0 + MILLIS, AAPL, 188, 1), RejectReason.RATE_LIMIT,
            "rate limit: 10 orders in the last second of event time already; rate_limit_per_sec is 10");
    }

    // ------------------------------------------------------------------------------------------
    // 7 orders per tick (rate limit raised so that it does not stop the burst first)
    // ------------------------------------------------------------------------------------------

    @Test
    void shouldCapTheOrdersOneEventCauses()
    {
        final BurstStrategy burst = new BurstStrategy(21);
        risk = new RiskChain(moderate().set(RiskLimit.RATE_LIMIT_PER_SEC, 1_000).build());
        driver = new BlpDriver(risk, burst);
        quoteAround(T0, AAPL, 190);

        assertEquals(20, burst.accepted);
        assertEquals(RejectReason.ORDERS_PER_TICK, burst.lastReject);
        final EngineOutput reject = driver.matching(o -> o.execType == ExecType.REJECTED).get(0);
        assertEquals("orders-per-tick cap: 20 orders caused by this event already; max_orders_per_tick is 20", describe(reject));

        burst.size = 20;
        burst.accepted = 0;
        quoteAround(T0 + MILLIS, MSFT, 420);
        assertEquals(20, burst.accepted, "a new event starts a new count");
    }

    // ------------------------------------------------------------------------------------------
    // 8 market orders
    // ------------------------------------------------------------------------------------------

    @Test
    void shouldRejectMarketOrdersWhenTheyAreNotAllowed()
    {
        start(moderate().set("allow_market_orders", "false").build());
        quoteAround(T0, AAPL, 190);
        assertRejected(driver.order(T0, ALICE, AAPL, Side.BUY, OrderType.MARKET, 0, 1), RejectReason.MARKET_ORDERS_DISABLED,
            "market orders are not allowed (allow_market_orders is false)");
        assertAccepted(driver.buy(T0, AAPL, 190, 1));
    }

    // ------------------------------------------------------------------------------------------
    // 9 stop-loss cooldown
    // ------------------------------------------------------------------------------------------

    @Test
    void shouldCoolDownAnInstrumentAfterAStopOutForExactlyTheCooldown()
    {
        startModerate();
        quoteAround(T0, AAPL, 190);
        driver.trade(T0, AAPL, Side.BUY, 190, 100);
        quoteAround(T0 + SECONDS, AAPL, 140);
        // Selling 100 at 140 realises 100 x -50 = -5000: exactly stop_out_loss.
        final long stopOut = T0 + 2 * SECONDS;
        driver.trade(stopOut, AAPL, Side.SELL, 140, 100);
        quoteAround(stopOut, AAPL, 140);
        quoteAround(stopOut, MSFT, 420);

        assertRejected(driver.buy(stopOut, AAPL, 140, 1), RejectReason.STOP_LOSS_COOLDOWN,
            "stop-loss cooldown after a stop-out: 60000 ms left of stop_loss_cooldown_ms 60000 ms");
        assertAccepted(driver.buy(stopOut, MSFT, 420, 1));
        quoteAround(stopOut + 60 * SECONDS - 1, AAPL, 140);
        assertRejected(driver.sell(stopOut + 60 * SECONDS - 1, AAPL, 140, 1), RejectReason.STOP_LOSS_COOLDOWN,
            "stop-loss cooldown after a stop-out: 1 ms left of stop_loss_cooldown_ms 60000 ms");
        assertAccepted(driver.buy(stopOut + 60 * SECONDS, AAPL, 140, 1));
    }

    @Test
    void shouldNotCoolDownAfterALossJustBelowTheStopOut()
    {
        startModerate();
        quoteAround(T0, AAPL, 190);
        driver.trade(T0, AAPL, Side.BUY, 190, 100);
        quoteAround(T0 + SECONDS, AAPL, 140.0001);
        driver.trade(T0 + 2 * SECONDS, AAPL, Side.SELL, 140.0001, 100);
        assertAccepted(driver.buy(T0 + 2 * SECONDS, AAPL, 140, 1));
    }

    // ------------------------------------------------------------------------------------------
    // 10 fat finger and stale quote
    // ------------------------------------------------------------------------------------------

    @Test
    void shouldRefuseAnOrderPricedOffACrossedQuoteAtTheFatFingerLayerAndTradeAgainOnceItUncrosses()
    {
        startModerate();
        quoteAround(T0, AAPL, 190);
        // A fat-fingered bid, as recorded data may hold: bid 199 above ask 190.01.
        driver.quote(T0 + SECONDS, AAPL, 199, 190.01);
        final EngineOutput refused = driver.buy(T0 + SECONDS, AAPL, 199, 1);
        assertRejected(refused, RejectReason.CROSSED_QUOTE, "quote is crossed: bid 199 is above ask 190.01");
        assertEquals(RiskLayer.QUOTE_AND_DEVIATION.label(), refused.rejectReason.layer());
        assertRejected(driver.order(T0 + SECONDS, ALICE, AAPL, Side.SELL, OrderType.MARKET, 0, 1), RejectReason.CROSSED_QUOTE,
            "quote is crossed: bid 199 is above ask 190.01");
        // A locked quote (bid = ask) is a price; an uncrossed one too.
        driver.quote(T0 + 2 * SECONDS, AAPL, 190, 190);
        assertAccepted(driver.buy(T0 + 2 * SECONDS, AAPL, 190, 1));
        quoteAround(T0 + 3 * SECONDS, AAPL, 190);
        assertAccepted(driver.buy(T0 + 3 * SECONDS, AAPL, 190, 2));
    }

    @Test
    void shouldRejectAnOrderWithNoQuoteToCheckItAgainst()
    {
        startModerate();
        assertRejected(driver.buy(T0, MSFT, 420, 1), RejectReason.NO_QUOTE,
            "no quote yet to check the price against, instrument id 1");
    }

    @Test
    void shouldRejectAQuoteOlderThanMaxQuoteAge()
    {
        startModerate();
        quoteAround(T0, AAPL, 190);
        assertAccepted(driver.buy(T0 + 5 * SECONDS, AAPL, 190, 1));
        assertRejected(driver.buy(T0 + 5 * SECONDS + 1, AAPL, 190, 2), RejectReason.STALE_QUOTE,
            "quote is 5001 ms old; max_quote_age_ms is 5000 ms");
    }

    @Test
    void shouldEnforceMaxDistanceFromMidOnBothSides()
    {
        startModerate();
        quoteAround(T0, AAPL, 190);
        assertAccepted(driver.sell(T0, AAPL, 199.5, 1));
        assertRejected(driver.sell(T0, AAPL, 199.500001, 1), RejectReason.PRICE_DEVIATION,
            "price is 5.0001% away from mid; max_price_deviation_pct is 5%");
        assertAccepted(driver.buy(T0, AAPL, 180.5, 1));
        assertRejected(driver.buy(T0, AAPL, 180, 1), RejectReason.PRICE_DEVIATION,
            "price is 5.2631% away from mid; max_price_deviation_pct is 5%");
    }

    // ------------------------------------------------------------------------------------------
    // 11 exposure (notional cap off so that large orders reach this layer)
    // ------------------------------------------------------------------------------------------

    @Test
    void shouldEnforceMaxPositionAtItsBoundary()
    {
        start(moderate().set(RiskLimit.MAX_ORDER_NOTIONAL, 0).build());
        quoteAround(T0, AAPL, 190);
        assertAccepted(driver.buy(T0, AAPL, 190, 1_000));
        assertRejected(driver.sell(T0, AAPL, 190, 1_000.000001), RejectReason.POSITION_LIMIT,
            "position would be -1000.000001; max_position is 1000");
    }

    @Test
    void shouldEnforceGrossLeverageAtItsBoundary()
    {
        start(moderate().set(RiskLimit.MAX_ORDER_NOTIONAL, 0).set(RiskLimit.MAX_POSITION, 0).build());
        quoteAround(T0, AAPL, 200);
        assertAccepted(driver.buy(T0, AAPL, 200, 10_000));
        assertRejected(driver.buy(T0, AAPL, 200, 10_000.000001), RejectReason.LEVERAGE_LIMIT,
            "gross leverage would be 2.000001; max_gross_leverage is 2");
    }

    @Test
    void shouldCountHeldPositionsAndLetOrdersThatReduceThemThrough()
    {
        start(moderate().set(RiskLimit.MAX_ORDER_NOTIONAL, 0).set(RiskLimit.MAX_POSITION, 0).build());
        quoteAround(T0, AAPL, 200);
        quoteAround(T0, MSFT, 400);
        driver.trade(T0, AAPL, Side.BUY, 200, 5_000);
        assertAccepted(driver.buy(T0, MSFT, 400, 2_500));
        assertRejected(driver.buy(T0, MSFT, 400, 2_500.01), RejectReason.LEVERAGE_LIMIT,
            "gross leverage would be 2.000004; max_gross_leverage is 2");
        assertAccepted(driver.sell(T0, AAPL, 200, 5_000));
    }

    // ------------------------------------------------------------------------------------------
    // 12 dedup
    // ------------------------------------------------------------------------------------------

    @Test
    void shouldRejectTheSameOrderWithinTheDedupWindowOnly()
    {
        startModerate();
        quoteAround(T0, AAPL, 190);
        assertAccepted(driver.buy(T0, AAPL, 190, 1));
        quoteAround(T0 + 499 * MILLIS, AAPL, 190);
        assertRejected(driver.buy(T0 + 499 * MILLIS, AAPL, 190, 1), RejectReason.DUPLICATE_ORDER,
            "same order as one sent 499 ms ago; dedup_window_ms is 500 ms");
        assertAccepted(driver.buy(T0 + 499 * MILLIS, AAPL, 190.01, 1));
        assertAccepted(driver.buy(T0 + 500 * MILLIS, AAPL, 190, 1));
    }

    // ------------------------------------------------------------------------------------------
    // Order of layers, amends, counters
    // ------------------------------------------------------------------------------------------

    @Test
    void shouldLetTheFirstFailingLayerWin()
    {
        startModerate();
        quoteAround(T0, AAPL, 190);
        // Fails price bounds (4), notional (5) and fat finger (10): price bounds wins.
        assertRejected(driver.buy(T0, AAPL, 0.001, 100_000_000), RejectReason.PRICE_BELOW_MIN,
            "price 0.001 is below price_min 0.01");
        // Fails sanity (3), bounds (4) and no quote (10): sanity wins.
        assertRejected(driver.buy(T0, MSFT, -1, 0), RejectReason.INVALID_QUANTITY, "quantity must be > 0, got 0");
        driver.control(T0, ControlAction.KILL, 0, "stop");
        // Fails everything: the kill switch, layer 1, wins.
        assertRejected(driver.buy(T0, MSFT, -1, 0), RejectReason.KILL_SWITCH, "kill switch engaged");
    }

    @Test
    void shouldCheckAnAmendAgainstPriceAndNotionalLimits()
    {
        startModerate();
        quoteAround(T0, AAPL, 200);
        final EngineOutput order = driver.buy(T0, AAPL, 199, 100);
        driver.ack(T0, order.orderId);

        final EngineOutput tooBig = driver.amend(T0, order, 199, 300);
        assertEquals(ExecType.REPLACE_REJECTED, tooBig.execType);
        assertEquals("notional 59700 exceeds max_order_notional 50000", describe(tooBig));
        final EngineOutput fatFinger = driver.amend(T0, order, 150, 100);
        assertEquals(ExecType.REPLACE_REJECTED, fatFinger.execType);
        assertEquals(RejectReason.PRICE_DEVIATION, fatFinger.rejectReason);
        assertEquals(ExecType.PENDING_REPLACE, driver.amend(T0, order, 199.5, 100).execType);
    }

    @Test
    void shouldRejectAnAmendOverTheNotionalCapEvenWhenNewOrdersShrinkToFit()
    {
        start(moderate().set(RiskLimit.NOTIONAL_SHRINK_TO_FIT, 1).build());
        quoteAround(T0, AAPL, 200);
        final EngineOutput order = driver.buy(T0, AAPL, 199, 100);
        driver.ack(T0, order.orderId);

        final EngineOutput tooBig = driver.amend(T0, order, 199, 300);
        assertEquals(ExecType.REPLACE_REJECTED, tooBig.execType);
        assertEquals("notional 59700 exceeds max_order_notional 50000", describe(tooBig));
        assertEquals(1, risk.counters().rejects(RiskLayer.NOTIONAL));
    }

    @Test
    void shouldCountDecisionsPerLayer()
    {
        startModerate();
        quoteAround(T0, AAPL, 190);
        driver.buy(T0, AAPL, 190, 1);
        driver.buy(T0, AAPL, 190, 1000);
        driver.buy(T0, AAPL, 0.001, 1);

        final RiskCounters c = risk.counters();
        assertEquals(3, c.accepts(RiskLayer.KILL_SWITCH));
        assertEquals(3, c.accepts(RiskLayer.SANITY));
        assertEquals(1, c.rejects(RiskLayer.PRICE_BOUNDS));
        assertEquals(1, c.rejects(RiskLayer.NOTIONAL));
        assertEquals(1, c.accepts(RiskLayer.DEDUP));
        assertEquals(0, c.rejects(RiskLayer.DEDUP));
        assertEquals(1, driver.counters().rejects(RejectReason.NOTIONAL_LIMIT));
        final String label = label(driver, "horizon_risk_decisions_total{layer=\"notional\",kind=\"reject\"}");
        assertEquals("horizon_risk_decisions_total{layer=\"notional\",kind=\"reject\"}", label);
    }

    private static String label(final BlpDriver driver, final String wanted)
    {
        final String[] found = {null};
        driver.counters().reader().forEach((id, typeId, key, label) ->
        {
            if (label.equals(wanted))
            {
                found[0] = label;
            }
        });
        return found[0];
    }

    /**
     * Sends {@code size} limit orders at distinct prices on every quote.
     */
    private static final class BurstStrategy implements Strategy
    {
        int size;
        int accepted;
        RejectReason lastReject;

        BurstStrategy(final int size)
        {
            this.size = size;
        }

        @Override
        public String name()
        {
            return "burst";
        }

        @Override
        public void onQuote(final InboundEvent quote, final StrategyContext context)
        {
            final long mid = context.market().markPrice(quote.instrumentId);
            for (int k = 0; k < size; k++)
            {
                if (context.submitLimit(ALICE, quote.instrumentId, Side.BUY, mid - px(0.01) * (k + 1), qty(1)) != 0)
                {
                    accepted++;
                }
                else
                {
                    lastReject = context.lastRejectReason();
                }
            }
        }
    }
}
