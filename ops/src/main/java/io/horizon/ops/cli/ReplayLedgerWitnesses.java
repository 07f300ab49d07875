package io.horizon.ops.cli;

import java.io.IOException;
import java.nio.file.Path;

import io.horizon.journal.audit.AuditStore;
import io.horizon.journal.audit.PostgresAuditStore;
import io.horizon.journal.lifecycle.LedgerWitnesses;
import io.horizon.journal.lifecycle.LifecycleLedger;
import io.horizon.journal.postgres.PostgresTarget;
import io.horizon.ops.daemon.AuditBackendMark;
import io.horizon.ops.preset.AuditSettings;
import io.horizon.ops.preset.Preset;
import io.horizon.ops.secrets.FileSecrets;

/**
 * The audit log that vouches for a state's journal lifecycle ledger when {@code replay --archive}
 * puts archived cycles back: the one the state's daemon writes. That is {@code STATE/audit.db}
 * (and {@code audit_archive.db}) for SQLite, and the PostgreSQL writer's live and archive chains
 * when the daemon recorded {@code postgres WRITER_ID} in {@code STATE/audit-backend}
 * ({@link AuditBackendMark}), or, for a state whose daemon recorded nothing, when the state's
 * recorded preset says {@code [audit] backend = "postgres"} (writer: its {@code daemon.id}). The
 * PostgreSQL secrets {@code audit.postgres_*} come from the environment or the credentials file
 * ({@code STATE/credentials.env} unless named).
 * <p>
 * Stateless; the CLI's thread.
 */
final class ReplayLedgerWitnesses
{
    private ReplayLedgerWitnesses()
    {
    }

    /**
     * @param state       the state directory.
     * @param recorded    the preset the state's journal was written with.
     * @param credentials the credentials file for PostgreSQL, or null for {@code STATE/credentials.env}.
     * @return the cycle events of the audit log the state's daemon writes.
     * @throws io.horizon.journal.JournalException           when SQLite and there is no audit.db.
     * @throws io.horizon.journal.sqlite.StoreException      when the PostgreSQL audit log cannot be read.
     * @throws io.horizon.ops.secrets.SecretsException       when the PostgreSQL URL secret is missing.
     * @throws IllegalArgumentException                      when {@code audit-backend} holds something no daemon writes.
     */
    static LedgerWitnesses of(final Path state, final Preset recorded, final Path credentials)
    {
        final String writer = postgresWriter(state, recorded.audit());
        if (writer == null)
        {
            return LedgerWitnesses.ofState(state);
        }
        final PostgresTarget target = StoreOptions.postgresTarget(
            credentials != null ? credentials : state.resolve(FileSecrets.FILE_NAME), credentials != null, writer);
        try (AuditStore live = PostgresAuditStore.openExisting(target);
             AuditStore archive = PostgresAuditStore.openExistingArchive(target))
        {
            return LedgerWitnesses.read(live, archive);
        }
    }

    /**
     * @return the PostgreSQL writer id the state's daemon writes its audit log under, or null for SQLite.
     */
    private static String postgresWriter(final Path state, final AuditSettings recorded)
    {
        final AuditBackendMark.Mark mark;
        try
        {
            mark = AuditBackendMark.read(state);
        }
        catch (final IOException ex)
        {
            throw new IllegalArgumentException("cannot read " + state.resolve(AuditBackendMark.FILE_NAME) + " (" + ex.getMessage() +
                "), which says which audit log vouches for " + LifecycleLedger.file(state).getFileName() + "; make it a " +
                "readable file, or remove it and start the daemon once to rewrite it");
        }
        if (mark != null)
        {
            return mark.postgres() ? mark.writer() : null;
        }
        if (!recorded.isPostgres())
        {
            return null;
        }
        if (recorded.daemonId() == null)
        {
            throw new IllegalArgumentException("the state's recorded preset keeps the audit log in PostgreSQL but names no " +
                "daemon.id, so the writer whose audit events vouch for " + LifecycleLedger.file(state) +
                " is unknown; start the daemon once to record it in " + state.resolve(AuditBackendMark.FILE_NAME));
        }
        return PostgresTarget.requireWriterId(recorded.daemonId());
    }
}
