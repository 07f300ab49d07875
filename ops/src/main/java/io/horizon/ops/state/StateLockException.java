package io.horizon.ops.state;

/**
 * The state directory's lock could not be checked; the message names the lock file and the fix.
 */
public final class StateLockException extends RuntimeException
{
    private static final long serialVersionUID = 1L;

    /**
     * @param message one line: the lock file, what failed, and what to do.
     */
    public StateLockException(final String message)
    {
        super(message);
    }
}
