package io.horizon.ops.secrets;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Several sources in order: the first that holds a key answers for it. The usual order is the
 * environment first (so a deployment can override one key), then the credentials file.
 * <p>
 * Immutable; any thread.
 */
public final class CompositeSecrets implements SecretSource
{
    private final List<SecretSource> sources;

    /**
     * @param sources in order of precedence.
     */
    public CompositeSecrets(final List<SecretSource> sources)
    {
        this.sources = List.copyOf(sources);
    }

    @Override
    public Optional<String> lookup(final String key)
    {
        for (final SecretSource source : sources)
        {
            final Optional<String> value = source.lookup(key);
            if (value.isPresent())
            {
                return value;
            }
        }
        return Optional.empty();
    }

    @Override
    public Set<String> keys()
    {
        final Set<String> keys = new TreeSet<>();
        for (final SecretSource source : sources)
        {
            keys.addAll(source.keys());
        }
        return keys;
    }

    @Override
    public String describe()
    {
        final StringBuilder sb = new StringBuilder();
        for (final SecretSource source : sources)
        {
            sb.append(sb.length() == 0 ? "" : ", then ").append(source.describe());
        }
        return sb.length() == 0 ? "no sources" : sb.toString();
    }

    @Override
    public String origin(final String key)
    {
        for (final SecretSource source : sources)
        {
            final String origin = source.origin(key);
            if (origin != null)
            {
                return origin;
            }
        }
        return null;
    }
}
