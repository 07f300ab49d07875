package io.horizon.journal.lifecycle;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Supplier;

import io.horizon.engine.pipeline.EnginePipeline;
import io.horizon.engine.snapshot.SnapshotFormatException;
import io.horizon.journal.snapshot.SnapshotRecovery;
import io.horizon.journal.snapshot.SnapshotStore;
import io.horizon.journal.snapshot.StoredSnapshot;

/**
 * The recovery floor of a running daemon: the journal index of the oldest snapshot kept that
 * recovery would restore under the preset the daemon runs, that is one that passes every check of
 * {@link SnapshotRecovery} but the journal's length (sound header and checksum, taken with this
 * preset's configuration fingerprint, restorable into a trial engine built from this preset). A
 * snapshot recovery would refuse (taken under other instruments or accounts, by a release whose
 * fingerprint covers other values, copied from another state, damaged) does not count: recovery
 * would pass over it and need the journal before it, so the journal lifecycle must keep that.
 * With no such snapshot the floor is {@link RecoveryFloor#WHOLE_JOURNAL}'s.
 * <p>
 * Whether a snapshot covers more than the journal holds is the lifecycle's own check
 * ({@link JournalLifecycle} keeps every cycle when the floor lies past the journal's end).
 * <p>
 * Snapshot files do not change once written (a new one gets a new name), so each file's verdict is
 * kept while its size and modification time stay the same: a trial restore costs a copy of the
 * engine state, once per snapshot.
 * <p>
 * Threading: the lifecycle's thread (one call at a time).
 */
public final class SnapshotFloor implements RecoveryFloor
{
    private final SnapshotStore store;
    private final long configFingerprint;
    private final Supplier<EnginePipeline> trial;
    private final Consumer<String> report;
    private final Map<Path, Verdict> verdicts = new HashMap<>();

    /**
     * @param store             the state's snapshots.
     * @param configFingerprint the fingerprint of the preset the daemon runs.
     * @param trial             builds a fresh engine like the daemon's (never started) to try a snapshot on.
     * @param report            told once per snapshot that does not count, and why.
     */
    public SnapshotFloor(
        final SnapshotStore store,
        final long configFingerprint,
        final Supplier<EnginePipeline> trial,
        final Consumer<String> report)
    {
        this.store = store;
        this.configFingerprint = configFingerprint;
        this.trial = trial;
        this.report = report;
    }

    @Override
    public long lowestInboundRecordNeeded()
    {
        final List<StoredSnapshot> kept = store.list();
        final Set<Path> present = new HashSet<>();
        kept.forEach(s -> present.add(s.file()));
        verdicts.keySet().retainAll(present);
        for (int i = kept.size() - 1; i >= 0; i--)
        {
            if (recoverable(kept.get(i)))
            {
                return kept.get(i).journalIndex();
            }
        }
        return WHOLE_JOURNAL.lowestInboundRecordNeeded();
    }

    private boolean recoverable(final StoredSnapshot snapshot)
    {
        final BasicFileAttributes attributes;
        try
        {
            attributes = Files.readAttributes(snapshot.file(), BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        }
        catch (final IOException ex)
        {
            // Pruned since it was listed, or unreadable: recovery could not use it either.
            return false;
        }
        final Verdict known = verdicts.get(snapshot.file());
        if (known != null && known.size == attributes.size() && known.modified == attributes.lastModifiedTime().toMillis())
        {
            return known.recoverable;
        }
        boolean recoverable;
        try
        {
            SnapshotRecovery.restore(snapshot.file(), Long.MAX_VALUE, configFingerprint, trial.get(), trial);
            recoverable = true;
        }
        catch (final NoSuchFileException ex)
        {
            // Pruned by the snapshot writer while it was checked: only older ones are pruned, so
            // the floor lies among the newer ones, checked next.
            return false;
        }
        catch (final SnapshotFormatException | IOException ex)
        {
            recoverable = false;
            report.accept("journal lifecycle: snapshot " + snapshot.file() + " does not count as a recovery point (" +
                ex.getMessage() + "); recovery would pass over it, so the journal before it is kept");
        }
        verdicts.put(snapshot.file(), new Verdict(attributes.size(), attributes.lastModifiedTime().toMillis(), recoverable));
        return recoverable;
    }

    private record Verdict(long size, long modified, boolean recoverable)
    {
    }
}
