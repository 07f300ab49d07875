package io.horizon.engine.event;

/**
 * The kinds of event that enter the inbound ring. Every one is journaled before it can have an
 * effect outside the process, so the business-logic processor is a pure function of them.
 * <p>
 * The {@link #code()} of each kind is part of the journal's binary layout: never renumber one.
 */
public enum EventType
{
    /** No event: a slot that was claimed but not filled, skipped by every stage. */
    NONE(0),

    /** Top of book: bid/ask price and size for one instrument. */
    QUOTE(1),
    /** A trade print on the market: price and size. */
    TRADE(2),

    /** A new order from outside the BLP (a client, the CLI, a FIX session). */
    NEW_ORDER(10),
    /** A request to cancel an order, by client order id. */
    CANCEL_ORDER(11),
    /** A request to change the price and/or quantity of an order, by client order id. */
    AMEND_ORDER(12),

    /** The venue accepted an order. */
    VENUE_ACK(20),
    /** The venue rejected an order. */
    VENUE_REJECT(21),
    /** The venue filled (part of) an order. */
    VENUE_FILL(22),
    /** The venue cancelled an order. */
    VENUE_CANCEL_ACK(23),
    /** The venue refused a cancel. */
    VENUE_CANCEL_REJECT(24),
    /** The venue applied an amend. */
    VENUE_REPLACE_ACK(25),
    /** The venue refused an amend. */
    VENUE_REPLACE_REJECT(26),
    /** The venue expired the unfilled rest of an order (for example a market order beyond the touch). */
    VENUE_EXPIRED(27),
    /** A call to the venue raised or timed out; the order it concerned did not reach the venue. */
    VENUE_ERROR(28),

    /** Timer tick: the only way time advances inside the BLP when no other event arrives. */
    HEARTBEAT(40),
    /** Operator control: kill, reset, limit change. */
    CONTROL(50);

    private static final EventType[] BY_CODE = new EventType[64];

    static
    {
        for (final EventType t : values())
        {
            BY_CODE[t.code] = t;
        }
    }

    private final int code;

    EventType(final int code)
    {
        this.code = code;
    }

    /**
     * @return the stable wire code.
     */
    public int code()
    {
        return code;
    }

    /**
     * @param code a wire code.
     * @return the kind, or {@code null} when the code is unknown.
     */
    public static EventType fromCode(final int code)
    {
        return code >= 0 && code < BY_CODE.length ? BY_CODE[code] : null;
    }

    /**
     * @return true for quotes and trades.
     */
    public boolean isMarketData()
    {
        return this == QUOTE || this == TRADE;
    }

    /**
     * @return true for order commands from outside the BLP.
     */
    public boolean isOrderCommand()
    {
        return this == NEW_ORDER || this == CANCEL_ORDER || this == AMEND_ORDER;
    }

    /**
     * @return true for responses from a venue.
     */
    public boolean isVenueResponse()
    {
        return code >= 20 && code < 40;
    }
}
