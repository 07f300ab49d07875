package io.horizon.ops.feed;

import java.util.Locale;

/**
 * What a market data file replay does with a row it cannot read (not a number, an unknown type or
 * symbol, a time earlier than the row before): {@code feed.bad_rows}, {@code --bad-rows}. Rows
 * that read well but look wrong (crossed or locked quotes, zero sizes, trades outside the quote,
 * gaps in time) are market data, never bad rows: the engine's risk layers and watchdog judge them.
 * <p>
 * Immutable.
 */
public enum BadRowPolicy
{
    /** The first bad row stops the feed: the run alerts, {@code /ready} fails, the summary names the row. */
    STOP,
    /**
     * A bad row is skipped: counted, named (file and line) in the summary, and journaled as a
     * feed-gap marker where it was, so replay shows where data is missing.
     */
    SKIP;

    /** The allowed values, for help and errors. */
    public static final String ALLOWED = "stop, skip";

    /**
     * @return the configuration name.
     */
    public String configName()
    {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * @param text {@code stop} or {@code skip}, any case.
     * @return the policy.
     * @throws IllegalArgumentException naming the value and what is allowed.
     */
    public static BadRowPolicy parse(final String text)
    {
        for (final BadRowPolicy p : values())
        {
            if (p.configName().equalsIgnoreCase(text == null ? "" : text.strip()))
            {
                return p;
            }
        }
        throw new IllegalArgumentException("'" + text + "' is not a bad-row policy (allowed: " + ALLOWED + ")");
    }
}
