package io.horizon.journal;

/**
 * A journal that cannot be read or written as expected: missing, of an unknown layout version,
 * truncated or corrupted. The message names the file and the index, and says what to do.
 */
public final class JournalException extends RuntimeException
{
    private static final long serialVersionUID = 1L;

    /**
     * @param message names the file and index.
     */
    public JournalException(final String message)
    {
        super(message);
    }

    /**
     * @param message names the file and index.
     * @param cause   the underlying failure.
     */
    public JournalException(final String message, final Throwable cause)
    {
        super(message, cause);
    }
}
