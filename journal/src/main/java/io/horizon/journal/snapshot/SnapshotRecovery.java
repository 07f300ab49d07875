package io.horizon.journal.snapshot;

import java.io.IOException;
import java.nio.file.Path;
import java.util.function.Consumer;
import java.util.function.Supplier;

import io.horizon.engine.pipeline.EnginePipeline;
import io.horizon.engine.snapshot.SnapshotFacts;
import io.horizon.engine.snapshot.SnapshotFormatException;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * Chooses the snapshot recovery starts from: the newest one in {@code STATE/snapshots/} that can be
 * trusted, restored into the pipeline; the journal after it is then replayed
 * ({@link io.horizon.journal.JournalRecovery}). A snapshot is passed over, with a report naming the
 * file, what is wrong and what to do, when it is damaged (checksum, length, not a snapshot), of
 * another format version, covers more of the journal than the journal holds, or was taken with
 * another preset (instruments, accounts, strategies, risk). Then the next older one is tried, and
 * with none left recovery replays the whole journal: it never starts from a state it cannot trust.
 * <p>
 * Each snapshot is first restored into a throw-away trial pipeline, so a file that passes every
 * check but still does not fit is refused before the real pipeline holds any of it.
 * <p>
 * Threading: the owner thread, before the pipeline starts.
 */
public final class SnapshotRecovery
{
    private SnapshotRecovery()
    {
    }

    /**
     * @param store             the state's snapshots.
     * @param journalEvents     events in the journal.
     * @param configFingerprint the fingerprint of the preset the engine runs now.
     * @param target            the pipeline recovery will run, built, not started.
     * @param trial             builds a fresh pipeline like {@code target} (never started) to try a snapshot on.
     * @param report            told, in one line each, about every snapshot passed over.
     * @return what {@code target} was restored from, or {@code null}: replay the whole journal.
     */
    public static SnapshotFacts restoreLatest(
        final SnapshotStore store,
        final long journalEvents,
        final long configFingerprint,
        final EnginePipeline target,
        final Supplier<EnginePipeline> trial,
        final Consumer<String> report)
    {
        for (final StoredSnapshot candidate : store.list())
        {
            try
            {
                final SnapshotStore.Loaded loaded = check(candidate.file(), journalEvents, configFingerprint, trial);
                return target.restore(new UnsafeBuffer(loaded.image()), loaded.image().length);
            }
            catch (final SnapshotFormatException | IOException ex)
            {
                report.accept("snapshot " + candidate.file() + " refused: " + ex.getMessage() + "; recovery falls back to " +
                    "an older snapshot or the whole journal. Move the file out of " + store.directory() +
                    " (keep it for inspection) to silence this");
            }
        }
        return null;
    }

    /**
     * Restores one given snapshot, or refuses it.
     *
     * @param file              the snapshot file.
     * @param journalEvents     events in the journal.
     * @param configFingerprint the fingerprint of the preset the engine runs now.
     * @param target            built, not started.
     * @param trial             builds a fresh pipeline like {@code target}.
     * @return what {@code target} was restored from.
     * @throws SnapshotFormatException naming what is wrong with it.
     * @throws IOException             when it cannot be read.
     */
    public static SnapshotFacts restore(
        final Path file,
        final long journalEvents,
        final long configFingerprint,
        final EnginePipeline target,
        final Supplier<EnginePipeline> trial) throws IOException
    {
        final SnapshotStore.Loaded loaded = check(file, journalEvents, configFingerprint, trial);
        return target.restore(new UnsafeBuffer(loaded.image()), loaded.image().length);
    }

    private static SnapshotStore.Loaded check(
        final Path file, final long journalEvents, final long configFingerprint, final Supplier<EnginePipeline> trial)
        throws IOException
    {
        final SnapshotStore.Loaded loaded = SnapshotStore.read(file);
        final SnapshotFacts facts = loaded.facts();
        if (facts.journalIndex() > journalEvents)
        {
            throw new SnapshotFormatException("it covers " + facts.journalIndex() + " journal events but the journal holds " +
                journalEvents + ": it is from another state, or the journal lost its end");
        }
        if (facts.configFingerprint() != configFingerprint)
        {
            throw new SnapshotFormatException("it was taken with another preset (instruments, accounts, strategies, risk, " +
                "seed or order capacity differ: fingerprint " + Long.toHexString(facts.configFingerprint()) + ", the preset's is " +
                Long.toHexString(configFingerprint) + ")");
        }
        trial.get().restore(new UnsafeBuffer(loaded.image()), loaded.image().length);
        return loaded;
    }
}
