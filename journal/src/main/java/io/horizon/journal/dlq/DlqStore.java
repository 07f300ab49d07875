package io.horizon.journal.dlq;

import java.nio.file.Path;
import java.sql.SQLException;
import java.util.List;

import io.horizon.journal.sqlite.ConnectionSource;
import io.horizon.journal.sqlite.SqliteFile;

/**
 * The dead-letter queue: orders whose venue call failed and inputs a handler raised on, each with
 * everything needed to send it again. Two backends keep it: {@link SqliteDlqStore}
 * ({@code STATE/dlq.db}, the default) and {@link PostgresDlqStore} (one database shared by several
 * daemons, each writer's entries apart).
 * <p>
 * Operations: write (the flusher, with its journal position, in one transaction), list (open
 * ones, or all), get, dismiss (with a reason; final), bump the retry count, depth. Rows are never
 * deleted and what was captured never changes; triggers enforce it in both backends.
 * <p>
 * The static factories open the SQLite backend.
 * <p>
 * Threading: implementations are thread-safe (every method is serialised on the store).
 */
public interface DlqStore extends AutoCloseable
{
    /** The SQLite store's file name in the state directory. */
    String FILE_NAME = "dlq.db";

    /**
     * @see SqliteDlqStore#forFlusher(Path)
     */
    static DlqStore forFlusher(final Path file)
    {
        return SqliteDlqStore.forFlusher(file);
    }

    /**
     * @see SqliteDlqStore#forFlusher(Path, ConnectionSource)
     */
    static DlqStore forFlusher(final Path file, final ConnectionSource source)
    {
        return SqliteDlqStore.forFlusher(file, source);
    }

    /**
     * @see SqliteDlqStore#openExisting(Path, SqliteFile.Access)
     */
    static DlqStore openExisting(final Path file, final SqliteFile.Access access)
    {
        return SqliteDlqStore.openExisting(file, access);
    }

    /**
     * @return where the store is, for messages: the file, or the database and writer.
     */
    String location();

    /**
     * Writes the dead letters a stretch of the outbound journal produced and moves the named
     * position from {@code from} to {@code to}, in one transaction; a retry of a commit that
     * already happened writes nothing.
     *
     * @return entries written.
     * @throws SQLException on a database fault (rolled back; retry later).
     */
    int appendFromJournal(String positionName, long from, long to, List<DlqEntry> entries) throws SQLException;

    /**
     * @return the outbound records the named flusher has consumed, 0 when it never committed.
     * @throws SQLException on a database fault.
     */
    long position(String positionName) throws SQLException;

    /**
     * @param includeDismissed true for every entry, false for open ones only.
     * @return entries, oldest first.
     */
    List<DlqEntry> list(boolean includeDismissed);

    /**
     * @return the entry, or null when there is none.
     */
    DlqEntry get(String dlqId);

    /**
     * @return entries not dismissed.
     * @throws SQLException on a database fault (the flusher's gauge).
     */
    long depth() throws SQLException;

    /**
     * Dismisses an entry for good; needs a reason.
     *
     * @return the entry as it now stands.
     * @throws IllegalArgumentException when the reason is blank, the entry is missing or already dismissed.
     */
    DlqEntry dismiss(String dlqId, String reason, String by);

    /**
     * Records that an entry was sent again: bumps its retry count and notes when and as what.
     *
     * @return the entry as it now stands.
     * @throws IllegalArgumentException when the entry is missing.
     */
    DlqEntry bumpRetry(String dlqId, String clientOrderId);

    /**
     * Drops the connection; the next call opens a fresh one. Used after a fault.
     */
    void reconnect();

    @Override
    void close();
}
