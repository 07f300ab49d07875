package io.horizon.journal.lifecycle;

import java.util.Locale;

/**
 * What the journal lifecycle does with a cycle that may go: nothing (the default), move it to the
 * archive compressed, or delete it.
 */
public enum LifecycleAction
{
    /** Keep every cycle: the journal grows. */
    NONE,
    /** Move to the archive directory, gzip-compressed, checksummed. */
    ARCHIVE,
    /** Delete (after recording its checksum). */
    DELETE;

    /**
     * @return the preset word.
     */
    public String configName()
    {
        return name().toLowerCase(Locale.ROOT);
    }
}
