package io.horizon.journal.lifecycle;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.zip.GZIPInputStream;

import io.horizon.journal.JournalDirectory;
import io.horizon.journal.JournalException;
import io.horizon.journal.JournalManifest;

/**
 * Puts a whole journal back together for reading: the cycles the journal lifecycle archived
 * (decompressed from the archive directory, each checked against the SHA-256 its
 * {@link LifecycleLedger} line recorded) followed by the cycles still in the state directory, in a
 * separate directory laid out as a state directory ({@code journal/}, the manifest, {@code presets/}).
 * {@code horizon replay --archive DIR} reads that copy, so the timeline, {@code --verify} and
 * {@code --what-if} see the journal from record 0. The state directory is only read. Cycles the
 * lifecycle deleted (action {@code delete}) cannot be put back and are refused by name. The ledger
 * is trusted only as far as the state's audit log vouches for it ({@link LedgerWitnesses}): a line
 * without its audit event is refused by name.
 * <p>
 * Older cycles are hard-linked when the target is on the same file system (they no longer change)
 * and copied otherwise; the newest cycle of each queue is always copied, as a writer may append to it.
 * <p>
 * Stateless; any thread.
 */
public final class ArchivedJournal
{
    private static final String PRESETS = "presets";

    private ArchivedJournal()
    {
    }

    /**
     * @param stateDirectory the state directory whose journal the lifecycle took cycles out of.
     * @param archive        the archive directory ({@code [journal] archive_dir}).
     * @param into           an empty directory to build the copy in.
     * @return {@code into}, to be read as a state directory.
     * @throws JournalException naming the file when an archived cycle is missing, damaged, or was deleted,
     *         or naming the ledger line the audit log does not vouch for.
     */
    public static Path unpack(final Path stateDirectory, final Path archive, final Path into)
    {
        if (!Files.isDirectory(archive))
        {
            throw new JournalException("--archive " + archive + " is not a directory; name the journal archive directory " +
                "([journal] archive_dir of the preset)");
        }
        if (!LifecycleLedger.lines(stateDirectory).isEmpty())
        {
            // A ledger line the audit log does not vouch for may pass a lost cycle off as archived.
            LedgerWitnesses.ofState(stateDirectory).requireEveryLine(stateDirectory);
        }
        try
        {
            unpackQueue(stateDirectory, archive, into, JournalDirectory.INBOUND);
            unpackQueue(stateDirectory, archive, into, JournalDirectory.OUTBOUND);
            final Path manifest = stateDirectory.resolve(JournalDirectory.JOURNAL).resolve(JournalManifest.FILE_NAME);
            if (Files.isRegularFile(manifest, LinkOption.NOFOLLOW_LINKS))
            {
                Files.copy(manifest, into.resolve(JournalDirectory.JOURNAL).resolve(JournalManifest.FILE_NAME));
            }
            copyRegularFiles(stateDirectory.resolve(PRESETS), into.resolve(PRESETS));
        }
        catch (final IOException ex)
        {
            throw new JournalException("cannot unpack the archived journal into " + into + ": " + ex.getMessage(), ex);
        }
        return into;
    }

    /**
     * Removes a copy {@link #unpack} made, whole (it never holds links to follow: hard links are files).
     *
     * @param copy the directory {@code unpack} filled.
     * @throws IOException when something in it cannot be removed.
     */
    public static void delete(final Path copy) throws IOException
    {
        if (!Files.exists(copy, LinkOption.NOFOLLOW_LINKS))
        {
            return;
        }
        try (java.util.stream.Stream<Path> paths = Files.walk(copy))
        {
            for (final Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList())
            {
                Files.delete(p);
            }
        }
    }

    private static void unpackQueue(final Path stateDirectory, final Path archive, final Path into, final String queueName)
        throws IOException
    {
        final Path source = stateDirectory.resolve(JournalDirectory.JOURNAL).resolve(queueName);
        final Path target = into.resolve(JournalDirectory.JOURNAL).resolve(queueName);
        Files.createDirectories(target);
        final List<CycleFile> present = CycleFile.list(source);
        // Checks the ledger against what is present (a cycle missing without a ledger line is refused).
        ArchivedPrefix.firstRecord(stateDirectory, queueName, source);
        final int firstPresent = present.isEmpty() ? Integer.MAX_VALUE : present.get(0).cycle();
        for (final LedgerEntry entry : LifecycleLedger.read(stateDirectory, queueName))
        {
            if (entry.cycle() >= firstPresent)
            {
                continue;
            }
            if (!LifecycleAction.ARCHIVE.configName().equals(entry.action()))
            {
                throw new JournalException("the " + queueName + " journal's cycle " + entry.file() + " (records " +
                    entry.firstRecord() + " to " + (entry.endRecord() - 1) + ") was deleted by the journal lifecycle on " +
                    entry.time() + ", not archived; it cannot be read back. Read from a snapshot after it instead");
            }
            decompress(CycleArchiver.destination(archive, queueName, entry.file()), target.resolve(entry.file()), entry);
        }
        for (int i = 0; i < present.size(); i++)
        {
            final Path from = source.resolve(present.get(i).name());
            final Path to = target.resolve(present.get(i).name());
            if (i == present.size() - 1 || !link(from, to))
            {
                Files.copy(from, to, LinkOption.NOFOLLOW_LINKS);
            }
        }
    }

    private static boolean link(final Path from, final Path to)
    {
        try
        {
            Files.createLink(to, from);
            return true;
        }
        catch (final IOException | UnsupportedOperationException ex)
        {
            return false;
        }
    }

    private static void decompress(final Path archived, final Path to, final LedgerEntry entry) throws IOException
    {
        if (!Files.isRegularFile(archived, LinkOption.NOFOLLOW_LINKS))
        {
            throw new JournalException("the archive has no " + archived + " (records " + entry.firstRecord() + " to " +
                (entry.endRecord() - 1) + " of the " + entry.queue() + " journal, archived " + entry.time() +
                "); is --archive the journal archive directory of this state?");
        }
        final MessageDigest sha = CycleArchiver.sha256();
        try (InputStream in = new DigestInputStream(new GZIPInputStream(Files.newInputStream(archived, LinkOption.NOFOLLOW_LINKS)), sha);
             OutputStream out = Files.newOutputStream(to))
        {
            in.transferTo(out);
        }
        catch (final java.util.zip.ZipException | java.io.EOFException ex)
        {
            throw new JournalException("the archived cycle " + archived + " is damaged (" + ex.getMessage() +
                "); restore it from a backup of the archive", ex);
        }
        final String got = HexFormat.of().formatHex(sha.digest());
        if (!got.equals(entry.sha256()) || Files.size(to) != entry.bytes())
        {
            throw new JournalException("the archived cycle " + archived + " is not the cycle the journal lifecycle archived " +
                "(sha256 " + got + ", the ledger says " + entry.sha256() + "); restore it from a backup of the archive");
        }
    }

    private static void copyRegularFiles(final Path from, final Path to) throws IOException
    {
        if (!Files.isDirectory(from, LinkOption.NOFOLLOW_LINKS))
        {
            return;
        }
        Files.createDirectories(to);
        try (DirectoryStream<Path> files = Files.newDirectoryStream(from))
        {
            for (final Path file : files)
            {
                if (Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS))
                {
                    Files.copy(file, to.resolve(file.getFileName()), StandardCopyOption.REPLACE_EXISTING, LinkOption.NOFOLLOW_LINKS);
                }
            }
        }
    }
}
