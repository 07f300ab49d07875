package io.horizon.bench.fix;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * CPU time and wake-ups of this JVM's threads over a window, by thread name, read from
 * {@code /proc/self/task}: what survives a busy machine better than wall-clock latency. A thread
 * that parks and is woken again counts one voluntary context switch each time, so
 * {@code sleeps} is how often it went to sleep (an idle strategy's parks, a blocking read, a
 * sync); {@code preempted} counts involuntary switches (a yield that gave the core away, or the
 * scheduler taking it: many of them mean the threads outnumber the free cores). Where the kernel
 * keeps scheduler statistics ({@code /proc/<pid>/task/<tid>/schedstat}) the CPU is exact to the
 * nanosecond, and each thread's <b>run-queue wait</b> is there too: the time it was runnable
 * (woken, or preempted) but no core was free for it, in all and per time it got a core. A thread on
 * a message's path that waits long on the run queue is late because of the others, not itself.
 * <p>
 * Linux only (without schedstat, clock ticks of 10 ms: a thread's CPU is exact to about 10 ms over
 * the window, and no run-queue wait).
 * Threading: {@link #start} and {@link #stop} on one thread.
 */
final class ThreadCpu
{
    private static final long NANOS_PER_TICK = 10_000_000L;
    private static final Path TASKS = Path.of("/proc/self/task");
    private static final int CPU = 0;
    private static final int VOLUNTARY = 1;
    private static final int INVOLUNTARY = 2;
    private static final int RUN_QUEUE = 3;
    private static final int TIMESLICES = 4;
    private static final int FIELDS = 5;

    private Map<String, long[]> before = Map.of();
    private long startNanos;

    /** One thread's (or one name's) use over the window. */
    record Use(String name, long cpuNanos, long wakeups, long preempted, long runQueueNanos, long timeslices)
    {
    }

    /** Takes the first snapshot. */
    void start()
    {
        before = snapshot();
        startNanos = System.nanoTime();
    }

    /**
     * @return each thread name's CPU and wake-ups since {@link #start}, threads of one name added
     *         up, busiest first; threads that did not run are left out.
     */
    List<Use> stop()
    {
        final Map<String, long[]> after = snapshot();
        final Map<String, long[]> byName = new TreeMap<>();
        for (final Map.Entry<String, long[]> e : after.entrySet())
        {
            final long[] now = e.getValue();
            final long[] then = before.getOrDefault(e.getKey(), new long[FIELDS]);
            final String name = e.getKey().substring(e.getKey().indexOf(' ') + 1);
            final long[] sum = byName.computeIfAbsent(name, k -> new long[FIELDS]);
            for (int f = 0; f < FIELDS; f++)
            {
                sum[f] += now[f] - then[f];
            }
        }
        final List<Use> uses = new ArrayList<>();
        for (final Map.Entry<String, long[]> e : byName.entrySet())
        {
            final long[] v = e.getValue();
            if (v[CPU] > 0 || v[VOLUNTARY] > 0)
            {
                uses.add(new Use(e.getKey(), v[CPU], v[VOLUNTARY], v[INVOLUNTARY], v[RUN_QUEUE], v[TIMESLICES]));
            }
        }
        uses.sort((a, b) -> Long.compare(b.cpuNanos, a.cpuNanos));
        return uses;
    }

    /** @return the window's length so far, in nanoseconds. */
    long elapsedNanos()
    {
        return System.nanoTime() - startNanos;
    }

    /**
     * @return one line per thread name: CPU ms, share of one core, µs per order, run-queue wait (ms,
     *         µs per order, µs per time on a core), sleeps (and per order), preemptions; with
     *         {@code orders} 0 (an idle window) the per-order columns are 0.
     */
    static String table(final List<Use> uses, final long windowNanos, final long orders)
    {
        final StringBuilder text = new StringBuilder();
        text.append(String.format(Locale.ROOT, "  %-24s %9s %7s %10s %8s %10s %10s %10s %10s %10s%n", "thread", "cpu ms",
            "core %", "cpu us/ord", "runq ms", "runq us/ord", "runq us/run", "sleeps", "sleeps/ord", "preempted"));
        for (final Use u : uses)
        {
            text.append(String.format(Locale.ROOT, "  %-24s %9.0f %7.1f %10.1f %8.0f %10.1f %10.1f %10d %10.2f %10d%n",
                u.name, u.cpuNanos / 1e6, 100.0 * u.cpuNanos / Math.max(1, windowNanos),
                orders == 0 ? 0.0 : u.cpuNanos / 1e3 / orders, u.runQueueNanos / 1e6,
                orders == 0 ? 0.0 : u.runQueueNanos / 1e3 / orders, u.runQueueNanos / 1e3 / Math.max(1, u.timeslices),
                u.wakeups, orders == 0 ? 0.0 : (double)u.wakeups / orders, u.preempted));
        }
        return text.toString();
    }

    /**
     * @return "tid name" to {CPU ns, voluntary and involuntary context switches, run-queue wait ns,
     *         timeslices}: CPU and waits from schedstat, or CPU from the clock ticks without it.
     */
    private static Map<String, long[]> snapshot()
    {
        final Map<String, long[]> threads = new HashMap<>();
        try (Stream<Path> tasks = Files.list(TASKS))
        {
            for (final Path task : (Iterable<Path>)tasks::iterator)
            {
                try
                {
                    final String stat = Files.readString(task.resolve("stat"));
                    final String name = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'))
                        .replaceAll("[0-9]+$", "#");
                    final String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                    final long ticks = Long.parseLong(f[11]) + Long.parseLong(f[12]);
                    long voluntary = 0;
                    long involuntary = 0;
                    for (final String line : Files.readAllLines(task.resolve("status")))
                    {
                        if (line.startsWith("voluntary_ctxt_switches:"))
                        {
                            voluntary = Long.parseLong(line.substring(line.indexOf(':') + 1).trim());
                        }
                        else if (line.startsWith("nonvoluntary_ctxt_switches:"))
                        {
                            involuntary = Long.parseLong(line.substring(line.indexOf(':') + 1).trim());
                        }
                    }
                    final long[] use = {ticks * NANOS_PER_TICK, voluntary, involuntary, 0, 0};
                    schedstat(task, use);
                    threads.put(task.getFileName() + " " + name, use);
                }
                catch (final IOException | RuntimeException ex)
                {
                    // the thread ended meanwhile
                }
            }
        }
        catch (final IOException ex)
        {
            // not Linux: no table
        }
        return threads;
    }

    /** Replaces the tick-based CPU with schedstat's nanoseconds and adds the run-queue wait, where there is one. */
    private static void schedstat(final Path task, final long[] use)
    {
        try
        {
            // "<ns on a cpu> <ns runnable, waiting on a run queue> <timeslices run>"
            final String[] f = Files.readString(task.resolve("schedstat")).trim().split(" ");
            if (f.length >= 3)
            {
                use[CPU] = Long.parseLong(f[0]);
                use[RUN_QUEUE] = Long.parseLong(f[1]);
                use[TIMESLICES] = Long.parseLong(f[2]);
            }
        }
        catch (final IOException | RuntimeException ex)
        {
            // no schedstat (a kernel without CONFIG_SCHEDSTATS): ticks, no run-queue wait
        }
    }
}
