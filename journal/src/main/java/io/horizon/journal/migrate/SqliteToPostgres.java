package io.horizon.journal.migrate;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
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
import io.horizon.journal.retention.RetentionReceipts;
import io.horizon.journal.retention.SignedLog;
import io.horizon.journal.sqlite.SqliteFile;
import io.horizon.journal.sqlite.StoreException;

/**
 * Moves one daemon's stores from its state directory into PostgreSQL under its writer id
 * ({@code horizon audit migrate --to postgres}): the audit chain with its sequences, ids, times
 * and hashes as they are, so it verifies there as it did in {@code audit.db}, and with when each
 * event was written ({@code recorded_at}, retention's age basis; none where audit.db holds none), so
 * retention cuts the same events there as it would have in {@code audit.db}; the flusher's
 * journal position with the last chunk, so the daemon, restarted with {@code backend = "postgres"},
 * copies the rest of its journal exactly once; and the dead-letter queue, every column, with its
 * position.
 * <p>
 * The source chain must verify first. A copy that stops half-way is resumed by running it again
 * (the writer's chain in PostgreSQL must be a prefix of the source's). The writer lease is held
 * throughout, so no daemon writes under the same id meanwhile; the daemon of the state directory
 * must be stopped (the caller checks its lock).
 * <p>
 * A chain retention has cut (its base after genesis) moves with the signed receipts that account
 * for its base: each is recorded in PostgreSQL, oldest first, through the same database function
 * retention uses there ({@code horizon_audit_remove_expired}, removing nothing), which moves the
 * writer's chain base to what the receipt says; the events after the base follow. The guards stay
 * as they are: nothing but a recorded receipt moves a base. Events a legal hold kept at or below
 * the base cannot follow (PostgreSQL takes a writer's events only in chain order after its base),
 * so such a source is refused, naming them.
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
     * @param retention      the same database as a role that may run {@code horizon_audit_remove_expired}
     *                       (the retention role; may be {@code target} itself), used only for a chain
     *                       retention has cut.
     * @param progress       one line at a time.
     * @return what was copied.
     * @throws StoreException when the source does not verify, its receipts do not account for its
     *                        chain base, it keeps events under legal hold at or below its base, the
     *                        writer's chain in PostgreSQL is not a prefix of it, or a store cannot be
     *                        read or written.
     */
    public static Outcome migrate(final Path stateDirectory, final PostgresTarget target, final PostgresTarget retention,
        final Consumer<String> progress)
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
            destination.claimWriter();
            if (chain.base().sequence() > 0 || !source.receipts().isEmpty())
            {
                recordReceipts(auditDb, source, destination, retention, progress);
            }
            final ChainLink there = destination.tail();
            final boolean atBase = there.equals(chain.base());
            if (there.sequence() > chain.lastSequence() || (!atBase && (there.sequence() <= chain.base().sequence() ||
                !there.hash().equals(source.event(there.sequence()).hash()))))
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
                destination.importEvents(chunk, source.writtenAt(from, to), to == chain.lastSequence() ? AuditFlusher.POSITION : null,
                    position);
                copied += chunk.size();
                progress.accept("migrate: audit events up to sequence " + to + " copied");
            }
            if (copied == 0)
            {
                destination.importEvents(List.of(), Map.of(), AuditFlusher.POSITION, position);
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

    /**
     * Records the source's retention receipts the writer does not hold yet, oldest first, so the
     * writer's chain base in PostgreSQL becomes the source's; those it holds must be the first of
     * the source's, and no event may follow its base yet (a resumed copy finds them all recorded).
     */
    private static void recordReceipts(final Path auditDb, final AuditStore source, final PostgresAuditStore destination,
        final PostgresTarget retention, final Consumer<String> progress)
    {
        final long held = source.heldCount();
        if (held > 0)
        {
            throw new StoreException(auditDb + " keeps " + held + " event(s) under legal hold at or below its chain base " +
                "(sequence " + source.base().sequence() + "); PostgreSQL takes a writer's events only in chain order after " +
                "its base, so they cannot be migrated in this release: keep audit.db and audit_archive.db for them, or run " +
                "horizon audit enforce-retention once the holds are lifted, then migrate");
        }
        final RetentionReceipts.Verification accounted = RetentionReceipts.verify(source, null);
        if (!accounted.problems().isEmpty())
        {
            throw new StoreException(auditDb + " starts after sequence " + source.base().sequence() + " but its receipts do " +
                "not account for it (" + String.join("; ", accounted.problems()) + "); run horizon audit verify and resolve it " +
                "before migrating");
        }
        final List<Map.Entry<String, String>> wanted = List.copyOf(source.receipts().entrySet());
        final List<Map.Entry<String, String>> recorded = List.copyOf(destination.receipts().entrySet());
        if (recorded.size() > wanted.size() || !wanted.subList(0, recorded.size()).equals(recorded))
        {
            throw new StoreException("writer " + destination.writer() + " in " + destination.location() + " already holds " +
                "retention receipts that are not the first of " + auditDb + "'s; migrate into a writer id of its own");
        }
        if (recorded.size() == wanted.size())
        {
            return;
        }
        if (!destination.tail().equals(destination.base()))
        {
            throw new StoreException("writer " + destination.writer() + " in " + destination.location() + " already holds " +
                "events after its chain base but not all of " + auditDb + "'s retention receipts; migrate into a writer id " +
                "of its own");
        }
        try (PostgresAuditStore remover = PostgresAuditStore.openExisting(retention.forWriter(destination.writer())))
        {
            for (final Map.Entry<String, String> receipt : wanted.subList(recorded.size(), wanted.size()))
            {
                final Map<String, Object> f = SignedLog.fields(receipt.getValue());
                if (!(f.get("through") instanceof Long through) || !(f.get("chain_base_sequence") instanceof Long base) ||
                    !(f.get("chain_base_hash") instanceof String hash))
                {
                    throw new StoreException("retention receipt " + receipt.getKey() + " in " + auditDb + " lacks through, " +
                        "chain_base_sequence or chain_base_hash; it was not written by horizon audit enforce-retention");
                }
                try
                {
                    remover.removeExpired(through, new long[0], new ChainLink(base, hash), receipt.getKey(), receipt.getValue(), 0,
                        n -> { });
                }
                catch (final StoreException ex)
                {
                    throw new StoreException("cannot record retention receipt " + receipt.getKey() + " for writer " +
                        destination.writer() + " (" + ex.getMessage() + "); a chain retention has cut needs a role that may run " +
                        "horizon_audit_remove_expired: pass the horizon_retention role's credentials with " +
                        "--retention-credentials, and run the migration again", ex);
                }
                progress.accept("migrate: retention receipt " + receipt.getKey() + " recorded (chain base " + base + ")");
            }
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
