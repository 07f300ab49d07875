package io.horizon.ops.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code horizon dlq}: the dead-letter queue's verbs.
 */
@Command(
    name = "dlq",
    mixinStandardHelpOptions = true,
    description = {
        "The dead-letter queue: orders whose venue call failed and inputs the engine raised on,",
        "captured from the journal into STATE/dlq.db with everything needed to send them again.",
        "",
        "Examples:",
        "  horizon dlq list                                          # open entries",
        "  horizon dlq show dlq_00000000000004d2",
        "  horizon dlq dismiss dlq_00000000000004d2 --reason \"re-entered by hand\"",
        "  horizon dlq redrive dlq_00000000000004d2                  # needs the daemon running",
        "",
        "Every verb takes --state DIR (default ./state) or --db PATH and explains itself with --help.",
        ""
    },
    subcommands = {
        DlqListCommand.class,
        DlqShowCommand.class,
        DlqDismissCommand.class,
        DlqRedriveCommand.class
    })
public final class DlqCommand implements Runnable
{
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run()
    {
        spec.commandLine().usage(System.out);
    }
}
