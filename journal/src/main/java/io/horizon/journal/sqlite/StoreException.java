package io.horizon.journal.sqlite;

/**
 * A SQLite store (audit log, archive, dead-letter queue) that cannot be opened or used as asked:
 * missing, not a Horizon store of the expected kind, or refusing an operation. The message names
 * the file and says what to do; the CLI prints it as one line, without a stack trace.
 */
public final class StoreException extends RuntimeException
{
    private static final long serialVersionUID = 1L;

    /**
     * @param message names the file and the fix.
     */
    public StoreException(final String message)
    {
        super(message);
    }

    /**
     * @param message names the file and the fix.
     * @param cause   the underlying failure.
     */
    public StoreException(final String message, final Throwable cause)
    {
        super(message, cause);
    }
}
