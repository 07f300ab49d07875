package io.horizon.engine.output;

/**
 * Receives execution reports, engine errors and alerts after their cause has been journaled:
 * order flow counters, clients, tests. It is not how anyone is paged: engine threads never run
 * alert code. Alerts reach people from the outbound journal, read by a follower on its own
 * thread ({@code io.horizon.ops.alerting.JournalAlertFollower}).
 * <p>
 * Called on the venue-gateway thread, in output order. Implementations must be quick and must
 * copy what they keep: the slot is reused once the call returns.
 */
@FunctionalInterface
public interface ExecutionReportListener
{
    /**
     * @param report an output of kind {@link OutputKind#EXECUTION_REPORT}, {@link OutputKind#ENGINE_ERROR}
     *               or {@link OutputKind#ALERT}.
     */
    void onReport(EngineOutput report);
}
