package io.horizon.journal.retention;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How long audit events are kept: a number of years or days ({@code 7y}, {@code 400d}). An event
 * written (audit recorded_at) before {@code now - policy} (calendar years, UTC) has expired.
 * <p>
 * Immutable; any thread.
 *
 * @param amount how many.
 * @param years  true for years, false for days.
 */
public record RetentionPolicy(long amount, boolean years)
{
    private static final Pattern FORMAT = Pattern.compile("([+-]?\\d+)\\s*(y|years?|d|days?)");

    public RetentionPolicy
    {
        if (amount <= 0)
        {
            throw new IllegalArgumentException("a retention of " + amount + (years ? "y" : "d") +
                " is not allowed: events must be kept at least one day; use e.g. --keep 7y or --keep 400d");
        }
    }

    /**
     * @param text {@code 7y}, {@code 400d}, {@code 7 years}, {@code 30 days}.
     * @return the policy.
     * @throws IllegalArgumentException naming the text when it is not a positive length.
     */
    public static RetentionPolicy parse(final String text)
    {
        final Matcher m = text == null ? null : FORMAT.matcher(text.trim().toLowerCase(java.util.Locale.ROOT));
        if (m == null || !m.matches())
        {
            throw new IllegalArgumentException("'" + text + "' is not a retention period; write years or days, e.g. --keep 7y or --keep 400d");
        }
        final long amount;
        try
        {
            amount = Long.parseLong(m.group(1));
        }
        catch (final NumberFormatException ex)
        {
            throw new IllegalArgumentException("'" + text + "' is too long a retention period; use e.g. --keep 7y");
        }
        final boolean years = m.group(2).startsWith("y");
        if (amount <= 0)
        {
            throw new IllegalArgumentException("a retention of '" + text + "' is not allowed: events must be kept at least one day; " +
                "use e.g. --keep 7y or --keep 400d");
        }
        if (amount > (years ? 1000 : 366_000))
        {
            throw new IllegalArgumentException("'" + text + "' is longer than any record needs keeping; use at most 1000y");
        }
        return new RetentionPolicy(amount, years);
    }

    /**
     * @param now the time of the run.
     * @return the cutoff: events written before it have expired.
     */
    public Instant cutoff(final Instant now)
    {
        return years ? now.atZone(ZoneOffset.UTC).minusYears(amount).toInstant() : now.atZone(ZoneOffset.UTC).minusDays(amount).toInstant();
    }

    @Override
    public String toString()
    {
        return amount + (years ? "y" : "d");
    }
}
