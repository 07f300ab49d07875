package io.horizon.ops.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;

import io.horizon.ops.backup.StateBackup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code horizon backup}: a consistent copy of a state directory, while the daemon runs.
 */
@Command(
    name = "backup",
    header = "Copy a state directory consistently while the daemon runs.",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
        "Copy a state directory consistently, while the daemon keeps running: SQLite stores",
        "(audit.db, dlq.db, ...) through SQLite's online backup API, then the journal (a prefix",
        "of complete records, outputs before inputs), then presets. The copy is what a crash at",
        "one instant would have left; horizon restore turns it back into a state. Every file is",
        "fingerprinted (SHA-256) into DIR/backup.properties, written last.",
        "",
        "Examples:",
        "  horizon backup --to /backups/horizon-$(date +%F)",
        "  horizon backup --state /var/lib/horizon --to /mnt/bcp/horizon-$(date +%F-%H%M)",
        "",
        "Options:"
    })
public final class BackupCommand implements Callable<Integer>
{
    @Option(names = "--to", paramLabel = "DIR", required = true,
        description = "Where to put the backup: a new or empty directory outside the state directory.")
    Path to;

    @Option(names = "--state", paramLabel = "DIR", defaultValue = "./state",
        description = "State directory to back up. Default: ${DEFAULT-VALUE}")
    Path state;

    @Override
    public Integer call()
    {
        try
        {
            StateBackup.take(state, to, BuildInfo.version(), System.out::println);
        }
        catch (final java.io.IOException | java.sql.SQLException ex)
        {
            System.err.println("horizon: error: backup failed: " + ex);
            return 1;
        }
        return 0;
    }
}
