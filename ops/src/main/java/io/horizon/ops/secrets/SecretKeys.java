package io.horizon.ops.secrets;

import java.util.Locale;

/**
 * How dotted secret keys map to environment-style names: {@code alpaca.key} is {@code ALPACA_KEY}
 * (dots and dashes become underscores, letters upper case), and back.
 * <p>
 * Stateless; any thread.
 */
public final class SecretKeys
{
    private SecretKeys()
    {
    }

    /**
     * @param key a dotted key.
     * @return the environment-style name.
     * @throws SecretsException when the key is empty or holds characters a name cannot.
     */
    public static String toEnvironmentName(final String key)
    {
        check(key);
        return key.replace('.', '_').replace('-', '_').toUpperCase(Locale.ROOT);
    }

    /**
     * @param name an environment-style name such as {@code ALPACA_KEY}.
     * @return the dotted key, e.g. {@code alpaca.key}.
     */
    public static String fromEnvironmentName(final String name)
    {
        return name.toLowerCase(Locale.ROOT).replace('_', '.');
    }

    /**
     * @param key a key to check.
     * @return the key.
     * @throws SecretsException naming the key when it is not a dotted name.
     */
    public static String check(final String key)
    {
        if (key == null || !key.matches("[A-Za-z][A-Za-z0-9._-]*"))
        {
            throw new SecretsException("secret key '" + key + "' is not allowed; use letters, digits, '.', '_' and '-', e.g. alpaca.key");
        }
        return key;
    }
}
