package io.horizon.engine.snapshot;

/**
 * A snapshot's bytes do not make a state this engine can take: short, long, garbled, or made for
 * other instruments, accounts or strategies. The message says what was being read. Recovery then
 * falls back to an earlier snapshot or the whole journal.
 * <p>
 * Any thread.
 */
public final class SnapshotFormatException extends RuntimeException
{
    private static final long serialVersionUID = 1L;

    /**
     * @param message what is wrong.
     */
    public SnapshotFormatException(final String message)
    {
        super(message);
    }
}
