package io.horizon.engine.order;

import io.horizon.engine.event.OrderState;
import io.horizon.engine.event.OrderTrigger;
import io.horizon.engine.event.OrderType;
import io.horizon.engine.event.Side;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

final class OrderLedgerTest
{
    private final OrderLedger ledger = new OrderLedger(4);

    private Order accepted(final long clientLo)
    {
        final Order order = ledger.create(1, clientLo, 0, 0, -1, Side.BUY, OrderType.LIMIT, 100, 10, 0);
        assertTrue(ledger.transition(order, OrderTrigger.SUBMIT));
        assertTrue(ledger.transition(order, OrderTrigger.VENUE_ACK));
        return order;
    }

    @Test
    void shouldRestorePartiallyFilledWhenACancelIsRejectedAfterAFillArrivedWhilePending()
    {
        final Order order = accepted(1);
        assertTrue(ledger.transition(order, OrderTrigger.CANCEL_REQUEST));
        assertTrue(ledger.transition(order, OrderTrigger.PARTIAL_FILL));
        assertEquals(OrderState.PENDING_CANCEL, order.state());

        assertTrue(ledger.transition(order, OrderTrigger.CANCEL_REJECT));

        assertEquals(OrderState.PARTIALLY_FILLED, order.state());
    }

    @Test
    void shouldRestoreAcceptedWhenAReplaceIsRejectedWithoutFills()
    {
        final Order order = accepted(1);
        assertTrue(ledger.transition(order, OrderTrigger.REPLACE_REQUEST));
        ledger.beginReplace(order, 1, 99, 101, 10);

        assertTrue(ledger.transition(order, OrderTrigger.REPLACE_REJECT));
        ledger.abandonReplace(order);

        assertEquals(OrderState.ACCEPTED, order.state());
        assertNull(ledger.byClientOrderId(1, 99));
        assertFalse(ledger.containsClientOrderId(1, 99));
    }

    @Test
    void shouldAnswerToTheNewClientOrderIdOnlyAfterAReplaceIsAcknowledged()
    {
        final Order order = accepted(1);
        assertTrue(ledger.transition(order, OrderTrigger.REPLACE_REQUEST));
        ledger.beginReplace(order, 1, 99, 101, 20);
        assertTrue(ledger.containsClientOrderId(1, 99), "the pending id is reserved");

        assertTrue(ledger.transition(order, OrderTrigger.REPLACE_ACK));
        ledger.completeReplace(order, 101, 20);

        assertSame(order, ledger.byClientOrderId(1, 99));
        assertNull(ledger.byClientOrderId(1, 1));
        assertEquals(101, order.price());
        assertEquals(20, order.quantity());
        assertEquals(OrderState.REPLACED, order.state());
    }

    @Test
    void shouldRefuseAnIllegalTransitionAndLeaveTheOrderUnchanged()
    {
        final Order order = accepted(1);
        assertTrue(ledger.transition(order, OrderTrigger.FULL_FILL));

        assertFalse(ledger.transition(order, OrderTrigger.CANCEL_REQUEST));

        assertEquals(OrderState.FILLED, order.state());
    }

    @Test
    void shouldReuseReleasedSlotsAndKeepOrderIdsIncreasing()
    {
        for (int i = 0; i < 4; i++)
        {
            accepted(10 + i);
        }
        assertTrue(ledger.isFull());
        final Order first = ledger.byOrderId(1);
        ledger.transition(first, OrderTrigger.FULL_FILL);
        ledger.release(first);
        assertFalse(ledger.isFull());
        assertNull(ledger.byOrderId(1));

        final Order next = accepted(20);

        assertEquals(5, next.orderId());
        assertEquals(4, ledger.size());
    }
}
