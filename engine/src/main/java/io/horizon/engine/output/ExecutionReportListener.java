package io.horizon.engine.output;

/**
 * Receives execution reports, engine errors and alerts after their cause has been journaled.
 * It is also the engine's alert sink: an outer module that pages someone listens for
 * {@link OutputKind#ALERT}.
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
