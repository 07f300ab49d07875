package io.horizon.ops.cli;

import java.time.Duration;
import java.util.Locale;

import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * Parses durations the way operators write them: {@code 500ms}, {@code 30s}, {@code 5m},
 * {@code 2h}, or ISO-8601 ({@code PT30S}). A bare number is seconds. Anything longer than
 * {@link #MAX} (or not a finite number, such as {@code 1e7h} or {@code Infinitys}) is refused as
 * bad input, naming the value: no duration may overflow where it is later counted in nanoseconds.
 */
public final class DurationConverter implements ITypeConverter<Duration>
{
    /** The longest duration taken: 365 days. */
    static final Duration MAX = Duration.ofDays(365);

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
                d = millis(value, Double.parseDouble(text.substring(0, text.length() - 1)) * 1000);
            }
            else if (text.endsWith("m"))
            {
                d = millis(value, Double.parseDouble(text.substring(0, text.length() - 1)) * 60_000);
            }
            else if (text.endsWith("h"))
            {
                d = millis(value, Double.parseDouble(text.substring(0, text.length() - 1)) * 3_600_000);
            }
            else
            {
                d = millis(value, Double.parseDouble(text) * 1000);
            }
            if (d.isNegative() || d.isZero())
            {
                throw new TypeConversionException("'" + value + "' must be longer than zero, e.g. 30s");
            }
            if (d.compareTo(MAX) > 0)
            {
                throw tooLong(value);
            }
            return d;
        }
        catch (final ArithmeticException ex)
        {
            throw tooLong(value);
        }
        catch (final NumberFormatException | java.time.format.DateTimeParseException ex)
        {
            throw new TypeConversionException("'" + value + "' is not a duration; write e.g. 500ms, 30s, 5m or 2h");
        }
    }

    private static Duration millis(final String value, final double millis)
    {
        if (Double.isNaN(millis))
        {
            throw new NumberFormatException(value);
        }
        if (millis > MAX.toMillis())
        {
            // Also infinity and 1e300h: refused before any conversion can overflow.
            throw tooLong(value);
        }
        return Duration.ofMillis(Math.round(millis));
    }

    private static TypeConversionException tooLong(final String value)
    {
        return new TypeConversionException("'" + value + "' is longer than Horizon takes (at most " + MAX.toHours() +
            "h, 365 days); for a daemon that runs until stopped, leave --duration out");
    }
}
