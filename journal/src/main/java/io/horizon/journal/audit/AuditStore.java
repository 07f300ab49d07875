package io.horizon.journal.audit;

import java.nio.file.Path;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.function.Consumer;
import java.util.function.LongConsumer;

import io.horizon.journal.flush.JournalPosition;
import io.horizon.journal.sqlite.ConnectionSource;
import io.horizon.journal.sqlite.SqliteFile;

/**
 * The audit log: one hash-chained, append-only sequence of {@link AuditEvent}s, its flushed
 * journal positions, its chain base and retention receipts. Two backends keep it:
 * {@link SqliteAuditStore} ({@code STATE/audit.db}, the embedded default; one chain per file) and
 * {@link PostgresAuditStore} (one database shared by several daemons; one chain per writer id,
 * this store being one writer's view of it).
 * <p>
 * The contract both keep: every append runs in one transaction that reads the chain's tail and
 * gives each draft the next sequence, a ULID, the previous hash and its own hash
 * ({@link AuditCanonicalForm}); a flusher's journal position commits in the same transaction as
 * the rows it produced, so the copy of the journal is exactly-once; the only way an event leaves
 * the store is {@link #removeExpired}, which records a signed receipt first.
 * <p>
 * The static factories open the SQLite backend, which is what the CLI's {@code --db} and the
 * default preset use.
 * <p>
 * Threading: implementations are thread-safe (every method is serialised on the store).
 */
public interface AuditStore extends AutoCloseable
{
    /** The live store's file name in the state directory. */
    String FILE_NAME = "audit.db";
    /** The archive's file name, next to the live store. */
    String ARCHIVE_FILE_NAME = "audit_archive.db";
    /** Role of the store the daemon writes. */
    String ROLE_LIVE = "live";
    /** Role of the archive retention copies expired events to. */
    String ROLE_ARCHIVE = "archive";

    /**
     * @see SqliteAuditStore#forFlusher(Path)
     */
    static AuditStore forFlusher(final Path file)
    {
        return SqliteAuditStore.forFlusher(file);
    }

    /**
     * @see SqliteAuditStore#forFlusher(Path, ConnectionSource)
     */
    static AuditStore forFlusher(final Path file, final ConnectionSource source)
    {
        return SqliteAuditStore.forFlusher(file, source);
    }

    /**
     * @see SqliteAuditStore#openExisting(Path, SqliteFile.Access)
     */
    static AuditStore openExisting(final Path file, final SqliteFile.Access access)
    {
        return SqliteAuditStore.openExisting(file, access);
    }

    /**
     * @see SqliteAuditStore#openArchive(Path)
     */
    static AuditStore openArchive(final Path file)
    {
        return SqliteAuditStore.openArchive(file);
    }

    /**
     * @return a short name for messages and receipts: the file name, or the PostgreSQL writer.
     */
    String name();

    /**
     * @return where the store is, for messages: the file, or the database and writer.
     */
    String location();

    /**
     * Drops the connection; the next call opens a fresh one. Used after a fault.
     */
    void reconnect();

    /**
     * @return {@link #ROLE_LIVE} or {@link #ROLE_ARCHIVE}.
     */
    String role();

    /**
     * Appends events that do not come from the journal, in one transaction.
     *
     * @param drafts the events, in order.
     * @return them as stored.
     */
    List<AuditEvent> append(List<AuditDraft> drafts);

    /**
     * Appends the events a stretch of the journal produced and moves the named journal position
     * from {@code from} to {@code to}, in one transaction. If the stored position already equals
     * {@code to} (a retry after a commit whose answer was lost), nothing is written.
     *
     * @return the events as stored; empty when nothing was written.
     * @throws SQLException on a database fault (the transaction rolled back; retry later).
     */
    List<AuditEvent> appendFromJournal(String positionName, JournalPosition from, JournalPosition to, List<AuditDraft> drafts)
        throws SQLException;

    /**
     * As {@link #appendFromJournal}, for events the caller sealed already after {@code sealedAfter};
     * if the chain no longer ends there they are rechained after its real end.
     *
     * @return the events as stored; empty when nothing was written.
     * @throws SQLException on a database fault (the transaction rolled back; retry later).
     */
    List<AuditEvent> appendSealedFromJournal(
        String positionName, JournalPosition from, JournalPosition to, List<AuditEvent> sealed, ChainLink sealedAfter)
        throws SQLException;

    /**
     * @return the flusher's committed journal position, {@link JournalPosition#START} when none.
     * @throws SQLException on a database fault.
     */
    JournalPosition position(String positionName) throws SQLException;

    /** @return the last event of the chain, or the chain base when no event follows it. */
    ChainLink tail();

    /** @return where the chain starts: genesis, or the last event retention archived. */
    ChainLink base();

    /** @return the event at {@code sequence}, or null. */
    AuditEvent event(long sequence);

    /** @return the last event stamped before {@code timestamp}, or null. */
    AuditEvent lastBefore(String timestamp);

    /** @return events held now. */
    long count();

    /**
     * Retention's age of an event is when it was written (its wall-clock {@code recorded_at}), not
     * its {@code timestamp}, which is engine time: a file run's rows carry the file's recorded day.
     * An event stored before its backend kept {@code recorded_at} is judged by its timestamp.
     *
     * @return the last sequence of the chain's expired stretch, which ends before the first event
     *         written at or after {@code cutoff}; the chain base when none after it.
     */
    long lastExpired(String cutoff);

    /** @return the events at or below the chain base (legal holds) written at or after {@code cutoff}. */
    List<Long> heldWrittenSince(String cutoff);

    /**
     * Walks the chain from its base and checks every event's hash, sequence and previous hash.
     *
     * @param progress told the number of events checked, every 100,000.
     */
    ChainVerification verify(LongConsumer progress);

    /** @return events passed to the sink: every one that matches, in sequence order. */
    long forEach(AuditQuery query, Consumer<AuditEvent> sink);

    /** @return counts by category, severity and UTC day. */
    AuditStats stats(AuditQuery query);

    /** Calls the sink with every event whose sequence is in {@code [from, to]}, in order. */
    void forEachInRange(long from, long to, Consumer<AuditEvent> sink);

    /**
     * When each event in {@code [from, to]} was written (its wall-clock {@code recorded_at},
     * retention's age basis; not hashed), by sequence. An event stored before its backend kept the
     * time is absent, as is every event of a PostgreSQL archive chain (which keeps no {@code recorded_at}).
     *
     * @return sequence to recorded time, in sequence order.
     */
    SortedMap<Long, String> writtenAt(long from, long to);

    /** Appends events copied from the live store, exactly as they are, to this archive. */
    void appendArchived(List<AuditEvent> events);

    /**
     * The one controlled way events leave the live store; see {@link SqliteAuditStore#removeExpired}.
     *
     * @return events deleted.
     */
    long removeExpired(long through, long[] held, ChainLink newBase, String receiptId, String receiptLine, long expected,
        LongConsumer progress);

    /** @return one line per missing or altered guard, an open gate, an old schema; empty when sound. */
    List<String> guardProblems();

    /** @return how many events the store holds at or below its chain base (legal holds). */
    long heldCount();

    /** @return every retention receipt recorded in this store, id to signed line, oldest first. */
    Map<String, String> receipts();

    @Override
    void close();
}
