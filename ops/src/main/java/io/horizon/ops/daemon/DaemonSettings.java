package io.horizon.ops.daemon;

import java.nio.file.Path;
import java.time.Duration;

import io.horizon.engine.config.EngineConfig;
import io.horizon.journal.SyncPolicy;

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
 */
public record DaemonSettings(
    Path stateDirectory,
    Duration duration,
    double feedRate,
    Path marketDataFile,
    EngineConfig engine,
    SyncPolicy journalSync,
    long journalSyncIntervalMillis)
{
}
