package io.horizon.journal.lifecycle;

import io.horizon.journal.flush.JournalPosition;

/**
 * How far every store that copies the journal has committed: the audit log (inbound and outbound)
 * and the dead-letter queue (outbound). A cycle is only taken out once all of them are past it.
 * <p>
 * Threading: called from the lifecycle's thread.
 */
@FunctionalInterface
public interface FlushedPositions
{
    /**
     * @return the inbound records the audit log committed, and the lower of the outbound records
     *         the audit log and the dead-letter queue committed.
     * @throws io.horizon.journal.sqlite.StoreException when a store cannot be read; the run then
     *         takes nothing out.
     */
    JournalPosition committedByAll();
}
