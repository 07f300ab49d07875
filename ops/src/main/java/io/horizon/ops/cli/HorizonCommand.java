package io.horizon.ops.cli;

import io.horizon.ops.daemon.StateDirectoryException;
import io.horizon.ops.feed.MarketDataFileException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code horizon} command: git-style verbs over one daemon and its state directory.
 * User errors print one line naming the bad value and the fix, and exit 2; nothing prints a
 * stack trace for them.
 */
@Command(
    name = "horizon",
    mixinStandardHelpOptions = true,
    versionProvider = HorizonCommand.Version.class,
    description = {
        "Horizon: a low-latency trading daemon. Market data and orders flow through LMAX",
        "Disruptor rings; a deterministic business-logic thread runs risk, orders, positions",
        "and strategies; nothing leaves the process before it is journaled.",
        "",
        "Start here:",
        "  horizon run --duration 30s     # paper venue, synthetic feed, ./state",
        "  horizon run --help             # every option, with examples",
        "  horizon replay --limit 50      # what happened, from the journal",
        "  horizon replay --verify        # prove the engine does the same again",
        "  horizon kill --reason TEXT     # engage a running daemon's kill switch",
        "  horizon snapshot               # snapshot a running daemon's engine state now",
        "  horizon stat                   # a running daemon's live counters",
        "  horizon backup --to DIR        # a consistent copy of a running state",
        "  horizon preset show paper      # the embedded default preset",
        ""
    },
    subcommands = {
        RunCommand.class,
        ReplayCommand.class,
        KillCommand.class,
        ResetCommand.class,
        SnapshotCommand.class,
        StatCommand.class,
        PresetCommand.class,
        BackupCommand.class,
        RestoreCommand.class,
        SecretsCommand.class,
        AuditCommand.class,
        DlqCommand.class,
        FixSimCommand.class,
        VersionCommand.class,
        CommandLine.HelpCommand.class
    })
public final class HorizonCommand implements Runnable
{
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run()
    {
        spec.commandLine().usage(System.out);
    }

    /**
     * Runs the CLI and exits with its status.
     *
     * @param args command-line arguments.
     */
    public static void main(final String[] args)
    {
        System.exit(execute(args));
    }

    /**
     * Runs the CLI without exiting, for tests.
     *
     * @param args command-line arguments.
     * @return the exit status.
     */
    public static int execute(final String... args)
    {
        final CommandLine cli = new CommandLine(new HorizonCommand());
        // The verbs' descriptions are written for 100 columns; at picocli's default of 80 every line wraps twice.
        cli.setUsageHelpWidth(100);
        cli.setExecutionExceptionHandler((ex, commandLine, parseResult) ->
        {
            if (isUserError(ex))
            {
                commandLine.getErr().println("horizon: error: " + ex.getMessage());
                return 2;
            }
            commandLine.getErr().println("horizon: internal error: " + ex);
            ex.printStackTrace(commandLine.getErr());
            return 70;
        });
        return cli.execute(args);
    }

    private static boolean isUserError(final Throwable ex)
    {
        return ex instanceof IllegalArgumentException ||
            ex instanceof StateDirectoryException ||
            ex instanceof io.horizon.ops.state.StateLockException ||
            ex instanceof MarketDataFileException ||
            ex instanceof io.horizon.journal.JournalException ||
            ex instanceof io.horizon.journal.sqlite.StoreException ||
            ex instanceof io.horizon.journal.dlq.RedriveRefusedException;
    }

    /**
     * Supplies {@code --version}.
     */
    static final class Version implements CommandLine.IVersionProvider
    {
        @Override
        public String[] getVersion()
        {
            return new String[]{"horizon " + BuildInfo.version() + " (commit " + BuildInfo.commit() + ")"};
        }
    }
}
