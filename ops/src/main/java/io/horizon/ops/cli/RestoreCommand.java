package io.horizon.ops.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;

import io.horizon.ops.backup.StateRestore;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code horizon restore}: a backup back into a state directory.
 */
@Command(
    name = "restore",
    header = "Restore a backup into a new or empty state directory.",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
        "Restore a backup taken by horizon backup into a new or empty state directory. The",
        "backup is checked first (checksums, and the journal must read cleanly to the recorded",
        "position); a directory a daemon runs on, or that is not empty, is refused: nothing is",
        "ever overwritten. Then the recovery a restart would do runs offline, so",
        "horizon replay --verify passes on the result and horizon run continues it.",
        "",
        "Examples:",
        "  horizon restore --from /backups/horizon-2026-11-29 --state ./restored",
        "  horizon replay --verify --state ./restored && horizon run --state ./restored",
        "",
        "Options:"
    })
public final class RestoreCommand implements Callable<Integer>
{
    @Option(names = "--from", paramLabel = "DIR", required = true, description = "A directory written by horizon backup.")
    Path from;

    @Option(names = "--state", paramLabel = "DIR", defaultValue = "./state",
        description = "Where to restore: a new or empty directory. Default: ${DEFAULT-VALUE}")
    Path state;

    @Override
    public Integer call()
    {
        try
        {
            StateRestore.restore(from, state, System.out::println);
        }
        catch (final java.io.IOException ex)
        {
            System.err.println("horizon: error: restore failed: " + ex);
            return 1;
        }
        return 0;
    }
}
