package io.horizon.journal.lifecycle;

/**
 * The lowest inbound journal record recovery may still need: the position of the oldest snapshot
 * kept. Recovery starts from a snapshot and replays the journal after it, so cycles wholly before
 * that position are never read by recovery again and the journal lifecycle may take them out.
 * <p>
 * With no snapshot, recovery replays the whole journal: {@link #WHOLE_JOURNAL}, and nothing is
 * archivable. The snapshot store implements this; the floor must never move back below records the
 * lifecycle already took out (a store that prunes its oldest snapshot only moves it forward).
 * <p>
 * Threading: called from the lifecycle's thread while the daemon runs; implementations must be
 * safe to call from it.
 */
@FunctionalInterface
public interface RecoveryFloor
{
    /** No snapshot: recovery needs every record from 0. */
    RecoveryFloor WHOLE_JOURNAL = () -> 0;

    /**
     * @return the first inbound record (ring sequence) recovery may read: every record below it
     *         is covered by the oldest snapshot kept. 0 when recovery needs the whole journal.
     */
    long lowestInboundRecordNeeded();
}
