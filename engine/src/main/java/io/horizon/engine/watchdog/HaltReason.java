package io.horizon.engine.watchdog;

/**
 * Why the watchdog halted something, carried as the code of a {@code WATCHDOG_HALT} alert.
 * Codes are stable.
 */
public enum HaltReason
{
    /** A feed went stale: new orders on its instruments pause. */
    FEED_STALE(1, "feed_stale"),
    /** A feed went silent long enough to be presumed disconnected. */
    FEED_DISCONNECTED(2, "feed_disconnected"),
    /** {@code max_consecutive_rejects} rejects in a row: fires the kill switch. */
    CONSECUTIVE_REJECTS(3, "consecutive_rejects"),
    /** An account lost {@code max_intraday_loss_pct} of its starting equity: it is halted. */
    INTRADAY_LOSS(4, "intraday_loss"),
    /** Portfolio equity fell below {@code min_equity}: fires the kill switch. */
    MIN_EQUITY(5, "min_equity"),
    /** Portfolio drawdown from its peak reached {@code kill_switch_drawdown_pct}: fires the kill switch. */
    DRAWDOWN(6, "drawdown");

    private static final HaltReason[] BY_CODE = new HaltReason[8];

    static
    {
        for (final HaltReason r : values())
        {
            BY_CODE[r.code] = r;
        }
    }

    private final int code;
    private final String label;

    HaltReason(final int code, final String label)
    {
        this.code = code;
        this.label = label;
    }

    /**
     * @return the stable code.
     */
    public int code()
    {
        return code;
    }

    /**
     * @return the name used in alerts.
     */
    public String label()
    {
        return label;
    }

    /**
     * @param code a code.
     * @return the reason, or {@code null} when unknown.
     */
    public static HaltReason fromCode(final int code)
    {
        return code >= 0 && code < BY_CODE.length ? BY_CODE[code] : null;
    }
}
