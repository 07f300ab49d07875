package io.horizon.ops.preset;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

import io.horizon.journal.JournalDirectory;
import io.horizon.ops.state.AtomicFile;

/**
 * The preset a state directory's journal was written with, kept in
 * {@code STATE/presets/active.hz.toml} in its resolved form (command-line overrides applied,
 * every key spelled out). A restart, {@code horizon replay} and {@code horizon replay --verify}
 * build the engine from it, so a re-run makes the same decisions as the run that wrote the
 * journal; a restart with a preset that would decide differently is refused, as
 * {@link io.horizon.journal.JournalManifest} refuses another seed.
 * <p>
 * The preset a run was started from is also copied beside it ({@code STATE/presets/paper.hz.toml}
 * on a first plain {@code horizon run}), because presets live in the state directory: it is what
 * a backup holds and disaster recovery restores. An existing copy is never overwritten.
 * <p>
 * A journal written before presets existed was written with the embedded default, which stands
 * in for the record. Stateless; the daemon's owner thread writes, any process reads.
 */
public final class PresetRecord
{
    /** Folder of presets inside the state directory. */
    public static final String DIRECTORY = "presets";
    /** The recorded, resolved preset. */
    public static final String ACTIVE = "active.hz.toml";

    private PresetRecord()
    {
    }

    /**
     * @param stateDirectory a state directory.
     * @return where its recorded preset is (or would be).
     */
    public static Path file(final Path stateDirectory)
    {
        return stateDirectory.resolve(DIRECTORY).resolve(ACTIVE);
    }

    /**
     * @param stateDirectory a state directory.
     * @return its recorded preset, or {@code null} when it has none.
     * @throws PresetException when the record exists but is damaged.
     */
    public static Preset recorded(final Path stateDirectory)
    {
        final Path file = file(stateDirectory);
        return Files.exists(file) ? PresetReader.read(file, PresetOverrides.none()) : null;
    }

    /**
     * The preset to rebuild a state's engine with: its record, or the embedded default for a
     * state whose journal predates presets (or that has none yet).
     *
     * @param stateDirectory a state directory.
     * @return the preset.
     */
    public static Preset forState(final Path stateDirectory)
    {
        final Preset recorded = recorded(stateDirectory);
        return recorded != null ? recorded : EmbeddedPresets.paper();
    }

    /**
     * Refuses to run a state's journal on with a preset that would make the engine decide
     * differently from the one that wrote it.
     *
     * @param stateDirectory a state directory.
     * @param requested      the preset this start would use.
     * @throws PresetException naming the first key that differs and what to do.
     */
    public static void checkRestart(final Path stateDirectory, final Preset requested)
    {
        if (!JournalDirectory.exists(stateDirectory))
        {
            return;
        }
        final Preset recorded = forState(stateDirectory);
        final String difference = requested.decisionDifference(recorded);
        if (difference != null)
        {
            final String recordName = Files.exists(file(stateDirectory)) ?
                file(stateDirectory).toString() : "the embedded default (" + EmbeddedPresets.PAPER + ")";
            throw new PresetException(List.of("preset " + requested.source() + " would change what the engine decides: " +
                difference + ". The journal in " + stateDirectory + " was written with " + recordName +
                "; replaying it with other values would not reproduce it. Run without --preset to use the recorded " +
                "preset, keep that key's value, or start from an empty --state"));
        }
    }

    /**
     * Records the preset a run starts with, and keeps a copy of the file it came from.
     *
     * @param stateDirectory a locked state directory.
     * @param resolved       the preset this run uses, overrides applied.
     * @throws IOException when the files cannot be written.
     */
    public static void record(final Path stateDirectory, final Preset resolved) throws IOException
    {
        final Path directory = stateDirectory.resolve(DIRECTORY);
        Files.createDirectories(directory);
        if (!ACTIVE.equals(resolved.fileName()))
        {
            final Path copy = directory.resolve(resolved.fileName());
            if (!Files.exists(copy))
            {
                AtomicFile.write(copy, resolved.text());
            }
        }
        AtomicFile.write(file(stateDirectory), PresetToml.render(resolved,
            "The preset this state's journal is written with, resolved: written by horizon run at " + Instant.now(),
            "from " + resolved.source() + ". Restarts, horizon replay and horizon replay --verify rebuild the",
            "engine from this file. Do not edit: to change a key marked (decides) in the shipped presets",
            "(engine.seed, engine.order_capacity, instruments, accounts, strategies, risk), start from an",
            "empty state directory."));
    }
}
