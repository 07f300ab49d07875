package io.horizon.ops.control;

import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * The control channel's files in the state directory. The CLI reaches a running daemon through
 * them, without any network listener: file permissions are the access control (the folder is
 * created {@code rwx------}, so only the daemon's user, or whoever the operator grants, can ask).
 * <pre>
 * STATE/control/desk.properties           the daemon is listening: pid, start time (deleted at stop)
 * STATE/control/requests/ID.request        a command, written whole by the CLI (tmp file, then rename)
 * STATE/control/requests/ID.claimed        the daemon took it: renamed atomically, so a command the
 *                                          CLI withdraws on time-out (by deleting it) is never run
 * STATE/control/acks/ID.ack                the outcome, for the CLI to read and delete
 * </pre>
 * Stateless; any thread, any process.
 */
public final class ControlChannel
{
    /** Folder inside the state directory. */
    public static final String DIRECTORY = "control";
    /** Suffix of a complete request. */
    static final String REQUEST = ".request";
    /** Suffix of a request the daemon has taken. */
    static final String CLAIMED = ".claimed";
    /** Suffix of an acknowledgement. */
    static final String ACK = ".ack";

    private ControlChannel()
    {
    }

    static Path directory(final Path state)
    {
        return state.resolve(DIRECTORY);
    }

    static Path requests(final Path state)
    {
        return directory(state).resolve("requests");
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
     * folder keeps the permissions an operator gave it (for example a group of operators).
     */
    static void create(final Path state) throws IOException
    {
        final Path dir = directory(state);
        if (!Files.exists(dir))
        {
            if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix"))
            {
                Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            }
            else
            {
                Files.createDirectories(dir);
            }
        }
        Files.createDirectories(requests(state));
        Files.createDirectories(acks(state));
    }
}
