package io.horizon.journal.audit;

import java.util.Locale;

/**
 * How much an audit event matters, stored lower-case in the {@code severity} column.
 * Immutable; any thread.
 */
public enum AuditSeverity
{
    /** Normal operation. */
    INFO,
    /** Something was refused or changed that an operator may want to know. */
    WARNING,
    /** Something failed. */
    ERROR,
    /** Trading was stopped or is at risk. */
    CRITICAL;

    /**
     * @return the stored text, e.g. {@code "warning"}.
     */
    public String code()
    {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * @param code a stored text.
     * @return the severity, or {@code null} when unknown.
     */
    public static AuditSeverity fromCode(final String code)
    {
        for (final AuditSeverity s : values())
        {
            if (s.code().equals(code))
            {
                return s;
            }
        }
        return null;
    }
}
