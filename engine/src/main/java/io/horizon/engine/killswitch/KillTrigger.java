package io.horizon.engine.killswitch;

/**
 * What fired the kill switch.
 * <p>
 * Triggers that come from outside the engine (an operator, a feed handler that saw corrupt data,
 * compliance, a later module's hook such as DLQ depth) arrive as a journaled
 * {@code CONTROL KILL} event whose {@code controlValue} is the trigger's {@link #code()}, so a
 * replay of the journal fires them again at the same point. The others are computed by the
 * watchdog on heartbeats, which are journaled too.
 * <p>
 * Codes are part of the journal layout: never renumber one.
 */
public enum KillTrigger
{
    /** An operator asked for it. The control event's text is the reason. */
    MANUAL(0, "manual", true, false),
    /** Portfolio equity fell from its peak by at least {@code kill_switch_drawdown_pct}. */
    DRAWDOWN(1, "drawdown", false, true),
    /** Portfolio equity fell below {@code min_equity}. */
    EQUITY_MINIMUM(2, "equity_minimum", false, true),
    /** A feed handler saw data it cannot trust. */
    FEED_CORRUPTION(3, "feed_corruption", true, false),
    /** Compliance asked for trading to pause. */
    COMPLIANCE_PAUSE(4, "compliance_pause", true, false),
    /** {@code max_consecutive_rejects} orders in a row were rejected. */
    CONSECUTIVE_REJECTS(5, "consecutive_rejects", false, false),
    /** A hook outside the engine (for example DLQ depth) fired it. */
    EXTERNAL(6, "external", true, false);

    private static final KillTrigger[] BY_CODE = new KillTrigger[16];

    static
    {
        for (final KillTrigger t : values())
        {
            BY_CODE[t.code] = t;
        }
    }

    private final int code;
    private final String label;
    private final boolean firedByControl;
    private final boolean conditionClears;

    KillTrigger(final int code, final String label, final boolean firedByControl, final boolean conditionClears)
    {
        this.code = code;
        this.label = label;
        this.firedByControl = firedByControl;
        this.conditionClears = conditionClears;
    }

    /**
     * @return the stable wire code, carried as {@code controlValue} of a KILL control event.
     */
    public int code()
    {
        return code;
    }

    /**
     * @return the name used in alerts and metrics ({@code "consecutive_rejects"}).
     */
    public String label()
    {
        return label;
    }

    /**
     * @return true when this trigger arrives as a control event; false when the engine computes it.
     */
    public boolean isFiredByControl()
    {
        return firedByControl;
    }

    /**
     * @return true when the condition behind the trigger can clear by itself (equity recovers),
     *         so that with {@code require_manual_reset = false} the switch may reset itself.
     */
    public boolean conditionCanClear()
    {
        return conditionClears;
    }

    /**
     * @param code a wire code.
     * @return the trigger, or {@code null} when unknown.
     */
    public static KillTrigger fromCode(final long code)
    {
        return code >= 0 && code < BY_CODE.length ? BY_CODE[(int)code] : null;
    }
}
