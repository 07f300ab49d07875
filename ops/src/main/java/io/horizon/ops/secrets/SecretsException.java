package io.horizon.ops.secrets;

/**
 * A secret is missing, empty, or its source cannot be trusted or read. The message names the key,
 * the file and the fix, and never a secret's value: it may be logged and printed.
 * <p>
 * It is an {@link IllegalArgumentException} because it is a configuration error the operator
 * fixes, so the CLI prints it as one line without a stack trace.
 */
public final class SecretsException extends IllegalArgumentException
{
    private static final long serialVersionUID = 1L;

    /**
     * @param message names the key or file and the fix; never a value.
     */
    public SecretsException(final String message)
    {
        super(message);
    }
}
