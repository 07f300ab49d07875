package io.horizon.ops.daemon;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;

import io.horizon.journal.audit.AuditStore;
import io.horizon.journal.audit.PostgresAuditStore;
import io.horizon.journal.dlq.DlqStore;
import io.horizon.journal.dlq.PostgresDlqStore;
import io.horizon.journal.postgres.PostgresTarget;
import io.horizon.journal.sqlite.SqliteFile;
import io.horizon.ops.preset.AuditSettings;
import io.horizon.ops.secrets.Secret;
import io.horizon.ops.secrets.Secrets;

/**
 * Where the preset's {@code [audit] backend} keeps the audit log and the dead-letter queue:
 * {@code STATE/audit.db} and {@code STATE/dlq.db} (SQLite, the default), or the PostgreSQL database
 * named by the secrets {@code audit.postgres_url}, {@code audit.postgres_user} and
 * {@code audit.postgres_password}, under the preset's {@code daemon.id}. For PostgreSQL the daemon
 * claims its writer id at once ({@link #openAuditForFlusher()}, migrating the schema first), so a
 * second daemon with the same id, a database newer than this release or one that cannot be reached
 * stops the start with the reason, before recovery; once open, it records which backend and writer
 * in {@code STATE/audit-backend} ({@link AuditBackendMark}).
 * <p>
 * Immutable once built; the secrets are read once, at start. Any thread.
 */
final class AuditBackend
{
    private final Path stateDirectory;
    private final PostgresTarget target;

    private AuditBackend(final Path stateDirectory, final PostgresTarget target)
    {
        this.stateDirectory = stateDirectory;
        this.target = target;
    }

    /**
     * @param settings       the preset's {@code [audit]}.
     * @param stateDirectory the locked state directory.
     * @param secrets        the daemon's secrets (read now, for PostgreSQL).
     * @return the backend.
     * @throws io.horizon.ops.secrets.SecretsException when the URL secret is missing.
     */
    static AuditBackend of(final AuditSettings settings, final Path stateDirectory, final Secrets secrets)
    {
        if (!settings.isPostgres())
        {
            return new AuditBackend(stateDirectory, null);
        }
        final String url = secrets.require(AuditSettings.POSTGRES_URL_SECRET).reveal();
        final String user = secrets.get(AuditSettings.POSTGRES_USER_SECRET).map(Secret::reveal).orElse(null);
        final String password = secrets.get(AuditSettings.POSTGRES_PASSWORD_SECRET).map(Secret::reveal).orElse(null);
        return new AuditBackend(stateDirectory, new PostgresTarget(url, user, password, settings.daemonId()));
    }

    /**
     * @return the live audit store for the flusher; for PostgreSQL, with the writer id claimed.
     * @throws io.horizon.journal.sqlite.StoreException when the PostgreSQL writer cannot be claimed.
     */
    AuditStore openAuditForFlusher()
    {
        final AuditStore store;
        if (target == null)
        {
            store = AuditStore.forFlusher(stateDirectory.resolve(AuditStore.FILE_NAME));
        }
        else
        {
            final PostgresAuditStore postgres = PostgresAuditStore.forFlusher(target);
            postgres.claimWriter();
            store = postgres;
        }
        try
        {
            AuditBackendMark.write(stateDirectory, target == null ? null : target.writerId());
        }
        catch (final IOException ex)
        {
            store.close();
            throw new UncheckedIOException("cannot write " + stateDirectory.resolve(AuditBackendMark.FILE_NAME) + ": " +
                ex.getMessage(), ex);
        }
        return store;
    }

    /**
     * @return the dead-letter queue for its flusher; nothing is opened until first used.
     */
    DlqStore openDlqForFlusher()
    {
        return target == null ? DlqStore.forFlusher(stateDirectory.resolve(DlqStore.FILE_NAME)) : PostgresDlqStore.forFlusher(target);
    }

    /**
     * @return the dead-letter queue opened now, for a redrive the control channel asked for.
     */
    DlqStore openDlqNow()
    {
        return target == null ? DlqStore.openExisting(stateDirectory.resolve(DlqStore.FILE_NAME), SqliteFile.Access.WRITE) :
            PostgresDlqStore.openExisting(target);
    }
}
