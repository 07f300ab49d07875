package io.horizon.journal.postgres;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Properties;

import io.horizon.journal.sqlite.StoreConnection.SqlWork;
import io.horizon.journal.sqlite.StoreException;

/**
 * The one connection a PostgreSQL store works through, opened lazily: on first use it applies the
 * store's schema migrations (a writer) or checks the schema version (a reader), then runs the
 * store's own check (a writer takes its writer lease). After a fault {@link #reset()} drops it and
 * the next use opens a fresh one, so a store waits out a restarting server or a dropped
 * connection.
 * <p>
 * Every connection has a connect time-out, a socket time-out and a statement time-out, so a
 * server that hangs becomes a fault, never a stuck thread, and {@code work_mem} room for a flush
 * batch in the audit log's statement guard. Reads run in one read-only
 * {@code REPEATABLE READ} snapshot; writes in one {@code READ COMMITTED} transaction, rolled back on
 * any failure.
 * <p>
 * Threading: not thread-safe; the owning store serialises access.
 */
public final class PostgresConnection
{
    /** What the store checks, or claims, on every connection it opens. */
    @FunctionalInterface
    public interface OnOpen
    {
        /**
         * @throws StoreException when the connection may not be used (e.g. the writer id is taken).
         */
        void opened(Connection connection) throws SQLException;
    }

    private static final int CONNECT_TIMEOUT_S = 5;
    private static final int SOCKET_TIMEOUT_S = 60;
    private static final int STATEMENT_TIMEOUT_MS = 30_000;
    /** Room for one flush batch's rows in the statement guard's transition table (and nothing else large). */
    static final String WORK_MEM = "64MB";

    private final PostgresTarget target;
    private final String kind;
    private final List<SchemaMigration> migrations;
    private final boolean migrate;
    private final OnOpen onOpen;
    private Connection connection;

    /**
     * @param target     where to connect.
     * @param kind       what the store is, for messages, e.g. {@code "audit log"}.
     * @param migrations every schema step this release knows.
     * @param migrate    true to apply missing steps (writers), false to only check the version (tools that read).
     * @param onOpen     runs on each new connection after the schema check.
     */
    public PostgresConnection(
        final PostgresTarget target, final String kind, final List<SchemaMigration> migrations, final boolean migrate,
        final OnOpen onOpen)
    {
        this.target = target;
        this.kind = kind;
        this.migrations = List.copyOf(migrations);
        this.migrate = migrate;
        this.onOpen = onOpen;
    }

    /**
     * @return where the store is, for messages (no password).
     */
    public String where()
    {
        return kind + " in " + target;
    }

    /**
     * @return the open connection, opening (and migrating or checking) it first.
     * @throws SQLException   on a database fault.
     * @throws StoreException when the schema is newer than this release, or missing for a reader.
     */
    public Connection get() throws SQLException
    {
        if (connection != null)
        {
            return connection;
        }
        final Properties props = new Properties();
        if (target.user() != null)
        {
            props.setProperty("user", target.user());
        }
        if (target.password() != null)
        {
            props.setProperty("password", target.password());
        }
        props.setProperty("ApplicationName", "horizon" + (target.writerId() == null ? "" : " " + target.writerId()));
        props.setProperty("connectTimeout", Integer.toString(CONNECT_TIMEOUT_S));
        props.setProperty("socketTimeout", Integer.toString(SOCKET_TIMEOUT_S));
        props.setProperty("tcpKeepAlive", "true");
        // No Kerberos here: without this the driver probes for GSS encryption on every connection.
        props.setProperty("gssEncMode", "disable");
        final Connection c = DriverManager.getConnection(target.url(), props);
        try
        {
            c.setAutoCommit(false);
            try (Statement st = c.createStatement())
            {
                st.execute("SET statement_timeout = " + STATEMENT_TIMEOUT_MS);
                // The audit log's statement guard sees a COPY's rows as a transition table; a flush
                // batch (up to 16,384 journal records of ~700 bytes) outgrows the default 4 MB and
                // was written to a temporary file and read back on every batch.
                st.execute("SET work_mem = '" + WORK_MEM + "'");
            }
            c.commit();
            if (migrate)
            {
                SchemaMigrations.apply(c, migrations, where());
            }
            else
            {
                requireKnownVersion(c);
            }
            onOpen.opened(c);
            c.commit();
        }
        catch (final SQLException | RuntimeException ex)
        {
            closeQuietly(c);
            throw ex;
        }
        connection = c;
        return c;
    }

    private void requireKnownVersion(final Connection c) throws SQLException
    {
        final int version;
        try
        {
            version = SchemaMigrations.current(c);
        }
        catch (final SQLException ex)
        {
            c.rollback();
            if ("42P01".equals(ex.getSQLState()))
            {
                throw new StoreException(where() + " holds no Horizon schema; start a daemon with this database first, " +
                    "or check the secret audit.postgres_url", ex);
            }
            throw ex;
        }
        if (version > migrations.size())
        {
            throw new StoreException(where() + " has Horizon schema version " + version + ", newer than this release " +
                "understands (" + migrations.size() + "); use the Horizon release that migrated it, or a later one");
        }
        c.commit();
    }

    /**
     * Opens now, for tools that should fail at once on a wrong database.
     *
     * @throws StoreException naming the database and what is wrong.
     */
    public void openNow()
    {
        try
        {
            get();
        }
        catch (final SQLException ex)
        {
            reset();
            throw new StoreException("cannot open " + where() + ": " + ex.getMessage(), ex);
        }
    }

    /**
     * Drops the connection; the next use opens a fresh one (and, for a writer, takes its lease again).
     */
    public void reset()
    {
        closeQuietly(connection);
        connection = null;
    }

    /**
     * Runs reads in one read-only snapshot.
     *
     * @throws StoreException naming the database on any failure.
     */
    public <T> T read(final SqlWork<T> work)
    {
        try
        {
            final Connection c = get();
            try
            {
                try (Statement st = c.createStatement())
                {
                    st.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY");
                }
                return work.apply(c);
            }
            finally
            {
                rollbackQuietly(c);
            }
        }
        catch (final SQLException ex)
        {
            reset();
            throw new StoreException("cannot read " + where() + ": " + ex.getMessage(), ex);
        }
    }

    /**
     * Runs work in one write transaction, committed when it returns, rolled back when it throws.
     *
     * @throws SQLException on a database fault; the caller decides whether to retry.
     */
    public <T> T write(final SqlWork<T> work) throws SQLException
    {
        final Connection c = get();
        boolean committed = false;
        try
        {
            final T result = work.apply(c);
            c.commit();
            committed = true;
            return result;
        }
        finally
        {
            if (!committed)
            {
                rollbackQuietly(c);
            }
        }
    }

    /**
     * As {@link #write}, for tools: a fault becomes a {@link StoreException} naming the database.
     */
    public <T> T writeOrFail(final String what, final SqlWork<T> work)
    {
        try
        {
            return write(work);
        }
        catch (final SQLException ex)
        {
            reset();
            throw new StoreException("cannot " + what + " in " + where() + ": " + ex.getMessage(), ex);
        }
    }

    private static void rollbackQuietly(final Connection c)
    {
        try
        {
            if (!c.isClosed())
            {
                c.rollback();
            }
        }
        catch (final SQLException ignored)
        {
            // The connection is broken; the next use opens a fresh one after reset().
        }
    }

    private static void closeQuietly(final Connection c)
    {
        if (c == null)
        {
            return;
        }
        try
        {
            c.close();
        }
        catch (final SQLException ignored)
        {
            // Closing a broken connection: nothing to keep.
        }
    }
}
