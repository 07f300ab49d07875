package io.horizon.ops.cli;

import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;

import io.horizon.ops.preset.Preset;
import io.horizon.ops.preset.PresetException;
import io.horizon.ops.preset.PresetOverrides;
import io.horizon.ops.preset.PresetReader;
import io.horizon.ops.preset.PresetRecord;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code horizon preset validate FILE}: reads and checks a preset, printing every error.
 */
@Command(
    name = "validate",
    header = "Check a preset and print every error.",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
        "Read and check a preset without running it. Every error is printed, one a line,",
        "naming the key, its value and what is allowed; unknown keys and contradicting values",
        "are errors. Exit status: 0 valid, 2 not.",
        "",
        "Examples:",
        "  horizon preset validate my.hz.toml",
        "  horizon preset validate my.hz.toml --state /var/lib/horizon   # may it restart that state?",
        "",
        "Options:"
    })
public final class PresetValidateCommand implements Callable<Integer>
{
    @Parameters(paramLabel = "FILE", description = "The preset file.")
    Path file;

    @Option(names = "--state", paramLabel = "DIR",
        description = "Also check that this state directory's journal may be run on with the preset " +
            "(same seed, order capacity, instruments, accounts, strategies and risk).")
    Path state;

    @Override
    public Integer call()
    {
        final Preset preset;
        try
        {
            preset = PresetReader.read(file, PresetOverrides.none());
            if (state != null)
            {
                PresetRecord.checkRestart(state.toAbsolutePath().normalize(), preset);
            }
        }
        catch (final PresetException ex)
        {
            for (final String error : ex.errors())
            {
                System.err.println("horizon: error: " + error);
            }
            System.err.printf(Locale.ROOT, "horizon: %s is not valid: %d error%s%n",
                file, ex.errors().size(), ex.errors().size() == 1 ? "" : "s");
            return 2;
        }
        System.out.printf(Locale.ROOT, "%s: valid. mode %s; %d instrument(s), %d account(s), %d strateg%s; venue %s; " +
                "feed %s; engine %s; journal sync %s; risk profile %s with %d override(s)%s%n",
            file, preset.mode().configName(), preset.referenceData().instrumentCount(), preset.referenceData().accountCount(),
            preset.strategies().size(), preset.strategies().size() == 1 ? "y" : "ies", preset.venues().get(0).name(),
            preset.feed().isCsv() ? "csv " + preset.feed().path() : preset.feed().isFix() ?
                "fix on venue " + preset.feed().venue() : "synthetic " + preset.feed().rate() + "/s",
            preset.engine(), preset.journal().sync().configName(), preset.risk().profile(), preset.risk().overrides().size(),
            state == null ? "" : "; may run on the journal in " + state);
        return 0;
    }
}
