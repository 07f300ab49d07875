package io.horizon.journal.audit;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * The SQL both audit backends read alike: an event from its row (the 17 columns in canonical
 * order), and the counts behind {@code horizon audit stats}.
 * <p>
 * Stateless; any thread, on the connection it is given.
 */
final class AuditSql
{
    private AuditSql()
    {
    }

    /**
     * @param rs a row of the 17 event columns, {@code event_id} first and {@code hash} last.
     * @return the event.
     */
    static AuditEvent event(final ResultSet rs) throws SQLException
    {
        return new AuditEvent(
            rs.getString(1), rs.getLong(2), rs.getString(3), rs.getString(4), rs.getString(5), rs.getString(6),
            rs.getString(7), rs.getString(8), rs.getString(9), rs.getString(10), rs.getString(11), rs.getString(12),
            rs.getString(13), rs.getString(14), rs.getString(15), rs.getString(16), rs.getString(17));
    }

    /**
     * As {@link #each}, for a sink that takes every event.
     *
     * @return the events handed over.
     */
    static long all(final PreparedStatement ps, final Consumer<AuditEvent> sink) throws SQLException
    {
        return each(ps, e ->
        {
            sink.accept(e);
            return true;
        });
    }

    /**
     * Runs a query of the 17 event columns and hands each row's event to the sink, in order.
     *
     * @param ps   the query, bound.
     * @param sink every event; return false to stop early.
     * @return the events handed over.
     */
    static long each(final PreparedStatement ps, final Predicate<AuditEvent> sink) throws SQLException
    {
        long n = 0;
        try (ResultSet rs = ps.executeQuery())
        {
            while (rs.next())
            {
                n++;
                if (!sink.test(event(rs)))
                {
                    break;
                }
            }
        }
        return n;
    }

    /**
     * @param table the events table.
     * @param where {@code " WHERE …"} with {@code ?} for each of {@code args}.
     * @return counts by category, severity and UTC day, with the sequence and time range.
     */
    static AuditStats stats(final Connection c, final String table, final CharSequence where, final List<Object> args)
        throws SQLException
    {
        final Map<String, Long> byCategory = groupCount(c, table, "category", where, args);
        final Map<String, Long> bySeverity = groupCount(c, table, "severity", where, args);
        final Map<String, Long> byDay = groupCount(c, table, "substr(timestamp, 1, 10)", where, args);
        try (PreparedStatement ps = c.prepareStatement(
            "SELECT count(*), min(sequence), max(sequence), min(timestamp), max(timestamp) FROM " + table + where))
        {
            bindAll(ps, args);
            try (ResultSet rs = ps.executeQuery())
            {
                rs.next();
                return new AuditStats(rs.getLong(1), rs.getLong(2), rs.getLong(3), rs.getString(4), rs.getString(5),
                    byCategory, bySeverity, byDay);
            }
        }
    }

    /**
     * @return how many events each value of {@code expression} has, in order.
     */
    static Map<String, Long> groupCount(
        final Connection c, final String table, final String expression, final CharSequence where, final List<Object> args)
        throws SQLException
    {
        final Map<String, Long> counts = new LinkedHashMap<>();
        try (PreparedStatement ps = c.prepareStatement(
            "SELECT " + expression + " AS k, count(*) FROM " + table + where + " GROUP BY k ORDER BY k"))
        {
            bindAll(ps, args);
            try (ResultSet rs = ps.executeQuery())
            {
                while (rs.next())
                {
                    counts.put(rs.getString(1), rs.getLong(2));
                }
            }
        }
        return counts;
    }

    static void bindAll(final PreparedStatement ps, final List<Object> args) throws SQLException
    {
        for (int i = 0; i < args.size(); i++)
        {
            ps.setObject(i + 1, args.get(i));
        }
    }
}
