package io.horizon.ops.state;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.OptionalInt;
import java.util.OptionalLong;

/**
 * What the kernel says about a process, from {@code /proc}: when it started (clock ticks since
 * boot, field 22 of {@code /proc/PID/stat}: a pid reused by another process has another start
 * time) and which user runs it (the owner of {@code /proc/PID}). Nothing here can be forged by
 * writing the state directory. Empty where there is no {@code /proc} (not Linux) or no such
 * process.
 * <p>
 * Stateless; any thread.
 */
public final class LinuxProcess
{
    private static final Path PROC = Path.of("/proc");

    private LinuxProcess()
    {
    }

    /**
     * @param pid a process id.
     * @return its start time in clock ticks since boot, or empty when it is not running or unknown.
     */
    public static OptionalLong startTicks(final long pid)
    {
        try
        {
            final String stat = Files.readString(PROC.resolve(Long.toString(pid)).resolve("stat"), StandardCharsets.US_ASCII);
            // The command name (field 2) may hold spaces and parentheses: count from the last ')'.
            final String[] fields = stat.substring(stat.lastIndexOf(')') + 2).trim().split(" ");
            // fields[0] is field 3 (state), so field 22 is fields[19].
            return OptionalLong.of(Long.parseLong(fields[19]));
        }
        catch (final IOException | RuntimeException ex)
        {
            return OptionalLong.empty();
        }
    }

    /**
     * @param pid a process id.
     * @return the user id it runs as, or empty when it is not running or unknown.
     */
    public static OptionalInt uid(final long pid)
    {
        return ownerUid(PROC.resolve(Long.toString(pid)));
    }

    /**
     * @return this process's user id, or empty where the file system does not say.
     */
    public static OptionalInt selfUid()
    {
        return uid(ProcessHandle.current().pid());
    }

    /**
     * @param path a file, not followed when it is a link.
     * @return its owner's user id, or empty where the file system has no unix attributes.
     */
    public static OptionalInt ownerUid(final Path path)
    {
        try
        {
            return OptionalInt.of((Integer)Files.getAttribute(path, "unix:uid", LinkOption.NOFOLLOW_LINKS));
        }
        catch (final IOException | RuntimeException ex)
        {
            return OptionalInt.empty();
        }
    }

    /**
     * @param path a file, not followed when it is a link.
     * @return its mode bits ({@code 0777} and above), or -1 where the file system does not say.
     */
    public static int mode(final Path path)
    {
        try
        {
            return (Integer)Files.getAttribute(path, "unix:mode", LinkOption.NOFOLLOW_LINKS);
        }
        catch (final IOException | RuntimeException ex)
        {
            return -1;
        }
    }
}
