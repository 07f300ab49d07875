package io.horizon.journal.audit;

import java.time.Instant;
import java.time.LocalDate;
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
        final long seconds = Math.floorDiv(epochNanos, 1_000_000_000L);
        final int nanos = (int)Math.floorMod(epochNanos, 1_000_000_000L);
        final long epochDay = Math.floorDiv(seconds, 86_400L);
        final int secondOfDay = (int)Math.floorMod(seconds, 86_400L);
        final LocalDate date = LocalDate.ofEpochDay(epochDay);
        if (date.getYear() < 0 || date.getYear() > 9999)
        {
            return FORMAT.format(Instant.ofEpochSecond(seconds, nanos));
        }
        // Written by hand: this runs once per audit row, and a DateTimeFormatter costs several times more.
        final char[] c = new char[30];
        digits(c, 0, date.getYear(), 4);
        c[4] = '-';
        digits(c, 5, date.getMonthValue(), 2);
        c[7] = '-';
        digits(c, 8, date.getDayOfMonth(), 2);
        c[10] = 'T';
        digits(c, 11, secondOfDay / 3600, 2);
        c[13] = ':';
        digits(c, 14, secondOfDay / 60 % 60, 2);
        c[16] = ':';
        digits(c, 17, secondOfDay % 60, 2);
        c[19] = '.';
        digits(c, 20, nanos, 9);
        c[29] = 'Z';
        return new String(c);
    }

    private static void digits(final char[] c, final int at, final int value, final int width)
    {
        int v = value;
        for (int i = at + width - 1; i >= at; i--)
        {
            c[i] = (char)('0' + v % 10);
            v /= 10;
        }
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
