package io.horizon.engine.output;

/**
 * An engine error as read back from the journal: its class name and message as one text, the
 * form {@link EngineOutput#errorText(Throwable)} gives a live error, so the two compare equal.
 */
public final class JournaledError extends RuntimeException
{
    private static final long serialVersionUID = 1L;

    /**
     * @param text {@code class: message} as journaled.
     */
    public JournaledError(final String text)
    {
        super(text, null, false, false);
    }
}
