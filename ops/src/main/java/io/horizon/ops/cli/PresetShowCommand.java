package io.horizon.ops.cli;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;

import io.horizon.ops.preset.EmbeddedPresets;
import io.horizon.ops.preset.PresetRecord;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code horizon preset show}: prints a shipped preset, or the one a state's journal is written with.
 */
@Command(
    name = "show",
    header = "Print a shipped preset, or the one a state's journal is written with.",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
        "Print a preset shipped with Horizon (paper, tuned-host) to start your own from, or",
        "with --state the preset a state directory's journal is written with.",
        "",
        "Examples:",
        "  horizon preset show paper > my.hz.toml",
        "  horizon preset show tuned-host",
        "  horizon preset show --state /var/lib/horizon",
        "",
        "Options:"
    })
public final class PresetShowCommand implements Callable<Integer>
{
    @Parameters(paramLabel = "NAME", arity = "0..1", description = "A shipped preset: paper or tuned-host.")
    String name;

    @Option(names = "--state", paramLabel = "DIR", description = "Show the preset recorded in this state directory.")
    Path state;

    @Override
    public Integer call() throws Exception
    {
        if ((name == null) == (state == null))
        {
            throw new IllegalArgumentException("name a shipped preset (paper or tuned-host) or pass --state DIR, one of the two");
        }
        if (state != null)
        {
            final Path file = PresetRecord.file(state.toAbsolutePath().normalize());
            if (!Files.exists(file))
            {
                throw new IllegalArgumentException("no recorded preset at " + file + "; a state gets one when horizon run " +
                    "starts on it (a journal older than presets ran with the embedded default: horizon preset show paper)");
            }
            System.out.print(Files.readString(file, StandardCharsets.UTF_8));
            return 0;
        }
        final String found = EmbeddedPresets.find(name);
        if (found == null)
        {
            throw new IllegalArgumentException("no shipped preset '" + name + "'; use one of: paper, tuned-host");
        }
        System.out.print(EmbeddedPresets.text(found));
        return 0;
    }
}
