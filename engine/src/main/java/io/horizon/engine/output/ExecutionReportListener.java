package io.horizon.engine.output;

/**
 * Receives execution reports and engine errors after their cause has been journaled.
 * <p>
 * Called on the venue-gateway thread, in output order. Implementations must be quick and must
 * copy what they keep: the slot is reused once the call returns.
 */
@FunctionalInterface
public interface ExecutionReportListener
{
    /**
     * @param report an output of kind {@link OutputKind#EXECUTION_REPORT} or {@link OutputKind#ENGINE_ERROR}.
     */
    void onReport(EngineOutput report);
}
