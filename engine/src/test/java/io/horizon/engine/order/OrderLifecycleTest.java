package io.horizon.engine.order;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import io.horizon.engine.event.OrderState;
import io.horizon.engine.event.OrderTrigger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

import static io.horizon.engine.event.OrderState.ACCEPTED;
import static io.horizon.engine.event.OrderState.CANCELED;
import static io.horizon.engine.event.OrderState.EXPIRED;
import static io.horizon.engine.event.OrderState.FILLED;
import static io.horizon.engine.event.OrderState.NEW;
import static io.horizon.engine.event.OrderState.PARTIALLY_FILLED;
import static io.horizon.engine.event.OrderState.PENDING_CANCEL;
import static io.horizon.engine.event.OrderState.PENDING_NEW;
import static io.horizon.engine.event.OrderState.PENDING_REPLACE;
import static io.horizon.engine.event.OrderState.REJECTED;
import static io.horizon.engine.event.OrderState.REPLACED;
import static io.horizon.engine.event.OrderTrigger.CANCEL_ACK;
import static io.horizon.engine.event.OrderTrigger.CANCEL_REJECT;
import static io.horizon.engine.event.OrderTrigger.CANCEL_REQUEST;
import static io.horizon.engine.event.OrderTrigger.EXPIRE;
import static io.horizon.engine.event.OrderTrigger.FULL_FILL;
import static io.horizon.engine.event.OrderTrigger.PARTIAL_FILL;
import static io.horizon.engine.event.OrderTrigger.REPLACE_ACK;
import static io.horizon.engine.event.OrderTrigger.REPLACE_REJECT;
import static io.horizon.engine.event.OrderTrigger.REPLACE_REQUEST;
import static io.horizon.engine.event.OrderTrigger.RISK_REJECT;
import static io.horizon.engine.event.OrderTrigger.SUBMIT;
import static io.horizon.engine.event.OrderTrigger.VENUE_ACK;
import static io.horizon.engine.event.OrderTrigger.VENUE_REJECT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Checks {@link OrderLifecycle} against the specification written out below, independently of
 * the table in the code under test.
 */
class OrderLifecycleTest
{
    /** Expected outcome of one (state, trigger) pair. */
    private record Outcome(boolean legal, boolean restore, OrderState target)
    {
        static final Outcome ILLEGAL = new Outcome(false, false, null);
        static final Outcome RESTORE = new Outcome(true, true, null);

        static Outcome to(final OrderState target)
        {
            return new Outcome(true, false, target);
        }

        @Override
        public String toString()
        {
            return !legal ? "illegal" : restore ? "RESTORE" : "-> " + target;
        }
    }

    /** The specification. Pairs not listed are illegal. */
    private static final Map<OrderState, Map<OrderTrigger, Outcome>> EXPECTED = new EnumMap<>(OrderState.class);

    static
    {
        expect(NEW, SUBMIT, Outcome.to(PENDING_NEW));
        expect(NEW, RISK_REJECT, Outcome.to(REJECTED));

        expect(PENDING_NEW, VENUE_ACK, Outcome.to(ACCEPTED));
        expect(PENDING_NEW, VENUE_REJECT, Outcome.to(REJECTED));
        expect(PENDING_NEW, PARTIAL_FILL, Outcome.to(PARTIALLY_FILLED));
        expect(PENDING_NEW, FULL_FILL, Outcome.to(FILLED));
        expect(PENDING_NEW, EXPIRE, Outcome.to(EXPIRED));

        expect(ACCEPTED, PARTIAL_FILL, Outcome.to(PARTIALLY_FILLED));
        expect(ACCEPTED, FULL_FILL, Outcome.to(FILLED));
        expect(ACCEPTED, CANCEL_REQUEST, Outcome.to(PENDING_CANCEL));
        expect(ACCEPTED, CANCEL_ACK, Outcome.to(CANCELED));
        expect(ACCEPTED, REPLACE_REQUEST, Outcome.to(PENDING_REPLACE));
        expect(ACCEPTED, EXPIRE, Outcome.to(EXPIRED));
        expect(ACCEPTED, OrderTrigger.DONE_FOR_DAY, Outcome.to(OrderState.DONE_FOR_DAY));

        expect(PARTIALLY_FILLED, PARTIAL_FILL, Outcome.to(PARTIALLY_FILLED));
        expect(PARTIALLY_FILLED, FULL_FILL, Outcome.to(FILLED));
        expect(PARTIALLY_FILLED, CANCEL_REQUEST, Outcome.to(PENDING_CANCEL));
        expect(PARTIALLY_FILLED, CANCEL_ACK, Outcome.to(CANCELED));
        expect(PARTIALLY_FILLED, REPLACE_REQUEST, Outcome.to(PENDING_REPLACE));
        expect(PARTIALLY_FILLED, EXPIRE, Outcome.to(EXPIRED));
        expect(PARTIALLY_FILLED, OrderTrigger.DONE_FOR_DAY, Outcome.to(OrderState.DONE_FOR_DAY));

        expect(REPLACED, PARTIAL_FILL, Outcome.to(PARTIALLY_FILLED));
        expect(REPLACED, FULL_FILL, Outcome.to(FILLED));
        expect(REPLACED, CANCEL_REQUEST, Outcome.to(PENDING_CANCEL));
        expect(REPLACED, CANCEL_ACK, Outcome.to(CANCELED));
        expect(REPLACED, REPLACE_REQUEST, Outcome.to(PENDING_REPLACE));
        expect(REPLACED, EXPIRE, Outcome.to(EXPIRED));
        expect(REPLACED, OrderTrigger.DONE_FOR_DAY, Outcome.to(OrderState.DONE_FOR_DAY));

        expect(PENDING_CANCEL, CANCEL_ACK, Outcome.to(CANCELED));
        expect(PENDING_CANCEL, CANCEL_REJECT, Outcome.RESTORE);
        expect(PENDING_CANCEL, PARTIAL_FILL, Outcome.to(PENDING_CANCEL));
        expect(PENDING_CANCEL, FULL_FILL, Outcome.to(FILLED));
        expect(PENDING_CANCEL, EXPIRE, Outcome.to(EXPIRED));

        expect(PENDING_REPLACE, REPLACE_ACK, Outcome.to(REPLACED));
        expect(PENDING_REPLACE, REPLACE_REJECT, Outcome.RESTORE);
        expect(PENDING_REPLACE, PARTIAL_FILL, Outcome.to(PENDING_REPLACE));
        expect(PENDING_REPLACE, FULL_FILL, Outcome.to(FILLED));
        expect(PENDING_REPLACE, CANCEL_ACK, Outcome.to(CANCELED));
        expect(PENDING_REPLACE, EXPIRE, Outcome.to(EXPIRED));

        // REJECTED, FILLED, CANCELED, EXPIRED, DONE_FOR_DAY: terminal, nothing legal.
    }

    private static void expect(final OrderState from, final OrderTrigger trigger, final Outcome outcome)
    {
        final Outcome previous = EXPECTED.computeIfAbsent(from, s -> new EnumMap<>(OrderTrigger.class)).put(trigger, outcome);
        if (previous != null)
        {
            throw new IllegalStateException("specification lists " + trigger + " in state " + from + " twice");
        }
    }

    private static Outcome expected(final OrderState from, final OrderTrigger trigger)
    {
        return EXPECTED.getOrDefault(from, Map.of()).getOrDefault(trigger, Outcome.ILLEGAL);
    }

    static Stream<Arguments> everyStateAndTrigger()
    {
        final List<Arguments> pairs = new ArrayList<>();
        for (final OrderState state : OrderState.values())
        {
            for (final OrderTrigger trigger : OrderTrigger.values())
            {
                pairs.add(Arguments.of(state, trigger, expected(state, trigger)));
            }
        }
        return pairs.stream();
    }

    @ParameterizedTest(name = "{1} in state {0}: {2}")
    @MethodSource("everyStateAndTrigger")
    void shouldMatchTheSpecificationForEveryStateAndTrigger(
        final OrderState from, final OrderTrigger trigger, final Outcome outcome)
    {
        assertEquals(outcome.legal(), OrderLifecycle.isLegal(from, trigger), "legal");
        if (outcome.legal())
        {
            assertEquals(outcome.restore() ? OrderLifecycle.RESTORE : outcome.target(), OrderLifecycle.next(from, trigger));
        }
    }

    @Test
    void shouldGenerateOneCaseForEveryStateAndTriggerPair()
    {
        assertEquals(OrderState.values().length * OrderTrigger.values().length, everyStateAndTrigger().count());
        assertEquals(12 * 14, everyStateAndTrigger().count());
    }

    @Test
    void shouldMoveNewOrderToPendingNewOnSubmit()
    {
        assertTrue(OrderLifecycle.isLegal(NEW, SUBMIT));
        assertEquals(PENDING_NEW, OrderLifecycle.next(NEW, SUBMIT));
    }

    @Test
    void shouldRejectNewOrderOnRiskReject()
    {
        assertTrue(OrderLifecycle.isLegal(NEW, RISK_REJECT));
        assertEquals(REJECTED, OrderLifecycle.next(NEW, RISK_REJECT));
    }

    @Test
    void shouldNotLetANewOrderBeFilledBeforeItIsSubmitted()
    {
        assertFalse(OrderLifecycle.isLegal(NEW, PARTIAL_FILL));
        assertFalse(OrderLifecycle.isLegal(NEW, FULL_FILL));
        assertFalse(OrderLifecycle.isLegal(NEW, VENUE_ACK));
    }

    @Test
    void shouldAcceptPendingNewOnVenueAck()
    {
        assertEquals(ACCEPTED, OrderLifecycle.next(PENDING_NEW, VENUE_ACK));
    }

    @Test
    void shouldFillPendingNewDirectlyWhenTheVenueSkipsTheAck()
    {
        assertEquals(PARTIALLY_FILLED, OrderLifecycle.next(PENDING_NEW, PARTIAL_FILL));
        assertEquals(FILLED, OrderLifecycle.next(PENDING_NEW, FULL_FILL));
    }

    @Test
    void shouldWalkTheHappyPathFromNewToFilled()
    {
        OrderState state = NEW;
        for (final OrderTrigger trigger : new OrderTrigger[]{SUBMIT, VENUE_ACK, PARTIAL_FILL, PARTIAL_FILL, FULL_FILL})
        {
            assertTrue(OrderLifecycle.isLegal(state, trigger), trigger + " in state " + state);
            state = OrderLifecycle.next(state, trigger);
        }
        assertEquals(FILLED, state);
    }

    @Test
    void shouldRestorePriorStateOnCancelReject()
    {
        assertEquals(PENDING_CANCEL, OrderLifecycle.next(PARTIALLY_FILLED, CANCEL_REQUEST));
        assertTrue(OrderLifecycle.isLegal(PENDING_CANCEL, CANCEL_REJECT));
        assertNull(OrderLifecycle.RESTORE);
        assertEquals(OrderLifecycle.RESTORE, OrderLifecycle.next(PENDING_CANCEL, CANCEL_REJECT));
    }

    @Test
    void shouldRestorePriorStateOnReplaceReject()
    {
        assertEquals(PENDING_REPLACE, OrderLifecycle.next(ACCEPTED, REPLACE_REQUEST));
        assertTrue(OrderLifecycle.isLegal(PENDING_REPLACE, REPLACE_REJECT));
        assertEquals(OrderLifecycle.RESTORE, OrderLifecycle.next(PENDING_REPLACE, REPLACE_REJECT));
    }

    @Test
    void shouldStayPendingWhenAFillArrivesDuringACancelOrReplace()
    {
        assertEquals(PENDING_CANCEL, OrderLifecycle.next(PENDING_CANCEL, PARTIAL_FILL));
        assertEquals(PENDING_REPLACE, OrderLifecycle.next(PENDING_REPLACE, PARTIAL_FILL));
        assertEquals(FILLED, OrderLifecycle.next(PENDING_CANCEL, FULL_FILL));
        assertEquals(FILLED, OrderLifecycle.next(PENDING_REPLACE, FULL_FILL));
    }

    @Test
    void shouldTreatAReplacedOrderAsLive()
    {
        assertEquals(REPLACED, OrderLifecycle.next(PENDING_REPLACE, REPLACE_ACK));
        assertEquals(PENDING_CANCEL, OrderLifecycle.next(REPLACED, CANCEL_REQUEST));
        assertEquals(PENDING_REPLACE, OrderLifecycle.next(REPLACED, REPLACE_REQUEST));
    }

    @Test
    void shouldCancelOnAnUnsolicitedCancelAckFromAnyLiveStateAndWhileReplacing()
    {
        for (final OrderState state : new OrderState[]{ACCEPTED, PARTIALLY_FILLED, REPLACED, PENDING_CANCEL, PENDING_REPLACE})
        {
            assertEquals(CANCELED, OrderLifecycle.next(state, CANCEL_ACK), state.name());
        }
    }

    @Test
    void shouldNotAllowACancelOrReplaceWhileAnotherRequestIsPending()
    {
        assertFalse(OrderLifecycle.isLegal(PENDING_CANCEL, CANCEL_REQUEST));
        assertFalse(OrderLifecycle.isLegal(PENDING_CANCEL, REPLACE_REQUEST));
        assertFalse(OrderLifecycle.isLegal(PENDING_REPLACE, CANCEL_REQUEST));
        assertFalse(OrderLifecycle.isLegal(PENDING_REPLACE, REPLACE_REQUEST));
    }

    @ParameterizedTest
    @EnumSource(value = OrderState.class, names = {"REJECTED", "FILLED", "CANCELED", "EXPIRED", "DONE_FOR_DAY"})
    void shouldNotAllowAnyTransitionOutOfTerminalStates(final OrderState terminal)
    {
        assertTrue(terminal.isTerminal());
        for (final OrderTrigger trigger : OrderTrigger.values())
        {
            assertFalse(OrderLifecycle.isLegal(terminal, trigger), trigger + " in state " + terminal);
        }
    }

    @ParameterizedTest
    @EnumSource(OrderState.class)
    void shouldMarkAsTerminalExactlyTheStatesWithNoWayOut(final OrderState state)
    {
        boolean anyLegal = false;
        for (final OrderTrigger trigger : OrderTrigger.values())
        {
            anyLegal |= OrderLifecycle.isLegal(state, trigger);
        }
        assertEquals(!anyLegal, state.isTerminal());
    }

    @ParameterizedTest
    @EnumSource(OrderState.class)
    void shouldAcceptFillsExactlyInTheStatesMarkedLive(final OrderState state)
    {
        assertEquals(state.isLive(), OrderLifecycle.isLegal(state, PARTIAL_FILL));
        assertEquals(state.isLive(), OrderLifecycle.isLegal(state, FULL_FILL));
    }
}
