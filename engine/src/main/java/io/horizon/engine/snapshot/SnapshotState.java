package io.horizon.engine.snapshot;

/**
 * Engine state that a snapshot carries: a component writes everything its future decisions depend
 * on, and reads it back into a freshly built instance of itself so that it then behaves exactly as
 * the one that wrote it would have.
 * <p>
 * Threading: {@link #writeState} on the BLP thread between two events; {@link #readState} on the
 * thread restoring an engine before it starts.
 */
public interface SnapshotState
{
    /**
     * @param out where to write.
     */
    void writeState(StateWriter out);

    /**
     * @param in what {@link #writeState} wrote.
     * @throws SnapshotFormatException when it does not fit this component.
     */
    void readState(StateReader in);
}
