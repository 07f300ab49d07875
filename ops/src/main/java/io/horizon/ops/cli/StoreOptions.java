package io.horizon.ops.cli;

import java.nio.file.Path;
import java.util.List;

import io.horizon.journal.audit.PostgresAuditStore;
import io.horizon.journal.postgres.PostgresTarget;
import io.horizon.ops.preset.AuditSettings;
import io.horizon.ops.secrets.CredentialsLoader;
import io.horizon.ops.secrets.FileSecrets;
import io.horizon.ops.secrets.LoggedSecretAccess;
import io.horizon.ops.secrets.Secret;
import io.horizon.ops.secrets.SecretSource;
import io.horizon.ops.secrets.Secrets;
import picocli.CommandLine.Option;

/**
 * The {@code --db} and {@code --state} options every audit and dead-letter verb shares: which
 * store file to work on, named directly or through the daemon's state directory. {@code --db}
 * wins when both are given. With {@code --postgres}, the audit verbs read the PostgreSQL audit log
 * the secrets {@code audit.postgres_url}, {@code audit.postgres_user} and
 * {@code audit.postgres_password} name (environment, or {@code --credentials}), every writer's
 * chain or the one {@code --writer} names.
 * <p>
 * Picocli fills it on the CLI's thread; read it from the same thread.
 */
final class StoreOptions
{
    /** The state directory when neither option is given. */
    static final Path DEFAULT_STATE = Path.of("./state");

    @Option(names = "--db", paramLabel = "PATH",
        description = "The database file itself. Default: the verb's store in --state (audit.db or dlq.db).")
    Path db;

    @Option(names = "--state", paramLabel = "DIR",
        description = "State directory of the daemon. Default: ./state")
    Path state;

    @Option(names = "--postgres",
        description = "Use the PostgreSQL audit log named by the secrets audit.postgres_url, audit.postgres_user and " +
            "audit.postgres_password (environment HORIZON_AUDIT_POSTGRES_URL, ... or --credentials) instead of audit.db.")
    boolean postgres;

    @Option(names = "--writer", paramLabel = "ID",
        description = "With --postgres: only this writer (a daemon's daemon.id). Default: every writer.")
    String writer;

    @Option(names = "--credentials", paramLabel = "FILE",
        description = "With --postgres: the credentials file holding the audit.postgres_* secrets. Default: STATE/credentials.env")
    Path credentials;

    /**
     * @return the PostgreSQL database and credentials the secrets name, for {@code --writer} (or every writer).
     * @throws IllegalArgumentException when {@code --writer} is given without {@code --postgres}, or is not a writer id.
     */
    PostgresTarget postgresTarget()
    {
        final Path file = credentials != null ? credentials : (state != null ? state : DEFAULT_STATE).resolve(FileSecrets.FILE_NAME);
        return postgresTarget(file, credentials != null, writer);
    }

    /**
     * @param file the credentials file (may be absent: the environment is read too).
     * @param writer a writer id, or null for every writer.
     * @return the PostgreSQL database and credentials the secrets {@code audit.postgres_*} name;
     *         these reads are logged, not audited (the audit log is what they open).
     */
    static PostgresTarget postgresTarget(final Path file, final String writer)
    {
        return postgresTarget(file, false, writer);
    }

    /**
     * @param file   the credentials file.
     * @param named  whether the operator named it ({@code --credentials}): then it must exist, as the
     *               daemon requires of a named file; the default one may be absent.
     * @param writer a writer id, or null for every writer.
     * @return the PostgreSQL database and credentials the secrets {@code audit.postgres_*} name.
     * @throws io.horizon.ops.secrets.SecretsException naming the file when it is refused, or the missing secret.
     */
    static PostgresTarget postgresTarget(final Path file, final boolean named, final String writer)
    {
        final CredentialsLoader loader = named ? CredentialsLoader.of(file) : CredentialsLoader.ifExists(file);
        final SecretSource source = loader.get();
        final Secrets secrets = new Secrets(source, new LoggedSecretAccess(), OperatorIdentity.actor());
        final String url = secrets.require(AuditSettings.POSTGRES_URL_SECRET).reveal();
        return new PostgresTarget(url, secrets.get(AuditSettings.POSTGRES_USER_SECRET).map(Secret::reveal).orElse(null),
            secrets.get(AuditSettings.POSTGRES_PASSWORD_SECRET).map(Secret::reveal).orElse(null),
            writer == null ? null : PostgresTarget.requireWriterId(writer));
    }

    /**
     * @param target the database.
     * @return {@code --writer}, or every writer with a chain in it.
     */
    List<String> writers(final PostgresTarget target)
    {
        return writer != null ? List.of(writer) : PostgresAuditStore.writers(target);
    }

    /**
     * @return the one writer {@code --writer} names, required for a verb that works on one writer's store.
     * @throws IllegalArgumentException when it is missing.
     */
    String requireWriter(final String verb)
    {
        if (writer == null)
        {
            throw new IllegalArgumentException(verb + " --postgres works on one daemon's store: add --writer ID " +
                "(its daemon.id; horizon audit stats --postgres lists the writers)");
        }
        return writer;
    }

    /**
     * @throws IllegalArgumentException when {@code --writer} or {@code --credentials} is given without {@code --postgres}.
     */
    void requireConsistent()
    {
        if (!postgres && (writer != null || credentials != null))
        {
            throw new IllegalArgumentException((writer != null ? "--writer " + writer : "--credentials " + credentials) +
                " applies to the PostgreSQL audit log only; add --postgres, or drop it to read " +
                (db != null ? db : "audit.db in --state"));
        }
    }

    /**
     * @param fileName the store's file name in a state directory, e.g. {@code audit.db}.
     * @return the store file.
     */
    Path file(final String fileName)
    {
        return db != null ? db : (state != null ? state : DEFAULT_STATE).resolve(fileName);
    }

    /**
     * @param fileName the store's file name in a state directory.
     * @return the directory the store file is in (the state directory, normally).
     */
    Path directory(final String fileName)
    {
        return file(fileName).toAbsolutePath().normalize().getParent();
    }
}
