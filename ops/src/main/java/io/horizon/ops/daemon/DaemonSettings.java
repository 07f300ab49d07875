package io.horizon.ops.daemon;

import java.nio.file.Path;
import java.time.Duration;

import io.horizon.engine.config.EngineConfig;
import io.horizon.journal.SyncPolicy;
import io.horizon.ops.metrics.MetricsSettings;

/**
 * What {@code horizon run} was asked to do.
 *
 * @param stateDirectory   where state lives.
 * @param duration         how long to run, or {@code null} to run until SIGINT/SIGTERM.
 * @param feedRate         synthetic feed rate in events per second.
 * @param marketDataFile   a CSV of quotes and trades to replay instead of the synthetic feed, or {@code null}.
 * @param engine           engine shape.
 * @param journalSync      when the journal forces its pages to disk.
 * @param journalSyncIntervalMillis for the periodic policy.
 * @param metrics          where {@code /metrics}, {@code /health} and {@code /ready} are served (port 0: off).
 * @param credentialsFile  the credentials file, or {@code null} for {@code STATE/credentials.env} when it exists.
 */
public record DaemonSettings(
    Path stateDirectory,
    Duration duration,
    double feedRate,
    Path marketDataFile,
    EngineConfig engine,
    SyncPolicy journalSync,
    long journalSyncIntervalMillis,
    MetricsSettings metrics,
    Path credentialsFile)
{
    /**
     * Settings without metrics and with the default credentials file.
     */
    public DaemonSettings(
        final Path stateDirectory,
        final Duration duration,
        final double feedRate,
        final Path marketDataFile,
        final EngineConfig engine,
        final SyncPolicy journalSync,
        final long journalSyncIntervalMillis)
    {
        this(stateDirectory, duration, feedRate, marketDataFile, engine, journalSync, journalSyncIntervalMillis,
            MetricsSettings.off(), null);
    }
}
