package io.horizon.journal.lifecycle;

import java.nio.file.Path;

/**
 * A cycle file still in a queue, with the journal records it holds.
 * <p>
 * Immutable; any thread.
 *
 * @param queue       {@code inbound} or {@code outbound}.
 * @param file        the cycle file.
 * @param path        where it is.
 * @param firstRecord the journal record number of its first record.
 * @param records     records it holds.
 */
public record QueueCycle(String queue, CycleFile file, Path path, long firstRecord, long records)
{
    /**
     * @return the record number just after it.
     */
    public long endRecord()
    {
        return firstRecord + records;
    }

    /**
     * @param record a record number.
     * @return true when the cycle holds it.
     */
    public boolean holds(final long record)
    {
        return record >= firstRecord && record < endRecord();
    }
}
