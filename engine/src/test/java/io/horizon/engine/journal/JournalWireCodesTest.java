package io.horizon.engine.journal;

import java.util.List;

import io.horizon.engine.event.ControlAction;
import io.horizon.engine.event.EventType;
import io.horizon.engine.event.OrderState;
import io.horizon.engine.event.OrderTrigger;
import io.horizon.engine.event.OrderType;
import io.horizon.engine.event.RejectReason;
import io.horizon.engine.event.Side;
import io.horizon.engine.output.AlertKind;
import io.horizon.engine.output.ExecType;
import io.horizon.engine.output.OutputKind;
import io.horizon.engine.output.Runbook;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The journal's wire values are frozen: every engine enum constant has one, the enums with their
 * own codes use them on the wire, and the others keep the numbers journal layout 1 wrote
 * ({@code ordinal() + 1} of the enum as it was then). Reordering a Java enum or renumbering the
 * schema fails here, before it can change what an old journal means.
 */
final class JournalWireCodesTest
{
    @Test
    void shouldGiveEveryEngineConstantAWireValueAndMapItBack()
    {
        roundTrip(JournalWireCodes.EVENT_TYPE, EventType.values());
        roundTrip(JournalWireCodes.SIDE, Side.values());
        roundTrip(JournalWireCodes.ORDER_TYPE, OrderType.values());
        roundTrip(JournalWireCodes.CONTROL_ACTION, ControlAction.values());
        roundTrip(JournalWireCodes.REJECT_REASON, RejectReason.values());
        roundTrip(JournalWireCodes.OUTPUT_KIND, OutputKind.values());
        roundTrip(JournalWireCodes.EXEC_TYPE, ExecType.values());
        roundTrip(JournalWireCodes.ORDER_STATE, OrderState.values());
        roundTrip(JournalWireCodes.ALERT_KIND, AlertKind.values());
        roundTrip(JournalWireCodes.RUNBOOK, Runbook.values());
    }

    @Test
    void shouldPutTheEnginesOwnCodesOnTheWire()
    {
        for (final EventType t : EventType.values())
        {
            assertEquals(t.code(), JournalWireCodes.EVENT_TYPE.toWire(t).value(), t.name());
        }
        for (final ControlAction a : ControlAction.values())
        {
            assertEquals(a.code(), JournalWireCodes.CONTROL_ACTION.toWire(a).value(), a.name());
        }
        for (final RejectReason r : RejectReason.values())
        {
            assertEquals(r.code(), JournalWireCodes.REJECT_REASON.toWire(r).value(), r.name());
        }
    }

    @Test
    void shouldKeepTheNumbersJournalLayoutOneWrote()
    {
        assertPinned(JournalWireCodes.OUTPUT_KIND, List.of(
            "VENUE_NEW", "VENUE_CANCEL", "VENUE_AMEND", "VENUE_RECONCILE", "EXECUTION_REPORT", "ENGINE_ERROR", "ALERT"));
        assertPinned(JournalWireCodes.EXEC_TYPE, List.of(
            "PENDING_NEW", "NEW", "REJECTED", "PARTIAL_FILL", "FILL", "PENDING_CANCEL", "CANCELED", "CANCEL_REJECTED",
            "PENDING_REPLACE", "REPLACED", "REPLACE_REJECTED", "EXPIRED", "DONE_FOR_DAY"));
        assertPinned(JournalWireCodes.ORDER_STATE, List.of(
            "NEW", "PENDING_NEW", "ACCEPTED", "REJECTED", "PARTIALLY_FILLED", "FILLED", "PENDING_CANCEL", "CANCELED",
            "PENDING_REPLACE", "REPLACED", "EXPIRED", "DONE_FOR_DAY"));
        assertPinned(JournalWireCodes.ALERT_KIND, List.of(
            "KILL_SWITCH_FIRED", "KILL_SWITCH_RESET", "KILL_SWITCH_RESET_REFUSED", "WATCHDOG_HALT", "FEED_DEGRADED",
            "FEED_RECOVERED", "LIMIT_CHANGED", "LIMIT_CHANGE_REFUSED"));
        assertPinned(JournalWireCodes.SIDE, List.of("BUY", "SELL"));
        assertPinned(JournalWireCodes.ORDER_TYPE, List.of("LIMIT", "MARKET"));
        // Layout 1 wrote the runbook's ordinal, with NONE first.
        assertEquals(0, JournalWireCodes.RUNBOOK.toWire(Runbook.NONE).value());
        assertEquals(1, JournalWireCodes.RUNBOOK.toWire(Runbook.KILL_SWITCH).value());
        assertEquals(2, JournalWireCodes.RUNBOOK.toWire(Runbook.FEED_STALE).value());
        assertEquals(3, JournalWireCodes.RUNBOOK.toWire(Runbook.WATCHDOG_HALT).value());
        assertEquals(4, JournalWireCodes.RUNBOOK.toWire(Runbook.RISK_LIMITS).value());
    }

    @Test
    void shouldKeepTheOrdinalsThatAnIllegalTransitionRejectCarries()
    {
        // ILLEGAL_TRANSITION rejects journal OrderTrigger.packTransition(state, trigger) as their
        // value: (state ordinal << 8) | trigger ordinal. Reordering either enum would change what
        // old journals say (and fail their replay --verify), so both orders are pinned here.
        final List<String> states = List.of("NEW", "PENDING_NEW", "ACCEPTED", "REJECTED", "PARTIALLY_FILLED", "FILLED",
            "PENDING_CANCEL", "CANCELED", "PENDING_REPLACE", "REPLACED", "EXPIRED", "DONE_FOR_DAY");
        final List<String> triggers = List.of("SUBMIT", "RISK_REJECT", "VENUE_ACK", "VENUE_REJECT", "PARTIAL_FILL",
            "FULL_FILL", "CANCEL_REQUEST", "CANCEL_ACK", "CANCEL_REJECT", "REPLACE_REQUEST", "REPLACE_ACK", "REPLACE_REJECT",
            "EXPIRE", "DONE_FOR_DAY");
        assertTrue(OrderState.values().length >= states.size() && OrderTrigger.values().length >= triggers.size());
        for (int i = 0; i < states.size(); i++)
        {
            final OrderState s = OrderState.values()[i];
            assertEquals(states.get(s.ordinal()), s.name(), "OrderState ordinal " + s.ordinal() + ": append new states at the end");
        }
        for (int i = 0; i < triggers.size(); i++)
        {
            final OrderTrigger t = OrderTrigger.values()[i];
            assertEquals(triggers.get(t.ordinal()), t.name(), "OrderTrigger ordinal " + t.ordinal() + ": append new triggers at the end");
        }
        assertEquals((5L << 8) | 6, OrderTrigger.packTransition(OrderState.FILLED, OrderTrigger.CANCEL_REQUEST));
    }

    @Test
    void shouldReadNoneAsAbsentWhereTheEngineEnumHasNoNone()
    {
        assertTrue(JournalWireCodes.SIDE.isKnown(0));
        assertNull(JournalWireCodes.SIDE.fromWire(0));
        assertEquals(0, JournalWireCodes.SIDE.toWire(null).value());
        assertSame(EventType.NONE, JournalWireCodes.EVENT_TYPE.fromWire(0));
        assertFalse(JournalWireCodes.SIDE.isKnown(3));
        assertFalse(JournalWireCodes.EVENT_TYPE.isKnown(255));
        assertFalse(JournalWireCodes.EVENT_TYPE.isKnown(-1));
    }

    @Test
    void shouldRefuseToStartWhenAnEngineConstantHasNoSchemaValue()
    {
        // As if someone appended TOMBSTONE to the engine's Side without adding it to the schema.
        final IllegalStateException ex = assertThrows(IllegalStateException.class,
            () -> new WireEnum<>(Extended.class, io.horizon.engine.journal.sbe.Side.values(), w -> w.value()));

        assertTrue(ex.getMessage().contains("TOMBSTONE has no value in the journal schema"), ex.getMessage());
    }

    private enum Extended
    {
        BUY,
        SELL,
        TOMBSTONE
    }

    private static <D extends Enum<D>, W extends Enum<W>> void roundTrip(final WireEnum<D, W> table, final D[] values)
    {
        for (final D d : values)
        {
            final W w = table.toWire(d);
            final int code = ((Number)invokeValue(w)).intValue();
            assertTrue(table.isKnown(code), d.name());
            assertSame(d, table.fromWire(code), d.name());
            assertEquals(d.name(), w.name());
        }
    }

    private static Object invokeValue(final Enum<?> wire)
    {
        try
        {
            return wire.getClass().getMethod("value").invoke(wire);
        }
        catch (final ReflectiveOperationException ex)
        {
            throw new AssertionError(ex);
        }
    }

    private static <D extends Enum<D>, W extends Enum<W>> void assertPinned(final WireEnum<D, W> table, final List<String> inOrder)
    {
        for (int i = 0; i < inOrder.size(); i++)
        {
            final D d = table.fromWire(i + 1);
            assertEquals(inOrder.get(i), d == null ? null : d.name(), "wire value " + (i + 1));
        }
    }
}
