package io.horizon.ops.cli;

import java.time.Duration;
import java.util.Locale;

import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * Parses durations the way operators write them: {@code 500ms}, {@code 30s}, {@code 5m},
 * {@code 2h}, or ISO-8601 ({@code PT30S}). A bare number is seconds.
 */
public final class DurationConverter implements ITypeConverter<Duration>
{
    @Override
    public Duration convert(final String value)
    {
        final String text = value.trim().toLowerCase(Locale.ROOT);
        try
        {
            final Duration d;
            if (text.startsWith("pt") || text.startsWith("p"))
            {
                d = Duration.parse(text.toUpperCase(Locale.ROOT));
            }
            else if (text.endsWith("ms"))
            {
                d = Duration.ofMillis(Long.parseLong(text.substring(0, text.length() - 2)));
            }
            else if (text.endsWith("s"))
            {
                d = Duration.ofMillis(Math.round(Double.parseDouble(text.substring(0, text.length() - 1)) * 1000));
            }
            else if (text.endsWith("m"))
            {
                d = Duration.ofSeconds(Math.round(Double.parseDouble(text.substring(0, text.length() - 1)) * 60));
            }
            else if (text.endsWith("h"))
            {
                d = Duration.ofSeconds(Math.round(Double.parseDouble(text.substring(0, text.length() - 1)) * 3600));
            }
            else
            {
                d = Duration.ofMillis(Math.round(Double.parseDouble(text) * 1000));
            }
            if (d.isNegative() || d.isZero())
            {
                throw new TypeConversionException("'" + value + "' must be longer than zero, e.g. 30s");
            }
            return d;
        }
        catch (final NumberFormatException | java.time.format.DateTimeParseException ex)
        {
            throw new TypeConversionException("'" + value + "' is not a duration; write e.g. 500ms, 30s, 5m or 2h");
        }
    }
}
