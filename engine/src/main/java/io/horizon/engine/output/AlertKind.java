package io.horizon.engine.output;

/**
 * What an {@link OutputKind#ALERT} output reports. Alerts carry codes and numbers only, so the
 * business-logic processor never builds text; the edge renders them (see
 * {@code io.horizon.engine.risk.RiskAlerts#describe}). The meaning of the numeric fields of
 * {@link EngineOutput} for each kind is given here. Free text an operator typed (a kill reason)
 * stays in the journaled control event that {@link EngineOutput#causeSequence} points at.
 */
public enum AlertKind
{
    /**
     * The kill switch engaged. {@code alertCode}: the trigger's code
     * ({@code io.horizon.engine.killswitch.KillTrigger}); {@code alertValue} and {@code alertLimit}:
     * the observed value and the threshold that fired it (0 for event triggers).
     */
    KILL_SWITCH_FIRED,
    /**
     * The kill switch was reset. {@code alertCode}: the trigger that had fired it, or
     * {@link #RESET_WHILE_ARMED} when the switch was not engaged (the reset then only cleared halted
     * accounts); {@code alertDetail}: who reset it, a {@link ResetBy} code.
     */
    KILL_SWITCH_RESET,
    /**
     * A reset was refused. {@code alertDetail}: why, a {@link ResetRefusal} code.
     */
    KILL_SWITCH_RESET_REFUSED,
    /**
     * The watchdog halted something. {@code alertCode}: the halt reason's code
     * ({@code io.horizon.engine.watchdog.HaltReason}); {@code accountId} or {@code alertDetail}
     * (feed id) say what; {@code alertValue} and {@code alertLimit}: observed value and threshold.
     */
    WATCHDOG_HALT,
    /**
     * A feed became degraded (late or gapped) but still trades. {@code alertCode}: feed id;
     * {@code alertValue}: heartbeat age in ms; {@code alertDetail}: sequence gaps since the last
     * evaluation.
     */
    FEED_DEGRADED,
    /**
     * A feed is healthy again. {@code alertCode}: feed id; {@code alertDetail}: the code of the
     * status it recovered from ({@code io.horizon.engine.watchdog.FeedStatus}).
     */
    FEED_RECOVERED,
    /**
     * A limit changed at run time. {@code alertCode}: the limit's code
     * ({@code io.horizon.engine.risk.RiskLimit}); {@code alertValue}: new value; {@code alertLimit}:
     * previous value; {@code accountId} / {@code instrumentId}: the scope, -1 for all.
     */
    LIMIT_CHANGED,
    /**
     * A limit change was refused. {@code alertCode}: the limit's code, or -1 when the key is
     * unknown; {@code alertDetail}: why ({@code io.horizon.engine.risk.LimitRefusal});
     * {@code alertValue}: the value asked for; {@code alertLimit}: the bound it broke.
     */
    LIMIT_CHANGE_REFUSED;

    /** {@link #KILL_SWITCH_RESET}'s {@code alertCode} when the switch was not engaged at the reset. */
    public static final int RESET_WHILE_ARMED = -1;

    /**
     * Who reset the kill switch: the {@code alertDetail} of a {@link #KILL_SWITCH_RESET}. The codes
     * are journaled; never renumber them.
     */
    public enum ResetBy
    {
        /** An operator's RESET control event, with a reason. */
        OPERATOR(1),
        /** The switch cleared itself because its trigger's condition cleared (no manual reset required). */
        AUTOMATIC(2);

        private final int code;

        ResetBy(final int code)
        {
            this.code = code;
        }

        /**
         * @return the journaled code.
         */
        public int code()
        {
            return code;
        }

        /**
         * @param code a journaled code.
         * @return the value, or {@code null} for an unknown code.
         */
        public static ResetBy fromCode(final int code)
        {
            for (final ResetBy r : values())
            {
                if (r.code == code)
                {
                    return r;
                }
            }
            return null;
        }
    }

    /**
     * Why a reset was refused: the {@code alertDetail} of a {@link #KILL_SWITCH_RESET_REFUSED}. The
     * codes are journaled; never renumber them.
     */
    public enum ResetRefusal
    {
        /** The reset carried no reason (or a blank one). */
        NO_REASON(1);

        private final int code;

        ResetRefusal(final int code)
        {
            this.code = code;
        }

        /**
         * @return the journaled code.
         */
        public int code()
        {
            return code;
        }
    }
}
