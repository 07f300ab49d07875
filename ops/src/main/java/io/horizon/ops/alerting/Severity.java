package io.horizon.ops.alerting;

import java.util.Locale;

/**
 * How urgent an alert is, lowest first. Each sink sends only alerts at or above its minimum.
 */
public enum Severity
{
    INFO,
    WARNING,
    ERROR,
    CRITICAL;

    /**
     * @param minimum the threshold.
     * @return true when this severity is at least {@code minimum}.
     */
    public boolean atLeast(final Severity minimum)
    {
        return compareTo(minimum) >= 0;
    }

    /**
     * @return the lower-case name, as PagerDuty and the audit log spell it.
     */
    public String wireName()
    {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * @param text a severity name in any case ({@code warn} is accepted for warning).
     * @return the severity.
     * @throws IllegalArgumentException naming the value and the allowed ones.
     */
    public static Severity parse(final String text)
    {
        final String t = text == null ? "" : text.trim().toUpperCase(Locale.ROOT);
        if ("WARN".equals(t))
        {
            return WARNING;
        }
        for (final Severity s : values())
        {
            if (s.name().equals(t))
            {
                return s;
            }
        }
        throw new IllegalArgumentException("severity '" + text + "' is not known; use one of: info, warning, error, critical");
    }
}
