package io.horizon.journal.snapshot;

import java.nio.file.Path;

/**
 * One snapshot file in {@code STATE/snapshots/}, by the journal index its name carries (the header
 * inside is checked when it is read, {@link SnapshotStore#read}).
 * <p>
 * Immutable; any thread.
 *
 * @param file         the file.
 * @param journalIndex the journal index in its name.
 */
public record StoredSnapshot(Path file, long journalIndex)
{
}
