package io.horizon.journal.dlq;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;

import io.horizon.journal.audit.AuditTime;
import io.horizon.journal.sqlite.ConnectionSource;
import io.horizon.journal.sqlite.SqliteFile;
import io.horizon.journal.sqlite.StoreConnection;
import io.horizon.journal.sqlite.StoreException;

/**
 * The SQLite backend of the {@link DlqStore} ({@code STATE/dlq.db}, WAL mode): orders whose venue
 * call failed and inputs a handler raised on, each with everything needed to send it again.
 * <p>
 * Operations: write (the flusher, with its journal position, in one transaction), list (open
 * ones, or all), get, dismiss (with a reason; final), bump the retry count, depth. Rows are never
 * deleted and what was captured never changes; {@link DlqSchema} has the triggers.
 * <p>
 * Threading: every method is synchronized; one connection per store.
 */
public final class SqliteDlqStore implements DlqStore
{
    private static final String KIND = "dead-letter database";
    private static final String FIX = "pass --db with the dlq.db of a Horizon state directory (default ./state/dlq.db)";
    private static final int FLUSHER_BUSY_TIMEOUT_MS = 500;
    private static final int TOOL_BUSY_TIMEOUT_MS = 10_000;

    private final Path file;
    private final StoreConnection db;
    private final DlqRows rows = new DlqRows(null);

    private SqliteDlqStore(final Path file, final ConnectionSource source, final boolean mayCreate)
    {
        this.file = file;
        this.db = new StoreConnection(file, source, DlqSchema.APPLICATION_ID, KIND, FIX, mayCreate ? DlqSchema::create : null);
    }

    /**
     * The store a daemon's flusher writes, created on first use; nothing is opened until then.
     *
     * @param file {@code STATE/dlq.db}.
     * @return the store.
     */
    public static SqliteDlqStore forFlusher(final Path file)
    {
        return forFlusher(file, SqliteFile.source(file, SqliteFile.Access.WRITE, FLUSHER_BUSY_TIMEOUT_MS, false));
    }

    /**
     * As {@link #forFlusher(Path)}, through the given connections.
     */
    public static SqliteDlqStore forFlusher(final Path file, final ConnectionSource source)
    {
        return new SqliteDlqStore(file, source, true);
    }

    /**
     * An existing store, for the CLI.
     *
     * @param file   the database.
     * @param access read for list and show; write for dismiss and redrive.
     * @return the open store.
     * @throws StoreException when missing, foreign or unreadable.
     */
    public static SqliteDlqStore openExisting(final Path file, final SqliteFile.Access access)
    {
        SqliteFile.requireExists(file, KIND, FIX);
        final SqliteDlqStore store = new SqliteDlqStore(file, SqliteFile.source(file, access, TOOL_BUSY_TIMEOUT_MS, true), false);
        store.db.openNow();
        return store;
    }

    /**
     * @return the database file.
     */
    public Path path()
    {
        return file;
    }

    @Override
    public String location()
    {
        return file.toString();
    }

    /**
     * Writes the dead letters a stretch of the outbound journal produced and moves the named
     * position from {@code from} to {@code to}, in one transaction; a retry of a commit that
     * already happened writes nothing.
     *
     * @return entries written.
     * @throws SQLException   on a SQLite fault (rolled back; retry later).
     * @throws StoreException when the stored position is neither {@code from} nor {@code to}.
     */
    @Override
    public synchronized int appendFromJournal(
        final String positionName, final long from, final long to, final List<DlqEntry> entries) throws SQLException
    {
        return db.write(c ->
        {
            final long stored = rows.position(c, positionName);
            if (stored == to && to != from)
            {
                return 0;
            }
            if (stored != from)
            {
                throw new StoreException(KIND + " " + file + " holds journal position '" + positionName + "' at output " +
                    stored + " but this flusher continues from " + from + "; is another Horizon copying the same journal into it?");
            }
            if (!entries.isEmpty())
            {
                try (PreparedStatement ps = c.prepareStatement(DlqSchema.INSERT))
                {
                    for (final DlqEntry e : entries)
                    {
                        ps.setString(1, e.dlqId());
                        ps.setString(2, e.capturedAt());
                        ps.setString(3, e.source());
                        ps.setString(4, e.venueName());
                        ps.setString(5, e.accountId());
                        ps.setString(6, e.marketId());
                        ps.setString(7, e.side());
                        ps.setString(8, e.quantity());
                        ps.setString(9, e.orderType());
                        ps.setString(10, e.price());
                        ps.setString(11, e.clientOrderId());
                        ps.setString(12, e.orderId());
                        ps.setString(13, e.error());
                        ps.setString(14, e.actionJson());
                        ps.setLong(15, e.journalOutput());
                        ps.addBatch();
                    }
                    ps.executeBatch();
                }
            }
            try (PreparedStatement ps = c.prepareStatement(
                "INSERT INTO dlq_flush_position (name, outbound_next, committed_at) VALUES (?, ?, ?) " +
                    "ON CONFLICT (name) DO UPDATE SET outbound_next = excluded.outbound_next, committed_at = excluded.committed_at"))
            {
                ps.setString(1, positionName);
                ps.setLong(2, to);
                ps.setString(3, AuditTime.format(AuditTime.nowNanos()));
                ps.executeUpdate();
            }
            return entries.size();
        });
    }

    /**
     * @return the outbound records the named flusher has consumed, 0 when it never committed.
     * @throws SQLException on a SQLite fault.
     */
    @Override
    public synchronized long position(final String positionName) throws SQLException
    {
        return rows.position(db.get(), positionName);
    }

    /**
     * @param includeDismissed true for every entry, false for open ones only.
     * @return entries, oldest first.
     * @throws StoreException when the store cannot be read.
     */
    @Override
    public synchronized List<DlqEntry> list(final boolean includeDismissed)
    {
        return db.read(c ->
        {
            return rows.list(c, includeDismissed ? "" : " WHERE dismissed = 0", "captured_at, dlq_id");
        });
    }

    /**
     * @param dlqId an id.
     * @return the entry, or null when there is none.
     * @throws StoreException when the store cannot be read.
     */
    @Override
    public synchronized DlqEntry get(final String dlqId)
    {
        return db.read(c -> rows.get(c, dlqId));
    }

    /**
     * @return entries not dismissed.
     * @throws SQLException on a SQLite fault (the flusher's gauge).
     */
    @Override
    public synchronized long depth() throws SQLException
    {
        return rows.depth(db.get());
    }

    /**
     * Dismisses an entry: it leaves the open list for good. Needs a reason.
     *
     * @param dlqId  the entry.
     * @param reason why, not blank.
     * @param by     who, e.g. {@code user:alice}.
     * @return the entry as it now stands.
     * @throws IllegalArgumentException when the reason is blank, the entry is missing or already dismissed.
     * @throws StoreException           when the store cannot be written.
     */
    @Override
    public synchronized DlqEntry dismiss(final String dlqId, final String reason, final String by)
    {
        DlqRows.requireReason(dlqId, reason);
        return db.writeOrFail("dismiss " + dlqId, c ->
        {
            rows.dismiss(c, require(c, dlqId), reason, by);
            return rows.get(c, dlqId);
        });
    }

    /**
     * Records that an entry was sent again: bumps its retry count and notes when and as what.
     *
     * @param dlqId         the entry.
     * @param clientOrderId what it was sent as.
     * @return the entry as it now stands.
     * @throws IllegalArgumentException when the entry is missing.
     * @throws StoreException           when the store cannot be written.
     */
    @Override
    public synchronized DlqEntry bumpRetry(final String dlqId, final String clientOrderId)
    {
        return db.writeOrFail("record the redrive of " + dlqId, c ->
        {
            require(c, dlqId);
            rows.bumpRetry(c, dlqId, clientOrderId);
            return rows.get(c, dlqId);
        });
    }

    private DlqEntry require(final Connection c, final String dlqId) throws SQLException
    {
        final DlqEntry entry = rows.get(c, dlqId);
        if (entry == null)
        {
            throw new IllegalArgumentException("no dead letter " + dlqId + " in " + file + "; list them with horizon dlq list --all");
        }
        return entry;
    }

    /**
     * Drops the connection; the next call opens a fresh one. Used after a fault.
     */
    @Override
    public synchronized void reconnect()
    {
        db.reset();
    }

    @Override
    public synchronized void close()
    {
        db.reset();
    }
}
