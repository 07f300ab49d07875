package io.horizon.engine.event;

/**
 * Where an order is in its life. Legal moves between states are defined once, in
 * {@code io.horizon.engine.order.OrderLifecycle}.
 * <pre>
 * NEW -> PENDING_NEW -> ACCEPTED | REJECTED
 * ACCEPTED -> PARTIALLY_FILLED -> FILLED | CANCELED | EXPIRED | DONE_FOR_DAY
 * live -> PENDING_CANCEL -> CANCELED        (a cancel reject restores the state before)
 * live -> PENDING_REPLACE -> REPLACED       (REPLACED is live, with the amended terms)
 * </pre>
 */
public enum OrderState
{
    NEW(false, false),
    PENDING_NEW(true, false),
    ACCEPTED(true, false),
    REJECTED(false, true),
    PARTIALLY_FILLED(true, false),
    FILLED(false, true),
    PENDING_CANCEL(true, false),
    CANCELED(false, true),
    PENDING_REPLACE(true, false),
    REPLACED(true, false),
    EXPIRED(false, true),
    DONE_FOR_DAY(false, true);

    private static final OrderState[] VALUES = values();

    private final boolean live;
    private final boolean terminal;

    OrderState(final boolean live, final boolean terminal)
    {
        this.live = live;
        this.terminal = terminal;
    }

    /**
     * @return true while the order may still trade at the venue.
     */
    public boolean isLive()
    {
        return live;
    }

    /**
     * @return true once nothing can happen to the order any more.
     */
    public boolean isTerminal()
    {
        return terminal;
    }

    /**
     * @param ordinal an ordinal.
     * @return the state with that ordinal.
     */
    public static OrderState fromOrdinal(final int ordinal)
    {
        return VALUES[ordinal];
    }
}
