package io.horizon.ops.cli;

import java.time.Duration;

import io.horizon.ops.support.HorizonProcess;
import org.junit.jupiter.api.Test;
import picocli.CommandLine.TypeConversionException;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Durations as operators write them, and the ones that would overflow refused as bad input (the
 * release before took {@code --duration 1e7h} and failed later with an internal error and a
 * stack trace, where the duration was counted in nanoseconds).
 */
final class DurationConverterTest
{
    private final DurationConverter converter = new DurationConverter();

    @Test
    void shouldReadTheUsualForms()
    {
        assertEquals(Duration.ofMillis(500), converter.convert("500ms"));
        assertEquals(Duration.ofMillis(1500), converter.convert("1.5s"));
        assertEquals(Duration.ofMinutes(5), converter.convert("5m"));
        assertEquals(Duration.ofHours(2), converter.convert("2h"));
        assertEquals(Duration.ofSeconds(30), converter.convert("PT30S"));
        assertEquals(Duration.ofSeconds(7), converter.convert("7"));
        assertEquals(Duration.ofDays(365), converter.convert("8760h"));
    }

    @Test
    void shouldRefuseDurationsThatWouldOverflowNamingTheValue()
    {
        for (final String huge : new String[] {"1e7h", "1e300h", "8761h", "P400D", "9223372036854775807ms", "1e20"})
        {
            final TypeConversionException ex = assertThrows(TypeConversionException.class, () -> converter.convert(huge), huge);
            assertTrue(ex.getMessage().startsWith("'" + huge + "' is longer than Horizon takes (at most 8760h"), ex.getMessage());
        }
        assertTrue(assertThrows(TypeConversionException.class, () -> converter.convert("Infinitys")).getMessage().contains("is not a duration"));
        assertTrue(assertThrows(TypeConversionException.class, () -> converter.convert("-1s")).getMessage().contains("longer than zero"));
    }

    @Test
    void shouldRefuseAnOverflowingRunDurationAsBadInputWithoutAStackTrace()
    {
        final HorizonProcess.Result run = HorizonProcess.inProcess("run", "--duration", "1e7h", "--state", "/nonexistent/never-created");
        assertEquals(2, run.exitCode(), run.output());
        assertTrue(run.output().contains("'1e7h' is longer than Horizon takes"), run.output());
        assertFalse(run.output().contains("\tat "), run.output());
    }
}
