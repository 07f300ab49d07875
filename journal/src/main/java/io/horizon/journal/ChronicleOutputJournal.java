package io.horizon.journal;

import java.nio.file.Path;

import io.horizon.engine.journal.OutputJournal;
import io.horizon.engine.output.EngineOutput;
import io.horizon.journal.lifecycle.ArchivedPrefix;
import net.openhft.chronicle.queue.ExcerptAppender;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;

/**
 * The outbound journal: every output of the BLP, in output order, written by the venue gateway
 * just before it acts on the output.
 * <p>
 * Outputs are a deterministic function of the inbound journal, so after a restart the replay
 * regenerates them in the same order, cause by cause (outputs are journaled in the order of the
 * events that caused them). Those already here are skipped: every output of an event before the
 * last cause journaled, and as many of that last cause's as are here. The rest (outputs of the last
 * events before a crash that never got written) are appended. Skipping by cause, not by count,
 * lets a replay start at a snapshot, after events whose outputs it never regenerates.
 * <p>
 * Threading: {@link #append} on the gateway thread only; open and close on the owner thread.
 */
public final class ChronicleOutputJournal implements OutputJournal, AutoCloseable
{
    private final SingleChronicleQueue queue;
    private final long existing;
    private final long lastCause;
    private final long lastCauseCount;
    private final MappedRecordWriter writer = new MappedRecordWriter();
    private ExcerptAppender appender;
    private long seenOfLastCause;

    private ChronicleOutputJournal(final SingleChronicleQueue queue, final long existing)
    {
        this.queue = queue;
        this.existing = existing;
        final long[] last = JournalReader.lastOutputCause(queue);
        this.lastCause = last[0];
        this.lastCauseCount = last[1];
    }

    /**
     * Opens (or creates) the outbound journal of a state directory.
     *
     * @param stateDirectory the state directory.
     * @return the open journal.
     */
    public static ChronicleOutputJournal open(final Path stateDirectory)
    {
        final Path directory = JournalDirectory.outbound(stateDirectory);
        final long archived = ArchivedPrefix.firstRecord(stateDirectory, JournalDirectory.OUTBOUND, directory);
        final SingleChronicleQueue queue = JournalDirectory.openForWriting(directory);
        return new ChronicleOutputJournal(queue, archived + queue.entryCount());
    }

    /**
     * @return outputs the journal held when it was opened, counting those in cycles the journal
     *         lifecycle archived or deleted.
     */
    public long outputCount()
    {
        return existing;
    }

    @Override
    public void append(final EngineOutput out)
    {
        if (out.causeSequence < lastCause)
        {
            return;
        }
        if (out.causeSequence == lastCause && seenOfLastCause < lastCauseCount)
        {
            seenOfLastCause++;
            return;
        }
        if (appender == null)
        {
            appender = queue.createAppender();
        }
        writer.appendOutput(appender, out);
    }

    @Override
    public void close()
    {
        queue.close();
    }
}
