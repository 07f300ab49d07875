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
     * The kill switch was reset. {@code alertCode}: the trigger that had fired it;
     * {@code alertDetail}: 1 for an operator reset, 2 for an automatic one (the trigger cleared).
     */
    KILL_SWITCH_RESET,
    /**
     * A reset was refused. {@code alertDetail}: 1 when the reset carried no reason.
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
    LIMIT_CHANGE_REFUSED
}
