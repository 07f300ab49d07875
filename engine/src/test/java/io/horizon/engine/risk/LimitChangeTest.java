package io.horizon.engine.risk;

import java.util.List;

import io.horizon.engine.event.FixedPoint;
import io.horizon.engine.event.RejectReason;
import io.horizon.engine.output.AlertKind;
import io.horizon.engine.output.EngineOutput;
import io.horizon.engine.output.ExecType;
import io.horizon.engine.support.BlpDriver;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static io.horizon.engine.support.BlpDriver.MILLIS;
import static io.horizon.engine.support.BlpDriver.T0;
import static io.horizon.engine.support.BlpDriver.alertsIn;
import static io.horizon.engine.support.TestMarkets.AAPL;
import static io.horizon.engine.support.TestMarkets.BOB;
import static io.horizon.engine.support.TestMarkets.MSFT;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Limits changed at run time by journaled LIMIT_CHANGE control events: applied under the same
 * rules as the configuration, or refused with an alert and a counter.
 */
final class LimitChangeTest
{
    private BlpDriver driver;
    private RiskChain risk;

    @BeforeEach
    void start()
    {
        risk = new RiskChain(RiskConfig.of(RiskProfile.MODERATE));
        driver = new BlpDriver(risk);
        driver.quote(T0, AAPL, 199.99, 200.01);
        driver.quote(T0, MSFT, 399.99, 400.01);
    }

    private EngineOutput change(final String key, final int account, final int instrument, final long value)
    {
        final List<EngineOutput> out = driver.changeLimit(T0, key, account, instrument, value);
        assertEquals(1, out.size(), out::toString);
        return out.get(0);
    }

    @Test
    void shouldApplyANewNotionalCapToTheNextOrder()
    {
        final EngineOutput changed = change("max_order_notional", -1, -1, FixedPoint.ofUnits(20_000));
        assertEquals(AlertKind.LIMIT_CHANGED, changed.alertKind);
        assertEquals("risk limit max_order_notional changed from 50000 to 20000; runbook deploy/runbooks/risk-limits.md",
            RiskAlerts.describe(changed));

        assertEquals(ExecType.PENDING_NEW, driver.buy(T0, AAPL, 200, 100).execType);
        assertEquals("notional 20000.0002 exceeds max_order_notional 20000",
            BlpDriver.describe(driver.buy(T0, AAPL, 200, 100.000001)));
        assertEquals(1, risk.counters().limitChangesApplied.get());
    }

    @Test
    void shouldChangeALimitForOneAccountOnly()
    {
        change("allow_market_orders", BOB, -1, 0);
        assertEquals(RejectReason.MARKET_ORDERS_DISABLED,
            driver.order(T0, BOB, AAPL, io.horizon.engine.event.Side.BUY, io.horizon.engine.event.OrderType.MARKET, 0, 1)
                .rejectReason);
        assertEquals(ExecType.PENDING_NEW,
            driver.order(T0, 0, AAPL, io.horizon.engine.event.Side.BUY, io.horizon.engine.event.OrderType.MARKET, 0, 1)
                .execType);
    }

    @Test
    void shouldRefuseAPriceMinAboveThePriceMax()
    {
        final EngineOutput refused = change("price_min", -1, AAPL, FixedPoint.ofUnits(200_000));
        assertEquals(AlertKind.LIMIT_CHANGE_REFUSED, refused.alertKind);
        assertEquals(LimitRefusal.CONTRADICTS.code(), refused.alertDetail);
        assertEquals("risk limit change refused: price_min for instrument 0 = 200000 contradicts another limit " +
            "(bound 100000); runbook deploy/runbooks/risk-limits.md", RiskAlerts.describe(refused));
        assertEquals(FixedPoint.fromDouble(0.01), risk.limits().instrument(RiskLimit.PRICE_MIN, AAPL));
        assertEquals(1, risk.counters().limitChangesRefused.get());
    }

    @Test
    void shouldRefuseANegativeCap()
    {
        final EngineOutput refused = change("max_orders_per_tick", -1, -1, -3);
        assertEquals(LimitRefusal.OUT_OF_RANGE.code(), refused.alertDetail);
        assertEquals(20, risk.limits().account(RiskLimit.MAX_ORDERS_PER_TICK, 0));
    }

    @Test
    void shouldRefuseAnUnknownKeyAWrongScopeAndAnUnknownAccount()
    {
        assertEquals(LimitRefusal.UNKNOWN_KEY.code(), change("max_ordr_notional", -1, -1, 1).alertDetail);
        assertEquals(LimitRefusal.WRONG_SCOPE.code(), change("price_min", 0, -1, 1).alertDetail);
        assertEquals(LimitRefusal.WRONG_SCOPE.code(), change("feed_stale_seconds", -1, 0, 10).alertDetail);
        assertEquals(LimitRefusal.UNKNOWN_ACCOUNT.code(), change("rate_limit_per_sec", 9, -1, 1).alertDetail);
        assertEquals(LimitRefusal.CONTRADICTS.code(), change("feed_stale_seconds", -1, -1, 500).alertDetail);
        assertEquals(5, risk.counters().limitChangesRefused.get());
    }

    @Test
    void shouldGrowTheRateWindowWhenTheRateLimitIsRaised()
    {
        change("rate_limit_per_sec", -1, -1, 100);
        for (int k = 0; k < 100; k++)
        {
            assertEquals(ExecType.PENDING_NEW, driver.buy(T0 + k * MILLIS, AAPL, 199 + k * 0.001, 1).execType, "order " + k);
        }
        final EngineOutput limited = driver.buy(T0 + 100 * MILLIS, AAPL, 198, 1);
        assertEquals("rate limit: 100 orders in the last second of event time already; rate_limit_per_sec is 100",
            BlpDriver.describe(limited));
    }

    @Test
    void shouldApplyWatchdogLimitsOnTheNextHeartbeat()
    {
        change("feed_stale_seconds", -1, -1, 12);
        driver.heartbeat(T0 + 12 * BlpDriver.SECONDS);
        assertEquals(1, alertsIn(driver.outputs(), AlertKind.WATCHDOG_HALT).size());
    }
}
