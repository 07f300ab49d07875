package io.horizon.journal.dlq;

/**
 * A redrive that did not happen: no daemon to send it to, a full ring, names the running
 * configuration does not know. Nothing was published and the dead letter was not changed. The
 * message says why and what to do.
 */
public final class RedriveRefusedException extends RuntimeException
{
    private static final long serialVersionUID = 1L;

    /**
     * @param message why, and what to do.
     */
    public RedriveRefusedException(final String message)
    {
        super(message);
    }
}
