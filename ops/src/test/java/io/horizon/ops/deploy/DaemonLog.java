package io.horizon.ops.deploy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import io.horizon.ops.support.HorizonProcess;

/**
 * What tests of a daemon in a child process read from its log, and how they wait for it.
 */
final class DaemonLog
{
    private DaemonLog()
    {
    }

    /** @return the log so far. */
    static String read(final Path log)
    {
        try
        {
            return Files.readString(log, StandardCharsets.UTF_8);
        }
        catch (final java.io.IOException ex)
        {
            throw new java.io.UncheckedIOException(ex);
        }
    }

    /** @return how often {@code what} stands in {@code text}. */
    static int count(final String text, final String what)
    {
        int count = 0;
        for (int at = text.indexOf(what); at >= 0; at = text.indexOf(what, at + 1))
        {
            count++;
        }
        return count;
    }

    /** Waits until the condition holds, at most {@link HorizonProcess#TIMEOUT_S}. */
    static void await(final BooleanSupplier condition, final String what) throws InterruptedException
    {
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(HorizonProcess.TIMEOUT_S);
        while (!condition.getAsBoolean())
        {
            if (System.nanoTime() > deadline)
            {
                throw new AssertionError("timed out waiting until " + what);
            }
            Thread.sleep(50);
        }
    }

    /** Waits until {@code what} stands in the log at least {@code times} times; on a timeout the error holds the log. */
    static void awaitCount(final Path log, final String what, final int times) throws InterruptedException
    {
        try
        {
            await(() -> count(read(log), what) >= times, "'" + what + "' " + times + " times in the log");
        }
        catch (final AssertionError ex)
        {
            throw new AssertionError(ex.getMessage() + ":\n" + read(log), ex);
        }
    }
}
