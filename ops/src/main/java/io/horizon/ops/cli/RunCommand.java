package io.horizon.ops.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

import io.horizon.ops.daemon.DaemonSettings;
import io.horizon.ops.daemon.HorizonDaemon;
import io.horizon.ops.daemon.RunSummary;
import io.horizon.ops.daemon.TerminationSignals;
import io.horizon.ops.secrets.ReloadOnSighup;
import io.horizon.ops.preset.EmbeddedPresets;
import io.horizon.ops.preset.Preset;
import io.horizon.ops.preset.PresetOverrides;
import io.horizon.ops.preset.PresetReader;
import io.horizon.ops.preset.PresetRecord;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code horizon run}: starts Horizon from a preset and runs it until SIGINT/SIGTERM or
 * {@code --duration}, then drains the rings, prints a summary and exits 0.
 */
@Command(
    name = "run",
    header = "Run Horizon from a preset until Ctrl-C, SIGTERM or --duration.",
    mixinStandardHelpOptions = true,
    description = {
        "Run Horizon from a preset (*.hz.toml): by default the embedded paper preset (paper",
        "venue, synthetic feed, the sample market maker), state in ./state. Every inbound event",
        "is journaled (state/journal) before anything it causes leaves the process. On start,",
        "an existing journal is replayed first, so orders, positions and risk state are rebuilt",
        "after a crash or restart.",
        "",
        "The preset a state's journal was written with is recorded in",
        "state/presets/active.hz.toml; a restart without --preset uses it, and a restart whose",
        "preset would change the engine's decisions (seed, order capacity, instruments,",
        "accounts, strategies, risk) is refused. Options below override single preset keys.",
        "",
        "Runs until Ctrl-C / SIGTERM or --duration, then drains every queued event, flushes",
        "the journal, prints a summary (events in, orders, fills, rejects by reason, ring",
        "drops, each account's positions and equity) and exits 0.",
        "",
        "Examples:",
        "  horizon run                                   # until Ctrl-C",
        "  horizon run --duration 30s                    # 30 seconds, then summary",
        "  horizon run --preset tuned-host.hz.toml --state /var/lib/horizon",
        "  horizon run --feed-csv ticks.csv              # replay your quotes and trades on their own clock",
        "  horizon run --threading shared --wait-strategy yielding           # one engine thread, spinning politely",
        "  horizon run --threading dedicated --wait-strategy busy-spin --pin blp,journal,gateway   # tuned host",
        "  horizon run --metrics-bind 127.0.0.1 --metrics-port 9200          # metrics on localhost only",
        "  curl -s localhost:9100/metrics | grep horizon_orders_submitted    # while it runs",
        "",
        "The CSV format (header required):",
        "  timestamp,type,symbol,bid,bid_size,ask,ask_size,price,size",
        "  2026-11-29T14:30:00.000001Z,quote,AAPL,189.99,300,190.01,200,,",
        "  2026-11-29T14:30:00.000450Z,trade,AAPL,,,,,190.01,100",
        "",
        "A file runs on its own clock: the engine's time is the data's time. Heartbeats fire",
        "every heartbeat_ms of recorded time in order with the rows, so a 45 s silence in the",
        "file raises feed.stale at the recorded moment, and every output, audit row, alert and",
        "timeline entry carries recorded time (replay --since/--until the file's range finds the",
        "engine's reactions too). The summary says which clock ran. The same file gives the same",
        "journal, byte for byte: venue answers come before the next row.",
        "  horizon run --feed-csv day.csv                       # as fast as possible (--pace max)",
        "  horizon run --feed-csv day.csv --pace 1x             # as recorded, for a demo",
        "  horizon run --feed-csv day.csv --pace 10x --bad-rows skip",
        "Crossed or locked quotes, zero sizes and trades outside the quote reach the engine",
        "as they were, for risk and the watchdog to judge; only rows that cannot be read are",
        "bad rows (--bad-rows stop|skip).",
        "",
        "Options:"
    },
    sortOptions = false)
public final class RunCommand implements Callable<Integer>
{
    @Option(names = "--preset", paramLabel = "FILE", defaultValue = "${env:HORIZON_PRESET}",
        description = "The preset to run (see horizon preset show paper). Default: HORIZON_PRESET when set, else the " +
            "state's recorded preset, else the embedded paper preset.")
    Path preset;

    @Option(names = "--state", paramLabel = "DIR", defaultValue = "./state",
        description = "State directory (created if missing; locked while running). Default: ${DEFAULT-VALUE}")
    Path state;

    @Option(names = "--duration", paramLabel = "D", converter = DurationConverter.class,
        description = "Stop after this long, e.g. 30s, 5m, 2h. Default: run until SIGINT/SIGTERM.")
    Duration duration;

    @Option(names = "--feed-rate", paramLabel = "N",
        description = "Synthetic feed rate in events per second (feed.rate). Preset default: 2000")
    Double feedRate;

    @Option(names = "--feed-csv", paramLabel = "FILE",
        description = "Replay quotes and trades from this CSV instead of the synthetic feed (feed.kind = \"csv\"); the run stops when the file ends unless --duration is given.")
    Path feedCsv;

    @Option(names = "--pace", paramLabel = "PACE",
        description = "How fast a file is replayed (feed.pace): max (default: as fast as the engine takes it), or a speed-up against the wall clock like 1x (as recorded), 10x, 0.5x. The engine runs on the file's own time either way: heartbeats, the watchdog, rate windows and quote ages follow the recorded timestamps.")
    String pace;

    @Option(names = "--bad-rows", paramLabel = "POLICY",
        description = "What a file row that cannot be read does (feed.bad_rows; not a number, unknown type or symbol, time going back): stop (default: the feed stops, the run alerts and exits 1) or skip (counted, named by file and line in the summary, journaled as a feed-gap marker). Crossed or locked quotes, zero sizes and time gaps are market data, never bad rows.")
    String badRows;

    @Option(names = "--seed", paramLabel = "N",
        description = "Seed for the synthetic feed and every deterministic choice in the engine (engine.seed). Preset default: 42")
    Long seed;

    @Option(names = "--threading", paramLabel = "MODE",
        description = "How many threads carry the engine (engine.threading): auto (default: shared on 4 or fewer CPUs, dedicated above; the choice and why are logged and shown in the summary), shared (one engine thread runs journal, logic and venue gateway in a duty cycle: best on small hosts), dedicated (a thread per stage: hosts with a core per stage).")
    String threading;

    @Option(names = "--wait-strategy", paramLabel = "KIND",
        description = "How stage threads wait, or in shared threading how the engine thread idles (engine.wait_strategy): backoff (default: spin, yield, then park or block; right for 2 cores, laptops, CI), sleeping, blocking, yielding, busy-spin (tuned hosts with a core per stage).")
    String waitStrategy;

    @Option(names = "--pin", paramLabel = "ROLES", split = ",",
        description = "Pin these stage threads to reserved CPUs (engine.pin): any of journal, blp, gateway; in shared threading any of them pins the one engine thread. Falls back to unpinned, with a log line, when no CPU can be reserved.")
    List<String> pin;

    @Option(names = "--ring-size", paramLabel = "N",
        description = "Inbound ring slots, a power of two (engine.ring_size). Preset default: 65536")
    Integer ringSize;

    @Option(names = "--journal-sync", paramLabel = "POLICY",
        description = "When the journal forces pages to disk (journal.sync), on its own syncer thread (horizon-journal-sync), never on the engine's: batch (default; an effect waits until its cause is synced, so every event whose effect left the process survives a host crash), periodic (every --journal-sync-interval-ms; effects do not wait), none (survives a process crash only).")
    String journalSync;

    @Option(names = "--journal-sync-interval-ms", paramLabel = "MS",
        description = "For --journal-sync periodic: the longest stretch of journal a host crash can lose (journal.sync_interval_ms). Default: 100")
    Long journalSyncIntervalMillis;

    @Option(names = "--heartbeat-ms", paramLabel = "MS",
        description = "Timer heartbeat interval in milliseconds (engine.heartbeat_ms). Preset default: 100")
    Long heartbeatMillis;

    @Option(names = "--metrics-port", paramLabel = "PORT", defaultValue = "${env:HORIZON_METRICS_PORT}",
        description = "Port of /metrics (Prometheus), /health and /ready (metrics.port); 0 turns them off (metrics.enabled = false). Preset default: 9100 (env HORIZON_METRICS_PORT)")
    Integer metricsPort;

    @Option(names = "--metrics-bind", paramLabel = "ADDR", defaultValue = "${env:HORIZON_METRICS_BIND}",
        description = "Interface the metrics port listens on (metrics.bind), e.g. 0.0.0.0 where Prometheus scrapes from another host or container. Preset default: 127.0.0.1, this host only (env HORIZON_METRICS_BIND)")
    String metricsBind;

    @Option(names = "--credentials", paramLabel = "FILE",
        description = "Credentials file (KEY=VALUE lines, chmod 600, yours). Default: STATE/credentials.env when it exists; the environment (ALPACA_KEY or HORIZON_ALPACA_KEY for alpaca.key) overrides it. SIGHUP reloads it.")
    Path credentials;

    @Override
    public Integer call() throws Exception
    {
        // Before the state directory is locked, so a SIGHUP that finds our pid there never kills us.
        ReloadOnSighup.installEarly();
        final Preset resolved = resolvePreset();
        final HorizonDaemon daemon = HorizonDaemon.start(new DaemonSettings(state, duration, resolved, credentials));
        final Thread shutdownHook = new Thread(() ->
        {
            // Only when the JVM goes down some other way than the signals handled below.
            daemon.requestStop();
            System.out.print(daemon.stop().text());
            System.out.flush();
        }, "horizon-shutdown");
        Runtime.getRuntime().addShutdownHook(shutdownHook);
        final RunSummary summary;
        final TerminationSignals signals = TerminationSignals.install(daemon::requestStop);
        try
        {
            daemon.awaitStop();
            summary = daemon.stop();
        }
        finally
        {
            signals.close();
        }
        Runtime.getRuntime().removeShutdownHook(shutdownHook);
        System.out.print(summary.text());
        System.out.flush();
        if (summary.feedFailure() != null)
        {
            System.err.println("horizon: error: " + summary.feedFailure().getMessage());
            return 1;
        }
        return summary.drained() ? 0 : 1;
    }

    private Preset resolvePreset()
    {
        final PresetOverrides overrides = overrides();
        if (preset != null && !preset.toString().isEmpty())
        {
            return PresetReader.read(preset, overrides);
        }
        final Path recorded = PresetRecord.file(state.toAbsolutePath().normalize());
        if (Files.exists(recorded))
        {
            return PresetReader.read(recorded, overrides);
        }
        return EmbeddedPresets.parse(EmbeddedPresets.PAPER, overrides);
    }

    private PresetOverrides overrides()
    {
        final PresetOverrides o = PresetOverrides.none();
        if (seed != null)
        {
            o.set("engine.seed", seed, "--seed");
        }
        if (threading != null)
        {
            o.set("engine.threading", threading.trim(), "--threading");
        }
        if (waitStrategy != null)
        {
            o.set("engine.wait_strategy", waitStrategy.trim(), "--wait-strategy");
        }
        if (pin != null)
        {
            final List<String> roles = new ArrayList<>();
            for (final String role : pin)
            {
                roles.add(role.trim());
            }
            o.set("engine.pin", roles, "--pin");
        }
        if (ringSize != null)
        {
            o.set("engine.ring_size", ringSize, "--ring-size");
        }
        if (heartbeatMillis != null)
        {
            o.set("engine.heartbeat_ms", heartbeatMillis, "--heartbeat-ms");
        }
        if (journalSync != null)
        {
            o.set("journal.sync", journalSync.trim(), "--journal-sync");
            if (journalSyncIntervalMillis == null && !"periodic".equalsIgnoreCase(journalSync.trim()))
            {
                o.remove("journal.sync_interval_ms", "--journal-sync");
            }
        }
        if (journalSyncIntervalMillis != null)
        {
            o.set("journal.sync_interval_ms", journalSyncIntervalMillis, "--journal-sync-interval-ms");
        }
        if (feedCsv != null)
        {
            o.set("feed.kind", "csv", "--feed-csv");
            o.set("feed.path", feedCsv.toAbsolutePath().normalize().toString(), "--feed-csv");
            if (feedRate == null)
            {
                o.remove("feed.rate", "--feed-csv");
            }
            o.remove("feed.venue", "--feed-csv");
        }
        if (feedRate != null)
        {
            o.set("feed.rate", feedRate, "--feed-rate");
        }
        if (pace != null)
        {
            o.set("feed.pace", pace.trim(), "--pace");
        }
        if (badRows != null)
        {
            o.set("feed.bad_rows", badRows.trim(), "--bad-rows");
        }
        if (metricsPort != null)
        {
            if (metricsPort == 0)
            {
                o.set("metrics.enabled", false, "--metrics-port 0");
            }
            else
            {
                o.set("metrics.port", metricsPort.longValue(), "--metrics-port");
            }
        }
        if (metricsBind != null && !metricsBind.isBlank())
        {
            o.set("metrics.bind", metricsBind.trim(), "--metrics-bind");
        }
        return o;
    }
}
