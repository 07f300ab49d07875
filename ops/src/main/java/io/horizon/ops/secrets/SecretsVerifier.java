package io.horizon.ops.secrets;

import java.util.List;

/**
 * The dry-run hook of a rotation: checks a candidate set of secrets before it replaces the live
 * one (every required key present and non-empty; a venue adapter may also try a login with it).
 * Throwing {@link SecretsException} keeps the old set.
 * <p>
 * Threading: called on the thread that rotates.
 */
@FunctionalInterface
public interface SecretsVerifier
{
    /**
     * @param candidate the set that would be swapped in.
     * @throws SecretsException naming what is wrong (a key, never a value).
     */
    void verify(SecretSource candidate);

    /**
     * @param keys keys that must be present and non-empty.
     * @return a verifier that checks them, naming every missing one at once.
     */
    static SecretsVerifier requireKeys(final List<String> keys)
    {
        final List<String> required = List.copyOf(keys);
        return candidate ->
        {
            final StringBuilder missing = new StringBuilder();
            String first = null;
            for (final String key : required)
            {
                if (candidate.lookup(SecretKeys.check(key)).map(String::isEmpty).orElse(true))
                {
                    missing.append(missing.length() == 0 ? "" : ", ").append(key);
                    first = first == null ? key : first;
                }
            }
            if (first != null)
            {
                throw new SecretsException("missing or empty secret(s): " + missing + " in " + candidate.describe() +
                    "; set each in the credentials file or the environment, e.g. " + SecretKeys.toEnvironmentName(first) + "=...");
            }
        };
    }
}
