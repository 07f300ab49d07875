package io.horizon.engine.venue;

import io.horizon.engine.snapshot.SnapshotState;

/**
 * A venue, or the part of one, whose state follows from the calls made to it alone, in order (a
 * simulator's book: the {@link io.horizon.engine.venue.paper.PaperVenue}). Such a state can travel
 * in a snapshot and be carried forward by replaying the journal after it:
 * <ul>
 *     <li>the engine's snapshots carry it ({@link SnapshotState#writeState}), captured on the thread
 *     that owns it once every effect of the events up to the snapshot's journal position has
 *     reached it, so it sits at the same position as the BLP's state;</li>
 *     <li>after a restore ({@link SnapshotState#readState}) the venue gateway keeps calling it while
 *     the journal's tail replays (the gateway is not live), with its responses thrown away, because
 *     the journal already holds the responses it gave the first time.</li>
 * </ul>
 * Its responses must therefore depend only on the sequence of calls: no clock, no randomness, no I/O.
 * <p>
 * Threading: as {@link Venue}: the venue-gateway thread (the engine thread in the shared mode);
 * {@link SnapshotState#readState} on the thread restoring an engine that has not started.
 */
public interface ReplayableVenue extends Venue, SnapshotState
{
}
