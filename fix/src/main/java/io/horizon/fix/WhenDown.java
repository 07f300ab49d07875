package io.horizon.fix;

import java.util.Locale;

/**
 * What a FIX venue does with an order, a cancel or an amend the engine sends while its session is
 * not logged on ({@code when_down} of a {@code [[venues]]} entry of kind {@code "fix"}).
 */
public enum WhenDown
{
    /** Refused at once: the command becomes a venue error, kept by the dead-letter queue with the reason. */
    DLQ,
    /**
     * Held, oldest first, up to {@code wait_max_orders}, and sent once the session has logged on
     * again; one held longer than {@code wait_limit_ms}, or one that finds the hold full, goes to
     * the dead-letter queue as with {@link #DLQ}.
     */
    WAIT;

    /**
     * @return the preset's spelling: {@code dlq} or {@code wait}.
     */
    public String configName()
    {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * @param name {@code dlq} or {@code wait}.
     * @return the mode.
     * @throws IllegalArgumentException naming the value and the choices.
     */
    public static WhenDown parse(final String name)
    {
        for (final WhenDown mode : values())
        {
            if (mode.configName().equals(name))
            {
                return mode;
            }
        }
        throw new IllegalArgumentException("when_down \"" + name + "\" is not one of \"dlq\", \"wait\"");
    }
}
