package io.horizon.ops.backup;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.Consumer;

import io.horizon.journal.JournalCopy;
import io.horizon.journal.JournalDirectory;
import io.horizon.ops.daemon.OfflineRecovery;
import io.horizon.ops.daemon.StateDirectory;

/**
 * {@code horizon restore}: turns a backup back into a state directory a daemon can run on.
 * <ol>
 *   <li>checks the backup: its manifest (every path in it a plain relative path that stays inside
 *       the backup and the target, with no link on the way: {@link ManifestPath}), every file's size and SHA-256, and that its journal reads
 *       cleanly to the position the manifest records;</li>
 *   <li>refuses a target that a daemon runs on, or that is not empty (nothing is overwritten);</li>
 *   <li>locks the target for the whole restore, so no daemon starts on a half-restored state;</li>
 *   <li>copies the files, then does what a restart's recovery does without going live: re-derives
 *       the outputs of the last copied events, which the running daemon had not journaled yet when
 *       the copy was taken ({@link OfflineRecovery});</li>
 *   <li>reads the restored journal back once more.</li>
 * </ol>
 * Afterwards {@code horizon replay --verify} passes on the target and {@code horizon run} continues it.
 * <p>
 * Stateless; the caller's thread.
 */
public final class StateRestore
{
    private StateRestore()
    {
    }

    /**
     * What a restore did.
     *
     * @param manifest         the backup's manifest.
     * @param journal          where the restored journal ends.
     * @param outputsCompleted outputs re-derived for the last copied events.
     */
    public record Result(BackupManifest manifest, JournalCopy.Position journal, long outputsCompleted)
    {
    }

    /**
     * @param backup   a directory written by {@code horizon backup}.
     * @param target   a new or empty directory no daemon runs on.
     * @param progress told each step, one line each.
     * @return what was restored.
     * @throws IllegalArgumentException naming the path when the backup or the target cannot be used.
     * @throws IOException              when a file cannot be read or written.
     */
    public static Result restore(final Path backup, final Path target, final Consumer<String> progress) throws IOException
    {
        final Path from = backup.toAbsolutePath().normalize();
        final Path to = target.toAbsolutePath().normalize();
        final BackupManifest manifest = BackupManifest.read(from);
        progress.accept("checking backup " + from + " (taken " + manifest.created() + " from " + manifest.source() + ")");
        for (final Map.Entry<String, String> file : manifest.files().entrySet())
        {
            final Path path = ManifestPath.noLinks(from, file.getKey(), true);
            if (!StateFiles.fingerprint(path).equals(file.getValue()))
            {
                throw new IllegalArgumentException("the backup is damaged: " + path + " does not match its SHA-256 in " +
                    BackupManifest.FILE_NAME);
            }
        }
        final JournalCopy.Position inBackup = JournalCopy.read(from);
        if (!inBackup.equals(manifest.journal()))
        {
            throw new IllegalArgumentException("the backup is damaged: its journal reads to " + inBackup +
                " but the manifest recorded " + manifest.journal());
        }
        progress.accept("  " + manifest.files().size() + " files match their checksums; journal reads cleanly: " +
            inBackup.inboundEvents() + " inbound events, " + inBackup.outputs() + " outputs");

        if (Files.exists(to) && !Files.isDirectory(to))
        {
            throw new IllegalArgumentException("--state " + to + " is a file; restore into a new or empty directory");
        }
        if (StateDirectory.isInUse(to))
        {
            throw new IllegalArgumentException("a Horizon is running on " + to + "; restore never overwrites a live state. " +
                "Restore into a new or empty directory");
        }
        if (!StateFiles.isEmptyOrAbsent(to))
        {
            throw new IllegalArgumentException("--state " + to + " is not empty; restore never overwrites a state. " +
                "Restore into a new or empty directory, then point horizon run --state at it");
        }
        StateBackup.createPrivate(to);
        try (StateDirectory locked = StateDirectory.open(to))
        {
            JournalCopy.copy(from, locked.path());
            for (final String relative : manifest.files().keySet())
            {
                if (relative.startsWith(JournalDirectory.JOURNAL + "/"))
                {
                    continue;
                }
                final Path source = ManifestPath.noLinks(from, relative, true);
                final Path dest = ManifestPath.noLinks(to, relative, false);
                Files.createDirectories(dest.getParent());
                // Checked again after the folders exist: nothing on the way may be a link.
                ManifestPath.noLinks(to, relative, false);
                Files.copy(source, dest, LinkOption.NOFOLLOW_LINKS);
            }
            progress.accept("  files copied to " + to);
            final long completed = OfflineRecovery.completeOutputs(to);
            final JournalCopy.Position restored = JournalCopy.read(to);
            progress.accept("  recovery re-derived " + completed + " outputs of the last copied events; journal: " +
                restored.inboundEvents() + " inbound events, " + restored.outputs() + " outputs");
            progress.accept("restore complete: horizon replay --verify --state " + to + ", then horizon run --state " + to);
            return new Result(manifest, restored, completed);
        }
    }
}
