package io.horizon.journal.postgres;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

import io.horizon.journal.sqlite.StoreException;

/**
 * Brings a PostgreSQL database to the schema this release knows, at start: creates
 * {@code horizon_schema_migrations} if missing, applies each {@link SchemaMigration} newer than the
 * database in one transaction, and refuses a database whose schema is newer than this release
 * (an older Horizon must not write, or judge, a layout it does not know). Several daemons starting
 * at once serialise on a transaction-scoped advisory lock, so each step runs once.
 * <p>
 * Stateless; any thread, on a connection it is given.
 */
public final class SchemaMigrations
{
    /** Advisory lock key (the first of two) taken while migrating: "HZNM". */
    private static final int MIGRATION_LOCK = 0x485A4E4D;

    private SchemaMigrations()
    {
    }

    /**
     * @param connection  an open connection, in manual-commit mode; left committed.
     * @param steps       every step this release knows, versions 1..N in order.
     * @param where       the database, for messages.
     * @return the schema version the database now has (N).
     * @throws SQLException   on a database fault (nothing half-applied: each step is one transaction).
     * @throws StoreException when the database is newer than this release.
     */
    public static int apply(final Connection connection, final List<SchemaMigration> steps, final String where)
        throws SQLException
    {
        final int known = steps.size();
        for (int i = 0; i < known; i++)
        {
            if (steps.get(i).version() != i + 1)
            {
                throw new IllegalStateException("schema migrations must be numbered 1.." + known + " in order");
            }
        }
        try
        {
            try (Statement st = connection.createStatement())
            {
                st.execute("SELECT pg_advisory_xact_lock(" + MIGRATION_LOCK + ", 0)");
                // Looked up first: a role without CREATE (the daemon's, in production) must be able to
                // start against a database its owner already brought up to date.
                try (ResultSet rs = st.executeQuery("SELECT to_regclass('horizon_schema_migrations') IS NULL"))
                {
                    rs.next();
                    if (rs.getBoolean(1))
                    {
                        st.execute("CREATE TABLE horizon_schema_migrations (version integer PRIMARY KEY, " +
                            "description text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())");
                    }
                }
            }
            final int current = current(connection);
            if (current > known)
            {
                throw new StoreException(where + " has Horizon schema version " + current + ", newer than this release " +
                    "understands (" + known + "); use the Horizon release that migrated it, or a later one");
            }
            for (int v = current + 1; v <= known; v++)
            {
                final SchemaMigration step = steps.get(v - 1);
                try (Statement st = connection.createStatement())
                {
                    for (final String sql : step.statements())
                    {
                        st.execute(sql);
                    }
                }

                try (PreparedStatement ps = connection.prepareStatement(
                    "INSERT INTO horizon_schema_migrations (version, description) VALUES (?, ?)"))
                {
                    ps.setInt(1, step.version());
                    ps.setString(2, step.description());
                    ps.executeUpdate();
                }
            }
            connection.commit();
            return known;
        }
        catch (final SQLException ex)
        {
            connection.rollback();
            if ("42501".equals(ex.getSQLState()))
            {
                throw new StoreException(where + " needs Horizon schema version " + known + ", but this role may not change " +
                    "the schema (" + ex.getMessage().replace('\n', ' ') + "); apply it as the schema's owner: " +
                    "horizon audit schema-upgrade --postgres --credentials OWNER.env", ex);
            }
            throw ex;
        }
        catch (final RuntimeException ex)
        {
            connection.rollback();
            throw ex;
        }
    }

    /**
     * @return the highest version recorded, 0 when none.
     */
    public static int current(final Connection connection) throws SQLException
    {
        try (Statement st = connection.createStatement();
            ResultSet rs = st.executeQuery("SELECT coalesce(max(version), 0) FROM horizon_schema_migrations"))
        {
            rs.next();
            return rs.getInt(1);
        }
    }
}
