package io.horizon.journal;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.StandardOpenOption;
import java.util.Optional;
import java.util.stream.Stream;

import java.nio.file.Path;

import io.horizon.engine.journal.OutputJournal;
import io.horizon.engine.output.EngineOutput;
import io.horizon.journal.lifecycle.ArchivedPrefix;
import net.openhft.chronicle.queue.ExcerptAppender;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

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
    private static final Logger LOG = LoggerFactory.getLogger(ChronicleOutputJournal.class);

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

    /**
     * Closes the queue and forces its newest cycle file to the device, so a clean shutdown leaves
     * the outbound journal whole on the disk (while running, the kernel writes it back; after a
     * crash, recovery regenerates what is missing from the inbound journal). Owner thread.
     */
    @Override
    public void close()
    {
        final Path directory = Path.of(queue.fileAbsolutePath());
        queue.close();
        try (Stream<Path> files = Files.list(directory))
        {
            final Optional<Path> newest = files.filter(f -> f.getFileName().toString().endsWith(".cq4")).max(Path::compareTo);
            if (newest.isPresent())
            {
                try (FileChannel channel = FileChannel.open(newest.get(), StandardOpenOption.READ))
                {
                    channel.force(false);
                }
            }
        }
        catch (final IOException ex)
        {
            LOG.warn("could not force the outbound journal in {} to the device at close ({}); outputs lost with the host " +
                "are regenerated from the inbound journal at the next start", directory, ex.toString());
        }
    }
}
