package io.horizon.ops.daemon;

import java.nio.file.Path;

import io.horizon.journal.audit.AuditStore;
import io.horizon.journal.audit.PostgresAuditStore;
import io.horizon.journal.postgres.PostgresTarget;
import io.horizon.ops.preset.AuditSettings;
import io.horizon.ops.secrets.Secret;
import io.horizon.ops.secrets.Secrets;

/**
 * Opens the audit store the preset's {@code [audit] backend} names, for the daemon's flusher:
 * {@code STATE/audit.db} (SQLite, the default), or the PostgreSQL database named by the secrets
 * {@code audit.postgres_url}, {@code audit.postgres_user} and {@code audit.postgres_password}
 * under the preset's {@code daemon.id}. For PostgreSQL it claims the writer id at once (migrating
 * the schema first), so a second daemon with the same id, a database newer than this release or a
 * database that cannot be reached stops the start with the reason, before recovery.
 * <p>
 * Stateless; called on the starting thread.
 */
final class AuditBackend
{
    private AuditBackend()
    {
    }

    /**
     * @param settings       the preset's {@code [audit]}.
     * @param stateDirectory the locked state directory.
     * @param secrets        the daemon's secrets.
     * @return the live store for the flusher.
     * @throws io.horizon.journal.sqlite.StoreException      when the PostgreSQL writer cannot be claimed.
     * @throws io.horizon.ops.secrets.SecretsException     when the URL secret is missing.
     */
    static AuditStore openForFlusher(final AuditSettings settings, final Path stateDirectory, final Secrets secrets)
    {
        if (!settings.isPostgres())
        {
            return AuditStore.forFlusher(stateDirectory.resolve(AuditStore.FILE_NAME));
        }
        final PostgresAuditStore store = PostgresAuditStore.forFlusher(target(settings, secrets));
        store.claimWriter();
        return store;
    }

    /**
     * @return the database and credentials the secrets name, under the preset's {@code daemon.id}.
     */
    static PostgresTarget target(final AuditSettings settings, final Secrets secrets)
    {
        final String url = secrets.require(AuditSettings.POSTGRES_URL_SECRET).reveal();
        final String user = secrets.get(AuditSettings.POSTGRES_USER_SECRET).map(Secret::reveal).orElse(null);
        final String password = secrets.get(AuditSettings.POSTGRES_PASSWORD_SECRET).map(Secret::reveal).orElse(null);
        return new PostgresTarget(url, user, password, settings.daemonId());
    }
}
