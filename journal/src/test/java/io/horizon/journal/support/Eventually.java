package io.horizon.journal.support;

import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * Waits for what a background thread (a flusher) will make true, failing with what was awaited.
 */
public final class Eventually
{
    private Eventually()
    {
    }

    /**
     * @param condition polled every 5 ms.
     * @param what      for the failure message.
     * @param timeoutMs how long to wait.
     */
    public static void await(final BooleanSupplier condition, final String what, final long timeoutMs) throws InterruptedException
    {
        final long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
        while (!condition.getAsBoolean())
        {
            if (System.nanoTime() > deadline)
            {
                throw new AssertionError("timed out waiting for " + what);
            }
            Thread.sleep(5);
        }
    }
}
