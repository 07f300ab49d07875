package io.horizon.ops.daemon;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystems;
import java.nio.file.LinkOption;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

import io.horizon.ops.state.StateLock;

/**
 * The state directory a daemon owns for its whole run: created if missing, checked writable,
 * and locked ({@code horizon.lock}) so a second daemon on the same state is refused instead of
 * corrupting it.
 * <p>
 * Threading: open and close from the owning thread.
 */
public final class StateDirectory implements AutoCloseable
{
    /** Lock file name inside the state directory. */
    public static final String LOCK_FILE = StateLock.FILE_NAME;

    private final Path path;
    private final FileChannel lockChannel;
    private final FileLock lock;

    private StateDirectory(final Path path, final FileChannel lockChannel, final FileLock lock)
    {
        this.path = path;
        this.lockChannel = lockChannel;
        this.lock = lock;
    }

    /**
     * Opens and locks a state directory.
     *
     * @param path the directory; created with its parents if missing.
     * @return the locked directory.
     * @throws StateDirectoryException with a message naming the path and the fix.
     */
    public static StateDirectory open(final Path path)
    {
        final Path dir = path.toAbsolutePath().normalize();
        try
        {
            if (!Files.exists(dir, LinkOption.NOFOLLOW_LINKS) &&
                FileSystems.getDefault().supportedFileAttributeViews().contains("posix"))
            {
                // The state directory is private to the daemon's user from the start.
                Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            }
            else
            {
                Files.createDirectories(dir);
            }
        }
        catch (final FileAlreadyExistsException ex)
        {
            throw new StateDirectoryException("state directory " + dir + " exists but is not a directory; pass --state with a directory path");
        }
        catch (final AccessDeniedException ex)
        {
            throw new StateDirectoryException("cannot create state directory " + dir + ": permission denied; choose a writable --state");
        }
        catch (final IOException ex)
        {
            throw new StateDirectoryException("cannot create state directory " + dir + ": " + ex.getMessage());
        }
        if (!Files.isWritable(dir))
        {
            throw new StateDirectoryException("state directory " + dir + " is not writable by this user; fix its permissions or choose another --state");
        }
        FileChannel channel = null;
        try
        {
            channel = FileChannel.open(dir.resolve(LOCK_FILE),
                Set.of(StandardOpenOption.CREATE, StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS),
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            final FileLock lock = channel.tryLock();
            if (lock == null)
            {
                channel.close();
                throw new StateDirectoryException("state directory " + dir +
                    " is in use by another running Horizon; stop it first or choose another --state");
            }
            return new StateDirectory(dir, channel, lock);
        }
        catch (final OverlappingFileLockException ex)
        {
            closeQuietly(channel);
            throw new StateDirectoryException("state directory " + dir + " is already open in this process");
        }
        catch (final IOException ex)
        {
            closeQuietly(channel);
            throw new StateDirectoryException("cannot lock state directory " + dir + ": " + ex.getMessage());
        }
    }

    /**
     * Tells whether a daemon holds a state directory's lock, without creating or locking anything
     * where the kernel names lock holders ({@link StateLock#probe}).
     *
     * @param path a directory.
     * @return true when a daemon (in this process or another) holds its lock.
     * @throws io.horizon.ops.state.StateLockException when the lock cannot be checked.
     */
    public static boolean isInUse(final Path path)
    {
        return StateLock.probe(path).held();
    }

    private static void closeQuietly(final FileChannel channel)
    {
        if (channel != null)
        {
            try
            {
                channel.close();
            }
            catch (final IOException ignore)
            {
                // Already failing with a clearer message.
            }
        }
    }

    /**
     * @return the absolute path.
     */
    public Path path()
    {
        return path;
    }

    /**
     * Releases the lock.
     */
    @Override
    public void close()
    {
        try
        {
            lock.release();
            lockChannel.close();
        }
        catch (final IOException ignore)
        {
            // The lock dies with the process anyway.
        }
    }
}
