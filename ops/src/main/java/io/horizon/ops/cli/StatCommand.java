package io.horizon.ops.cli;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

import io.horizon.engine.counter.EngineCounters;
import io.horizon.ops.counters.CountersSnapshot;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code horizon stat}: a running daemon's live counters, read from its counters file, refreshed
 * like {@code top}.
 */
@Command(
    name = "stat",
    header = "Show a running daemon's live counters, refreshed like top.",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
        "Show the live counters of the Horizon running on a state directory, read from",
        "STATE/counters.dat from outside the process (it asks the daemon nothing): events,",
        "orders, fills, rejects by layer and reason, ring drops, journal and venue counts, each",
        "with its rate per second. Refreshes every --interval until Ctrl-C; --once prints one",
        "reading and exits (for scripts). After a daemon stopped it shows its last values.",
        "",
        "Examples:",
        "  horizon stat",
        "  horizon stat --state /var/lib/horizon --interval 5s",
        "  horizon stat --once | grep horizon_engine_fills_total",
        "",
        "Options:"
    })
public final class StatCommand implements Callable<Integer>
{
    @Option(names = "--state", paramLabel = "DIR", defaultValue = "./state",
        description = "State directory of the daemon. Default: ${DEFAULT-VALUE}")
    Path state;

    @Option(names = "--once", description = "Print one reading, name and value a line, and exit.")
    boolean once;

    @Option(names = "--interval", paramLabel = "D", defaultValue = "1s", converter = DurationConverter.class,
        description = "Time between readings. Default: ${DEFAULT-VALUE}")
    Duration interval;

    @Option(names = "--count", paramLabel = "N",
        description = "Stop after N readings. Default: until Ctrl-C.")
    Long count;

    @Override
    public Integer call() throws Exception
    {
        if (count != null && count <= 0)
        {
            throw new IllegalArgumentException("--count " + count + " is not allowed; use a positive number of readings");
        }
        final Path dir = state.toAbsolutePath().normalize();
        final PrintStream out = System.out;
        if (once)
        {
            final CountersSnapshot s = CountersSnapshot.read(dir);
            out.println("# horizon " + status(s) + ", pid " + s.pid() + ", started " + Instant.ofEpochMilli(s.startMillis()) +
                ", state " + dir);
            for (final CountersSnapshot.Counter c : s.counters())
            {
                out.println(c.label() + " " + c.value());
            }
            return 0;
        }
        final boolean terminal = System.console() != null;
        CountersSnapshot previous = null;
        for (long n = 0; count == null || n < count; n++)
        {
            if (n > 0)
            {
                Thread.sleep(interval.toMillis());
            }
            final CountersSnapshot s = CountersSnapshot.read(dir);
            if (terminal)
            {
                out.print("\033[H\033[2J");
            }
            else if (n > 0)
            {
                out.println();
            }
            print(out, dir, s, previous != null && previous.pid() == s.pid() ? previous : null);
            out.flush();
            previous = s;
        }
        return 0;
    }

    private static void print(final PrintStream out, final Path dir, final CountersSnapshot s, final CountersSnapshot previous)
    {
        final long upSeconds = Math.max(0, (System.currentTimeMillis() - s.startMillis()) / 1000);
        out.printf(Locale.ROOT, "horizon %s - pid %d, up %dh%02dm%02ds, state %s%n",
            status(s), s.pid(), upSeconds / 3600, upSeconds / 60 % 60, upSeconds % 60, dir);
        out.printf(Locale.ROOT, "%-72s %16s %12s%n", "COUNTER", "VALUE", previous == null ? "" : "PER SECOND");
        final Map<Integer, Long> before = new HashMap<>();
        if (previous != null)
        {
            for (final CountersSnapshot.Counter c : previous.counters())
            {
                before.put(c.id(), c.value());
            }
        }
        final double seconds = previous == null ? 0 : (s.takenNanos() - previous.takenNanos()) / 1e9;
        for (final CountersSnapshot.Counter c : s.counters())
        {
            // Rejects that never happened are noise on a live screen.
            if (c.typeId() >= EngineCounters.TYPE_REJECT_BASE && c.value() == 0)
            {
                continue;
            }
            final Long was = before.get(c.id());
            final String rate = was == null || seconds <= 0 || c.typeId() == EngineCounters.TYPE_GAUGE ?
                "" : String.format(Locale.ROOT, "%.1f", (c.value() - was) / seconds);
            out.printf(Locale.ROOT, "%-72s %16d %12s%n", c.label(), c.value(), rate);
        }
    }

    private static String status(final CountersSnapshot s)
    {
        return s.processAlive() ? "running" : "not running (last values)";
    }
}
