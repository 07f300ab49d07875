package io.horizon.ops.backup;

import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;

import io.horizon.journal.JournalCopy;
import io.horizon.journal.JournalDirectory;
import io.horizon.ops.alerting.JournalAlertFollower;
import io.horizon.ops.counters.CountersFile;
import io.horizon.ops.daemon.AuditBackendMark;
import io.horizon.ops.daemon.StateDirectory;
import io.horizon.ops.preset.PresetRecord;

/**
 * {@code horizon backup}: a consistent copy of a state directory, taken while the daemon runs.
 * <p>
 * The copy is a crash-consistent cut: it looks like the state a crash at one instant would have
 * left, which a restart (and {@code horizon restore}) knows how to continue. To get that with
 * stores that keep being written, the parts are copied in the order their contents depend on
 * each other:
 * <ol>
 *   <li>SQLite stores ({@code *.db}: audit.db, dlq.db, audit_archive.db) through SQLite's online
 *       backup API. They are written from the journal, so copying them first means every row
 *       refers to journal records the copy will hold (a store must therefore keep its journal
 *       position in its own tables, not only in a Chronicle named tailer);</li>
 *   <li>snapshots ({@code snapshots/}, each written whole under a temporary name and renamed;
 *       temporary files are left out). Taken before the journal, so every snapshot's journal
 *       position is inside the copied journal;</li>
 *   <li>the journal ({@link JournalCopy}: outbound, then inbound, then the lifecycle's ledger);</li>
 *   <li>FIX session state ({@code fix/}: each FIX venue's sequence numbers and message archive,
 *       not its Aeron media files, which every start re-creates), after the journal, so the
 *       sequence numbers are at least those the journal saw;</li>
 *   <li>presets ({@code presets/*.hz.toml}, replaced whole when written), and append-only
 *       {@code *.jsonl} logs up to their last complete line.</li>
 * </ol>
 * Symbolic links anywhere in the state are not followed: a backup copies the state, nothing a
 * link points at.
 * Left out: {@code horizon.lock} (the live lock), {@code counters.dat} and {@code audit-backend} (re-created at every
 * start), {@code control/} (the live control channel) and {@code alerts.position} (a restored
 * state alerts from its journal's end, not again what the original already paged). Anything else found in the state
 * directory is copied as plain files and named in the manifest's notes. Finally every file is
 * fingerprinted into {@link BackupManifest}, written last: a backup without it is incomplete.
 * <p>
 * Stateless; the caller's thread.
 */
public final class StateBackup
{
    /** Folder of the engine snapshots inside the state directory. */
    public static final String SNAPSHOTS = "snapshots";
    /** Folder of the FIX venues' session state inside the state directory. */
    public static final String FIX = "fix";
    /** A FIX venue's Aeron media files: re-created at every start, large, never copied. */
    private static final String FIX_MEDIA = "aeron";

    private StateBackup()
    {
    }

    /**
     * @param state          the state directory, running or not.
     * @param target         a new or empty directory, outside the state directory.
     * @param horizonVersion this Horizon's version, for the manifest.
     * @param progress       told each step, one line each.
     * @return the manifest written.
     * @throws IllegalArgumentException naming the path when source or target cannot be used.
     * @throws IOException              when a file cannot be copied.
     * @throws SQLException             when a SQLite store cannot be backed up.
     */
    public static BackupManifest take(
        final Path state, final Path target, final String horizonVersion, final Consumer<String> progress)
        throws IOException, SQLException
    {
        final Path from = state.toAbsolutePath().normalize();
        final Path to = target.toAbsolutePath().normalize();
        if (!JournalDirectory.exists(from))
        {
            throw new IllegalArgumentException("no Horizon state at " + from + " (no journal); pass --state with the " +
                "state directory of a Horizon that has run");
        }
        if (to.startsWith(from) || from.startsWith(to))
        {
            throw new IllegalArgumentException("--to " + to + " and the state " + from + " overlap; back up to a directory outside it");
        }
        if (!StateFiles.isEmptyOrAbsent(to))
        {
            throw new IllegalArgumentException("--to " + to + " is not empty; back up into a new or empty directory");
        }
        createPrivate(to);
        final boolean live = StateDirectory.isInUse(from);
        progress.accept("backing up " + from + (live ? " (a daemon is running: online copy)" : "") + " to " + to);

        final List<String> notes = new ArrayList<>();
        final List<String> sqlite = new ArrayList<>();
        for (final Path entry : StateFiles.list(from))
        {
            final String name = entry.getFileName().toString();
            if (Files.isRegularFile(entry) && name.endsWith(".db"))
            {
                SqliteStoreCopy.copy(entry, to.resolve(name));
                sqlite.add(name);
                progress.accept("  " + name + ": copied through SQLite's backup API, integrity ok");
            }
        }

        final long snapshots = copyPlain(from.resolve(SNAPSHOTS), to.resolve(SNAPSHOTS), null);
        if (snapshots > 0)
        {
            progress.accept("  " + SNAPSHOTS + ": " + snapshots + " files copied (before the journal, which covers them)");
        }

        final JournalCopy.Position position = JournalCopy.copy(from, to);
        progress.accept("  journal: " + position.inboundEvents() + " inbound events, " + position.outputs() + " outputs");

        final long fix = copyPlain(from.resolve(FIX), to.resolve(FIX), FIX_MEDIA);
        if (fix > 0)
        {
            progress.accept("  " + FIX + ": " + fix + " files of FIX session state copied (sequence numbers, message archive)");
        }

        final Path presets = from.resolve(PresetRecord.DIRECTORY);
        if (Files.isDirectory(presets))
        {
            Files.createDirectories(to.resolve(PresetRecord.DIRECTORY));
            for (final Path preset : StateFiles.list(presets))
            {
                if (Files.isRegularFile(preset, LinkOption.NOFOLLOW_LINKS) && !preset.getFileName().toString().endsWith(".tmp"))
                {
                    Files.copy(preset, to.resolve(PresetRecord.DIRECTORY).resolve(preset.getFileName()));
                }
            }
            progress.accept("  presets: copied");
        }

        for (final Path entry : StateFiles.list(from))
        {
            final String name = entry.getFileName().toString();
            if (isHandled(name))
            {
                continue;
            }
            if (Files.isRegularFile(entry) && name.endsWith(".jsonl"))
            {
                copyCompleteLines(entry, to.resolve(name));
                progress.accept("  " + name + ": copied up to its last complete line");
            }
            else
            {
                copyPlain(entry, to.resolve(name), null);
                notes.add(name + " is not a known part of a state directory; copied as plain files, without a consistency guarantee");
                progress.accept("  " + name + ": copied as plain files (not a known part of a state directory)");
            }
        }
        notes.add("left out: " + StateDirectory.LOCK_FILE + " (the live lock), " + CountersFile.FILE_NAME +
            " and " + AuditBackendMark.FILE_NAME + " (both re-created at every start), control/ (the live control channel), " + JournalAlertFollower.POSITION_FILE +
            " (a restored state alerts from its journal's end)");

        final BackupManifest manifest = new BackupManifest(Instant.now().toString(), from.toString(), horizonVersion, position,
            sqlite, StateFiles.fingerprints(to, BackupManifest.FILE_NAME), notes);
        manifest.write(to);
        progress.accept("backup complete: " + manifest.files().size() + " files, manifest " + to.resolve(BackupManifest.FILE_NAME));
        return manifest;
    }

    private static boolean isHandled(final String name)
    {
        return name.equals(StateDirectory.LOCK_FILE) ||
            name.equals(CountersFile.FILE_NAME) ||
            name.equals(AuditBackendMark.FILE_NAME) ||
            name.endsWith(".tmp") ||
            name.equals("control") ||
            name.equals(JournalAlertFollower.POSITION_FILE) ||
            name.equals(JournalDirectory.JOURNAL) ||
            name.equals(PresetRecord.DIRECTORY) ||
            name.equals(SNAPSHOTS) ||
            name.equals(FIX) ||
            name.endsWith(".db") ||
            name.endsWith(".db-wal") ||
            name.endsWith(".db-shm") ||
            name.endsWith(".db-journal");
    }

    private static void copyCompleteLines(final Path from, final Path to) throws IOException
    {
        final byte[] bytes = Files.readAllBytes(from);
        int end = bytes.length;
        while (end > 0 && bytes[end - 1] != '\n')
        {
            end--;
        }
        Files.write(to, java.util.Arrays.copyOf(bytes, end));
    }

    /**
     * Copies a file, or a folder's regular files and folders, leaving out links, temporary
     * ({@code *.tmp}) files and folders named {@code skipFolder}.
     *
     * @return files copied; 0 when there is nothing at {@code from}.
     */
    private static long copyPlain(final Path from, final Path to, final String skipFolder) throws IOException
    {
        long copied = 0;
        if (Files.isDirectory(from, LinkOption.NOFOLLOW_LINKS))
        {
            try (Stream<Path> walk = Files.walk(from))
            {
                for (final Path p : (Iterable<Path>)walk::iterator)
                {
                    final Path relative = from.relativize(p);
                    if (skipFolder != null && startsWithFolder(relative, skipFolder))
                    {
                        continue;
                    }
                    final Path dest = to.resolve(relative.toString());
                    // A link in the state is not followed: a backup copies the state, nothing it points at.
                    if (Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS))
                    {
                        Files.createDirectories(dest);
                    }
                    else if (Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS) && !p.getFileName().toString().endsWith(".tmp"))
                    {
                        try
                        {
                            Files.copy(p, dest);
                            copied++;
                        }
                        catch (final java.nio.file.NoSuchFileException ex)
                        {
                            // Replaced or removed while we walked (an old snapshot pruned): not part of the cut.
                        }
                    }
                }
            }
        }
        else if (Files.isRegularFile(from, LinkOption.NOFOLLOW_LINKS))
        {
            Files.copy(from, to);
            copied++;
        }
        return copied;
    }

    private static boolean startsWithFolder(final Path relative, final String folder)
    {
        for (final Path part : relative)
        {
            if (part.toString().equals(folder))
            {
                return true;
            }
        }
        return false;
    }

    static void createPrivate(final Path dir) throws IOException
    {
        if (!Files.exists(dir) && FileSystems.getDefault().supportedFileAttributeViews().contains("posix"))
        {
            Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        }
        else
        {
            Files.createDirectories(dir);
        }
    }
}
