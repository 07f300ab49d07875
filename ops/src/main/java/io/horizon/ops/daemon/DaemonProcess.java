package io.horizon.ops.daemon;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.OptionalLong;

import io.horizon.ops.counters.CountersLayout;

/**
 * Finds the daemon running on a state directory from outside it: the directory's lock is held,
 * and the counters file's header names the process id. Used by verbs that signal the daemon.
 * <p>
 * Stateless; any thread.
 */
public final class DaemonProcess
{
    private DaemonProcess()
    {
    }

    /**
     * @param stateDirectory a state directory.
     * @return the pid of the live daemon that holds it, or empty when none does.
     */
    public static OptionalLong find(final Path stateDirectory)
    {
        if (!isLocked(stateDirectory.resolve(StateDirectory.LOCK_FILE)))
        {
            return OptionalLong.empty();
        }
        final Path counters = stateDirectory.resolve(CountersLayout.FILE_NAME);
        try (FileChannel channel = FileChannel.open(counters, StandardOpenOption.READ))
        {
            final ByteBuffer header = ByteBuffer.allocate(CountersLayout.HEADER_LENGTH).order(ByteOrder.LITTLE_ENDIAN);
            channel.read(header, 0);
            if (header.getLong(CountersLayout.MAGIC_OFFSET) != CountersLayout.MAGIC)
            {
                return OptionalLong.empty();
            }
            final long pid = header.getLong(CountersLayout.PID_OFFSET);
            return ProcessHandle.of(pid).filter(ProcessHandle::isAlive).isPresent() ? OptionalLong.of(pid) : OptionalLong.empty();
        }
        catch (final IOException ex)
        {
            return OptionalLong.empty();
        }
    }

    private static boolean isLocked(final Path lockFile)
    {
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
            // This very process holds it: a daemon runs in here.
            return true;
        }
        catch (final IOException ex)
        {
            return false;
        }
    }
}
