package io.horizon.engine.risk;

import java.util.Collections;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

import io.horizon.engine.event.FixedPoint;

/**
 * Every configurable risk, kill-switch and watchdog limit: its key (as presets and
 * {@code LIMIT_CHANGE} control events name it), its scope, its unit, and the values it allows.
 * <p>
 * Values are held as raw {@code long}s in the key's {@link Unit}: amounts and ratios are
 * {@link FixedPoint} ({@code 0.03} is {@code 30_000}), times and counts are whole numbers,
 * booleans are 0 or 1. For every cap, 0 means "off". Text is parsed only at configuration time
 * and for control events (cold paths).
 * <p>
 * Codes are stable: they appear in alerts.
 * <p>
 * Immutable; any thread.
 */
public enum RiskLimit
{
    // ---------------------------------------------------------------- kill switch and watchdog
    /** Portfolio drawdown from its peak equity that fires the kill switch; 0.25 is 25 %. */
    KILL_SWITCH_DRAWDOWN_PCT(1, "kill_switch_drawdown_pct", Scope.GLOBAL, Unit.RATIO, FixedPoint.SCALE),
    /** Portfolio equity below which the kill switch fires. */
    MIN_EQUITY(2, "min_equity", Scope.GLOBAL, Unit.AMOUNT, Long.MAX_VALUE),
    /** Rejects in a row (of orders the strategy or venue got wrong) that fire the kill switch. */
    MAX_CONSECUTIVE_REJECTS(3, "max_consecutive_rejects", Scope.GLOBAL, Unit.COUNT, 1_000_000),
    /** Seconds without a tick after which a feed is stale and its instruments pause. */
    FEED_STALE_SECONDS(4, "feed_stale_seconds", Scope.GLOBAL, Unit.SECONDS, 86_400),
    /** Seconds without a tick after which a feed is degraded (reported, still trading). */
    FEED_DEGRADED_SECONDS(5, "feed_degraded_seconds", Scope.GLOBAL, Unit.SECONDS, 86_400),
    /** Seconds without a tick after which a feed is presumed disconnected. */
    FEED_DISCONNECTED_SECONDS(6, "feed_disconnected_seconds", Scope.GLOBAL, Unit.SECONDS, 86_400),
    /** True: a paused feed recovers when it ticks again; false: it stays paused for the run. */
    FEED_AUTO_RECOVER(7, "feed_auto_recover", Scope.GLOBAL, Unit.BOOLEAN, 1),
    /** Seconds after the first event during which the watchdog judges nothing. */
    GRACE_PERIOD_S(8, "grace_period_s", Scope.GLOBAL, Unit.SECONDS, 86_400),
    /** True: only an operator reset disarms the kill switch; false: it clears when its trigger does. */
    REQUIRE_MANUAL_RESET(9, "require_manual_reset", Scope.GLOBAL, Unit.BOOLEAN, 1),
    /** True: when the kill switch fires, close every position at market. */
    FLATTEN_ON_KILL(10, "flatten_on_kill", Scope.GLOBAL, Unit.BOOLEAN, 1),

    // ---------------------------------------------------------------- per account
    /** Largest notional (price times quantity) of one order. */
    MAX_ORDER_NOTIONAL(20, "max_order_notional", Scope.ACCOUNT, Unit.AMOUNT, Long.MAX_VALUE),
    /** True: an order over the notional cap is cut to the largest whole quantity that fits. */
    NOTIONAL_SHRINK_TO_FIT(21, "notional_shrink_to_fit", Scope.ACCOUNT, Unit.BOOLEAN, 1),
    /** New orders per second of event time (a sliding window). */
    RATE_LIMIT_PER_SEC(22, "rate_limit_per_sec", Scope.ACCOUNT, Unit.COUNT, 1_000_000),
    /** New orders one inbound event may cause. */
    MAX_ORDERS_PER_TICK(23, "max_orders_per_tick", Scope.ACCOUNT, Unit.COUNT, 1_000_000),
    /** False: market orders are rejected. */
    ALLOW_MARKET_ORDERS(24, "allow_market_orders", Scope.ACCOUNT, Unit.BOOLEAN, 1),
    /** A single fill that realises at least this loss is a stop-out and starts a cooldown. */
    STOP_OUT_LOSS(25, "stop_out_loss", Scope.ACCOUNT, Unit.AMOUNT, Long.MAX_VALUE),
    /** After a stop-out, new orders that add risk on that instrument wait this long. */
    STOP_LOSS_COOLDOWN_MS(26, "stop_loss_cooldown_ms", Scope.ACCOUNT, Unit.MILLIS, 86_400_000),
    /** Gross exposure over equity; 2.0 allows twice the equity. */
    MAX_GROSS_LEVERAGE(27, "max_gross_leverage", Scope.ACCOUNT, Unit.RATIO, 1_000 * FixedPoint.SCALE),
    /** The same order (instrument, side, type, price, quantity) twice within this window is refused. */
    DEDUP_WINDOW_MS(28, "dedup_window_ms", Scope.ACCOUNT, Unit.MILLIS, 86_400_000),
    /** Loss from the account's starting equity at which the watchdog halts the account; 0.03 is 3 %. */
    MAX_INTRADAY_LOSS_PCT(29, "max_intraday_loss_pct", Scope.ACCOUNT, Unit.RATIO, FixedPoint.SCALE),

    // ---------------------------------------------------------------- per instrument
    /** Lowest limit price accepted. */
    PRICE_MIN(40, "price_min", Scope.INSTRUMENT, Unit.AMOUNT, Long.MAX_VALUE),
    /** Highest limit price accepted. */
    PRICE_MAX(41, "price_max", Scope.INSTRUMENT, Unit.AMOUNT, Long.MAX_VALUE),
    /** Furthest a limit price may be from the current mid, as a fraction of the mid (fat finger). */
    MAX_PRICE_DEVIATION_PCT(42, "max_price_deviation_pct", Scope.INSTRUMENT, Unit.RATIO, 10 * FixedPoint.SCALE),
    /** Oldest quote an order may be checked against, in milliseconds of event time. */
    MAX_QUOTE_AGE_MS(43, "max_quote_age_ms", Scope.INSTRUMENT, Unit.MILLIS, 86_400_000),
    /** Largest absolute position, in units, per account in the instrument. */
    MAX_POSITION(44, "max_position", Scope.INSTRUMENT, Unit.AMOUNT, Long.MAX_VALUE);

    /** Where a limit applies. */
    public enum Scope
    {
        /** One value for the whole engine. */
        GLOBAL,
        /** A default, overridable per account. */
        ACCOUNT,
        /** A default, overridable per instrument. */
        INSTRUMENT
    }

    /** How a limit's raw value is read and written. */
    public enum Unit
    {
        /** A fixed-point amount of money or units: {@code 50000}, {@code 0.01}. */
        AMOUNT,
        /** A fixed-point fraction: {@code 0.25} is 25 %. */
        RATIO,
        /** A whole number. */
        COUNT,
        /** Whole milliseconds of event time. */
        MILLIS,
        /** Whole seconds of event time. */
        SECONDS,
        /** {@code true} (1) or {@code false} (0). */
        BOOLEAN
    }

    private static final Map<String, RiskLimit> BY_KEY;
    private static final RiskLimit[] BY_CODE = new RiskLimit[64];

    static
    {
        final Map<String, RiskLimit> byKey = new HashMap<>();
        for (final RiskLimit limit : values())
        {
            byKey.put(limit.key, limit);
            BY_CODE[limit.code] = limit;
        }
        BY_KEY = Collections.unmodifiableMap(byKey);
    }

    private final int code;
    private final String key;
    private final Scope scope;
    private final Unit unit;
    private final long max;

    RiskLimit(final int code, final String key, final Scope scope, final Unit unit, final long max)
    {
        this.code = code;
        this.key = key;
        this.scope = scope;
        this.unit = unit;
        this.max = max;
    }

    /**
     * @return the stable code, carried in alerts.
     */
    public int code()
    {
        return code;
    }

    /**
     * @return the key, as in presets and control events ({@code "max_order_notional"}).
     */
    public String key()
    {
        return key;
    }

    public Scope scope()
    {
        return scope;
    }

    public Unit unit()
    {
        return unit;
    }

    /**
     * @return the largest raw value allowed; the smallest is always 0.
     */
    public long max()
    {
        return max;
    }

    /**
     * @param raw a raw value.
     * @return true when the limit allows it.
     */
    public boolean allows(final long raw)
    {
        return raw >= 0 && raw <= max;
    }

    /**
     * @param key a key such as {@code "price_min"}; case and surrounding blanks are ignored.
     * @return the limit, or {@code null} when no limit has that key.
     */
    public static RiskLimit fromKey(final String key)
    {
        return key == null ? null : BY_KEY.get(key.trim().toLowerCase(Locale.ROOT));
    }

    /**
     * @param code a stable code.
     * @return the limit, or {@code null} when unknown.
     */
    public static RiskLimit fromCode(final int code)
    {
        return code >= 0 && code < BY_CODE.length ? BY_CODE[code] : null;
    }

    /**
     * Parses a value written for people ({@code "50000"}, {@code "0.03"}, {@code "true"}).
     * Cold path.
     *
     * @param name  how the setting is named in messages ({@code "risk.price_min"}).
     * @param text  the text.
     * @return the raw value, checked against the allowed range.
     * @throws IllegalArgumentException naming the setting, the text and what is allowed.
     */
    public long parse(final String name, final String text)
    {
        final String t = text == null ? "" : text.trim();
        final long raw;
        try
        {
            switch (unit)
            {
                case AMOUNT:
                case RATIO:
                    raw = FixedPoint.parse(t);
                    break;
                case BOOLEAN:
                    if ("true".equalsIgnoreCase(t))
                    {
                        raw = 1;
                    }
                    else if ("false".equalsIgnoreCase(t))
                    {
                        raw = 0;
                    }
                    else
                    {
                        throw new IllegalArgumentException("not a boolean");
                    }
                    break;
                default:
                    raw = Long.parseLong(t);
                    break;
            }
        }
        catch (final IllegalArgumentException ex)
        {
            throw new IllegalArgumentException(name + " = '" + t + "' is not " + describeUnit() + "; " + allowedText());
        }
        return checked(name, raw);
    }

    /**
     * @param name how the setting is named in messages.
     * @param raw  a raw value.
     * @return the value when allowed.
     * @throws IllegalArgumentException naming the setting, the value and what is allowed.
     */
    public long checked(final String name, final long raw)
    {
        if (!allows(raw))
        {
            throw new IllegalArgumentException(name + " = " + format(raw) + " is not allowed; " + allowedText());
        }
        return raw;
    }

    /**
     * Renders a raw value for people. Allocates; edges only.
     *
     * @param raw a raw value.
     * @return for example {@code "0.03"}, {@code "500"}, {@code "true"}.
     */
    public String format(final long raw)
    {
        switch (unit)
        {
            case AMOUNT:
            case RATIO:
                return FixedPoint.format(raw);
            case BOOLEAN:
                return raw == 1 ? "true" : raw == 0 ? "false" : Long.toString(raw);
            default:
                return Long.toString(raw);
        }
    }

    private String describeUnit()
    {
        switch (unit)
        {
            case AMOUNT:
                return "an amount";
            case RATIO:
                return "a fraction";
            case BOOLEAN:
                return "true or false";
            default:
                return "a whole number";
        }
    }

    /**
     * @return what the limit allows, in words, with an example.
     */
    public String allowedText()
    {
        switch (unit)
        {
            case AMOUNT:
                return "use 0 (off) or a positive amount, e.g. " + FixedPoint.format(RiskProfile.MODERATE.defaultValue(this));
            case RATIO:
                return "use a fraction from 0 (off) to " + FixedPoint.format(max) + ", e.g. " +
                    FixedPoint.format(RiskProfile.MODERATE.defaultValue(this));
            case BOOLEAN:
                return "use true or false";
            case MILLIS:
                return "use whole milliseconds from 0 (off) to " + max + ", e.g. " + RiskProfile.MODERATE.defaultValue(this);
            case SECONDS:
                return "use whole seconds from 0 (off) to " + max + ", e.g. " + RiskProfile.MODERATE.defaultValue(this);
            default:
                return "use a whole number from 0 (off) to " + max + ", e.g. " + RiskProfile.MODERATE.defaultValue(this);
        }
    }
}
