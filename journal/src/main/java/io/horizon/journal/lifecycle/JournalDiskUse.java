package io.horizon.journal.lifecycle;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.stream.Stream;

import io.horizon.journal.JournalDirectory;

/**
 * Disk use of {@code STATE/journal}: the bytes its files take (their length; Chronicle grows a
 * cycle file in blocks, so this is what the journal holds on disk, not the records' size), and the
 * free and total bytes of the file system it is on, sampled on demand and kept for the metrics
 * export ({@code horizon_journal_disk_used_bytes}, {@code horizon_journal_disk_free_bytes},
 * {@code horizon_journal_disk_size_bytes}). Symbolic links are not followed.
 * <p>
 * Threading: {@link #sample} from one thread (the lifecycle's); the values from any thread.
 */
public final class JournalDiskUse
{
    private final Path journal;
    private volatile long usedBytes;
    private volatile long freeBytes;
    private volatile long sizeBytes;

    /**
     * @param stateDirectory the state directory.
     */
    public JournalDiskUse(final Path stateDirectory)
    {
        this.journal = stateDirectory.resolve(JournalDirectory.JOURNAL);
    }

    /**
     * Measures now; on an error the previous values stay.
     *
     * @throws UncheckedIOException when the journal folder or its file system cannot be read.
     */
    public void sample()
    {
        if (!Files.isDirectory(journal, LinkOption.NOFOLLOW_LINKS))
        {
            return;
        }
        try (Stream<Path> files = Files.walk(journal))
        {
            usedBytes = files.filter(p -> Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)).mapToLong(JournalDiskUse::size).sum();
            final FileStore store = Files.getFileStore(journal);
            freeBytes = store.getUsableSpace();
            sizeBytes = store.getTotalSpace();
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot measure " + journal + ": " + ex.getMessage(), ex);
        }
    }

    private static long size(final Path file)
    {
        try
        {
            return Files.size(file);
        }
        catch (final IOException ex)
        {
            // Taken out between the listing and now.
            return 0;
        }
    }

    /**
     * @return bytes the journal's files take, at the last sample.
     */
    public long usedBytes()
    {
        return usedBytes;
    }

    /**
     * @return bytes free for the daemon on the journal's file system, at the last sample.
     */
    public long freeBytes()
    {
        return freeBytes;
    }

    /**
     * @return the size of the journal's file system, at the last sample.
     */
    public long sizeBytes()
    {
        return sizeBytes;
    }
}
