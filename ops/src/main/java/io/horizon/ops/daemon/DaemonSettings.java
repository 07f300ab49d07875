package io.horizon.ops.daemon;

import java.nio.file.Path;
import java.time.Duration;

import io.horizon.ops.metrics.MetricsSettings;
import io.horizon.ops.preset.Preset;

/**
 * What {@code horizon run} was asked to do.
 *
 * @param stateDirectory  where state lives.
 * @param duration        how long to run, or {@code null} to run until SIGINT/SIGTERM.
 * @param preset          the checked preset, command-line overrides applied.
 * @param credentialsFile the credentials file, or {@code null} for {@code STATE/credentials.env} when it exists.
 */
public record DaemonSettings(Path stateDirectory, Duration duration, Preset preset, Path credentialsFile)
{
    /**
     * Settings with the default credentials file.
     */
    public DaemonSettings(final Path stateDirectory, final Duration duration, final Preset preset)
    {
        this(stateDirectory, duration, preset, null);
    }

    /**
     * @return where metrics are served, from the preset's {@code [metrics]} table.
     */
    public MetricsSettings metrics()
    {
        return preset.metrics();
    }
}
