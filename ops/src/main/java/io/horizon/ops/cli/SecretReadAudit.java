package io.horizon.ops.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import io.horizon.journal.audit.AuditStore;
import io.horizon.journal.audit.PostgresAuditStore;
import io.horizon.journal.postgres.PostgresTarget;
import io.horizon.journal.sqlite.SqliteFile;
import io.horizon.ops.secrets.AuditedSecretAccess;
import io.horizon.ops.secrets.LoggedSecretAccess;
import io.horizon.ops.secrets.SecretAccessAudit;

/**
 * Where {@code horizon secrets check} and {@code rotate} audit the reads they make as
 * {@code user:<name>}: appended to the state directory's {@code audit.db} when it has one (as
 * {@code horizon dlq dismiss} appends its event, beside a running daemon's flusher), or only
 * logged when it has none, since a verb that checks credentials before the first start must not
 * create an audit log in what may be the wrong folder. An {@code audit.db} that exists but cannot
 * be written stops the verb before any secret is read. With {@code --postgres --writer ID} the
 * reads go into that writer's chain in the PostgreSQL audit log instead (the connection secrets
 * themselves are read first and logged only: they open the log).
 * <p>
 * The CLI's thread.
 */
final class SecretReadAudit implements AutoCloseable
{
    private final AuditStore store;
    private final SecretAccessAudit access;
    private final String where;

    private SecretReadAudit(final AuditStore store, final SecretAccessAudit access, final String where)
    {
        this.store = store;
        this.access = access;
        this.where = where;
    }

    /**
     * @param options the verb's options: {@code --postgres --writer ID} audits into that writer's
     *                chain in PostgreSQL (the database the current credentials name), else
     *                {@code STATE/audit.db} as {@link #open(Path)}.
     * @return the audit for this verb's reads.
     * @throws IllegalArgumentException when {@code --writer} and {@code --postgres} do not come together.
     * @throws io.horizon.journal.sqlite.StoreException when the audit log cannot be opened for appending.
     */
    static SecretReadAudit open(final SecretsOptions options)
    {
        if (!options.postgres)
        {
            if (options.writer != null)
            {
                throw new IllegalArgumentException("--writer " + options.writer + " names a chain in the PostgreSQL audit log; " +
                    "add --postgres, or drop --writer to audit into " + options.state.resolve(AuditStore.FILE_NAME));
            }
            return open(options.state);
        }
        if (options.writer == null)
        {
            throw new IllegalArgumentException("secret reads are audited in one daemon's chain: add --writer ID " +
                "(its daemon.id; horizon audit stats --postgres lists the writers)");
        }
        final PostgresTarget target = StoreOptions.postgresTarget(options.credentialsFile(), options.writer);
        return attach(PostgresAuditStore.openExisting(target), target.safeUrl() + " (writer " + target.writerId() + ")");
    }

    /**
     * @param state the state directory the verb addresses.
     * @return the audit for this verb's reads.
     * @throws io.horizon.journal.sqlite.StoreException when {@code audit.db} exists but cannot be opened for writing.
     */
    static SecretReadAudit open(final Path state)
    {
        final Path file = state.resolve(AuditStore.FILE_NAME).toAbsolutePath().normalize();
        if (!Files.exists(file))
        {
            return new SecretReadAudit(null, new LoggedSecretAccess(), file.toString());
        }
        return attach(AuditStore.openExisting(file, SqliteFile.Access.WRITE), file.toString());
    }

    private static SecretReadAudit attach(final AuditStore store, final String where)
    {
        final AuditedSecretAccess access = new AuditedSecretAccess();
        access.attach(d -> store.append(List.of(d)));
        return new SecretReadAudit(store, access, where);
    }

    SecretAccessAudit access()
    {
        return access;
    }

    /**
     * @return one line for the operator: where the reads went.
     */
    String describe()
    {
        return store != null ? "secret reads audited as secret.access in " + where :
            "no audit log at " + where + ": secret reads are logged only";
    }

    @Override
    public void close()
    {
        if (store != null)
        {
            store.close();
        }
    }
}
