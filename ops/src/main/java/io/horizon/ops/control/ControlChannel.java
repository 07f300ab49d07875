package io.horizon.ops.control;

import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.OptionalInt;

import io.horizon.ops.state.LinuxProcess;
import io.horizon.ops.state.PlainFile;

/**
 * The control channel's files in the state directory. The CLI reaches a running daemon through
 * them, without any network listener: file permissions are the access control (the folders are
 * created {@code rwx------}, so only the daemon's user, or a group the operator grants
 * {@code control/}, {@code requests/} and {@code acks/}, can ask).
 * <pre>
 * STATE/control/desk.properties           the daemon is listening: pid, process start time, uid
 * STATE/control/requests/ID.request        a command, written whole by the CLI (tmp file, then rename)
 * STATE/control/claimed/ID.request         the daemon took it: moved atomically into a folder only
 *                                          the daemon's user can write, so a command the CLI
 *                                          withdraws on time-out (by deleting it) is never run, and
 *                                          no one else can swap the file while the daemon reads it
 * STATE/control/acks/ID.ack                the outcome, for the CLI to read and delete
 * </pre>
 * {@link #verify} checks, at every start, that these folders are real folders (no links) owned by
 * the daemon's user, refusing to start otherwise, and takes away what they grant to other users
 * ({@code claimed/}: to the group too), saying so in the log.
 * <p>
 * Stateless; any thread, any process.
 */
public final class ControlChannel
{
    /** Folder inside the state directory. */
    public static final String DIRECTORY = "control";
    /** Suffix of a complete request. */
    static final String REQUEST = ".request";
    /** Suffix of an acknowledgement. */
    static final String ACK = ".ack";
    /** The most a request, an ack or the desk file may hold. */
    static final int MAX_FILE_BYTES = 4_096;

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(ControlChannel.class);

    private ControlChannel()
    {
    }

    private static String rwx(final int bits)
    {
        return ((bits & 4) != 0 ? "r" : "-") + ((bits & 2) != 0 ? "w" : "-") + ((bits & 1) != 0 ? "x" : "-");
    }

    static Path directory(final Path state)
    {
        return state.resolve(DIRECTORY);
    }

    static Path requests(final Path state)
    {
        return directory(state).resolve("requests");
    }

    static Path claimed(final Path state)
    {
        return directory(state).resolve("claimed");
    }

    static Path acks(final Path state)
    {
        return directory(state).resolve("acks");
    }

    static Path desk(final Path state)
    {
        return directory(state).resolve("desk.properties");
    }

    /**
     * Creates the folders, owner-only where the file system has POSIX permissions. An existing
     * folder keeps the permissions an operator gave it (for example a group of operators), as far
     * as {@link #verify} allows.
     */
    static void create(final Path state) throws IOException
    {
        for (final Path dir : new Path[] {directory(state), requests(state), claimed(state), acks(state)})
        {
            if (!Files.exists(dir, LinkOption.NOFOLLOW_LINKS))
            {
                if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix"))
                {
                    Files.createDirectory(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
                }
                else
                {
                    Files.createDirectory(dir);
                }
            }
        }
    }

    /**
     * Checks the folders as they are now, whoever created them, and closes them to other users.
     *
     * @param state the state directory.
     * @throws IllegalArgumentException naming the folder, what is wrong and the command that fixes it,
     *                                  when one is a link, not a folder, or not the daemon's.
     * @throws IOException              when a folder cannot be looked at.
     */
    static void verify(final Path state) throws IOException
    {
        final OptionalInt self = LinuxProcess.selfUid();
        for (final Path dir : new Path[] {directory(state), requests(state), claimed(state), acks(state)})
        {
            final BasicFileAttributes attributes;
            try
            {
                attributes = Files.readAttributes(dir, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            }
            catch (final NoSuchFileException ex)
            {
                throw new IllegalArgumentException("control channel folder " + dir + " is missing; restart the daemon to create it");
            }
            if (!attributes.isDirectory())
            {
                throw new IllegalArgumentException("control channel folder " + dir + " is " + PlainFile.kind(attributes) +
                    ", not a folder; remove it (rm " + dir + ") and start again: the daemon creates it");
            }
            final OptionalInt owner = LinuxProcess.ownerUid(dir);
            if (self.isPresent() && owner.isPresent() && owner.getAsInt() != self.getAsInt())
            {
                throw new IllegalArgumentException("control channel folder " + dir + " is owned by uid " + owner.getAsInt() +
                    ", not by the daemon's user (uid " + self.getAsInt() + "); fix it with: chown -R " + self.getAsInt() + " " +
                    directory(state));
            }
            final int mode = LinuxProcess.mode(dir);
            final int forbidden = dir.equals(claimed(state)) ? 0077 : 0007;
            if (mode >= 0 && (mode & forbidden) != 0)
            {
                // Ours, but open to others (a copy that lost its modes, a umask): close it, say so.
                final int tightened = mode & 07777 & ~forbidden;
                final java.util.Set<java.nio.file.attribute.PosixFilePermission> permissions =
                    PosixFilePermissions.fromString(rwx(tightened >> 6) + rwx(tightened >> 3) + rwx(tightened));
                Files.getFileAttributeView(dir, java.nio.file.attribute.PosixFileAttributeView.class, LinkOption.NOFOLLOW_LINKS)
                    .setPermissions(permissions);
                LOG.warn("control channel folder {} had mode {}, which let {} in; now {}", dir, String.format("%04o", mode & 07777),
                    forbidden == 0077 ? "other users" : "every user", String.format("%04o", tightened));
            }
        }
    }
}
