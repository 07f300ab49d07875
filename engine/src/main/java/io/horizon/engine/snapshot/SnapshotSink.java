package io.horizon.engine.snapshot;

/**
 * Where the engine hands a snapshot it has taken: the outer modules store it (files, fsync) on a
 * thread of their own. The engine itself does no I/O.
 * <p>
 * Threading: called on the BLP thread, or on the venue gateway's when snapshots carry the paper
 * venue's book ({@link SnapshotTaker#carryVenueState()}), always the same one for a pipeline; must
 * return at once, without blocking or writing files. The image is the sink's to keep.
 */
@FunctionalInterface
public interface SnapshotSink
{
    /**
     * @param facts      what the snapshot covers.
     * @param image      the whole snapshot ({@link SnapshotCodec}); the sink owns it.
     * @param pauseNanos how long the engine stopped to copy its state into it (with the book: the
     *                   BLP's copy plus the gateway's).
     * @param ticket     the highest on-demand request ({@link SnapshotTaker#request}) this snapshot answers;
     *                   0 when none has been asked for yet.
     */
    void accept(SnapshotFacts facts, byte[] image, long pauseNanos, long ticket);
}
