package io.horizon.engine.snapshot;

/**
 * When the engine takes a snapshot by itself: every {@code everyEvents} journaled events and every
 * {@code everyNanos} of engine time, whichever comes first; 0 turns a trigger off. Both count from
 * the last snapshot (or the start). Snapshots asked for on demand ({@link SnapshotTaker#request})
 * come on top.
 * <p>
 * Immutable; any thread.
 *
 * @param everyEvents journaled events between snapshots; 0 for none.
 * @param everyNanos  engine time between snapshots, nanoseconds; 0 for none.
 */
public record SnapshotPolicy(long everyEvents, long everyNanos)
{
    /** No snapshots unless asked for. */
    public static final SnapshotPolicy ON_DEMAND = new SnapshotPolicy(0, 0);

    /**
     * @throws IllegalArgumentException when a trigger is negative.
     */
    public SnapshotPolicy
    {
        if (everyEvents < 0 || everyNanos < 0)
        {
            throw new IllegalArgumentException("snapshot intervals must be 0 (off) or more, got every " + everyEvents +
                " events and every " + everyNanos + " ns");
        }
    }
}
