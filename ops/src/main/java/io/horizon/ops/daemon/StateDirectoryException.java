package io.horizon.ops.daemon;

/**
 * A state directory that cannot be used; the message names the path and what to do.
 */
public final class StateDirectoryException extends RuntimeException
{
    private static final long serialVersionUID = 1L;

    /**
     * @param message names the path and the fix.
     */
    public StateDirectoryException(final String message)
    {
        super(message);
    }
}
