package io.horizon.journal.lifecycle;

import java.nio.file.Path;
import java.util.List;

import io.horizon.journal.JournalException;

/**
 * Where a queue starts once the journal lifecycle has taken its first cycles out: the number of
 * records those cycles held, so that record numbers (the inbound ring sequence, the stores' journal
 * positions) keep counting from the start of the journal.
 * <p>
 * Only what the {@link LifecycleLedger} accounts for is accepted: the ledger's entries must run on
 * from record 0 without a gap, and the queue's first remaining file must be the one the last of them
 * named as its successor. A missing cycle file the ledger does not list is refused, naming it.
 * <p>
 * Stateless; any thread.
 */
public final class ArchivedPrefix
{
    private ArchivedPrefix()
    {
    }

    /**
     * @param stateDirectory the state directory.
     * @param queueName      {@code inbound} or {@code outbound}.
     * @param queueDirectory the queue folder.
     * @return records before the queue's first remaining cycle file; 0 when nothing was taken out.
     * @throws JournalException when the ledger is damaged or a cycle is missing that it does not list.
     */
    public static long firstRecord(final Path stateDirectory, final String queueName, final Path queueDirectory)
    {
        final List<LedgerEntry> entries = LifecycleLedger.read(stateDirectory, queueName);
        if (entries.isEmpty())
        {
            return 0;
        }
        final List<CycleFile> present = CycleFile.list(queueDirectory);
        final int firstPresent = present.isEmpty() ? Integer.MAX_VALUE : present.get(0).cycle();
        long next = 0;
        LedgerEntry last = null;
        for (final LedgerEntry e : entries)
        {
            if (e.cycle() >= firstPresent)
            {
                // Ledgered but still here: a run stopped between its ledger line and the removal.
                break;
            }
            if (e.firstRecord() != next || (last != null && !last.nextFile().equals(e.file())))
            {
                throw new JournalException(LifecycleLedger.file(stateDirectory) + " does not account for the " + queueName +
                    " journal's records " + next + " to " + e.firstRecord() + " before " + e.file() +
                    ": the ledger is damaged. Restore it and the journal from backup");
            }
            next = e.endRecord();
            last = e;
        }
        if (last != null && (present.isEmpty() || !present.get(0).name().equals(last.nextFile())))
        {
            throw new JournalException("the " + queueName + " journal in " + queueDirectory + " is missing cycle file " +
                last.nextFile() + ", which the journal lifecycle did not archive or delete (" +
                LifecycleLedger.file(stateDirectory).getFileName() + " ends with " + last.file() +
                "). Restore the missing .cq4 file from backup before using this journal");
        }
        return next;
    }
}
