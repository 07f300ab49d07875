package io.horizon.engine.event;

import java.util.HashSet;
import java.util.Set;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class OrderTriggerTest
{
    @Test
    void shouldDescribeEveryPackedTransitionAsTriggerInState()
    {
        for (final OrderState state : OrderState.values())
        {
            for (final OrderTrigger trigger : OrderTrigger.values())
            {
                final long packed = OrderTrigger.packTransition(state, trigger);

                assertEquals(trigger.name() + " in state " + state.name(), OrderTrigger.describeTransition(packed));
            }
        }
    }

    @Test
    void shouldPackEveryTransitionToADistinctValue()
    {
        final Set<Long> seen = new HashSet<>();
        for (final OrderState state : OrderState.values())
        {
            for (final OrderTrigger trigger : OrderTrigger.values())
            {
                seen.add(OrderTrigger.packTransition(state, trigger));
            }
        }

        assertEquals(OrderState.values().length * OrderTrigger.values().length, seen.size());
    }

    @Test
    void shouldDescribeTheDocumentedExample()
    {
        assertEquals(
            "CANCEL_REQUEST in state FILLED",
            OrderTrigger.describeTransition(OrderTrigger.packTransition(OrderState.FILLED, OrderTrigger.CANCEL_REQUEST)));
    }

    @Test
    void shouldSayUnknownForAStateOrTriggerOutOfRange()
    {
        final long badState = (long)OrderState.values().length << 8;
        final long badTrigger = OrderTrigger.values().length;

        assertEquals("(unknown transition " + badState + ")", OrderTrigger.describeTransition(badState));
        assertEquals("(unknown transition " + badTrigger + ")", OrderTrigger.describeTransition(badTrigger));
        assertEquals("(unknown transition -1)", OrderTrigger.describeTransition(-1));
    }

    @Test
    void shouldSayUnknownForAPackedValueWithBitsOutsideStateAndTrigger()
    {
        assertEquals("(unknown transition -256)", OrderTrigger.describeTransition(-256));
        assertEquals("(unknown transition " + (1L << 40) + ")", OrderTrigger.describeTransition(1L << 40));
    }
}
