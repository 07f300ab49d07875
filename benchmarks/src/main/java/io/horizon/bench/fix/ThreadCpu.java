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
 * scheduler taking it: many of them mean the threads outnumber the free cores).
 * <p>
 * Linux only (clock ticks of 10 ms: a thread's CPU is exact to about 10 ms over the window).
 * Threading: {@link #start} and {@link #stop} on one thread.
 */
final class ThreadCpu
{
    private static final long NANOS_PER_TICK = 10_000_000L;
    private static final Path TASKS = Path.of("/proc/self/task");

    private Map<String, long[]> before = Map.of();
    private long startNanos;

    /** One thread's (or one name's) use over the window. */
    record Use(String name, long cpuNanos, long wakeups, long preempted)
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
            final long[] then = before.getOrDefault(e.getKey(), new long[4]);
            final String name = e.getKey().substring(e.getKey().indexOf(' ') + 1);
            final long[] sum = byName.computeIfAbsent(name, k -> new long[3]);
            sum[0] += now[1] - then[1];
            sum[1] += now[2] - then[2];
            sum[2] += now[3] - then[3];
        }
        final List<Use> uses = new ArrayList<>();
        for (final Map.Entry<String, long[]> e : byName.entrySet())
        {
            if (e.getValue()[0] > 0 || e.getValue()[1] > 0)
            {
                uses.add(new Use(e.getKey(), e.getValue()[0] * NANOS_PER_TICK, e.getValue()[1], e.getValue()[2]));
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
     * @return one line per thread name: CPU ms, share of one core, µs per order, sleeps (and per
     *         order), preemptions; with {@code orders} 0 (an idle window) the per-order columns are 0.
     */
    static String table(final List<Use> uses, final long windowNanos, final long orders)
    {
        final StringBuilder text = new StringBuilder();
        text.append(String.format(Locale.ROOT, "  %-24s %9s %7s %10s %10s %10s %10s%n", "thread", "cpu ms", "core %",
            "cpu us/ord", "sleeps", "sleeps/ord", "preempted"));
        for (final Use u : uses)
        {
            text.append(String.format(Locale.ROOT, "  %-24s %9.0f %7.1f %10.1f %10d %10.2f %10d%n", u.name,
                u.cpuNanos / 1e6, 100.0 * u.cpuNanos / Math.max(1, windowNanos),
                orders == 0 ? 0.0 : u.cpuNanos / 1e3 / orders, u.wakeups, orders == 0 ? 0.0 : (double)u.wakeups / orders,
                u.preempted));
        }
        return text.toString();
    }

    /** @return "tid name" to {0, ticks, voluntary, involuntary context switches}. */
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
                    threads.put(task.getFileName() + " " + name, new long[] {0, ticks, voluntary, involuntary});
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
}
