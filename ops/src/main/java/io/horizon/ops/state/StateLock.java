package io.horizon.ops.state;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.List;
import java.util.Set;

/**
 * The one way to ask whether a daemon holds a state directory's lock ({@value #FILE_NAME}), and
 * which process that is. Every verb that must know (backup, restore, kill, reset, redrive,
 * secrets rotate) asks here, with one error handling: a lock that cannot be checked is an error
 * that names the file, never a silent "not running".
 * <p>
 * On Linux the holder comes from the kernel's lock table ({@code /proc/locks}: the pid that holds
 * the POSIX lock on the lock file's device and inode), which no one can forge by writing files;
 * nothing is locked to ask. Elsewhere the lock is tried and let go at once (the holder is then
 * unknown), so a daemon starting at that very instant may be refused.
 * <p>
 * Stateless; any thread.
 */
public final class StateLock
{
    /** Lock file name inside the state directory. */
    public static final String FILE_NAME = "horizon.lock";
    /** {@link Probe#holderPid()} when a lock is held by a process this one cannot name. */
    public static final long UNKNOWN_PID = -1;

    private static final Path PROC_LOCKS = Path.of("/proc/locks");

    private StateLock()
    {
    }

    /**
     * What a probe found.
     *
     * @param held      whether a process holds the lock.
     * @param holderPid that process, or {@link #UNKNOWN_PID} (not held, or the kernel does not say).
     */
    public record Probe(boolean held, long holderPid)
    {
        /** Nothing holds the lock. */
        public static final Probe FREE = new Probe(false, UNKNOWN_PID);
    }

    /**
     * @param stateDirectory a state directory.
     * @return whether a daemon (in this process or another) holds its lock, and which process.
     * @throws StateLockException when the lock file is not a plain file or cannot be checked.
     */
    public static Probe probe(final Path stateDirectory)
    {
        final Path lockFile = stateDirectory.toAbsolutePath().normalize().resolve(FILE_NAME);
        final BasicFileAttributes attributes;
        try
        {
            attributes = Files.readAttributes(lockFile, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        }
        catch (final NoSuchFileException ex)
        {
            return Probe.FREE;
        }
        catch (final IOException ex)
        {
            throw failed(lockFile, ex.toString());
        }
        if (!attributes.isRegularFile())
        {
            throw failed(lockFile, "it is " + PlainFile.kind(attributes) + ", not a regular file. Remove it " +
                "(no daemon can have locked it)");
        }
        final long fromKernel = holderFromKernel(lockFile);
        if (fromKernel > 0)
        {
            return new Probe(true, fromKernel);
        }
        return tryLock(lockFile);
    }

    private static Probe tryLock(final Path lockFile)
    {
        // A shared lock needs only read permission and still conflicts with the daemon's exclusive one.
        try (FileChannel channel = FileChannel.open(lockFile, Set.of(StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS)))
        {
            final FileLock lock = channel.tryLock(0, Long.MAX_VALUE, true);
            if (lock == null)
            {
                return new Probe(true, UNKNOWN_PID);
            }
            lock.release();
            return Probe.FREE;
        }
        catch (final OverlappingFileLockException ex)
        {
            return new Probe(true, ProcessHandle.current().pid());
        }
        catch (final NoSuchFileException ex)
        {
            return Probe.FREE;
        }
        catch (final IOException ex)
        {
            throw failed(lockFile, ex.toString());
        }
    }

    private static StateLockException failed(final Path lockFile, final String why)
    {
        return new StateLockException("cannot tell whether a Horizon holds " + lockFile + ": " + why +
            "; run as the daemon's user or fix the file's permissions");
    }

    /**
     * @return the pid holding a POSIX write lock on the file, from {@code /proc/locks}; 0 when none
     *         or when the kernel does not say.
     */
    private static long holderFromKernel(final Path lockFile)
    {
        final long dev;
        final long ino;
        final List<String> lines;
        try
        {
            dev = (Long)Files.getAttribute(lockFile, "unix:dev", LinkOption.NOFOLLOW_LINKS);
            ino = (Long)Files.getAttribute(lockFile, "unix:ino", LinkOption.NOFOLLOW_LINKS);
            lines = Files.readAllLines(PROC_LOCKS, StandardCharsets.US_ASCII);
        }
        catch (final IOException | RuntimeException ex)
        {
            return 0;
        }
        // Linux's dev_t encoding (glibc major()/minor()).
        final long major = ((dev >>> 8) & 0xfff) | ((dev >>> 32) & ~0xfffL);
        final long minor = (dev & 0xff) | ((dev >>> 12) & ~0xffL);
        for (final String line : lines)
        {
            // "1: POSIX  ADVISORY  WRITE 9068 fe:00:2148134 0 EOF"; "->" marks a waiter, not a holder.
            final String[] f = line.trim().split("\\s+");
            if (f.length < 6 || line.contains("->") || !"POSIX".equals(f[1]) || !"WRITE".equals(f[3]))
            {
                continue;
            }
            final String[] id = f[5].split(":");
            try
            {
                if (id.length == 3 && Long.parseLong(id[0], 16) == major && Long.parseLong(id[1], 16) == minor &&
                    Long.parseLong(id[2]) == ino)
                {
                    return Long.parseLong(f[4]);
                }
            }
            catch (final NumberFormatException ignore)
            {
                // not a line of the layout above
            }
        }
        return 0;
    }
}
