package io.horizon.ops.cli;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;

import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * Parses a point in time for filters: an ISO-8601 instant or offset date-time
 * ({@code 2026-11-29T14:30:00Z}, {@code 2026-11-29T15:30:00+01:00}), or a duration meaning
 * "that long ago" ({@code 15m}, {@code 2h}). A time without a zone is refused: journal times
 * are UTC and a guess would shift the window.
 */
public final class TimeConverter implements ITypeConverter<Instant>
{
    @Override
    public Instant convert(final String value)
    {
        final String text = value.trim();
        try
        {
            return Instant.parse(text);
        }
        catch (final DateTimeParseException ignore)
        {
            // Try the other forms.
        }
        try
        {
            return OffsetDateTime.parse(text).toInstant();
        }
        catch (final DateTimeParseException ignore)
        {
            // Try a duration.
        }
        try
        {
            return Instant.now().minus(new DurationConverter().convert(text));
        }
        catch (final TypeConversionException ignore)
        {
            throw new TypeConversionException("'" + value + "' is not a time; write an ISO time with a zone, " +
                "e.g. 2026-11-29T14:30:00Z, or how long ago, e.g. 15m");
        }
    }
}
