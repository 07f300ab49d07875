package io.horizon.journal.lifecycle;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.function.Supplier;

import io.horizon.journal.JournalDirectory;
import io.horizon.journal.JournalException;
import io.horizon.journal.JournalManifest;

/**
 * Puts a whole journal back together for reading: the cycles the journal lifecycle archived
 * (decompressed from the archive directory, each checked against the SHA-256 its
 * {@link LifecycleLedger} line recorded, and never decompressed past the length that line
 * recorded: a gzip bomb in the archive directory is refused by name once it reaches that length) followed by the cycles still in the state directory, in a
 * separate directory laid out as a state directory ({@code journal/}, the manifest, {@code presets/}).
 * {@code horizon replay --archive DIR} reads that copy, so the timeline, {@code --verify} and
 * {@code --what-if} see the journal from record 0. The state directory is only read. Cycles the
 * lifecycle deleted (action {@code delete}) cannot be put back and are refused by name. The ledger
 * is trusted only as far as the state's audit log (SQLite {@code audit.db}, or the PostgreSQL log
 * the caller opens) vouches for it ({@link LedgerWitnesses}): a line without its audit event is
 * refused by name.
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
        return unpack(stateDirectory, archive, into, () -> LedgerWitnesses.ofState(stateDirectory));
    }

    /**
     * As {@link #unpack(Path, Path, Path)}, with the ledger checked against the audit log the
     * caller names: the one the state's daemon writes, which is not {@code audit.db} when its
     * {@code [audit] backend} is PostgreSQL.
     *
     * @param stateDirectory the state directory whose journal the lifecycle took cycles out of.
     * @param archive        the archive directory ({@code [journal] archive_dir}).
     * @param into           an empty directory to build the copy in.
     * @param witnesses      reads the audit log's cycle events; called only when the ledger has lines.
     * @return {@code into}, to be read as a state directory.
     * @throws JournalException as {@link #unpack(Path, Path, Path)} does.
     */
    public static Path unpack(
        final Path stateDirectory, final Path archive, final Path into, final Supplier<LedgerWitnesses> witnesses)
    {
        return unpack(stateDirectory, archive, into, witnesses, FreeSpace.DISK);
    }

    /**
     * As {@link #unpack(Path, Path, Path, Supplier)}, asking {@code freeSpace} how much room
     * {@code into} has. The whole copy's size (every archived cycle at the length its ledger line
     * recorded, plus the live cycles that are copied rather than linked) is checked before anything
     * is written; when it does not fit, or anything else refuses the unpacking part way, whatever
     * was written into {@code into} is removed again ({@code into} itself stays, empty).
     *
     * @param stateDirectory the state directory whose journal the lifecycle took cycles out of.
     * @param archive        the archive directory ({@code [journal] archive_dir}).
     * @param into           an empty directory to build the copy in.
     * @param witnesses      reads the audit log's cycle events; called only when the ledger has lines.
     * @param freeSpace      the room left on {@code into}'s disk.
     * @return {@code into}, to be read as a state directory.
     * @throws JournalException as {@link #unpack(Path, Path, Path)} does, and naming {@code into},
     *         the bytes needed and the bytes free when the copy would not fit.
     */
    public static Path unpack(
        final Path stateDirectory, final Path archive, final Path into, final Supplier<LedgerWitnesses> witnesses,
        final FreeSpace freeSpace)
    {
        if (!Files.isDirectory(archive))
        {
            throw new JournalException("--archive " + archive + " is not a directory; name the journal archive directory " +
                "([journal] archive_dir of the preset)");
        }
        if (!LifecycleLedger.lines(stateDirectory).isEmpty())
        {
            // A ledger line the audit log does not vouch for may pass a lost cycle off as archived.
            witnesses.get().requireEveryLine(stateDirectory);
        }
        try
        {
            // Before anything is written: a copy that cannot fit is refused whole, not half-written.
            requireRoom(into, bytesNeeded(stateDirectory, into, JournalDirectory.INBOUND) +
                bytesNeeded(stateDirectory, into, JournalDirectory.OUTBOUND), "unpacking the archived journal", freeSpace);
            unpackQueue(stateDirectory, archive, into, JournalDirectory.INBOUND, freeSpace);
            unpackQueue(stateDirectory, archive, into, JournalDirectory.OUTBOUND, freeSpace);
            final Path manifest = stateDirectory.resolve(JournalDirectory.JOURNAL).resolve(JournalManifest.FILE_NAME);
            if (Files.isRegularFile(manifest, LinkOption.NOFOLLOW_LINKS))
            {
                Files.copy(manifest, into.resolve(JournalDirectory.JOURNAL).resolve(JournalManifest.FILE_NAME));
            }
            copyRegularFiles(stateDirectory.resolve(PRESETS), into.resolve(PRESETS));
        }
        catch (final IOException ex)
        {
            removeContents(into);
            throw new JournalException("cannot unpack the archived journal into " + into + ": " + ex.getMessage(), ex);
        }
        catch (final RuntimeException ex)
        {
            removeContents(into);
            throw ex;
        }
        return into;
    }

    /**
     * @return the bytes the queue's copy will take in {@code into}: every archived cycle before the
     *         queue's first present one at its recorded length, and the present cycles that are
     *         copied (the newest always; all of them when {@code into} is on another file system).
     */
    private static long bytesNeeded(final Path stateDirectory, final Path into, final String queueName) throws IOException
    {
        final Path source = stateDirectory.resolve(JournalDirectory.JOURNAL).resolve(queueName);
        final List<CycleFile> present = CycleFile.list(source);
        final int firstPresent = present.isEmpty() ? Integer.MAX_VALUE : present.get(0).cycle();
        long bytes = 0;
        for (final LedgerEntry entry : LifecycleLedger.read(stateDirectory, queueName))
        {
            if (entry.cycle() < firstPresent)
            {
                bytes = Math.addExact(bytes, Math.max(0, entry.bytes()));
            }
        }
        final boolean linkable = !present.isEmpty() && Files.getFileStore(source).equals(Files.getFileStore(into));
        for (int i = 0; i < present.size(); i++)
        {
            if (!linkable || i == present.size() - 1)
            {
                bytes = Math.addExact(bytes, Files.size(source.resolve(present.get(i).name())));
            }
        }
        return bytes;
    }

    /**
     * Empties a directory {@link #unpack} was filling, after a refusal: no half-made copy is left.
     */
    private static void removeContents(final Path into)
    {
        try (java.util.stream.Stream<Path> paths = Files.walk(into))
        {
            for (final Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList())
            {
                if (!p.equals(into))
                {
                    Files.deleteIfExists(p);
                }
            }
        }
        catch (final IOException | java.io.UncheckedIOException ex)
        {
            // The refusal being thrown says what went wrong; what could not be removed stays in the copy's directory.
        }
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

    private static void unpackQueue(
        final Path stateDirectory, final Path archive, final Path into, final String queueName, final FreeSpace freeSpace)
        throws IOException
    {
        final Path source = stateDirectory.resolve(JournalDirectory.JOURNAL).resolve(queueName);
        final Path target = into.resolve(JournalDirectory.JOURNAL).resolve(queueName);
        Files.createDirectories(target);
        final List<CycleFile> present = CycleFile.list(source);
        // Checks the ledger against what is present (a cycle missing without a ledger line is refused).
        ArchivedPrefix.firstRecord(stateDirectory, queueName, source);
        final int firstPresent = present.isEmpty() ? Integer.MAX_VALUE : present.get(0).cycle();
        final List<LedgerEntry> ledgered = LifecycleLedger.read(stateDirectory, queueName);
        requireLedgered(archive, queueName, firstPresent, ledgered, stateDirectory);
        for (final LedgerEntry entry : ledgered)
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
            decompress(CycleArchiver.destination(archive, queueName, entry.file()), target.resolve(entry.file()), entry, freeSpace);
        }
        for (int i = 0; i < present.size(); i++)
        {
            final Path from = source.resolve(present.get(i).name());
            final Path to = target.resolve(present.get(i).name());
            if (i == present.size() - 1 || !link(from, to))
            {
                requireRoom(target, Files.size(from), "copying the journal's cycle " + from.getFileName(), freeSpace);
                Files.copy(from, to, LinkOption.NOFOLLOW_LINKS);
            }
        }
    }

    /**
     * Refuses an archived copy of a cycle before the journal's first one that the ledger does not
     * list: the ledger lost its line (the journal would silently start after it), or the file is
     * not this journal's. Nothing is decompressed then.
     */
    private static void requireLedgered(
        final Path archive, final String queueName, final int firstPresent, final List<LedgerEntry> ledgered,
        final Path stateDirectory) throws IOException
    {
        final Path folder = archive.resolve(queueName);
        if (!Files.isDirectory(folder, LinkOption.NOFOLLOW_LINKS))
        {
            return;
        }
        final List<Path> files = new java.util.ArrayList<>();
        try (DirectoryStream<Path> listed = Files.newDirectoryStream(folder, "*" + CycleArchiver.ARCHIVED_SUFFIX))
        {
            listed.forEach(files::add);
        }
        files.sort(null);
        for (final Path file : files)
        {
            final String name = file.getFileName().toString();
            final CycleFile cycle = CycleFile.parse(name.substring(0, name.length() - CycleArchiver.ARCHIVED_SUFFIX.length()));
            if (cycle != null && cycle.cycle() < firstPresent &&
                ledgered.stream().noneMatch(e -> e.file().equals(cycle.name())))
            {
                throw new JournalException("the archive holds " + file + ", an " + queueName + " cycle before the journal's " +
                    "first, but " + LifecycleLedger.file(stateDirectory) + " has no line for it: the ledger lost that line " +
                    "(restore the ledger from the same backup as the journal) or the file is not this journal's (move it " +
                    "aside); it was not unpacked");
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

    private static void decompress(final Path archived, final Path to, final LedgerEntry entry, final FreeSpace freeSpace)
        throws IOException
    {
        if (!Files.isRegularFile(archived, LinkOption.NOFOLLOW_LINKS))
        {
            throw new JournalException("the archive has no " + archived + " (records " + entry.firstRecord() + " to " +
                (entry.endRecord() - 1) + " of the " + entry.queue() + " journal, archived " + entry.time() +
                "); is --archive the journal archive directory of this state?");
        }
        requireRoom(to.getParent(), entry.bytes(), "unpacking the archived cycle " + entry.file(), freeSpace);
        final CycleArchiver.Digest got;
        try (OutputStream out = Files.newOutputStream(to, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE))
        {
            got = CycleArchiver.expand(archived, entry.bytes(), out);
        }
        catch (final java.util.zip.ZipException | java.io.EOFException ex)
        {
            Files.deleteIfExists(to);
            throw new JournalException("the archived cycle " + archived + " is damaged (" + ex.getMessage() +
                "); restore it from a backup of the archive", ex);
        }
        catch (final JournalException ex)
        {
            Files.deleteIfExists(to);
            throw ex;
        }
        if (!got.sha256().equals(entry.sha256()) || got.bytes() != entry.bytes())
        {
            Files.deleteIfExists(to);
            throw new JournalException("the archived cycle " + archived + " is not the cycle the journal lifecycle archived " +
                "(sha256 " + got.sha256() + " over " + got.bytes() + " bytes, the ledger says " + entry.sha256() + " over " +
                entry.bytes() + "); restore it from a backup of the archive");
        }
    }

    /**
     * Refuses before writing when the copy's disk cannot hold {@code bytes} more.
     */
    private static void requireRoom(final Path directory, final long bytes, final String what, final FreeSpace freeSpace)
        throws IOException
    {
        final long free = freeSpace.usableBytes(directory);
        if (free < bytes)
        {
            throw new JournalException(what + " needs " + bytes + " bytes and " + directory + " has " + free +
                " free; nothing was left there. Unpack onto a disk with room: replay --unpack-to DIR, or for audit verify " +
                "--journal-archive a temporary directory elsewhere (HORIZON_JAVA_OPTS=-Djava.io.tmpdir=DIR)");
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
