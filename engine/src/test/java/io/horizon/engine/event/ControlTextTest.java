package io.horizon.engine.event;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

final class ControlTextTest
{
    @Test
    void shouldReadTheOperatorAndReasonBackFromTheEventText()
    {
        final String text = ControlText.compose("alice", "venue: sending bad fills");

        assertEquals("user:alice: venue: sending bad fills", text);
        assertEquals("user:alice", ControlText.actor(text));
        assertEquals("venue: sending bad fills", ControlText.reason(text));
    }

    @Test
    void shouldNameNoActorForTextTheEngineWroteItself()
    {
        assertNull(ControlText.actor("recovery"));
        assertEquals("recovery", ControlText.reason("recovery"));
        assertNull(ControlText.actor("user:"));
    }

    @Test
    void shouldRefuseAnOperatorNameThatCouldNotBeReadBack()
    {
        assertThrows(IllegalArgumentException.class, () -> ControlText.compose("a:b", "x"));
        assertThrows(IllegalArgumentException.class, () -> ControlText.compose("a b", "x"));
        assertThrows(IllegalArgumentException.class, () -> ControlText.compose("", "x"));
    }
}
