package io.horizon.journal;

import java.io.File;
import java.nio.file.Path;

import io.horizon.engine.event.InboundEvent;
import io.horizon.engine.journal.JournalCodec;
import io.horizon.engine.output.EngineOutput;
import io.horizon.journal.lifecycle.ArchivedPrefix;
import io.horizon.journal.lifecycle.CycleFile;
import io.horizon.journal.lifecycle.LifecycleLedger;
import net.openhft.chronicle.bytes.Bytes;
import net.openhft.chronicle.queue.ExcerptTailer;
import net.openhft.chronicle.queue.TailerDirection;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;
import net.openhft.chronicle.wire.DocumentContext;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * Reads a journal queue from the start, record by record, across daily roll boundaries, through
 * the one record decoder ({@link JournalCodec}: layouts 1 and 2, in any mix),
 * checking each record's framing, layout version and checksum, and (for the inbound journal)
 * that sequences run on without a gap or a duplicate. Anything wrong stops the read with a
 * {@link JournalException} that names the file and the record: the reader never skips.
 * <p>
 * Record numbers count from the start of the journal even after the journal lifecycle took its
 * first cycles out ({@link ArchivedPrefix}): such a reader starts at {@link #firstRecord()}, and
 * reading from the start (without a {@link #seek}) is refused with what to do instead, since a
 * reader from the start (replay, verify, a full recovery) needs the archived records.
 * <p>
 * Threading: one thread; the reader is not thread-safe.
 */
public final class JournalReader implements AutoCloseable
{
    private final SingleChronicleQueue queue;
    private final boolean ownsQueue;
    private long firstRecord;
    /** Where the ledger is, to follow the journal lifecycle while open; null for a bare queue. */
    private Path stateDirectory;
    private String queueName;
    /** The queue's first cycle when {@link #firstRecord} was last worked out. */
    private int knownFirstCycle;
    /** Chronicle's listing of this queue went stale behind the journal lifecycle: count the files instead. */
    private boolean countByFiles;
    private ExcerptTailer countingTailer;
    private boolean positioned;
    private final ExcerptTailer tailer;
    private File lengthOf;
    private long knownLength;
    private final JournalCodec codec = new JournalCodec();
    private final UnsafeBuffer buffer;
    private final byte[] bytes;
    private long expectedSequence;
    private long recordsRead;
    private long recordsAtLastEndCheck = -1;
    private long lastIndex = -1;

    private JournalReader(final SingleChronicleQueue queue, final boolean ownsQueue, final long firstRecord)
    {
        this.queue = queue;
        this.ownsQueue = ownsQueue;
        this.firstRecord = firstRecord;
        this.positioned = firstRecord == 0;
        this.recordsRead = firstRecord;
        this.expectedSequence = firstRecord;
        this.tailer = queue.createTailer();
        this.buffer = codec.scratch();
        this.bytes = buffer.byteArray();
    }

    /**
     * Opens the inbound journal of a state directory for reading.
     *
     * @throws JournalException when there is none.
     */
    public static JournalReader inbound(final Path stateDirectory)
    {
        return open(stateDirectory, JournalDirectory.INBOUND, JournalDirectory.inbound(stateDirectory));
    }

    /**
     * Opens the outbound journal of a state directory for reading.
     *
     * @throws JournalException when there is none.
     */
    public static JournalReader outbound(final Path stateDirectory)
    {
        return open(stateDirectory, JournalDirectory.OUTBOUND, JournalDirectory.outbound(stateDirectory));
    }

    private static JournalReader open(final Path stateDirectory, final String queueName, final Path queueDirectory)
    {
        final SingleChronicleQueue queue = JournalDirectory.openForReading(queueDirectory);
        try
        {
            final JournalReader reader = new JournalReader(queue, true, ArchivedPrefix.firstRecord(stateDirectory, queueName,
                queueDirectory));
            reader.stateDirectory = stateDirectory;
            reader.queueName = queueName;
            reader.knownFirstCycle = queue.firstCycle();
            return reader;
        }
        catch (final RuntimeException ex)
        {
            queue.close();
            throw ex;
        }
    }

    /**
     * @return the number of the first record the queue still holds: 0, or the records the journal
     *         lifecycle archived or deleted before it.
     */
    public long firstRecord()
    {
        return firstRecord;
    }

    /**
     * Reads the next inbound event.
     *
     * @param into the slot to fill.
     * @return false at the current end of the journal.
     * @throws JournalException on a corrupt, foreign or out-of-sequence record.
     */
    public boolean nextInbound(final InboundEvent into)
    {
        final int length = readRecord();
        if (length < 0)
        {
            return false;
        }
        if (JournalCodec.kind(buffer) != JournalCodec.KIND_INBOUND)
        {
            throw corrupt("record is not an inbound event; is this the outbound journal?");
        }
        final long sequence = JournalCodec.inboundSequence(buffer);
        if (sequence > expectedSequence && expectedSequence == firstRecord && recordsRead == firstRecord + 1)
        {
            // The queue's first record is not the event the journal starts at: its first cycles are gone
            // and nothing accounts for them (a deleted or damaged lifecycle ledger, or files removed by hand).
            throw corrupt("the journal's first record is event " + sequence + ", not event " + expectedSequence +
                ": the records before it were taken out of the journal and " + LifecycleLedger.FILE_NAME +
                " does not account for them. Restore " + LifecycleLedger.FILE_NAME + " (and any missing cycle files) " +
                "from the same backup as the journal; with the ledger back, replay --archive DIR reads the archived records");
        }
        if (sequence != expectedSequence)
        {
            throw corrupt("event sequence " + sequence + " where " + expectedSequence + " was expected: the journal has " +
                (sequence > expectedSequence ? "a gap" : "a duplicate"));
        }
        if (!codec.decodeInbound(buffer, into))
        {
            throw corrupt("record holds a code this Horizon does not know; it was written by a newer release");
        }
        expectedSequence++;
        return true;
    }

    /**
     * Reads the next output.
     *
     * @param into the slot to fill.
     * @return false at the current end of the journal.
     * @throws JournalException on a corrupt or foreign record.
     */
    public boolean nextOutput(final EngineOutput into)
    {
        final int length = readRecord();
        if (length < 0)
        {
            return false;
        }
        if (JournalCodec.kind(buffer) != JournalCodec.KIND_OUTPUT)
        {
            throw corrupt("record is not an output; is this the inbound journal?");
        }
        if (!codec.decodeOutput(buffer, into))
        {
            throw corrupt("record holds a code this Horizon does not know; it was written by a newer release");
        }
        return true;
    }

    /**
     * Positions the reader so that the next read returns record number {@code record} (counting
     * from 0 at the start of the journal). Restartable readers resume from the record count they
     * committed; in the inbound journal record {@code n} is also the event with ring sequence
     * {@code n}, so this doubles as a look-up by sequence. Finds the record through Chronicle's
     * index, cycle by cycle; it does not read the records before it.
     *
     * @param record the record to read next: from 0 up to the number of records now in the
     *               journal (which positions at the end, ready for the next append).
     * @throws JournalException when the journal holds fewer records, or the index cannot place it.
     */
    public void seek(final long record)
    {
        if (record < 0)
        {
            throw new IllegalArgumentException("record " + record + " is not a journal position; use 0 or more");
        }
        if (record < firstRecord)
        {
            throw new JournalException("journal " + queue.fileAbsolutePath() + ": record " + record + " was in a cycle the " +
                "journal lifecycle archived or deleted (records 0 to " + (firstRecord - 1) + ", see " + LifecycleLedger.FILE_NAME +
                "); the journal now starts at record " + firstRecord + ". Read archived records with replay --archive DIR");
        }
        long remaining = record - firstRecord;
        boolean placed = remaining == 0;
        if (placed)
        {
            tailer.toStart();
        }
        else if (queue.firstCycle() <= queue.lastCycle())
        {
            for (final long cycle : queue.listCyclesBetween(queue.firstCycle(), queue.lastCycle()))
            {
                // Sequence numbers within a cycle are dense from 0, so a cycle holds last + 1 records.
                final long inCycle = Math.max(0, tailer.excerptsInCycle((int)cycle));
                if (remaining < inCycle)
                {
                    if (!tailer.moveToIndex(queue.rollCycle().toIndex((int)cycle, remaining)))
                    {
                        throw new JournalException("journal " + queue.fileAbsolutePath() + ": record " + record +
                            " is listed in the index of cycle " + cycle + " but cannot be reached; the queue index is damaged");
                    }
                    placed = true;
                    break;
                }
                remaining -= inCycle;
            }
            if (!placed && remaining == 0)
            {
                tailer.toEnd();
                placed = true;
            }
        }
        if (!placed)
        {
            throw new JournalException("journal " + queue.fileAbsolutePath() + " holds fewer than " + record +
                " records; it is not the journal this position was taken from, or it lost its tail");
        }
        recordsRead = record;
        expectedSequence = record;
        lastIndex = -1;
        positioned = true;
    }

    private int readRecord()
    {
        if (!positioned)
        {
            throw new JournalException("journal " + queue.fileAbsolutePath() + " starts at record " + firstRecord +
                ": the journal lifecycle archived or deleted the cycles before it (see " + LifecycleLedger.FILE_NAME +
                "), and reading from the start needs them. Point replay at the archive with --archive DIR, or start from a " +
                "snapshot taken at or after record " + firstRecord);
        }
        int length = readPresentRecord();
        // Counting the queue's records is slow (it walks the cycles), so it is done once per
        // distinct end position, not on every poll at the end.
        if (length == -1 && recordsRead != recordsAtLastEndCheck)
        {
            recordsAtLastEndCheck = recordsRead;
            if (countRecords() > recordsRead)
            {
                // The queue holds more than we could read: retry once (a writer may have just
                // appended), then refuse to end quietly on a journal with missing files.
                length = readPresentRecord();
                final long count = countRecords();
                if (length == -1 && count > recordsRead)
                {
                    throw new JournalException("journal " + queue.fileAbsolutePath() + " holds " + count +
                        " records but reading stopped after " + recordsRead + ": cycle files are missing or unreadable." +
                        " Restore archived or lost .cq4 files before using this journal");
                }
            }
        }
        return length;
    }

    private long countRecords()
    {
        if (!countByFiles)
        {
            try
            {
                followTheLifecycle();
                return firstRecord + queue.entryCount();
            }
            catch (final JournalException ex)
            {
                throw ex;
            }
            catch (final RuntimeException ex)
            {
                if (stateDirectory == null || LifecycleLedger.read(stateDirectory, queueName).isEmpty())
                {
                    final Throwable root = ex.getCause() != null ? ex.getCause() : ex;
                    throw new JournalException("journal " + queue.fileAbsolutePath() + " cannot be read: " + root.getMessage() +
                        ". Cycle files are missing; restore archived or lost .cq4 files before using this journal", ex);
                }
                // Chronicle still lists a cycle file the journal lifecycle took out behind this
                // reader; from now on count the cycle files that are there.
                countByFiles = true;
            }
        }
        return countPresentFiles();
    }

    /**
     * Counts the records of the cycle files in the queue folder, after the records the ledger
     * accounts for ({@link ArchivedPrefix}, which refuses a file missing without a ledger line).
     */
    private long countPresentFiles()
    {
        final Path directory = Path.of(queue.fileAbsolutePath());
        for (int attempt = 0; ; attempt++)
        {
            final java.util.List<CycleFile> files = CycleFile.list(directory);
            firstRecord = Math.max(firstRecord, ArchivedPrefix.firstRecord(stateDirectory, queueName, directory));
            long count = firstRecord;
            boolean complete = true;
            for (final CycleFile file : files)
            {
                // Not the reading tailer: counting moves a tailer to the cycle it counts.
                if (countingTailer == null)
                {
                    countingTailer = queue.createTailer();
                }
                final long inCycle = countingTailer.excerptsInCycle(file.cycle());
                if (inCycle < 0 && !java.nio.file.Files.exists(directory.resolve(file.name())))
                {
                    complete = false;
                    break;
                }
                count += Math.max(0, inCycle);
            }
            if (complete || attempt > 2)
            {
                return count;
            }
            // The lifecycle took a cycle out while it was counted: list again.
        }
    }

    /**
     * A reader that stays open (the audit and dead-letter flushers, the alert follower) sees the
     * journal lifecycle take the queue's first cycles out behind it (only records every store has
     * passed go): Chronicle then counts from the new first cycle, so the records the ledger
     * accounts for are counted in again. Cheap unless the first cycle changed.
     *
     * @throws JournalException when a cycle went missing that the ledger does not account for.
     */
    private void followTheLifecycle()
    {
        if (stateDirectory == null || queue.firstCycle() == knownFirstCycle)
        {
            return;
        }
        knownFirstCycle = queue.firstCycle();
        firstRecord = Math.max(firstRecord, ArchivedPrefix.firstRecord(stateDirectory, queueName, Path.of(queue.fileAbsolutePath())));
    }

    private int readPresentRecord()
    {
        final int length;
        try (DocumentContext dc = tailer.readingDocument())
        {
            if (!dc.isPresent())
            {
                return -1;
            }
            lastIndex = dc.index();
            final Bytes<?> in = dc.wire().bytes();
            final long remaining = in.readRemaining();
            if (remaining > bytes.length)
            {
                recordsRead++;
                throw corrupt("record is " + remaining + " bytes, larger than any Horizon record");
            }
            length = (int)remaining;
            requireInsideFile(in.readLimit());
            in.read(bytes, 0, length);
        }
        catch (final JournalException ex)
        {
            throw ex;
        }
        catch (final RuntimeException ex)
        {
            throw new JournalException(where() + ": the journal file is truncated or corrupted (" + ex + ")", ex);
        }
        catch (final InternalError ex)
        {
            throw truncated(ex);
        }
        recordsRead++;
        final String problem;
        try
        {
            problem = codec.validate(buffer, length);
        }
        catch (final InternalError ex)
        {
            // The JVM reports a fault in a memory-mapped read (a cycle file cut short under the
            // mapping) at the next check it makes, which can fall after the read returned.
            throw truncated(ex);
        }
        if (problem != null)
        {
            throw corrupt(problem);
        }
        return length;
    }

    /**
     * Refuses a record that ends past the end of its cycle file (a file cut short under the
     * mapping) before its bytes are touched: reading them would fault, and the JVM reports that
     * fault asynchronously, possibly outside this reader. The file's length is looked up again only
     * when a record ends past the length last seen, which a growing live file rarely does.
     *
     * @param recordEnd the record's end, as an offset in the mapped cycle file.
     */
    private void requireInsideFile(final long recordEnd)
    {
        final File file = tailer.currentFile();
        if (file != lengthOf)
        {
            lengthOf = file;
            knownLength = file == null ? Long.MAX_VALUE : file.length();
        }
        if (recordEnd > knownLength)
        {
            knownLength = file.length();
            if (recordEnd > knownLength)
            {
                recordsRead++;
                throw corrupt("the journal file is corrupted or truncated: the record ends at byte " + recordEnd +
                    " but the file holds " + knownLength);
            }
        }
    }

    private JournalException truncated(final InternalError ex)
    {
        return new JournalException(where() + ": the journal file is corrupted or truncated (" + ex.getMessage() +
            "); the read stops here, nothing after it was used", ex);
    }

    private JournalException corrupt(final String problem)
    {
        return new JournalException(where() + ": " + problem + "; the read stops here, nothing after it was used");
    }

    private String where()
    {
        final File file = tailer.currentFile();
        final String name = file == null ? queue.fileAbsolutePath() : file.getPath();
        final long recordInFile = lastIndex < 0 ? -1 : queue.rollCycle().toSequenceNumber(lastIndex);
        return "journal file " + name + ", record " + recordInFile + " (record " + (recordsRead - 1) + " of the journal)";
    }

    /**
     * Lets the calling thread take the reader over from the thread that used it before (Chronicle
     * checks that one thread at a time uses a tailer). The caller must ensure the handover is
     * ordered, for example through a ring sequence.
     */
    public void handOverToCurrentThread()
    {
        tailer.singleThreadedCheckReset();
    }

    /**
     * @return records read so far.
     */
    public long recordsRead()
    {
        return recordsRead;
    }

    /**
     * @return the journal layout version of the last record read (a journal an older release
     *         started and this one continued holds both).
     */
    public int lastRecordLayout()
    {
        return JournalCodec.layout(buffer);
    }

    /**
     * @return the Chronicle index of the last record read, or -1.
     */
    public long lastIndex()
    {
        return lastIndex;
    }

    /**
     * @return the queue's Chronicle index just after the last record, for progress reports.
     */
    public long lastIndexInQueue()
    {
        return queue.lastIndex();
    }

    /**
     * @return excerpts in the queue now.
     */
    public long entryCount()
    {
        return countRecords();
    }

    /**
     * Reads, from the end of an outbound queue, the cause of the last output and how many outputs
     * at the end share it.
     *
     * @return {cause sequence, count}; {-1, 0} for an empty journal.
     * @throws JournalException when a record at the end is unreadable.
     */
    static long[] lastOutputCause(final SingleChronicleQueue queue)
    {
        final JournalReader reader = new JournalReader(queue, false, 0);
        try
        {
            if (reader.countRecords() == 0)
            {
                return new long[]{-1, 0};
            }
            reader.tailer.direction(TailerDirection.BACKWARD).toEnd();
            final EngineOutput out = new EngineOutput();
            long cause = -1;
            long count = 0;
            while (true)
            {
                final int length = reader.readPresentRecord();
                if (length < 0)
                {
                    break;
                }
                if (JournalCodec.kind(reader.buffer) != JournalCodec.KIND_OUTPUT || !reader.codec.decodeOutput(reader.buffer, out))
                {
                    throw reader.corrupt("record is not an output this release can read");
                }
                if (count > 0 && out.causeSequence != cause)
                {
                    break;
                }
                cause = out.causeSequence;
                count++;
            }
            return new long[]{cause, count};
        }
        finally
        {
            reader.close();
        }
    }

    /**
     * Reads the sequence of the last inbound record of a queue.
     *
     * @return the last sequence, or -1 for an empty journal.
     * @throws JournalException when the last record is unreadable.
     */
    static long lastInboundSequence(final SingleChronicleQueue queue)
    {
        final JournalReader reader = new JournalReader(queue, false, 0);
        try
        {
            if (reader.queue.entryCount() == 0)
            {
                return -1;
            }
            reader.tailer.direction(TailerDirection.BACKWARD).toEnd();
            final int length = reader.readRecord();
            if (length < 0)
            {
                return -1;
            }
            if (JournalCodec.kind(reader.buffer) != JournalCodec.KIND_INBOUND)
            {
                throw reader.corrupt("record is not an inbound event");
            }
            return JournalCodec.inboundSequence(reader.buffer);
        }
        finally
        {
            reader.close();
        }
    }

    @Override
    public void close()
    {
        tailer.close();
        if (countingTailer != null)
        {
            countingTailer.close();
        }
        if (ownsQueue)
        {
            queue.close();
        }
    }
}
