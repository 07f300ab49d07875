package io.horizon.journal;

import java.util.Locale;

/**
 * When the journal forces its memory-mapped pages to disk (msync).
 * <ul>
 *   <li>{@link #NONE}: never; the operating system writes pages back on its own schedule
 *       (typically within 30 s). An event is in the page cache once its append returns, so it
 *       survives a crash of the Horizon process, but not a crash of the host or a power loss.</li>
 *   <li>{@link #BATCH} (default): at the end of every batch the journal stage takes from the
 *       ring. Because the venue gateway is gated on the journal stage, every event whose effect
 *       left the process is on disk and survives a host crash. Costs one msync per batch; under
 *       load batches grow, so the cost per event falls.</li>
 *   <li>{@link #PERIODIC}: at the end of a batch if the last msync is older than the interval.
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
