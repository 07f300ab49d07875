package io.horizon.ops.daemon;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.OptionalLong;
import java.util.Set;

import io.horizon.ops.counters.CountersLayout;
import io.horizon.ops.state.StateLock;

/**
 * Finds the daemon running on a state directory from outside it, for verbs that signal it: the
 * process that holds the directory's lock ({@link StateLock#probe}, from the kernel's lock table
 * on Linux). Only where the kernel does not name the holder is the counters file's header asked
 * for the pid, and then only while the lock is held.
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
     * @throws io.horizon.ops.state.StateLockException when the lock cannot be checked.
     */
    public static OptionalLong find(final Path stateDirectory)
    {
        final StateLock.Probe probe = StateLock.probe(stateDirectory);
        if (!probe.held())
        {
            return OptionalLong.empty();
        }
        final long pid = probe.holderPid() != StateLock.UNKNOWN_PID ? probe.holderPid() : pidFromCounters(stateDirectory);
        return pid > 0 && ProcessHandle.of(pid).filter(ProcessHandle::isAlive).isPresent() ? OptionalLong.of(pid) : OptionalLong.empty();
    }

    private static long pidFromCounters(final Path stateDirectory)
    {
        final Path counters = stateDirectory.resolve(CountersLayout.FILE_NAME);
        try (FileChannel channel = FileChannel.open(counters, Set.of(StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS)))
        {
            final ByteBuffer header = ByteBuffer.allocate(CountersLayout.HEADER_LENGTH).order(ByteOrder.LITTLE_ENDIAN);
            channel.read(header, 0);
            return header.getLong(CountersLayout.MAGIC_OFFSET) == CountersLayout.MAGIC ? header.getLong(CountersLayout.PID_OFFSET) : -1;
        }
        catch (final IOException ex)
        {
            return -1;
        }
    }
}
