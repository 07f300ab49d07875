package io.horizon.engine.event;

/**
 * Why an order, cancel or amend was refused, and by which layer.
 * <p>
 * Hot-path code carries a reason as this enum plus one {@code long} value (the offending
 * quantity, price or id); the human text is rendered only at the edges by {@link #describe(long)},
 * so that every reject names the value that caused it without building strings per event.
 * Codes are part of the journal layout: never renumber one.
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
    HANDLER_EXCEPTION(18, "engine", "engine handler raised while processing the order", ValueKind.NONE);

    /** How the value carried beside a reason is rendered. */
    public enum ValueKind
    {
        NONE, FIXED, ID, COUNT, CLIENT_ORDER_ID, TRANSITION
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

    RejectReason(final int code, final String layer, final String text, final ValueKind valueKind)
    {
        this.code = code;
        this.layer = layer;
        this.text = text;
        this.valueKind = valueKind;
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
        switch (valueKind)
        {
            case FIXED:
                return text + FixedPoint.format(value);
            case ID:
            case COUNT:
                return text + value;
            case CLIENT_ORDER_ID:
                return text + "(low bits " + Long.toHexString(value) + ")";
            case TRANSITION:
                return text + OrderTrigger.describeTransition(value);
            default:
                return text;
        }
    }
}
