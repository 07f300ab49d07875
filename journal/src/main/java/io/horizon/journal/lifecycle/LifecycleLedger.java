package io.horizon.journal.lifecycle;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

import io.horizon.journal.JournalDirectory;
import io.horizon.journal.JournalException;
import io.horizon.journal.json.JsonObjectReader;

/**
 * The journal lifecycle's ledger, {@code STATE/journal/lifecycle.jsonl}: one JSON line per cycle
 * file the lifecycle archived or deleted, appended and forced to disk before the file is removed.
 * <p>
 * It is how a reader tells the two apart: a journal whose first cycles the ledger lists (and whose
 * first remaining file is the one the ledger says followed them) starts at the ledger's record
 * count; a cycle file missing without a ledger line was lost or removed by someone else, and the
 * journal is refused as before. The ledger is not a security boundary (whoever can write the state
 * directory can write it too): each removal is also an audit event, {@code journal.cycle_archived}
 * or {@code journal.cycle_deleted}, in the hash-chained, anchored audit log.
 * <p>
 * Threading: reads from any thread; one appender at a time (the lifecycle's thread).
 */
public final class LifecycleLedger
{
    /** File name inside the journal folder. */
    public static final String FILE_NAME = "lifecycle.jsonl";

    private LifecycleLedger()
    {
    }

    /**
     * @param stateDirectory the state directory.
     * @return the ledger file.
     */
    public static Path file(final Path stateDirectory)
    {
        return stateDirectory.resolve(JournalDirectory.JOURNAL).resolve(FILE_NAME);
    }

    /**
     * @param stateDirectory the state directory.
     * @param queue          {@code inbound} or {@code outbound}.
     * @return the queue's entries, in the order written.
     * @throws JournalException naming the file and line when it is unreadable or damaged.
     */
    public static List<LedgerEntry> read(final Path stateDirectory, final String queue)
    {
        final List<LedgerEntry> entries = new ArrayList<>();
        for (final Line line : lines(stateDirectory))
        {
            if (line.entry().queue().equals(queue))
            {
                entries.add(line.entry());
            }
        }
        return entries;
    }

    /**
     * One line of the ledger with its number, for messages that name it.
     *
     * @param number the line number in the file, from 1.
     * @param entry  what it says.
     */
    public record Line(int number, LedgerEntry entry)
    {
        /**
         * @param stateDirectory the state directory.
         * @return "STATE/journal/lifecycle.jsonl line N".
         */
        public String where(final Path stateDirectory)
        {
            return file(stateDirectory) + " line " + number;
        }
    }

    /**
     * @param stateDirectory the state directory.
     * @return every entry of both queues with its line number, in the order written.
     * @throws JournalException naming the file and line when it is unreadable or damaged.
     */
    public static List<Line> lines(final Path stateDirectory)
    {
        final List<Line> entries = new ArrayList<>();
        final Path file = file(stateDirectory);
        if (!Files.exists(file, LinkOption.NOFOLLOW_LINKS))
        {
            return entries;
        }
        if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS))
        {
            throw new JournalException(file + " is not a regular file; the journal lifecycle ledger must be one. Replace it " +
                "with the file from backup");
        }
        final List<String> lines;
        try
        {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        }
        catch (final IOException ex)
        {
            throw new JournalException("cannot read " + file + ": " + ex.getMessage(), ex);
        }
        for (int i = 0; i < lines.size(); i++)
        {
            final String line = lines.get(i);
            if (line.isBlank())
            {
                continue;
            }
            final String where = file + " line " + (i + 1);
            final LedgerEntry entry;
            try
            {
                entry = LedgerEntry.fromJson(JsonObjectReader.read(line), where);
            }
            catch (final IllegalArgumentException ex)
            {
                if (i == lines.size() - 1 && !line.endsWith("}"))
                {
                    // A line cut short by a crash while appending: its cycle was not removed yet.
                    continue;
                }
                throw new JournalException(where + " is damaged (" + ex.getMessage() + "); restore the ledger from backup", ex);
            }
            entries.add(new Line(i + 1, entry));
        }
        return entries;
    }

    /**
     * Appends an entry and forces it to disk.
     *
     * @throws JournalException naming the file when it cannot be written.
     */
    static void append(final Path stateDirectory, final LedgerEntry entry)
    {
        final Path file = file(stateDirectory);
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
            StandardOpenOption.APPEND, LinkOption.NOFOLLOW_LINKS))
        {
            // A line cut short by an earlier crash must not swallow this one.
            final boolean cutShort = channel.size() > 0 && lastByte(file) != '\n';
            final ByteBuffer bytes = ByteBuffer.wrap(((cutShort ? "\n" : "") + entry.toJson() + "\n").getBytes(StandardCharsets.UTF_8));
            while (bytes.hasRemaining())
            {
                channel.write(bytes);
            }
            channel.force(true);
        }
        catch (final IOException ex)
        {
            throw new JournalException("cannot append to " + file + ": " + ex.getMessage(), ex);
        }
    }

    private static byte lastByte(final Path file) throws IOException
    {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS))
        {
            final ByteBuffer one = ByteBuffer.allocate(1);
            channel.read(one, channel.size() - 1);
            return one.get(0);
        }
    }
}
