package io.horizon.journal;

/**
 * Observes each sync the inbound journal's syncer completes: which events it made durable and
 * when it started and ended. For diagnostics (the latency harness splits an event's latency into
 * the wait before its sync, the sync, and what follows it); production leaves it unset.
 * <p>
 * Threading: called on the syncer thread {@code horizon-journal-sync} (or the writer's, for the
 * sync at shutdown), after the device confirmed the sync and before the events are published as
 * durable, so whatever it records happens-before any thread acting on those events. It must not
 * block. A failed sync is not reported here (see {@code DurablePosition.Listener}).
 */
@FunctionalInterface
public interface SyncTimings
{
    /** Records nothing. */
    SyncTimings NONE = (afterSequence, upToSequence, startNanos, endNanos) ->
    {
    };

    /**
     * @param afterSequence last sequence durable before this sync ({@code -1} for none).
     * @param upToSequence  last sequence this sync made durable ({@code > afterSequence}).
     * @param startNanos    {@link System#nanoTime()} when the sync began.
     * @param endNanos      {@link System#nanoTime()} when the device confirmed it.
     */
    void onSynced(long afterSequence, long upToSequence, long startNanos, long endNanos);
}
