package io.horizon.ops.preset;

import io.horizon.journal.SyncPolicy;

/**
 * The preset's {@code [journal]} table: when the journal forces its pages to disk, and what
 * happens to its old cycle files.
 *
 * @param sync               the policy; see {@link SyncPolicy}.
 * @param syncIntervalMillis for {@link SyncPolicy#PERIODIC}: the longest stretch a host crash can lose.
 * @param lifecycle          archiving or deleting old cycles; see {@link JournalLifecycleSettings}.
 */
public record JournalSettings(SyncPolicy sync, long syncIntervalMillis, JournalLifecycleSettings lifecycle)
{
    /** The default: an msync per batch, 100 ms were the policy periodic; every cycle kept. */
    public static final JournalSettings DEFAULT = new JournalSettings(SyncPolicy.BATCH, 100, JournalLifecycleSettings.KEEP);
}
