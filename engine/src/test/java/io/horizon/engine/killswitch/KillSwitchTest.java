package io.horizon.engine.killswitch;

import io.horizon.engine.event.ControlAction;
import io.horizon.engine.event.InboundEvent;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The kill switch's state machine on its own.
 */
final class KillSwitchTest
{
    private final KillSwitch killSwitch = new KillSwitch();

    private static InboundEvent control(final ControlAction action, final String text)
    {
        return new InboundEvent().setControl(10, action, 0, text);
    }

    @Test
    void shouldEngageWithTriggerReasonAndTime()
    {
        assertTrue(killSwitch.fire(KillTrigger.COMPLIANCE_PAUSE, 0, 0, 77, control(ControlAction.KILL, "desk review")));

        assertTrue(killSwitch.isEngaged());
        assertSame(KillTrigger.COMPLIANCE_PAUSE, killSwitch.trigger());
        assertEquals("desk review", killSwitch.reason());
        assertEquals(77, killSwitch.firedAtNanos());
        assertEquals("ENGAGED (trigger compliance_pause: desk review)", killSwitch.toString());
    }

    @Test
    void shouldKeepTheFirstTriggerWhenFiredAgain()
    {
        killSwitch.fire(KillTrigger.DRAWDOWN, 260_000, 250_000, 1, null);
        assertFalse(killSwitch.fire(KillTrigger.MANUAL, 0, 0, 2, control(ControlAction.KILL, "again")));

        assertSame(KillTrigger.DRAWDOWN, killSwitch.trigger());
        assertEquals(260_000, killSwitch.triggerValue());
        assertEquals(1, killSwitch.fires());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "   ", "\t\n", "user:alice: ", "user:alice:   "})
    void shouldRefuseAResetWithoutAReason(final String blank)
    {
        killSwitch.fire(KillTrigger.MANUAL, 0, 0, 1, control(ControlAction.KILL, "x"));

        assertEquals(KillSwitch.ResetOutcome.REFUSED_NO_REASON, killSwitch.reset(control(ControlAction.RESET, blank), 2));
        assertTrue(killSwitch.isEngaged());
    }

    @Test
    void shouldResetWithAReason()
    {
        killSwitch.fire(KillTrigger.MANUAL, 0, 0, 1, control(ControlAction.KILL, "x"));

        assertEquals(KillSwitch.ResetOutcome.RESET, killSwitch.reset(control(ControlAction.RESET, "limits fixed"), 5));
        assertFalse(killSwitch.isEngaged());
        assertEquals("limits fixed", killSwitch.resetReason());
        assertEquals(5, killSwitch.resetAtNanos());
        assertEquals(KillSwitch.ResetOutcome.NOT_ENGAGED, killSwitch.reset(control(ControlAction.RESET, "again"), 6));
        assertEquals(1, killSwitch.resets());
    }

    @Test
    void shouldClearWithoutAReasonOnlyWhenAskedByItsOwner()
    {
        assertFalse(killSwitch.clear(1));
        killSwitch.fire(KillTrigger.EQUITY_MINIMUM, 1, 2, 1, null);
        assertTrue(killSwitch.clear(3));
        assertFalse(killSwitch.isEngaged());
        assertEquals("", killSwitch.resetReason());
    }

    @ParameterizedTest
    @EnumSource(KillTrigger.class)
    void shouldRoundTripEveryTriggerCode(final KillTrigger trigger)
    {
        assertSame(trigger, KillTrigger.fromCode(trigger.code()));
    }

    @Test
    void shouldPinTriggerCodesBecauseTheJournalCarriesThem()
    {
        assertEquals(0, KillTrigger.MANUAL.code());
        assertEquals(1, KillTrigger.DRAWDOWN.code());
        assertEquals(2, KillTrigger.EQUITY_MINIMUM.code());
        assertEquals(3, KillTrigger.FEED_CORRUPTION.code());
        assertEquals(4, KillTrigger.COMPLIANCE_PAUSE.code());
        assertEquals(5, KillTrigger.CONSECUTIVE_REJECTS.code());
        assertEquals(6, KillTrigger.EXTERNAL.code());
        assertNull(KillTrigger.fromCode(-1));
        assertNull(KillTrigger.fromCode(99));
    }
}
