package io.horizon.ops.secrets;

import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Builds the usual source: the environment first (so a deployment can override a key), then the
 * credentials file when one is given. A file that was named but is missing is an error; none
 * named means environment only.
 * <p>
 * Immutable; {@link #get()} re-reads the file and environment on every call, which is what a
 * rotation needs. Any thread.
 *
 * @param credentialsFile the file, or {@code null}.
 * @param environment     the environment variables.
 * @param mapping         explicit key to variable mappings.
 */
public record CredentialsLoader(Path credentialsFile, Map<String, String> environment, Map<String, String> mapping)
    implements Supplier<SecretSource>
{
    /**
     * @param credentialsFile the file, or {@code null}.
     * @return a loader over the process environment.
     */
    public static CredentialsLoader of(final Path credentialsFile)
    {
        return new CredentialsLoader(credentialsFile, System.getenv(), Map.of());
    }

    /**
     * @param credentialsFile the file, used when it exists; otherwise the environment only.
     * @return a loader that tolerates the file's absence (the daemon's default location).
     */
    public static CredentialsLoader ifExists(final Path credentialsFile)
    {
        // A link whose target is gone is not "no file": it is loaded and refused by name.
        return of(credentialsFile != null && Files.exists(credentialsFile, LinkOption.NOFOLLOW_LINKS) ? credentialsFile : null);
    }

    @Override
    public SecretSource get()
    {
        final List<SecretSource> sources = new ArrayList<>();
        sources.add(new EnvironmentSecrets(environment, mapping));
        if (credentialsFile != null)
        {
            sources.add(FileSecrets.load(credentialsFile));
        }
        return new CompositeSecrets(sources);
    }
}
