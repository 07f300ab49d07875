package io.horizon.journal.migrate;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

import io.horizon.journal.audit.AuditEvent;
import io.horizon.journal.audit.AuditFlusher;
import io.horizon.journal.audit.AuditStore;
import io.horizon.journal.audit.ChainLink;
import io.horizon.journal.audit.ChainVerification;
import io.horizon.journal.audit.PostgresAuditStore;
import io.horizon.journal.dlq.DlqFlusher;
import io.horizon.journal.dlq.DlqStore;
import io.horizon.journal.dlq.PostgresDlqStore;
import io.horizon.journal.flush.JournalPosition;
import io.horizon.journal.postgres.PostgresTarget;
import io.horizon.journal.sqlite.SqliteFile;
import io.horizon.journal.sqlite.StoreException;

/**
 * Moves one daemon's stores from its state directory into PostgreSQL under its writer id
 * ({@code horizon audit migrate --to postgres}): the audit chain with its sequences, ids, times
 * and hashes as they are, so it verifies there as it did in {@code audit.db}; the flusher's
 * journal position with the last chunk, so the daemon, restarted with {@code backend = "postgres"},
 * copies the rest of its journal exactly once; and the dead-letter queue, every column, with its
 * position.
 * <p>
 * The source chain must verify first. A copy that stops half-way is resumed by running it again
 * (the writer's chain in PostgreSQL must be a prefix of the source's). The writer lease is held
 * throughout, so no daemon writes under the same id meanwhile; the daemon of the state directory
 * must be stopped (the caller checks its lock). A chain retention has cut (its base after genesis)
 * is refused in this release.
 * <p>
 * Stateless; the caller's thread.
 */
public final class SqliteToPostgres
{
    private static final int CHUNK = 10_000;

    /**
     * What was copied.
     *
     * @param events       audit events copied in this run.
     * @param lastSequence the last sequence of the chain in PostgreSQL.
     * @param deadLetters  dead letters copied.
     */
    public record Outcome(long events, long lastSequence, long deadLetters)
    {
    }

    private SqliteToPostgres()
    {
    }

    /**
     * @param stateDirectory the stopped daemon's state directory ({@code audit.db}, {@code dlq.db}).
     * @param target         the database, credentials and the daemon's writer id.
     * @param progress       one line at a time.
     * @return what was copied.
     * @throws StoreException when the source does not verify, the writer's chain in PostgreSQL is not a
     *                        prefix of it, or a store cannot be read or written.
     */
    public static Outcome migrate(final Path stateDirectory, final PostgresTarget target, final Consumer<String> progress)
    {
        final Path auditDb = stateDirectory.resolve(AuditStore.FILE_NAME);
        try (AuditStore source = AuditStore.openExisting(auditDb, SqliteFile.Access.READ);
            PostgresAuditStore destination = PostgresAuditStore.forFlusher(target))
        {
            final ChainVerification chain = source.verify(n -> progress.accept("migrate: " + n + " events verified"));
            if (!chain.verified())
            {
                throw new StoreException(auditDb + " fails its own check (" + chain.summary() + "); run horizon audit verify " +
                    "and resolve it before migrating");
            }
            if (chain.base().sequence() > 0)
            {
                throw new StoreException(auditDb + " starts after sequence " + chain.base().sequence() + " (retention ran); " +
                    "migrating a chain cut by retention is not supported in this release");
            }
            destination.claimWriter();
            final ChainLink there = destination.tail();
            if (there.sequence() > chain.lastSequence() || (there.sequence() > 0 &&
                !there.hash().equals(source.event(there.sequence()).hash())))
            {
                throw new StoreException("writer " + target.writerId() + " in " + target.safeUrl() + " already holds a chain " +
                    "(up to sequence " + there.sequence() + ") that is not the start of " + auditDb + "; migrate into a writer " +
                    "id of its own");
            }
            final JournalPosition position = positionOf(source);
            long copied = 0;
            for (long from = there.sequence() + 1; from <= chain.lastSequence(); from += CHUNK)
            {
                final long to = Math.min(chain.lastSequence(), from + CHUNK - 1);
                final List<AuditEvent> chunk = new ArrayList<>(CHUNK);
                source.forEachInRange(from, to, chunk::add);
                destination.importEvents(chunk, to == chain.lastSequence() ? AuditFlusher.POSITION : null, position);
                copied += chunk.size();
                progress.accept("migrate: audit events up to sequence " + to + " copied");
            }
            if (copied == 0)
            {
                destination.importEvents(List.of(), AuditFlusher.POSITION, position);
            }
            final ChainVerification after = destination.verify(n -> { });
            if (!after.verified() || after.lastSequence() != chain.lastSequence() || !chain.lastHash().equals(after.lastHash()))
            {
                throw new StoreException("the chain of writer " + target.writerId() + " does not end as " + auditDb + " does " +
                    "after the copy (" + after.summary() + "); do not start the daemon on PostgreSQL, run horizon audit verify");
            }
            final long deadLetters = copyDeadLetters(stateDirectory, target, progress);
            return new Outcome(copied, after.lastSequence(), deadLetters);
        }
    }

    private static JournalPosition positionOf(final AuditStore source)
    {
        try
        {
            return source.position(AuditFlusher.POSITION);
        }
        catch (final SQLException ex)
        {
            throw new StoreException("cannot read the flushed journal position of " + source.location() + ": " + ex.getMessage(), ex);
        }
    }

    private static long copyDeadLetters(final Path stateDirectory, final PostgresTarget target, final Consumer<String> progress)
    {
        final Path dlqDb = stateDirectory.resolve(DlqStore.FILE_NAME);
        if (!Files.exists(dlqDb))
        {
            return 0;
        }
        try (DlqStore source = DlqStore.openExisting(dlqDb, SqliteFile.Access.READ);
            PostgresDlqStore destination = PostgresDlqStore.forFlusher(target))
        {
            final var entries = source.list(true);
            final long position;
            try
            {
                position = source.position(DlqFlusher.POSITION);
            }
            catch (final SQLException ex)
            {
                throw new StoreException("cannot read the flushed position of " + dlqDb + ": " + ex.getMessage(), ex);
            }
            destination.importAll(entries, DlqFlusher.POSITION, position);
            progress.accept("migrate: " + entries.size() + " dead letters copied");
            return entries.size();
        }
    }
}
