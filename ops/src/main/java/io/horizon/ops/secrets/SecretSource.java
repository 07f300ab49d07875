package io.horizon.ops.secrets;

import java.util.Optional;
import java.util.Set;

/**
 * Where secrets come from: the environment, a credentials file, or several in order.
 * <p>
 * Implementations are immutable snapshots: rotation loads a new source and swaps it in whole, so
 * a reader never sees half of an old and half of a new set. Any thread.
 */
public interface SecretSource
{
    /**
     * @param key a dotted key such as {@code alpaca.key}.
     * @return the value, if this source holds the key (possibly empty).
     */
    Optional<String> lookup(String key);

    /**
     * @return the keys this source can name, in dotted form, for {@code horizon secrets check};
     *         a source that cannot list its keys (the environment) names only those mapped to it.
     */
    Set<String> keys();

    /**
     * @return where the source reads from, for messages, e.g. {@code file /etc/horizon/credentials.env}.
     */
    String describe();

    /**
     * @param key a dotted key.
     * @return which source holds it, or {@code null}; composites name the member.
     */
    default String origin(final String key)
    {
        return lookup(key).isPresent() ? describe() : null;
    }
}
