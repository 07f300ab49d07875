package io.horizon.ops.cli;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;

import io.horizon.ops.counters.CountersSnapshot;
import io.horizon.ops.stat.AnsiPainter;
import io.horizon.ops.stat.FlatList;
import io.horizon.ops.stat.StatJson;
import io.horizon.ops.stat.StatScreen;
import io.horizon.ops.stat.StatView;
import io.horizon.ops.stat.TerminalSize;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code horizon stat}: a running daemon at a glance, like {@code top}, read from its counters
 * file from outside the process: a header (pid, uptime, state, threading, kill switch,
 * readiness) and panels for orders, latency, feeds, venues, risk, stores and alerts
 * ({@link StatScreen}); {@code --all} lists every counter; {@code --once} and {@code --json} print
 * one snapshot for scripts.
 * <p>
 * Threading: picocli's calling thread.
 */
@Command(
    name = "stat",
    header = "Show a running daemon at a glance, refreshed like top.",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
        "Show the Horizon running on a state directory, read from STATE/counters.dat from",
        "outside the process (it asks the daemon nothing and needs no HTTP port): a header with",
        "pid, uptime, threading, kill switch and readiness, then orders (with rates per second),",
        "order latency (p50/p99/p99.9 of the daemon's last 1 s interval), feeds, venues (a FIX",
        "venue with its session: logged on, down or reconnecting, for how long, messages in and",
        "out, commands held for the logon and deferred by back-pressure, drops), risk rejects by",
        "layer, the audit and dead-letter stores, and the last alerts. Refreshes every",
        "--interval until Ctrl-C; --all shows every counter instead; --once or --json prints one",
        "snapshot and exits. A daemon that stopped is shown as STOPPED with its last values.",
        "",
        "Exit status: 0 while the daemon runs, 1 when it does not (--once / --json), 2 on errors.",
        "",
        "Examples:",
        "  horizon stat",
        "  horizon stat --state /var/lib/horizon --interval 5s",
        "  horizon stat --once",
        "  horizon stat --json | jq .orders",
        "  horizon stat --once --all | grep horizon_engine_fills_total",
        "",
        "Options:"
    })
public final class StatCommand implements Callable<Integer>
{
    @Option(names = "--state", paramLabel = "DIR", defaultValue = "./state",
        description = "State directory of the daemon. Default: ${DEFAULT-VALUE}")
    Path state;

    @Option(names = "--once", description = "Print one snapshot as plain text and exit.")
    boolean once;

    @Option(names = "--json", description = "Print one snapshot as one JSON object and exit.")
    boolean json;

    @Option(names = "--all", description = "Every counter, name and value a line, instead of the panels.")
    boolean all;

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
        if (json || once)
        {
            final CountersSnapshot s = CountersSnapshot.read(dir);
            if (json)
            {
                out.println(StatJson.write(StatView.of(dir, s, null), s));
            }
            else if (all)
            {
                out.print(FlatList.once(dir, s));
            }
            else
            {
                out.print(StatScreen.plain(StatScreen.render(StatView.of(dir, s, null), StatScreen.WIDTH, Integer.MAX_VALUE)));
            }
            out.flush();
            return s.running() ? 0 : 1;
        }
        final boolean terminal = System.console() != null;
        final boolean colour = terminal && System.getenv("NO_COLOR") == null;
        final Thread restore = new Thread(() ->
        {
            out.print(AnsiPainter.LEAVE);
            out.flush();
        });
        if (terminal && !all)
        {
            out.print(AnsiPainter.ENTER);
            Runtime.getRuntime().addShutdownHook(restore);
        }
        try
        {
            refresh(out, dir, terminal, colour);
        }
        finally
        {
            if (terminal && !all)
            {
                Runtime.getRuntime().removeShutdownHook(restore);
                restore.run();
            }
        }
        return 0;
    }

    private void refresh(final PrintStream out, final Path dir, final boolean terminal, final boolean colour) throws Exception
    {
        CountersSnapshot previous = null;
        for (long n = 0; count == null || n < count; n++)
        {
            if (n > 0)
            {
                Thread.sleep(interval.toMillis());
            }
            final CountersSnapshot s = CountersSnapshot.read(dir);
            final CountersSnapshot sameDaemon = previous != null && previous.pid() == s.pid() ? previous : null;
            if (all)
            {
                if (terminal)
                {
                    out.print("\033[H\033[2J");
                }
                else if (n > 0)
                {
                    out.println();
                }
                out.print(FlatList.table(dir, s, sameDaemon));
            }
            else if (terminal)
            {
                final TerminalSize size = TerminalSize.current();
                out.print(AnsiPainter.paint(StatScreen.render(StatView.of(dir, s, sameDaemon), size.columns(), size.rows()), colour));
            }
            else
            {
                if (n > 0)
                {
                    out.println();
                }
                out.print(StatScreen.plain(StatScreen.render(StatView.of(dir, s, sameDaemon), StatScreen.WIDTH, Integer.MAX_VALUE)));
            }
            out.flush();
            previous = s;
        }
    }
}
