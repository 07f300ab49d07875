package io.horizon.journal;

import java.util.Locale;

/**
 * When the journal makes its memory-mapped pages durable. The writing thread never waits for the
 * device: a syncer thread ({@link JournalSyncer}) does the syncs ({@code fdatasync} of the cycle
 * file, which on Linux is what {@code msync(MS_SYNC)} does), and whatever the policy, everything
 * written is synced at shutdown.
 * <ul>
 *   <li>{@link #NONE}: never while running; the operating system writes pages back on its own
 *       schedule (typically within 30 s). An event is in the page cache once its append returns, so
 *       it survives a crash of the Horizon process, but not a crash of the host or a power loss.</li>
 *   <li>{@link #BATCH} (default): the syncer syncs whatever the journal stage has written, each time
 *       the previous sync returns (group commit: under load one sync covers many batches, so the
 *       cost per event falls), and the venue gateway acts on an event only once it is durable. So
 *       every event whose effect left the process is on disk and survives a host crash.</li>
 *   <li>{@link #PERIODIC}: the syncer syncs what was written once per interval; effects do not wait.
 *       A host crash can lose at most that interval of events, including ones whose effects had
 *       already left the process.</li>
 * </ul>
 */
public enum SyncPolicy
{
    NONE,
    BATCH,
    PERIODIC;

    /**
     * @param text {@code none}, {@code batch} or {@code periodic}.
     * @return the policy.
     * @throws IllegalArgumentException naming the value and the allowed ones.
     */
    public static SyncPolicy parse(final String text)
    {
        for (final SyncPolicy policy : values())
        {
            if (policy.name().equalsIgnoreCase(text == null ? "" : text.trim()))
            {
                return policy;
            }
        }
        throw new IllegalArgumentException("journal sync policy '" + text + "' is not known; use one of: none, batch, periodic");
    }

    /**
     * @return the configuration spelling.
     */
    public String configName()
    {
        return name().toLowerCase(Locale.ROOT);
    }
}
