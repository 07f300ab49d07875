package io.horizon.ops.daemon;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Tells a CLI verb whether a daemon is running on a state directory, by trying the lock the
 * daemon holds ({@link StateDirectory#LOCK_FILE}) and letting go of it at once.
 * <p>
 * Stateless; any thread.
 */
public final class RunningDaemon
{
    private RunningDaemon()
    {
    }

    /**
     * @param stateDirectory a state directory.
     * @return true when a daemon (in this process or another) holds its lock.
     */
    public static boolean isRunning(final Path stateDirectory)
    {
        final Path lockFile = stateDirectory.resolve(StateDirectory.LOCK_FILE);
        if (!Files.exists(lockFile))
        {
            return false;
        }
        try (FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.WRITE))
        {
            final FileLock lock = channel.tryLock();
            if (lock == null)
            {
                return true;
            }
            lock.release();
            return false;
        }
        catch (final OverlappingFileLockException ex)
        {
            return true;
        }
        catch (final IOException ex)
        {
            return false;
        }
    }
}
