package io.horizon.journal.dlq;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;

import io.horizon.journal.audit.AuditTime;
import io.horizon.journal.audit.PostgresAuditStore;
import io.horizon.journal.postgres.PostgresConnection;
import io.horizon.journal.postgres.PostgresTarget;
import io.horizon.journal.sqlite.StoreException;

/**
 * The PostgreSQL backend of the {@link DlqStore}: the dead letters of several daemons in one
 * database ({@code dlq_entries}, keyed by writer id and {@code dlq_id}, since a {@code dlq_id} names
 * a record of one daemon's journal). This object is one writer's queue, or, for {@link #list} only,
 * every writer's. The flusher's position commits in the same transaction as its entries; the
 * triggers of schema step 2 keep what was captured fixed, retry counts growing, dismissals final
 * and every row forever.
 * <p>
 * The writer lease is the audit log's ({@link PostgresAuditStore#claimWriter()}): a daemon claims
 * its writer id there before either flusher starts.
 * <p>
 * Threading: every method is synchronized; one connection per store.
 */
public final class PostgresDlqStore implements DlqStore
{
    private final PostgresTarget target;
    private final String writer;
    private final PostgresConnection db;
    private final DlqRows rows;

    private PostgresDlqStore(final PostgresTarget target, final boolean migrate)
    {
        this.target = target;
        this.writer = target.writerId();
        this.rows = new DlqRows(writer);
        this.db = new PostgresConnection(target, "dead-letter queue", PostgresAuditStore.migrations(), migrate, c -> { });
    }

    /**
     * The queue a daemon's flusher writes under its writer id (migrating the schema when it may);
     * nothing is opened until first used.
     */
    public static PostgresDlqStore forFlusher(final PostgresTarget target)
    {
        requireWriter(target);
        return new PostgresDlqStore(target, true);
    }

    /**
     * One writer's queue, or every writer's (writer id null, for {@link #list} only), for the CLI.
     *
     * @throws StoreException when the database cannot be opened or its schema is not one this release knows.
     */
    public static PostgresDlqStore openExisting(final PostgresTarget target)
    {
        final PostgresDlqStore store = new PostgresDlqStore(target, false);
        store.db.openNow();
        return store;
    }

    private static void requireWriter(final PostgresTarget target)
    {
        if (target.writerId() == null)
        {
            throw new IllegalArgumentException("a PostgreSQL dead-letter queue needs a writer id: set daemon.id in the preset, " +
                "or pass --writer ID");
        }
    }

    @Override
    public String location()
    {
        return db.where();
    }

    @Override
    public synchronized int appendFromJournal(
        final String positionName, final long from, final long to, final List<DlqEntry> entries) throws SQLException
    {
        requireWriter(target);
        return db.write(c ->
        {
            final long stored = rows.position(c, positionName);
            if (stored == to && to != from)
            {
                return 0;
            }
            if (stored != from)
            {
                throw new StoreException(location() + " holds journal position '" + positionName + "' at output " + stored +
                    " but this flusher continues from " + from + "; is another Horizon copying a different journal under " +
                    "the same daemon.id?");
            }
            if (!entries.isEmpty())
            {
                try (PreparedStatement ps = c.prepareStatement("INSERT INTO dlq_entries (writer_id, dlq_id, captured_at, " +
                    "source, venue_name, account_id, market_id, side, quantity, order_type, price, client_order_id, order_id, " +
                    "error, action_json, journal_output) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"))
                {
                    for (final DlqEntry e : entries)
                    {
                        ps.setString(1, writer);
                        ps.setString(2, e.dlqId());
                        ps.setString(3, e.capturedAt());
                        ps.setString(4, e.source());
                        ps.setString(5, e.venueName());
                        ps.setString(6, e.accountId());
                        ps.setString(7, e.marketId());
                        ps.setString(8, e.side());
                        ps.setString(9, e.quantity());
                        ps.setString(10, e.orderType());
                        ps.setString(11, e.price());
                        ps.setString(12, e.clientOrderId());
                        ps.setString(13, e.orderId());
                        ps.setString(14, e.error());
                        ps.setString(15, e.actionJson());
                        ps.setLong(16, e.journalOutput());
                        ps.addBatch();
                    }
                    ps.executeBatch();
                }
            }
            try (PreparedStatement ps = c.prepareStatement(
                "INSERT INTO dlq_flush_position (writer_id, name, outbound_next, committed_at) VALUES (?, ?, ?, ?) " +
                    "ON CONFLICT (writer_id, name) DO UPDATE SET outbound_next = excluded.outbound_next, " +
                    "committed_at = excluded.committed_at"))
            {
                ps.setString(1, writer);
                ps.setString(2, positionName);
                ps.setLong(3, to);
                ps.setString(4, AuditTime.format(AuditTime.nowNanos()));
                ps.executeUpdate();
            }
            return entries.size();
        });
    }

    /**
     * Copies a whole dead-letter queue of this writer (a migration from {@code dlq.db}), every column
     * as it is, and its flusher's position, in one transaction.
     *
     * @throws StoreException when this writer already has dead letters, or the store cannot be written.
     */
    public synchronized void importAll(final List<DlqEntry> entries, final String positionName, final long position)
    {
        requireWriter(target);
        db.writeOrFail("copy dead letters into writer " + writer, c ->
        {
            try (PreparedStatement ps = c.prepareStatement("SELECT count(*) FROM dlq_entries WHERE writer_id = ?"))
            {
                ps.setString(1, writer);
                try (ResultSet rs = ps.executeQuery())
                {
                    rs.next();
                    if (rs.getLong(1) > 0)
                    {
                        throw new StoreException("writer " + writer + " already has " + rs.getLong(1) + " dead letters in " +
                            target.safeUrl() + "; a dead-letter queue is copied once, into an empty one");
                    }
                }
            }
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO dlq_entries (writer_id, " + DlqSchema.COLUMNS +
                ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"))
            {
                for (final DlqEntry e : entries)
                {
                    final Object[] values = {writer, e.dlqId(), e.capturedAt(), e.source(), e.venueName(), e.accountId(),
                        e.marketId(), e.side(), e.quantity(), e.orderType(), e.price(), e.clientOrderId(), e.orderId(),
                        e.error(), e.retryCount(), e.dismissed() ? 1 : 0, e.dismissedReason(), e.dismissedBy(),
                        e.dismissedAt(), e.lastRedriveAt(), e.lastRedriveClientOrderId(), e.actionJson(), e.journalOutput()};
                    for (int i = 0; i < values.length; i++)
                    {
                        ps.setObject(i + 1, values[i]);
                    }
                    ps.addBatch();
                }
                ps.executeBatch();
            }
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO dlq_flush_position (writer_id, name, outbound_next, " +
                "committed_at) VALUES (?, ?, ?, ?) ON CONFLICT (writer_id, name) DO UPDATE SET outbound_next = " +
                "excluded.outbound_next, committed_at = excluded.committed_at"))
            {
                ps.setString(1, writer);
                ps.setString(2, positionName);
                ps.setLong(3, position);
                ps.setString(4, AuditTime.format(AuditTime.nowNanos()));
                ps.executeUpdate();
            }
            return null;
        });
    }

    @Override
    public synchronized long position(final String positionName) throws SQLException
    {
        requireWriter(target);
        final Connection c = db.get();
        try
        {
            return rows.position(c, positionName);
        }
        finally
        {
            c.rollback();
        }
    }

    @Override
    public synchronized List<DlqEntry> list(final boolean includeDismissed)
    {
        return db.read(c ->
        {
            return rows.list(c, " WHERE " + (writer == null ? "writer_id IS NOT NULL" : "writer_id = ?") +
                (includeDismissed ? "" : " AND dismissed = 0"), "captured_at, writer_id, dlq_id");
        });
    }

    @Override
    public synchronized DlqEntry get(final String dlqId)
    {
        requireWriter(target);
        return db.read(c -> rows.get(c, dlqId));
    }

    @Override
    public synchronized long depth() throws SQLException
    {
        requireWriter(target);
        final Connection c = db.get();
        try
        {
            return rows.depth(c);
        }
        finally
        {
            c.rollback();
        }
    }

    @Override
    public synchronized DlqEntry dismiss(final String dlqId, final String reason, final String by)
    {
        requireWriter(target);
        DlqRows.requireReason(dlqId, reason);
        return db.writeOrFail("dismiss " + dlqId, c ->
        {
            rows.dismiss(c, require(c, dlqId), reason, by);
            return rows.get(c, dlqId);
        });
    }

    @Override
    public synchronized DlqEntry bumpRetry(final String dlqId, final String clientOrderId)
    {
        requireWriter(target);
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
            throw new IllegalArgumentException("no dead letter " + dlqId + " of writer " + writer + " in " + target.safeUrl() +
                "; list them with horizon dlq list --postgres --writer " + writer + " --all");
        }
        return entry;
    }

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

    @Override
    public String toString()
    {
        return "PostgresDlqStore(" + target + ")";
    }
}
