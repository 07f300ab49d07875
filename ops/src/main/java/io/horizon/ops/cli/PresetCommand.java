package io.horizon.ops.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code horizon preset}: check and show presets ({@code *.hz.toml}).
 */
@Command(
    name = "preset",
    header = "Check and show presets (*.hz.toml).",
    mixinStandardHelpOptions = true,
    description = {
        "Check and show presets (*.hz.toml): mode, engine, journal, instruments, accounts,",
        "strategies, risk, venues, feed, metrics and alerting, in one TOML file.",
        "",
        "Examples:",
        "  horizon preset show paper > my.hz.toml       # start from the embedded default",
        "  horizon preset validate my.hz.toml           # every error, naming key and value",
        "  horizon preset show --state ./state          # what a state's journal runs with",
        ""
    },
    subcommands = {PresetValidateCommand.class, PresetShowCommand.class})
public final class PresetCommand implements Runnable
{
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run()
    {
        spec.commandLine().usage(System.out);
    }
}
