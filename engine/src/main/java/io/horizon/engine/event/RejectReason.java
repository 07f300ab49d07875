package io.horizon.engine.event;

/**
 * Why an order, cancel or amend was refused, and by which layer.
 * <p>
 * Hot-path code carries a reason as this enum plus one {@code long} value (the offending
 * quantity, price or id) and, for limit breaches, a second {@code long}: the limit in force at the
 * time. The human text is rendered only at the edges by {@link #describe(long, long)}, so that
 * every reject names the value that caused it, and the limit it broke, without building strings
 * per event ({@code "notional 60000 exceeds max_order_notional 50000"}).
 * Codes are part of the journal layout: never renumber one; append new ones.
 */
public enum RejectReason
{
    NONE(0, "none", "", ValueKind.NONE),
    RING_FULL(1, "ring", "ring full", ValueKind.NONE),
    INVALID_QUANTITY(2, "sanity", "quantity must be > 0, got ", ValueKind.FIXED),
    INVALID_PRICE(3, "sanity", "limit price must be finite and > 0, got ", ValueKind.FIXED),
    UNKNOWN_INSTRUMENT(4, "reference", "unknown instrument id ", ValueKind.ID),
    UNKNOWN_ACCOUNT(5, "reference", "unknown account id ", ValueKind.ID),
    UNKNOWN_ORDER(6, "lifecycle", "unknown order: no live order with client order id ", ValueKind.CLIENT_ORDER_ID),
    DUPLICATE_CLIENT_ORDER_ID(7, "lifecycle", "duplicate client order id ", ValueKind.CLIENT_ORDER_ID),
    ILLEGAL_TRANSITION(8, "lifecycle", "illegal transition ", ValueKind.TRANSITION),
    ORDER_CAPACITY(9, "capacity", "too many live orders; capacity is ", ValueKind.COUNT),
    NO_MARKET_DATA(10, "venue", "no quote yet on the venue for instrument id ", ValueKind.ID),
    VENUE_REJECTED(11, "venue", "venue rejected the order", ValueKind.NONE),
    VENUE_EXCEPTION(12, "venue_exception", "venue call failed", ValueKind.NONE),
    KILL_SWITCH(13, "kill_switch", "kill switch engaged", ValueKind.NONE),
    MARKET_ORDER_NOT_AMENDABLE(14, "lifecycle", "a market order cannot be amended", ValueKind.NONE),
    TOO_LATE(15, "venue", "order is no longer live at the venue", ValueKind.NONE),
    AMEND_QUANTITY_BELOW_FILLED(16, "sanity", "amended quantity must exceed the filled quantity, got ", ValueKind.FIXED),
    PRICE_OVERFLOW(17, "sanity", "price times quantity overflows; quantity ", ValueKind.FIXED),
    HANDLER_EXCEPTION(18, "engine", "engine handler raised while processing the order", ValueKind.NONE),

    // Pre-trade risk layers (issue 3). The layer names are those of io.horizon.engine.risk.RiskLayer.
    ACCOUNT_HALTED(19, "drawdown", "account halted by the watchdog after an intraday loss of ", ValueKind.FIXED,
        "; max_intraday_loss_pct allows ", ValueKind.FIXED),
    PRICE_BELOW_MIN(20, "price_bounds", "price ", ValueKind.FIXED, " is below price_min ", ValueKind.FIXED),
    PRICE_ABOVE_MAX(21, "price_bounds", "price ", ValueKind.FIXED, " is above price_max ", ValueKind.FIXED),
    NOTIONAL_LIMIT(22, "notional", "notional ", ValueKind.FIXED, " exceeds max_order_notional ", ValueKind.FIXED),
    RATE_LIMIT(23, "rate_limit", "rate limit: ", ValueKind.COUNT,
        " orders in the last second of event time already; rate_limit_per_sec is ", ValueKind.COUNT),
    ORDERS_PER_TICK(24, "orders_per_tick", "orders-per-tick cap: ", ValueKind.COUNT,
        " orders caused by this event already; max_orders_per_tick is ", ValueKind.COUNT),
    MARKET_ORDERS_DISABLED(25, "market_orders", "market orders are not allowed (allow_market_orders is false)", ValueKind.NONE),
    STOP_LOSS_COOLDOWN(26, "stop_loss_cooldown", "stop-loss cooldown after a stop-out: ", ValueKind.MILLIS,
        " left of stop_loss_cooldown_ms ", ValueKind.MILLIS),
    INSTRUMENT_PAUSED(27, "fat_finger", "instrument paused by the watchdog: its feed is stale or disconnected; feed id ",
        ValueKind.ID),
    NO_QUOTE(28, "fat_finger", "no quote yet to check the price against, instrument id ", ValueKind.ID),
    STALE_QUOTE(29, "fat_finger", "quote is ", ValueKind.MILLIS, " old; max_quote_age_ms is ", ValueKind.MILLIS),
    PRICE_DEVIATION(30, "fat_finger", "price is ", ValueKind.PERCENT, " away from mid; max_price_deviation_pct is ",
        ValueKind.PERCENT),
    POSITION_LIMIT(31, "exposure", "position would be ", ValueKind.FIXED, "; max_position is ", ValueKind.FIXED),
    LEVERAGE_LIMIT(32, "exposure", "gross leverage would be ", ValueKind.FIXED, "; max_gross_leverage is ", ValueKind.FIXED),
    DUPLICATE_ORDER(33, "dedup", "same order as one sent ", ValueKind.MILLIS, " ago; dedup_window_ms is ", ValueKind.MILLIS),

    // Requests the engine cannot read (issue 18): reported as what they are, not as a bad quantity.
    MISSING_SIDE(34, "sanity", "order has no side (buy or sell)", ValueKind.NONE),
    MISSING_ORDER_TYPE(35, "sanity", "order has no order type (limit or market)", ValueKind.NONE),

    // Recorded data reaches risk as it was (issue 16): a crossed quote is no price to trade against.
    CROSSED_QUOTE(36, "fat_finger", "quote is crossed: bid ", ValueKind.FIXED, " is above ask ", ValueKind.FIXED);

    /** How the value carried beside a reason is rendered. */
    public enum ValueKind
    {
        NONE, FIXED, ID, COUNT, CLIENT_ORDER_ID, TRANSITION,
        /** Event-time milliseconds, shown with "ms". */
        MILLIS,
        /** A fixed-point ratio (0.05), shown as a percentage (5%). */
        PERCENT
    }

    private static final RejectReason[] BY_CODE = new RejectReason[64];

    static
    {
        for (final RejectReason r : values())
        {
            BY_CODE[r.code] = r;
        }
    }

    private final int code;
    private final String layer;
    private final String text;
    private final ValueKind valueKind;
    private final String limitText;
    private final ValueKind limitKind;

    RejectReason(final int code, final String layer, final String text, final ValueKind valueKind)
    {
        this(code, layer, text, valueKind, "", ValueKind.NONE);
    }

    RejectReason(
        final int code,
        final String layer,
        final String text,
        final ValueKind valueKind,
        final String limitText,
        final ValueKind limitKind)
    {
        this.code = code;
        this.layer = layer;
        this.text = text;
        this.valueKind = valueKind;
        this.limitText = limitText;
        this.limitKind = limitKind;
    }

    /**
     * @return the stable wire code.
     */
    public int code()
    {
        return code;
    }

    /**
     * @return the layer that rejects for this reason, as used in {@code horizon_order_rejects_total{layer}}.
     */
    public String layer()
    {
        return layer;
    }

    /**
     * @return the fixed part of the text.
     */
    public String text()
    {
        return text;
    }

    /**
     * @return how the accompanying value is rendered.
     */
    public ValueKind valueKind()
    {
        return valueKind;
    }

    /**
     * @return how the limit carried beside the value is rendered; {@link ValueKind#NONE} when the
     *         reason names no limit.
     */
    public ValueKind limitKind()
    {
        return limitKind;
    }

    /**
     * @return the text with placeholders for the value and the limit, for summaries that list
     *         reasons without values ({@code "notional <value> exceeds max_order_notional <limit>"}).
     */
    public String template()
    {
        if (limitKind != ValueKind.NONE)
        {
            return text + "<value>" + limitText + "<limit>";
        }
        return valueKind == ValueKind.NONE ? text : text + "<value>";
    }

    /**
     * @param code a wire code.
     * @return the reason, or {@code null} when unknown.
     */
    public static RejectReason fromCode(final int code)
    {
        return code >= 0 && code < BY_CODE.length ? BY_CODE[code] : null;
    }

    /**
     * Renders the reason with its value for people. Allocates; edges only. Client order ids
     * carried as a value are the low 64 bits and are shown in hex.
     *
     * @param value the value that accompanied the reason.
     * @return for example {@code "quantity must be > 0, got -5"}.
     */
    public String describe(final long value)
    {
        return text + render(valueKind, value);
    }

    /**
     * Renders the reason with its value and the limit it broke. Allocates; edges only.
     *
     * @param value the value that accompanied the reason.
     * @param limit the limit in force when the reject was decided; ignored by reasons without one.
     * @return for example {@code "notional 60000 exceeds max_order_notional 50000"}.
     */
    public String describe(final long value, final long limit)
    {
        if (limitKind == ValueKind.NONE)
        {
            return describe(value);
        }
        return text + render(valueKind, value) + limitText + render(limitKind, limit);
    }

    private static String render(final ValueKind kind, final long value)
    {
        switch (kind)
        {
            case FIXED:
                return FixedPoint.format(value);
            case ID:
            case COUNT:
                return Long.toString(value);
            case CLIENT_ORDER_ID:
                return "(low bits " + Long.toHexString(value) + ")";
            case TRANSITION:
                return OrderTrigger.describeTransition(value);
            case MILLIS:
                return value + " ms";
            case PERCENT:
                return FixedPoint.format(value * 100) + "%";
            default:
                return "";
        }
    }
}
