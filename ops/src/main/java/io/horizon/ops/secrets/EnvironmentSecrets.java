package io.horizon.ops.secrets;

import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Secrets from environment variables. A key is looked up under, in order: an explicit mapping
 * ({@code alpaca.key -> APCA_API_KEY_ID}), the prefixed name ({@code HORIZON_ALPACA_KEY}), then the
 * plain name ({@code ALPACA_KEY}).
 * <p>
 * Immutable snapshot of the environment taken at construction; any thread.
 */
public final class EnvironmentSecrets implements SecretSource
{
    /** Prefix that scopes a variable to Horizon. */
    public static final String PREFIX = "HORIZON_";

    private final Map<String, String> environment;
    private final Map<String, String> mapping;

    /**
     * @param environment the variables, e.g. {@code System.getenv()}.
     * @param mapping     explicit key to variable name mappings; may be empty.
     */
    public EnvironmentSecrets(final Map<String, String> environment, final Map<String, String> mapping)
    {
        this.environment = Map.copyOf(environment);
        this.mapping = Map.copyOf(mapping);
        for (final String key : mapping.keySet())
        {
            SecretKeys.check(key);
        }
    }

    /**
     * @return the process environment with no explicit mapping.
     */
    public static EnvironmentSecrets ofProcess()
    {
        return new EnvironmentSecrets(System.getenv(), Map.of());
    }

    @Override
    public Optional<String> lookup(final String key)
    {
        final String mapped = mapping.get(key);
        if (mapped != null)
        {
            return Optional.ofNullable(environment.get(mapped));
        }
        final String name = SecretKeys.toEnvironmentName(key);
        final String prefixed = environment.get(PREFIX + name);
        return Optional.ofNullable(prefixed != null ? prefixed : environment.get(name));
    }

    @Override
    public Set<String> keys()
    {
        final Set<String> keys = new TreeSet<>();
        for (final Map.Entry<String, String> e : mapping.entrySet())
        {
            if (environment.containsKey(e.getValue()))
            {
                keys.add(e.getKey());
            }
        }
        return keys;
    }

    @Override
    public String describe()
    {
        return "environment";
    }
}
