package io.horizon.engine.order;

import io.horizon.engine.event.OrderState;
import io.horizon.engine.event.OrderTrigger;

/**
 * The order state machine, defined once as a table: for each state and trigger, the next state
 * or "illegal". Illegal transitions are refused with a reason by the caller, never thrown.
 * <pre>
 *  NEW --SUBMIT--> PENDING_NEW --VENUE_ACK--> ACCEPTED --PARTIAL_FILL--> PARTIALLY_FILLED --FULL_FILL--> FILLED
 *   |                 |                          |                           |
 *   RISK_REJECT    VENUE_REJECT               (live states: ACCEPTED, PARTIALLY_FILLED, REPLACED)
 *   v                 v                          CANCEL_REQUEST  --> PENDING_CANCEL  --CANCEL_ACK-->  CANCELED
 *  REJECTED        REJECTED                      REPLACE_REQUEST --> PENDING_REPLACE --REPLACE_ACK--> REPLACED
 *                                                EXPIRE --> EXPIRED, DONE_FOR_DAY --> DONE_FOR_DAY,
 *                                                CANCEL_ACK (unsolicited) --> CANCELED
 * </pre>
 * A cancel or replace reject returns the order to the state it had before the request, which
 * only the order itself knows; the table answers {@link #RESTORE} for those. A fill that arrives
 * while a cancel or replace is pending keeps the order pending (or FILLED when complete).
 * PENDING_NEW accepts fills directly: some venues fill immediately without a separate ack.
 * <p>
 * Stateless and immutable; any thread.
 */
public final class OrderLifecycle
{
    /** Sentinel result: restore the state held before the pending request. */
    public static final OrderState RESTORE = null;

    private static final int STATES = OrderState.values().length;
    private static final int TRIGGERS = OrderTrigger.values().length;
    private static final OrderState[][] NEXT = new OrderState[STATES][TRIGGERS];
    private static final boolean[][] LEGAL = new boolean[STATES][TRIGGERS];

    static
    {
        allow(OrderState.NEW, OrderTrigger.SUBMIT, OrderState.PENDING_NEW);
        allow(OrderState.NEW, OrderTrigger.RISK_REJECT, OrderState.REJECTED);

        allow(OrderState.PENDING_NEW, OrderTrigger.VENUE_ACK, OrderState.ACCEPTED);
        allow(OrderState.PENDING_NEW, OrderTrigger.VENUE_REJECT, OrderState.REJECTED);
        allow(OrderState.PENDING_NEW, OrderTrigger.PARTIAL_FILL, OrderState.PARTIALLY_FILLED);
        allow(OrderState.PENDING_NEW, OrderTrigger.FULL_FILL, OrderState.FILLED);
        allow(OrderState.PENDING_NEW, OrderTrigger.EXPIRE, OrderState.EXPIRED);

        for (final OrderState live : new OrderState[]{OrderState.ACCEPTED, OrderState.PARTIALLY_FILLED, OrderState.REPLACED})
        {
            allow(live, OrderTrigger.PARTIAL_FILL, OrderState.PARTIALLY_FILLED);
            allow(live, OrderTrigger.FULL_FILL, OrderState.FILLED);
            allow(live, OrderTrigger.CANCEL_REQUEST, OrderState.PENDING_CANCEL);
            allow(live, OrderTrigger.CANCEL_ACK, OrderState.CANCELED);
            allow(live, OrderTrigger.REPLACE_REQUEST, OrderState.PENDING_REPLACE);
            allow(live, OrderTrigger.EXPIRE, OrderState.EXPIRED);
            allow(live, OrderTrigger.DONE_FOR_DAY, OrderState.DONE_FOR_DAY);
        }

        allow(OrderState.PENDING_CANCEL, OrderTrigger.CANCEL_ACK, OrderState.CANCELED);
        allow(OrderState.PENDING_CANCEL, OrderTrigger.CANCEL_REJECT, RESTORE);
        allow(OrderState.PENDING_CANCEL, OrderTrigger.PARTIAL_FILL, OrderState.PENDING_CANCEL);
        allow(OrderState.PENDING_CANCEL, OrderTrigger.FULL_FILL, OrderState.FILLED);
        allow(OrderState.PENDING_CANCEL, OrderTrigger.EXPIRE, OrderState.EXPIRED);

        allow(OrderState.PENDING_REPLACE, OrderTrigger.REPLACE_ACK, OrderState.REPLACED);
        allow(OrderState.PENDING_REPLACE, OrderTrigger.REPLACE_REJECT, RESTORE);
        allow(OrderState.PENDING_REPLACE, OrderTrigger.PARTIAL_FILL, OrderState.PENDING_REPLACE);
        allow(OrderState.PENDING_REPLACE, OrderTrigger.FULL_FILL, OrderState.FILLED);
        allow(OrderState.PENDING_REPLACE, OrderTrigger.CANCEL_ACK, OrderState.CANCELED);
        allow(OrderState.PENDING_REPLACE, OrderTrigger.EXPIRE, OrderState.EXPIRED);
    }

    private OrderLifecycle()
    {
    }

    private static void allow(final OrderState from, final OrderTrigger trigger, final OrderState to)
    {
        LEGAL[from.ordinal()][trigger.ordinal()] = true;
        NEXT[from.ordinal()][trigger.ordinal()] = to;
    }

    /**
     * @param from    current state.
     * @param trigger what happened.
     * @return true when the transition is allowed.
     */
    public static boolean isLegal(final OrderState from, final OrderTrigger trigger)
    {
        return LEGAL[from.ordinal()][trigger.ordinal()];
    }

    /**
     * @param from    current state.
     * @param trigger what happened; must be legal from {@code from}.
     * @return the next state, or {@link #RESTORE} when the state before the pending request applies.
     */
    public static OrderState next(final OrderState from, final OrderTrigger trigger)
    {
        return NEXT[from.ordinal()][trigger.ordinal()];
    }
}
