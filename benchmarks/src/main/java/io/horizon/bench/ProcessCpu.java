package io.horizon.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import com.sun.management.OperatingSystemMXBean;

/**
 * CPU time spent so far by this JVM, and by a PostgreSQL server's processes (the postmaster and
 * every process it forked: backends, WAL writer, checkpointer), read from {@code /proc}. On a
 * shared machine wall time swings with other people's load; CPU time per row swings much less,
 * so the audit flush benchmark prints both.
 * <p>
 * Linux only ({@code /proc/PID/stat}, clock ticks of 10 ms). Stateless; any thread.
 */
final class ProcessCpu
{
    private static final long NANOS_PER_TICK = 10_000_000L;

    private ProcessCpu()
    {
    }

    /**
     * @return this JVM's CPU time in nanoseconds (every thread: application, JIT, GC).
     */
    static long jvmNanos()
    {
        return ((OperatingSystemMXBean)ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    }

    /**
     * @param postmaster the server's postmaster pid; 0 for none.
     * @return the CPU time of the postmaster and its live children, in nanoseconds (a child that
     *         exited is not counted: read while the connections of interest are still open).
     */
    static long serverNanos(final long postmaster)
    {
        if (postmaster == 0)
        {
            return 0;
        }
        long total = 0;
        try (Stream<Path> procs = Files.list(Path.of("/proc")))
        {
            for (final Path p : (Iterable<Path>)procs::iterator)
            {
                final String name = p.getFileName().toString();
                if (!name.chars().allMatch(Character::isDigit))
                {
                    continue;
                }
                final String[] f = stat(p);
                if (f != null && (Long.parseLong(name) == postmaster || Long.parseLong(f[1]) == postmaster))
                {
                    total += (Long.parseLong(f[11]) + Long.parseLong(f[12])) * NANOS_PER_TICK;
                }
            }
        }
        catch (final IOException ex)
        {
            throw new IllegalStateException("cannot read /proc for the server's CPU time: " + ex.getMessage(), ex);
        }
        return total;
    }

    /**
     * @param pid a process id.
     * @return its parent's pid, or 0 when it is gone.
     */
    static long parentOf(final long pid)
    {
        final String[] f = stat(Path.of("/proc", Long.toString(pid)));
        return f == null ? 0 : Long.parseLong(f[1]);
    }

    /** The fields of /proc/PID/stat after the command name: [0] state, [1] ppid, [11] utime, [12] stime. */
    private static String[] stat(final Path proc)
    {
        try
        {
            final String line = Files.readString(proc.resolve("stat"));
            return line.substring(line.lastIndexOf(')') + 2).split(" ");
        }
        catch (final IOException | RuntimeException ex)
        {
            return null;
        }
    }
}
