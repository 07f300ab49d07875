package io.horizon.ops.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import io.horizon.journal.audit.AuditStore;
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
 * be written stops the verb before any secret is read.
 * <p>
 * The CLI's thread.
 */
final class SecretReadAudit implements AutoCloseable
{
    private final AuditStore store;
    private final SecretAccessAudit access;
    private final Path file;

    private SecretReadAudit(final AuditStore store, final SecretAccessAudit access, final Path file)
    {
        this.store = store;
        this.access = access;
        this.file = file;
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
            return new SecretReadAudit(null, new LoggedSecretAccess(), file);
        }
        final AuditStore store = AuditStore.openExisting(file, SqliteFile.Access.WRITE);
        final AuditedSecretAccess access = new AuditedSecretAccess();
        access.attach(d -> store.append(List.of(d)));
        return new SecretReadAudit(store, access, file);
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
        return store != null ? "secret reads audited as secret.access in " + file :
            "no audit log at " + file + ": secret reads are logged only";
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
