package io.horizon.engine.event;

/**
 * What happens to an order: the input of the lifecycle state machine.
 */
public enum OrderTrigger
{
    /** Risk passed; the order is sent to the venue. */
    SUBMIT,
    /** Risk (or the engine) refused the order before it reached the venue. */
    RISK_REJECT,
    VENUE_ACK,
    VENUE_REJECT,
    /** A fill that leaves quantity open. */
    PARTIAL_FILL,
    /** A fill that completes the order. */
    FULL_FILL,
    CANCEL_REQUEST,
    CANCEL_ACK,
    CANCEL_REJECT,
    REPLACE_REQUEST,
    REPLACE_ACK,
    REPLACE_REJECT,
    EXPIRE,
    DONE_FOR_DAY;

    private static final OrderTrigger[] VALUES = values();

    /**
     * Packs a refused transition into the long value carried beside a reject reason.
     *
     * @param from    the state the order was in.
     * @param trigger what was attempted.
     * @return the packed value.
     */
    public static long packTransition(final OrderState from, final OrderTrigger trigger)
    {
        return ((long)from.ordinal() << 8) | trigger.ordinal();
    }

    /**
     * Renders a value packed by {@link #packTransition(OrderState, OrderTrigger)}. Edges only.
     *
     * @param packed the packed value.
     * @return for example {@code "CANCEL_REQUEST in state FILLED"}.
     */
    public static String describeTransition(final long packed)
    {
        final long state = packed >>> 8;
        final int trigger = (int)(packed & 0xFF);
        if (packed < 0 || state >= OrderState.values().length || trigger >= VALUES.length)
        {
            return "(unknown transition " + packed + ")";
        }
        return VALUES[trigger] + " in state " + OrderState.fromOrdinal((int)state);
    }
}
