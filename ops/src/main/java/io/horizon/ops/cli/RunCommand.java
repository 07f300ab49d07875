package io.horizon.ops.cli;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Callable;

import io.horizon.engine.config.EngineConfig;
import io.horizon.engine.pipeline.WaitStrategyKind;
import io.horizon.journal.SyncPolicy;
import io.horizon.ops.daemon.DaemonSettings;
import io.horizon.ops.daemon.HorizonDaemon;
import io.horizon.ops.daemon.RunSummary;
import io.horizon.ops.metrics.MetricsSettings;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code horizon run}: starts Horizon and runs it until SIGINT/SIGTERM or {@code --duration},
 * then drains the rings and prints a summary.
 */
@Command(
    name = "run",
    mixinStandardHelpOptions = true,
    description = {
        "Run Horizon: paper venue, synthetic feed (or your CSV), the sample market maker,",
        "state in ./state. Every inbound event is journaled (state/journal) before anything",
        "it causes leaves the process. On start, an existing journal is replayed first, so",
        "orders, positions and risk state are rebuilt after a crash or restart.",
        "Runs until Ctrl-C / SIGTERM or --duration, then drains every queued event and",
        "prints a summary: events in, orders, fills, rejects by reason, ring drops, and",
        "each account's positions and equity.",
        "",
        "Examples:",
        "  horizon run                                   # until Ctrl-C",
        "  horizon run --duration 30s                    # 30 seconds, then summary",
        "  horizon run --feed-csv ticks.csv              # replay your quotes and trades",
        "  horizon run --wait-strategy busy-spin --pin blp,journal,gateway   # tuned host",
        "  horizon run --metrics-bind 127.0.0.1 --metrics-port 9200          # metrics on localhost only",
        "  curl -s localhost:9100/metrics | grep horizon_orders_submitted    # while it runs",
        "",
        "The CSV format (header required):",
        "  timestamp,type,symbol,bid,bid_size,ask,ask_size,price,size",
        "  2026-11-29T14:30:00.000001Z,quote,AAPL,189.99,300,190.01,200,,",
        "  2026-11-29T14:30:00.000450Z,trade,AAPL,,,,,190.01,100",
        "",
        "Options:"
    },
    sortOptions = false)
public final class RunCommand implements Callable<Integer>
{
    @Option(names = "--state", paramLabel = "DIR", defaultValue = "./state",
        description = "State directory (created if missing; locked while running). Default: ${DEFAULT-VALUE}")
    Path state;

    @Option(names = "--duration", paramLabel = "D", converter = DurationConverter.class,
        description = "Stop after this long, e.g. 30s, 5m, 2h. Default: run until SIGINT/SIGTERM.")
    Duration duration;

    @Option(names = "--feed-rate", paramLabel = "N", defaultValue = "2000",
        description = "Synthetic feed rate in events per second. Default: ${DEFAULT-VALUE}")
    double feedRate;

    @Option(names = "--feed-csv", paramLabel = "FILE",
        description = "Replay quotes and trades from this CSV instead of the synthetic feed; the run stops when the file ends unless --duration is given.")
    Path feedCsv;

    @Option(names = "--seed", paramLabel = "N", defaultValue = "42",
        description = "Seed for the synthetic feed and every deterministic choice in the engine. Default: ${DEFAULT-VALUE}")
    long seed;

    @Option(names = "--wait-strategy", paramLabel = "KIND", defaultValue = "backoff",
        description = "How stage threads wait: backoff (default: spin, yield, then block; right for 2 cores, laptops, CI), sleeping, blocking, yielding, busy-spin (tuned hosts with a core per stage).")
    String waitStrategy;

    @Option(names = "--pin", paramLabel = "ROLES", split = ",",
        description = "Pin these stage threads to reserved CPUs: any of journal, blp, gateway. Falls back to unpinned, with a log line, when no CPU can be reserved.")
    Set<String> pin;

    @Option(names = "--ring-size", paramLabel = "N", defaultValue = "65536",
        description = "Inbound ring slots, a power of two. Default: ${DEFAULT-VALUE}")
    int ringSize;

    @Option(names = "--journal-sync", paramLabel = "POLICY", defaultValue = "batch",
        description = "When the journal forces pages to disk: batch (default; every event whose effect left the process survives a host crash), periodic, none (survives a process crash only).")
    String journalSync;

    @Option(names = "--journal-sync-interval-ms", paramLabel = "MS", defaultValue = "100",
        description = "For --journal-sync periodic: the longest stretch of journal a host crash can lose. Default: ${DEFAULT-VALUE}")
    long journalSyncIntervalMillis;

    @Option(names = "--heartbeat-ms", paramLabel = "MS", defaultValue = "100",
        description = "Timer heartbeat interval in milliseconds. Default: ${DEFAULT-VALUE}")
    long heartbeatMillis;

    @Option(names = "--metrics-port", paramLabel = "PORT", defaultValue = "${env:HORIZON_METRICS_PORT:-9100}",
        description = "Port of /metrics (Prometheus), /health and /ready; 0 turns them off. Default: ${DEFAULT-VALUE} (env HORIZON_METRICS_PORT)")
    int metricsPort;

    @Option(names = "--metrics-bind", paramLabel = "ADDR", defaultValue = "${env:HORIZON_METRICS_BIND:-0.0.0.0}",
        description = "Interface the metrics port listens on, e.g. 127.0.0.1 to keep it local. Default: ${DEFAULT-VALUE} (env HORIZON_METRICS_BIND)")
    String metricsBind;

    @Option(names = "--credentials", paramLabel = "FILE",
        description = "Credentials file (KEY=VALUE lines, chmod 600, yours). Default: STATE/credentials.env when it exists; the environment (ALPACA_KEY or HORIZON_ALPACA_KEY for alpaca.key) overrides it. SIGHUP reloads it.")
    Path credentials;

    @Override
    public Integer call() throws Exception
    {
        if (!(feedRate > 0) || Double.isInfinite(feedRate))
        {
            throw new IllegalArgumentException("--feed-rate " + feedRate + " is not allowed; use a positive number of events per second, e.g. 2000");
        }
        final EngineConfig engine = EngineConfig.builder()
            .ringSize(ringSize)
            .waitStrategy(WaitStrategyKind.parse(waitStrategy))
            .pinnedRoles(pin == null ? Set.of() : new TreeSet<>(pin))
            .seed(seed)
            .heartbeatIntervalMillis(heartbeatMillis)
            .build();
        final DaemonSettings settings = new DaemonSettings(
            state, duration, feedRate, feedCsv, engine, SyncPolicy.parse(journalSync), journalSyncIntervalMillis,
            MetricsSettings.of(metricsBind, metricsPort), credentials);

        final HorizonDaemon daemon = HorizonDaemon.start(settings);
        final Thread shutdownHook = new Thread(() ->
        {
            daemon.requestStop();
            // Print the summary even when the JVM is going down on a signal.
            final RunSummary summary = daemon.stop();
            System.out.print(summary.text());
            System.out.flush();
        }, "horizon-shutdown");
        Runtime.getRuntime().addShutdownHook(shutdownHook);

        daemon.awaitStop();
        final RunSummary summary = daemon.stop();
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
}
