package io.horizon.ops.control;

/**
 * A control command that could not be delivered or was not answered; the message is one line
 * for the operator, naming the state directory and what to do.
 */
public final class ControlException extends RuntimeException
{
    private static final long serialVersionUID = 1L;

    /**
     * @param message one line: what happened and what to do.
     */
    public ControlException(final String message)
    {
        super(message);
    }
}
