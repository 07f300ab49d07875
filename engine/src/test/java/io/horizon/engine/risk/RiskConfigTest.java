package io.horizon.engine.risk;

import io.horizon.engine.event.FixedPoint;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * Profiles, overrides, and refusals at configuration time that name the key and the value.
 */
final class RiskConfigTest
{
    private static void assertRefused(final String message, final Executable build)
    {
        assertEquals(message, assertThrows(IllegalArgumentException.class, build).getMessage());
    }

    @Test
    void shouldHoldTheEstablishedDefaultsInTheModerateProfile()
    {
        final RiskConfig c = RiskConfig.of(RiskProfile.MODERATE);
        assertEquals(FixedPoint.fromDouble(0.01), c.value(RiskLimit.PRICE_MIN));
        assertEquals(FixedPoint.ofUnits(100_000), c.value(RiskLimit.PRICE_MAX));
        assertEquals(FixedPoint.ofUnits(50_000), c.value(RiskLimit.MAX_ORDER_NOTIONAL));
        assertEquals(10, c.value(RiskLimit.RATE_LIMIT_PER_SEC));
        assertEquals(20, c.value(RiskLimit.MAX_ORDERS_PER_TICK));
        assertEquals(1, c.value(RiskLimit.ALLOW_MARKET_ORDERS));
        assertEquals(FixedPoint.ofUnits(2), c.value(RiskLimit.MAX_GROSS_LEVERAGE));
        assertEquals(500, c.value(RiskLimit.DEDUP_WINDOW_MS));
        assertEquals(30, c.value(RiskLimit.FEED_STALE_SECONDS));
        assertEquals(5, c.value(RiskLimit.MAX_CONSECUTIVE_REJECTS));
        assertEquals(FixedPoint.fromDouble(0.03), c.value(RiskLimit.MAX_INTRADAY_LOSS_PCT));
        assertEquals(10, c.value(RiskLimit.GRACE_PERIOD_S));
        assertEquals(1, c.value(RiskLimit.REQUIRE_MANUAL_RESET));
        assertEquals(FixedPoint.fromDouble(0.25), c.value(RiskLimit.KILL_SWITCH_DRAWDOWN_PCT));
    }

    @Test
    void shouldDifferInKillSwitchDrawdownAndLeverageAcrossProfiles()
    {
        assertEquals(FixedPoint.fromDouble(0.20), RiskProfile.CONSERVATIVE.defaultValue(RiskLimit.KILL_SWITCH_DRAWDOWN_PCT));
        assertEquals(FixedPoint.fromDouble(0.40), RiskProfile.AGGRESSIVE.defaultValue(RiskLimit.KILL_SWITCH_DRAWDOWN_PCT));
        assertEquals(FixedPoint.ofUnits(1), RiskProfile.CONSERVATIVE.defaultValue(RiskLimit.MAX_GROSS_LEVERAGE));
        assertEquals(FixedPoint.ofUnits(4), RiskProfile.AGGRESSIVE.defaultValue(RiskLimit.MAX_GROSS_LEVERAGE));
        assertSame(RiskProfile.AGGRESSIVE, RiskProfile.parse(" Aggressive "));
        assertRefused("risk.profile = 'reckless' is not a profile; use conservative, moderate or aggressive",
            () -> RiskProfile.parse("reckless"));
    }

    @ParameterizedTest
    @EnumSource(RiskProfile.class)
    void shouldGiveEveryLimitADefaultItAllows(final RiskProfile profile)
    {
        for (final RiskLimit limit : RiskLimit.values())
        {
            assertEquals(true, limit.allows(profile.defaultValue(limit)), limit.key());
        }
        assertNotNull(RiskConfig.of(profile));
    }

    @Test
    void shouldRefusePriceMinAbovePriceMaxNamingBoth()
    {
        assertRefused("risk.price_min = 5 is greater than risk.price_max = 1; price_min must not exceed price_max",
            () -> RiskConfig.builder(RiskProfile.MODERATE).set("price_min", "5").set("price_max", "1").build());
    }

    @Test
    void shouldRefuseAnInstrumentOverrideThatContradictsTheDefault()
    {
        assertRefused("risk.instrument[1].price_min = 200000 is greater than risk.price_max = 100000; " +
                "price_min must not exceed price_max",
            () -> RiskConfig.builder(RiskProfile.MODERATE).instrument(1, "price_min", "200000").build());
    }

    @Test
    void shouldRefuseNegativeCapsNamingTheKeyValueAndWhatIsAllowed()
    {
        assertRefused("risk.max_order_notional = -5 is not allowed; use 0 (off) or a positive amount, e.g. 50000",
            () -> RiskConfig.builder(RiskProfile.MODERATE).set("max_order_notional", "-5"));
        assertRefused("risk.rate_limit_per_sec = -1 is not allowed; use a whole number from 0 (off) to 1000000, e.g. 10",
            () -> RiskConfig.builder(RiskProfile.MODERATE).set(RiskLimit.RATE_LIMIT_PER_SEC, -1));
        assertRefused("risk.account[0].dedup_window_ms = -500 is not allowed; use whole milliseconds from 0 (off) to " +
                "86400000, e.g. 500",
            () -> RiskConfig.builder(RiskProfile.MODERATE).account(0, "dedup_window_ms", "-500"));
        assertRefused("risk.max_intraday_loss_pct = 3 is not allowed; use a fraction from 0 (off) to 1, e.g. 0.03",
            () -> RiskConfig.builder(RiskProfile.MODERATE).set("max_intraday_loss_pct", "3"));
    }

    @Test
    void shouldRefuseTextThatIsNotAValueOfTheLimitsUnit()
    {
        assertRefused("risk.allow_market_orders = 'yes' is not true or false; use true or false",
            () -> RiskConfig.builder(RiskProfile.MODERATE).set("allow_market_orders", "yes"));
        assertRefused("risk.max_orders_per_tick = '2.5' is not a whole number; use a whole number from 0 (off) to 1000000, " +
                "e.g. 20",
            () -> RiskConfig.builder(RiskProfile.MODERATE).set("max_orders_per_tick", "2.5"));
    }

    @Test
    void shouldRefuseAnUnknownKeyListingTheKnownOnes()
    {
        final IllegalArgumentException ex = assertThrows(IllegalArgumentException.class,
            () -> RiskConfig.builder(RiskProfile.MODERATE).set("max_ordr_notional", "1"));
        assertEquals(true, ex.getMessage().startsWith("risk.max_ordr_notional is not a risk limit; use one of: "),
            ex.getMessage());
        assertEquals(true, ex.getMessage().contains("max_order_notional"), ex.getMessage());
    }

    @Test
    void shouldRefuseALimitSetForTheWrongScope()
    {
        assertRefused("risk.account[0].price_min: price_min is set per instrument, not per account",
            () -> RiskConfig.builder(RiskProfile.MODERATE).account(0, RiskLimit.PRICE_MIN, 1));
        assertRefused("risk.instrument[0].feed_stale_seconds: feed_stale_seconds is set for the whole engine, not per instrument",
            () -> RiskConfig.builder(RiskProfile.MODERATE).instrument(0, "feed_stale_seconds", "3"));
    }

    @Test
    void shouldRefuseFeedThresholdsOutOfOrder()
    {
        assertRefused("risk.feed_stale_seconds = 200 is greater than risk.feed_disconnected_seconds = 120; " +
                "feed_stale_seconds must not exceed feed_disconnected_seconds (or set one of them to 0, off)",
            () -> RiskConfig.builder(RiskProfile.MODERATE).set("feed_stale_seconds", "200").build());
    }

    @Test
    void shouldApplyOverridesPerAccountAndPerInstrumentOverTheDefault()
    {
        final RiskConfig c = RiskConfig.builder(RiskProfile.CONSERVATIVE)
            .set("max_order_notional", "60000")
            .account(1, "max_order_notional", "1000")
            .instrument(0, "max_position", "5")
            .build();
        assertEquals(FixedPoint.ofUnits(60_000), c.accountValue(RiskLimit.MAX_ORDER_NOTIONAL, 0));
        assertEquals(FixedPoint.ofUnits(1_000), c.accountValue(RiskLimit.MAX_ORDER_NOTIONAL, 1));
        assertEquals(FixedPoint.ofUnits(5), c.instrumentValue(RiskLimit.MAX_POSITION, 0));
        assertEquals(FixedPoint.ofUnits(1_000), c.instrumentValue(RiskLimit.MAX_POSITION, 1));
        assertEquals("risk profile conservative max_order_notional=60000 account overrides=[1] instrument overrides=[0]",
            c.toString());
    }

    @Test
    void shouldRefuseAnOverrideForAnAccountTheReferenceDataLacks()
    {
        final RiskConfig c = RiskConfig.builder(RiskProfile.MODERATE).account(5, "rate_limit_per_sec", "3").build();
        assertRefused("risk.account[5] is overridden but there is no account 5; accounts are 0 to 1",
            () -> new LimitTable(c, 2, 2));
    }
}
