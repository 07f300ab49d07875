package io.horizon.ops.preset;

import io.horizon.engine.snapshot.SnapshotPolicy;

/**
 * The preset's {@code [snapshots]} table: when the daemon snapshots the engine state into
 * {@code STATE/snapshots/}, and how many it keeps. A snapshot is due every {@code every_events}
 * journaled events or every {@code every_seconds} of engine time, whichever comes first (0 turns
 * that trigger off; both 0 leaves only {@code horizon snapshot}).
 * <p>
 * Immutable; any thread.
 *
 * @param everyEvents  journaled events between snapshots; 0 for none.
 * @param everySeconds engine time between snapshots; 0 for none.
 * @param keep         snapshots kept, newest first, at least 1.
 */
public record SnapshotSettings(long everyEvents, long everySeconds, int keep)
{
    /** 1 M events or 5 minutes, 3 kept: recovery replays at most about a million events. */
    public static final SnapshotSettings DEFAULT = new SnapshotSettings(1_000_000, 300, 3);

    /**
     * @return the engine's policy.
     */
    public SnapshotPolicy policy()
    {
        return new SnapshotPolicy(everyEvents, everySeconds * 1_000_000_000L);
    }
}
