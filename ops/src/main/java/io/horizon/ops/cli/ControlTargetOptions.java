package io.horizon.ops.cli;

import java.nio.file.Path;
import java.time.Duration;

import picocli.CommandLine.Option;

/**
 * Options the verbs that command a running daemon share: which daemon (its state directory) and
 * how long it has to take the command.
 */
final class ControlTargetOptions
{
    @Option(names = "--state", paramLabel = "DIR", defaultValue = "./state",
        description = "State directory of the running daemon. Default: ${DEFAULT-VALUE}")
    Path state;

    @Option(names = "--timeout", paramLabel = "D", defaultValue = "10s", converter = DurationConverter.class,
        description = "How long the daemon has to take the command. Default: ${DEFAULT-VALUE}")
    Duration timeout;
}
