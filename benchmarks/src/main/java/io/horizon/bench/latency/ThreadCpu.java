package io.horizon.bench.latency;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;

/**
 * CPU time of the threads whose names start with a prefix ({@code horizon-} for the engine's
 * threads, {@code ring-hop} for the baseline's consumer), so a series reports what its own threads
 * cost and not the sender's, which waits for its slots by yielding.
 * <p>
 * Threading: any thread.
 */
final class ThreadCpu
{
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private ThreadCpu()
    {
    }

    /**
     * @param prefix thread name prefix.
     * @return CPU nanoseconds used so far by the live threads so named; -1 when the JVM cannot tell.
     */
    static long nanos(final String prefix)
    {
        if (!THREADS.isThreadCpuTimeSupported())
        {
            return -1;
        }
        if (!THREADS.isThreadCpuTimeEnabled())
        {
            THREADS.setThreadCpuTimeEnabled(true);
        }
        long total = 0;
        for (final ThreadInfo info : THREADS.getThreadInfo(THREADS.getAllThreadIds()))
        {
            if (info != null && info.getThreadName().startsWith(prefix))
            {
                final long cpu = THREADS.getThreadCpuTime(info.getThreadId());
                if (cpu > 0)
                {
                    total += cpu;
                }
            }
        }
        return total;
    }

    /**
     * @return cores used between two samples over {@code wallNanos}; NaN when either sample failed.
     */
    static double cores(final long before, final long after, final long wallNanos)
    {
        return before < 0 || after < 0 || wallNanos <= 0 ? Double.NaN : (after - before) / (double)wallNanos;
    }
}
