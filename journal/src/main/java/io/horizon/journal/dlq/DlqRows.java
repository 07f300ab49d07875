package io.horizon.journal.dlq;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

import io.horizon.journal.audit.AuditTime;

/**
 * The statements both dead-letter backends run alike, on one store's rows: the whole
 * {@code dlq.db} in SQLite, one writer's rows ({@code writer_id = ?}) in PostgreSQL. The SQL text
 * is built once, so each backend runs exactly the statements it ran before; only the scope differs.
 * <p>
 * Immutable; any thread, on the connection it is given (the caller's transaction).
 */
final class DlqRows
{
    private final String writer;
    private final String scope;
    private final String selectOne;
    private final String selectPosition;
    private final String countOpen;
    private final String dismiss;
    private final String bumpRetry;

    /**
     * @param writer the PostgreSQL writer id whose rows these are; null for SQLite (one store, no writer column).
     */
    DlqRows(final String writer)
    {
        this.writer = writer;
        this.scope = writer == null ? "" : "writer_id = ? AND ";
        this.selectOne = "SELECT " + DlqSchema.COLUMNS + " FROM dlq_entries WHERE " + scope + "dlq_id = ?";
        this.selectPosition = "SELECT outbound_next FROM dlq_flush_position WHERE " + scope + "name = ?";
        this.countOpen = "SELECT count(*) FROM dlq_entries WHERE " + scope + "dismissed = 0";
        this.dismiss = "UPDATE dlq_entries SET dismissed = 1, dismissed_reason = ?, dismissed_by = ?, dismissed_at = ? WHERE " +
            scope + "dlq_id = ?";
        this.bumpRetry = "UPDATE dlq_entries SET retry_count = retry_count + 1, last_redrive_at = ?, " +
            "last_redrive_client_order_id = ? WHERE " + scope + "dlq_id = ?";
    }

    /** @return the entry, or null when there is none. */
    DlqEntry get(final Connection c, final String dlqId) throws SQLException
    {
        try (PreparedStatement ps = c.prepareStatement(selectOne))
        {
            ps.setString(bindScope(ps, 1), dlqId);
            try (ResultSet rs = ps.executeQuery())
            {
                return rs.next() ? DlqEntry.fromRow(rs) : null;
            }
        }
    }

    /** @return the named flusher's position, 0 when it never committed. */
    long position(final Connection c, final String name) throws SQLException
    {
        try (PreparedStatement ps = c.prepareStatement(selectPosition))
        {
            ps.setString(bindScope(ps, 1), name);
            return single(ps);
        }
    }

    /** @return entries not dismissed. */
    long depth(final Connection c) throws SQLException
    {
        try (PreparedStatement ps = c.prepareStatement(countOpen))
        {
            bindScope(ps, 1);
            return single(ps);
        }
    }

    /**
     * @param where {@code WHERE …} (with {@code ?} for the writer when this store has one) or empty.
     * @return the rows it selects, in {@code orderBy} order.
     */
    List<DlqEntry> list(final Connection c, final String where, final String orderBy) throws SQLException
    {
        final List<DlqEntry> entries = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT " + DlqSchema.COLUMNS + " FROM dlq_entries" + where +
            " ORDER BY " + orderBy))
        {
            if (where.contains("?"))
            {
                bindScope(ps, 1);
            }
            try (ResultSet rs = ps.executeQuery())
            {
                while (rs.next())
                {
                    entries.add(DlqEntry.fromRow(rs));
                }
            }
        }
        return entries;
    }

    /**
     * Dismisses an entry for good, after the checks both backends make: a reason, and not dismissed before.
     *
     * @param entry the entry as it stands (the caller found it).
     * @throws IllegalArgumentException when it was dismissed already.
     */
    void dismiss(final Connection c, final DlqEntry entry, final String reason, final String by) throws SQLException
    {
        if (entry.dismissed())
        {
            throw new IllegalArgumentException(entry.dlqId() + " was already dismissed at " + entry.dismissedAt() + " by " +
                entry.dismissedBy() + ": " + entry.dismissedReason());
        }
        try (PreparedStatement ps = c.prepareStatement(dismiss))
        {
            ps.setString(1, reason.strip());
            ps.setString(2, by);
            ps.setString(3, AuditTime.format(AuditTime.nowNanos()));
            ps.setString(bindScope(ps, 4), entry.dlqId());
            ps.executeUpdate();
        }
    }

    /** Bumps the entry's retry count and notes when and as what it was sent again. */
    void bumpRetry(final Connection c, final String dlqId, final String clientOrderId) throws SQLException
    {
        try (PreparedStatement ps = c.prepareStatement(bumpRetry))
        {
            ps.setString(1, AuditTime.format(AuditTime.nowNanos()));
            ps.setString(2, clientOrderId);
            ps.setString(bindScope(ps, 3), dlqId);
            ps.executeUpdate();
        }
    }

    /**
     * @throws IllegalArgumentException when the reason is blank, naming the fix.
     */
    static void requireReason(final String dlqId, final String reason)
    {
        if (reason == null || reason.isBlank())
        {
            throw new IllegalArgumentException("dismissing " + dlqId + " needs a reason; add --reason \"why it will not be sent again\"");
        }
    }

    private int bindScope(final PreparedStatement ps, final int index) throws SQLException
    {
        if (writer == null)
        {
            return index;
        }
        ps.setString(index, writer);
        return index + 1;
    }

    private static long single(final PreparedStatement ps) throws SQLException
    {
        try (ResultSet rs = ps.executeQuery())
        {
            return rs.next() ? rs.getLong(1) : 0;
        }
    }
}
