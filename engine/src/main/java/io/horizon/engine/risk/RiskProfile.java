package io.horizon.engine.risk;

import java.util.Locale;

import io.horizon.engine.event.FixedPoint;

/**
 * Horizon's three named risk profiles. They share the established defaults and differ where the
 * profile's appetite shows: the portfolio drawdown that fires the kill switch (20 / 25 / 40 %)
 * and the gross leverage an account may run (1 / 2 / 4).
 * <p>
 * The established defaults (every profile): {@code price_min} 0.01, {@code price_max} 100000,
 * {@code max_order_notional} 50000, {@code rate_limit_per_sec} 10, {@code max_orders_per_tick}
 * 20, {@code allow_market_orders} true, {@code dedup_window_ms} 500, {@code feed_stale_seconds}
 * 30, {@code max_consecutive_rejects} 5, {@code max_intraday_loss_pct} 0.03, {@code min_equity}
 * 0 (off), {@code grace_period_s} 10, {@code require_manual_reset} true. Limits the issue left
 * open take conservative values: {@code max_price_deviation_pct} 0.05, {@code max_quote_age_ms}
 * 5000, {@code max_position} 1000 units, {@code stop_out_loss} 5000 with a 60 s cooldown,
 * {@code feed_degraded_seconds} 5, {@code feed_disconnected_seconds} 120, auto-recovering feeds,
 * no shrink-to-fit and no flatten on kill.
 * <p>
 * Immutable; any thread.
 */
public enum RiskProfile
{
    CONSERVATIVE(FixedPoint.fromDouble(0.20), FixedPoint.ofUnits(1)),
    MODERATE(FixedPoint.fromDouble(0.25), FixedPoint.ofUnits(2)),
    AGGRESSIVE(FixedPoint.fromDouble(0.40), FixedPoint.ofUnits(4));

    private final long killSwitchDrawdown;
    private final long grossLeverage;

    RiskProfile(final long killSwitchDrawdown, final long grossLeverage)
    {
        this.killSwitchDrawdown = killSwitchDrawdown;
        this.grossLeverage = grossLeverage;
    }

    /**
     * @return the name used in presets ({@code "moderate"}).
     */
    public String configName()
    {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * @param name {@code conservative}, {@code moderate} or {@code aggressive}, any case.
     * @return the profile.
     * @throws IllegalArgumentException naming the value and the allowed ones.
     */
    public static RiskProfile parse(final String name)
    {
        for (final RiskProfile p : values())
        {
            if (p.configName().equalsIgnoreCase(name == null ? "" : name.trim()))
            {
                return p;
            }
        }
        throw new IllegalArgumentException(
            "risk.profile = '" + name + "' is not a profile; use conservative, moderate or aggressive");
    }

    /**
     * @param limit a limit.
     * @return this profile's raw default for it.
     */
    public long defaultValue(final RiskLimit limit)
    {
        switch (limit)
        {
            case KILL_SWITCH_DRAWDOWN_PCT:
                return killSwitchDrawdown;
            case MIN_EQUITY:
                return 0;
            case MAX_CONSECUTIVE_REJECTS:
                return 5;
            case FEED_STALE_SECONDS:
                return 30;
            case FEED_DEGRADED_SECONDS:
                return 5;
            case FEED_DISCONNECTED_SECONDS:
                return 120;
            case FEED_AUTO_RECOVER:
                return 1;
            case GRACE_PERIOD_S:
                return 10;
            case REQUIRE_MANUAL_RESET:
                return 1;
            case FLATTEN_ON_KILL:
                return 0;
            case MAX_ORDER_NOTIONAL:
                return FixedPoint.ofUnits(50_000);
            case NOTIONAL_SHRINK_TO_FIT:
                return 0;
            case RATE_LIMIT_PER_SEC:
                return 10;
            case MAX_ORDERS_PER_TICK:
                return 20;
            case ALLOW_MARKET_ORDERS:
                return 1;
            case STOP_OUT_LOSS:
                return FixedPoint.ofUnits(5_000);
            case STOP_LOSS_COOLDOWN_MS:
                return 60_000;
            case MAX_GROSS_LEVERAGE:
                return grossLeverage;
            case DEDUP_WINDOW_MS:
                return 500;
            case MAX_INTRADAY_LOSS_PCT:
                return FixedPoint.fromDouble(0.03);
            case PRICE_MIN:
                return FixedPoint.fromDouble(0.01);
            case PRICE_MAX:
                return FixedPoint.ofUnits(100_000);
            case MAX_PRICE_DEVIATION_PCT:
                return FixedPoint.fromDouble(0.05);
            case MAX_QUOTE_AGE_MS:
                return 5_000;
            case MAX_POSITION:
                return FixedPoint.ofUnits(1_000);
            default:
                throw new IllegalStateException("no default for " + limit);
        }
    }
}
