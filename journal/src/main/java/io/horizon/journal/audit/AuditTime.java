package io.horizon.journal.audit;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

/**
 * The audit log's time format: UTC, ISO-8601, always nine fraction digits and a {@code Z}, for
 * example {@code 2026-11-29T14:30:00.000123456Z}. Fixed width, so text order is time order and
 * SQLite can compare and index the column as it stands.
 * <p>
 * Stateless; any thread.
 */
public final class AuditTime
{
    private static final DateTimeFormatter FORMAT =
        DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSSSSS'Z'").withZone(ZoneOffset.UTC);

    private AuditTime()
    {
    }

    /**
     * @param epochNanos nanoseconds since the epoch.
     * @return the stored text.
     */
    public static String format(final long epochNanos)
    {
        return FORMAT.format(Instant.ofEpochSecond(Math.floorDiv(epochNanos, 1_000_000_000L), Math.floorMod(epochNanos, 1_000_000_000L)));
    }

    /**
     * @param instant a point in time.
     * @return the stored text.
     */
    public static String format(final Instant instant)
    {
        return FORMAT.format(instant);
    }

    /**
     * @param text a stored time.
     * @return the instant.
     * @throws IllegalArgumentException when the text is not in the stored form.
     */
    public static Instant parse(final String text)
    {
        try
        {
            return Instant.parse(text);
        }
        catch (final DateTimeParseException ex)
        {
            throw new IllegalArgumentException("'" + text + "' is not an audit time; expected e.g. 2026-11-29T14:30:00.000000000Z", ex);
        }
    }

    /**
     * @return now, from the wall clock, in nanoseconds since the epoch.
     */
    public static long nowNanos()
    {
        final Instant now = Instant.now();
        return now.getEpochSecond() * 1_000_000_000L + now.getNano();
    }
}
