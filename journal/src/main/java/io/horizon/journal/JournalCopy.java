package io.horizon.journal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import io.horizon.engine.event.InboundEvent;
import io.horizon.engine.output.EngineOutput;
import io.horizon.journal.lifecycle.LifecycleLedger;
import net.openhft.chronicle.queue.impl.TableStore;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueueBuilder;
import net.openhft.chronicle.queue.impl.single.TableStoreWriteLock;
import net.openhft.chronicle.queue.impl.table.Metadata;
import net.openhft.chronicle.queue.impl.table.SingleTableBuilder;
import net.openhft.chronicle.threads.BusyTimedPauser;

/**
 * A consistent copy of a state directory's journal, taken while a daemon may be appending to it,
 * for {@code horizon backup} and {@code horizon restore}.
 * <p>
 * What consistent means here: the copy is the journal as a crash at some instant would have left
 * it, which recovery already knows how to continue. Each queue file is copied front to back in
 * one pass; Chronicle completes a record's header only after its bytes, so the copy holds a prefix
 * of complete records, and a record being written at the copy's end reads as absent. The outbound
 * queue is copied before the inbound one: an output is journaled only after the event that caused
 * it, so every copied output has its cause in the copied inbound journal. The inbound copy may hold
 * a few events whose outputs it lacks; recovery (and {@code horizon restore}) re-derives those.
 * Each queue's table store ({@code metadata.cq4t}) is copied before its cycle files, so it names
 * no cycle the copy lacks, and the write locks it may hold for the live appender are released in
 * the copy (the live daemon's pid would otherwise keep the copy locked).
 * <p>
 * The journal lifecycle's ledger ({@link LifecycleLedger}) is copied after the queues: every cycle
 * the lifecycle took out before a queue was copied is listed in it (a cycle it takes out during the
 * copy may still be in the copy, which readers accept), so the copy starts where the original does.
 * <p>
 * Cycle files are sparse (pre-allocated, mostly zeros); the copy stays sparse.
 * <p>
 * Stateless; any thread. The source may be live; the target must be private to the caller.
 */
public final class JournalCopy
{
    private static final int CHUNK = 1 << 20;
    private static final String TABLE_STORE = "metadata.cq4t";
    private static final String CYCLE_SUFFIX = ".cq4";
    private static final String APPEND_LOCK = "chronicle.append.lock";

    private JournalCopy()
    {
    }

    /**
     * Where a journal ends: what a copy holds.
     *
     * @param inboundEvents complete inbound events, from sequence 0 (those the journal lifecycle
     *                      took out included: the journal's next sequence).
     * @param outputs       complete outputs, likewise.
     * @param lastInboundIndex the Chronicle index of the last inbound event, or -1.
     */
    public record Position(long inboundEvents, long outputs, long lastInboundIndex)
    {
    }

    /**
     * Copies {@code from/journal} to {@code to/journal} and reads the copy back.
     *
     * @param fromState a state directory, possibly in use by a running daemon.
     * @param toState   a directory without a journal.
     * @return what the copy holds, read back with {@link JournalReader}.
     * @throws IOException      when a file cannot be read or written.
     * @throws JournalException when the source has no journal or the copy does not read cleanly.
     */
    public static Position copy(final Path fromState, final Path toState) throws IOException
    {
        final Path from = fromState.resolve(JournalDirectory.JOURNAL);
        final Path to = toState.resolve(JournalDirectory.JOURNAL);
        if (!Files.isDirectory(JournalDirectory.inbound(fromState)))
        {
            throw new JournalException("no journal at " + from + "; pass the state directory of a Horizon that has run");
        }
        if (Files.exists(to))
        {
            throw new JournalException(to + " already exists; a journal copy goes into a directory without one");
        }
        Files.createDirectories(to);
        copyFile(from.resolve(JournalManifest.FILE_NAME), to.resolve(JournalManifest.FILE_NAME));
        if (Files.isDirectory(JournalDirectory.outbound(fromState)))
        {
            copyQueue(JournalDirectory.outbound(fromState), JournalDirectory.outbound(toState));
        }
        copyQueue(JournalDirectory.inbound(fromState), JournalDirectory.inbound(toState));
        final Path ledger = LifecycleLedger.file(fromState);
        if (Files.isRegularFile(ledger, LinkOption.NOFOLLOW_LINKS))
        {
            copyFile(ledger, LifecycleLedger.file(toState));
            // A table store copied just after the lifecycle took a cycle out may still name it first.
            JournalDirectory.openForWriting(JournalDirectory.outbound(toState)).close();
            JournalDirectory.openForWriting(JournalDirectory.inbound(toState)).close();
        }
        return read(toState);
    }

    /**
     * Reads a journal from end to end, checking every record, and says where it ends.
     *
     * @param state a state directory not in use.
     * @return where its journal ends.
     * @throws JournalException naming the file and record when anything is damaged.
     */
    public static Position read(final Path state)
    {
        JournalManifest.read(state);
        long events = 0;
        long lastIndex = -1;
        try (JournalReader inbound = JournalReader.inbound(state))
        {
            final InboundEvent event = new InboundEvent();
            events = inbound.firstRecord();
            inbound.seek(events);
            while (inbound.nextInbound(event))
            {
                events++;
            }
            lastIndex = inbound.lastIndex();
        }
        long outputs = 0;
        if (Files.isDirectory(JournalDirectory.outbound(state)))
        {
            try (JournalReader outbound = JournalReader.outbound(state))
            {
                final EngineOutput output = new EngineOutput();
                outputs = outbound.firstRecord();
                outbound.seek(outputs);
                while (outbound.nextOutput(output))
                {
                    outputs++;
                }
            }
        }
        return new Position(events, outputs, lastIndex);
    }

    private static void copyQueue(final Path from, final Path to) throws IOException
    {
        Files.createDirectories(to);
        final Path tableStore = from.resolve(TABLE_STORE);
        if (Files.exists(tableStore))
        {
            copyFile(tableStore, to.resolve(TABLE_STORE));
        }
        final List<Path> cycles = new ArrayList<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(from, "*" + CYCLE_SUFFIX))
        {
            for (final Path file : files)
            {
                cycles.add(file);
            }
        }
        Collections.sort(cycles);
        for (final Path cycle : cycles)
        {
            try
            {
                copyFile(cycle, to.resolve(cycle.getFileName()));
            }
            catch (final NoSuchFileException ex)
            {
                // The journal lifecycle took it out meanwhile; the ledger, copied after, lists it.
                Files.deleteIfExists(to.resolve(cycle.getFileName()));
            }
        }
        if (Files.exists(to.resolve(TABLE_STORE)))
        {
            releaseLocks(to.resolve(TABLE_STORE));
        }
    }

    /**
     * Copies a file front to back in one pass, leaving all-zero stretches as holes.
     *
     * @param from the source; may be growing.
     * @param to   a new file.
     * @throws IOException when either side fails.
     */
    public static void copyFile(final Path from, final Path to) throws IOException
    {
        final ByteBuffer buffer = ByteBuffer.allocateDirect(CHUNK);
        try (FileChannel in = FileChannel.open(from, StandardOpenOption.READ);
            FileChannel out = FileChannel.open(to, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE))
        {
            long position = 0;
            while (true)
            {
                buffer.clear();
                final int read = in.read(buffer, position);
                if (read < 0)
                {
                    break;
                }
                buffer.flip();
                if (!isZero(buffer))
                {
                    while (buffer.hasRemaining())
                    {
                        out.write(buffer, position + buffer.position());
                    }
                }
                position += read;
            }
            if (out.size() < position)
            {
                // Give the copy the source's length; the hole before the last byte stays sparse.
                out.write(ByteBuffer.allocate(1), position - 1);
            }
        }
    }

    private static boolean isZero(final ByteBuffer buffer)
    {
        final int limit = buffer.limit();
        int i = buffer.position();
        for (; i + Long.BYTES <= limit; i += Long.BYTES)
        {
            if (buffer.getLong(i) != 0)
            {
                return false;
            }
        }
        for (; i < limit; i++)
        {
            if (buffer.get(i) != 0)
            {
                return false;
            }
        }
        return true;
    }

    /**
     * Releases the write and append locks a copied table store may hold for the process it was
     * copied from, as Chronicle's own UnlockMain does.
     */
    private static void releaseLocks(final Path tableStoreFile)
    {
        // The table store names its metadata class by alias; the queue builder registers them.
        SingleChronicleQueueBuilder.addAliases();
        try (TableStore<Metadata.NoMeta> store =
            SingleTableBuilder.binary(tableStoreFile, Metadata.NoMeta.INSTANCE).readOnly(false).build())
        {
            try (TableStoreWriteLock write = new TableStoreWriteLock(store, BusyTimedPauser::new, 0L))
            {
                write.forceUnlock();
            }
            try (TableStoreWriteLock append = new TableStoreWriteLock(store, BusyTimedPauser::new, 0L, APPEND_LOCK))
            {
                append.forceUnlock();
            }
        }
    }
}
