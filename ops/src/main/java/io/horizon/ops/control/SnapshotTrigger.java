package io.horizon.ops.control;

/**
 * What the {@link ControlDesk} calls for {@code horizon snapshot}: asks the engine for a snapshot
 * and waits until it is on disk.
 * <p>
 * Threading: called on the desk's thread; may block up to the time it is given.
 */
@FunctionalInterface
public interface SnapshotTrigger
{
    /**
     * @param timeoutMillis how long to wait for the snapshot to be written.
     * @return a one-line description of the snapshot written (file, journal index), or {@code null}
     *         when it could not be written in time.
     */
    String snapshotNow(long timeoutMillis);
}
