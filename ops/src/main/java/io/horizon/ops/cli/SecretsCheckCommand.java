package io.horizon.ops.cli;

import java.nio.file.Files;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Callable;

import io.horizon.ops.secrets.CredentialsLoader;
import io.horizon.ops.secrets.SecretSource;
import io.horizon.ops.secrets.Secrets;
import io.horizon.ops.secrets.SecretsException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/**
 * {@code horizon secrets check}: loads the secrets as the daemon would (refusing a credentials
 * file others can read), lists each key with where it comes from, never its value, and fails
 * when a required key is missing or empty.
 */
@Command(
    name = "check",
    mixinStandardHelpOptions = true,
    description = {
        "Check the secrets: the credentials file's owner and permissions, then every key it",
        "and the mapped environment hold, and every --require key. Prints key names and where",
        "each comes from, never a value. Exit 0 when all is well; one error line otherwise.",
        "Each key looked at is audited as secret.access by user:<you> in STATE/audit.db when the",
        "state directory has one (logged only when it has none); with --postgres --writer ID, in",
        "that writer's chain in the PostgreSQL audit log.",
        "",
        "Examples:",
        "  horizon secrets check",
        "  horizon secrets check --credentials /etc/horizon/credentials.env --require alpaca.key,alpaca.secret",
        "  horizon secrets check --map alpaca.key=APCA_API_KEY_ID --require alpaca.key",
        "  horizon secrets check --postgres --writer desk-a --credentials /etc/horizon/credentials.env",
        ""
    },
    sortOptions = false)
public final class SecretsCheckCommand implements Callable<Integer>
{
    @Mixin
    SecretsOptions options;

    @Override
    public Integer call()
    {
        final boolean fileExists = Files.exists(options.credentialsFile());
        final CredentialsLoader loader = new CredentialsLoader(
            fileExists ? options.credentialsFile() : null, System.getenv(), options.mapping);
        try (SecretReadAudit audit = SecretReadAudit.open(options))
        {
            return check(loader, fileExists, audit);
        }
    }

    private int check(final CredentialsLoader loader, final boolean fileExists, final SecretReadAudit audit)
    {
        final SecretSource source = loader.get();
        final Secrets secrets = new Secrets(source, audit.access(), SecretsOptions.user());
        System.out.println("secrets from: " + source.describe() +
            (fileExists ? "" : " (no credentials file at " + options.credentialsFile().toAbsolutePath().normalize() + ")"));
        final Set<String> keys = new TreeSet<>(source.keys());
        keys.addAll(options.requiredKeys());
        int missing = 0;
        final StringBuilder missingKeys = new StringBuilder();
        for (final String key : keys)
        {
            final boolean present = secrets.has(key);
            final boolean required = options.required.contains(key);
            final String origin = source.origin(key);
            System.out.println(String.format(Locale.ROOT, "  %-32s %-8s %s%s", key,
                present ? "present" : (origin == null ? "MISSING" : "EMPTY"),
                origin == null ? "-" : origin, required ? "  (required)" : ""));
            if (required && !present)
            {
                missing++;
                missingKeys.append(missingKeys.length() == 0 ? "" : ", ").append(key);
            }
        }
        if (missing > 0)
        {
            throw new SecretsException("required secret(s) missing or empty: " + missingKeys +
                "; add them to " + options.credentialsFile() + " (chmod 600) or the environment");
        }
        System.out.println("ok: " + keys.size() + " key(s), " + options.required.size() + " required, all present; " +
            audit.describe());
        return 0;
    }
}
