package io.horizon.ops.secrets;

/**
 * A secret's value, wrapped so that it cannot reach a log, a metric, an audit payload or an
 * exception message by accident: {@link #toString()} shows the key and {@code ****}. Only
 * {@link #reveal()} gives the value, to the one piece of code that sends it (a venue's login).
 * <p>
 * Immutable; any thread.
 */
public final class Secret
{
    private final String key;
    private final String value;

    Secret(final String key, final String value)
    {
        this.key = key;
        this.value = value;
    }

    /**
     * @return the key, e.g. {@code alpaca.key}.
     */
    public String key()
    {
        return key;
    }

    /**
     * @return the value. Hand it straight to the protocol that needs it; never log or store it.
     */
    public String reveal()
    {
        return value;
    }

    @Override
    public String toString()
    {
        return "Secret[" + key + "=****]";
    }
}
