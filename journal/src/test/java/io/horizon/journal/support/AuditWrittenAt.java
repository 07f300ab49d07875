package io.horizon.journal.support;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * Test fixture: sets when a SQLite audit store's events were written ({@code audit_recorded_at},
 * retention's age basis), which the store's trigger always stamps with the wall clock of the
 * insert. The guards on that table are taken off for the change and put back exactly as they
 * were, so the store reports no missing guard afterwards.
 */
public final class AuditWrittenAt
{
    private AuditWrittenAt()
    {
    }

    /**
     * As if every event had been written when it was stamped: a live run of the past.
     */
    public static void asStamped(final Path db)
    {
        change(db, "UPDATE audit_recorded_at SET recorded_at = " +
            "(SELECT substr(timestamp, 1, 23) || 'Z' FROM audit_events e WHERE e.sequence = audit_recorded_at.sequence)");
    }

    /**
     * As if every event had been written by a release that did not keep the time (schema 1 or 2).
     */
    public static void unknown(final Path db)
    {
        change(db, "DELETE FROM audit_recorded_at");
    }

    /**
     * As if the events from {@code sequence} on had been written by a release that did not keep the time.
     */
    public static void unknownFrom(final Path db, final long sequence)
    {
        change(db, "DELETE FROM audit_recorded_at WHERE sequence >= " + sequence);
    }

    private static void change(final Path db, final String sql)
    {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db); Statement st = c.createStatement())
        {
            final List<String[]> guards = new ArrayList<>();
            try (ResultSet rs = st.executeQuery("SELECT name, sql FROM sqlite_master WHERE type = 'trigger' " +
                "AND tbl_name = 'audit_recorded_at'"))
            {
                while (rs.next())
                {
                    guards.add(new String[] {rs.getString(1), rs.getString(2)});
                }
            }
            for (final String[] guard : guards)
            {
                st.execute("DROP TRIGGER " + guard[0]);
            }
            st.execute(sql);
            for (final String[] guard : guards)
            {
                st.execute(guard[1]);
            }
        }
        catch (final SQLException ex)
        {
            throw new IllegalStateException("could not change when the events of " + db + " were written", ex);
        }
    }
}
