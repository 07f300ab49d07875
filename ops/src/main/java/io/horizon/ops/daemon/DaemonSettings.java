package io.horizon.ops.daemon;

import java.nio.file.Path;
import java.time.Duration;

import io.horizon.ops.preset.Preset;

/**
 * What {@code horizon run} was asked to do.
 *
 * @param stateDirectory where state lives.
 * @param duration       how long to run, or {@code null} to run until SIGINT/SIGTERM.
 * @param preset         the checked preset, command-line overrides applied.
 */
public record DaemonSettings(Path stateDirectory, Duration duration, Preset preset)
{
}
