package io.horizon.ops.preset;

import io.horizon.journal.SyncPolicy;

/**
 * The preset's {@code [journal]} table: when the journal forces its pages to disk.
 *
 * @param sync               the policy; see {@link SyncPolicy}.
 * @param syncIntervalMillis for {@link SyncPolicy#PERIODIC}: the longest stretch a host crash can lose.
 */
public record JournalSettings(SyncPolicy sync, long syncIntervalMillis)
{
    /** The default: an msync per batch, 100 ms were the policy periodic. */
    public static final JournalSettings DEFAULT = new JournalSettings(SyncPolicy.BATCH, 100);
}
