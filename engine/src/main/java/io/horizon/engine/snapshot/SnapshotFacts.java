package io.horizon.engine.snapshot;

/**
 * What a snapshot's header says: the journal position its state covers, what it was taken with,
 * and when (engine time).
 * <p>
 * Immutable; any thread.
 *
 * @param formatVersion        layout of the state ({@link SnapshotCodec#FORMAT_VERSION} when written by this release).
 * @param journalIndex         journal events the state includes: recovery replays the journal from this index on.
 * @param engineTimeNanos      engine time of the last event included.
 * @param referenceFingerprint the instruments and accounts ({@link ReferenceFingerprint}).
 * @param configFingerprint    risk, strategy and engine settings, as the taker was told.
 * @param instrumentCount      instruments in the reference data.
 * @param accountCount         accounts in the reference data.
 * @param orderCapacity        the order ledger's capacity.
 * @param liveOrders           orders held in the state.
 */
public record SnapshotFacts(
    int formatVersion,
    long journalIndex,
    long engineTimeNanos,
    long referenceFingerprint,
    long configFingerprint,
    int instrumentCount,
    int accountCount,
    int orderCapacity,
    int liveOrders)
{
}
