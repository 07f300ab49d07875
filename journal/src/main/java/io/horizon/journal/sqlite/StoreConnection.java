package io.horizon.journal.sqlite;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;

/**
 * The one connection a Horizon store works through, opened lazily: on first use it creates the
 * schema in a new file, or checks that an existing file is a store of the right kind. After a
 * fault {@link #reset()} drops it and the next use opens a fresh one, so a store can be created
 * while its file is locked or read-only and recover when the fault clears.
 * <p>
 * Reads run in one snapshot transaction ({@code BEGIN}); writes in {@code BEGIN IMMEDIATE}, rolled
 * back on any failure.
 * <p>
 * Threading: not thread-safe; the owning store serialises access.
 */
public final class StoreConnection
{
    /**
     * Creates a store's tables in an empty database.
     */
    @FunctionalInterface
    public interface Schema
    {
        void create(Connection connection) throws SQLException;
    }

    /**
     * One unit of SQL work.
     */
    @FunctionalInterface
    public interface SqlWork<T>
    {
        T apply(Connection connection) throws SQLException;
    }

    /**
     * Checks an existing file of the right kind further, e.g. that its schema version is one this
     * release understands.
     */
    @FunctionalInterface
    public interface ExistingCheck
    {
        /**
         * @throws StoreException naming the file and the fix when it cannot be used.
         */
        void check(Connection connection) throws SQLException;
    }

    private final Path file;
    private final ConnectionSource source;
    private final int applicationId;
    private final String kind;
    private final String fix;
    private final Schema schema;
    private final ExistingCheck existingCheck;
    private Connection connection;

    /**
     * @param file          the database file.
     * @param source        opens connections to it.
     * @param applicationId the store kind's {@code PRAGMA application_id}.
     * @param kind          what it is, for messages, e.g. {@code "audit database"}.
     * @param fix           what a user should do when the file is wrong.
     * @param schema        creates the tables in a new file, or null to refuse an empty one.
     */
    public StoreConnection(
        final Path file,
        final ConnectionSource source,
        final int applicationId,
        final String kind,
        final String fix,
        final Schema schema)
    {
        this(file, source, applicationId, kind, fix, schema, c -> { });
    }

    /**
     * As above, with a further check of an existing file.
     *
     * @param existingCheck runs on every connection opened to a file that already held a store.
     */
    public StoreConnection(
        final Path file,
        final ConnectionSource source,
        final int applicationId,
        final String kind,
        final String fix,
        final Schema schema,
        final ExistingCheck existingCheck)
    {
        this.file = file;
        this.source = source;
        this.applicationId = applicationId;
        this.kind = kind;
        this.fix = fix;
        this.schema = schema;
        this.existingCheck = existingCheck;
    }

    /**
     * @return the database file.
     */
    public Path file()
    {
        return file;
    }

    /**
     * @return the open connection, opening (and for a new file, creating) it first.
     * @throws SQLException   on a SQLite fault.
     * @throws StoreException when the file is not a store of this kind.
     */
    public Connection get() throws SQLException
    {
        if (connection != null)
        {
            return connection;
        }
        final Connection c = source.open();
        try
        {
            if (SqliteFile.isEmpty(c))
            {
                if (schema == null)
                {
                    throw new StoreException(file + " is an empty SQLite file, not a " + kind + "; " + fix);
                }
                SqliteFile.begin(c, true);
                try
                {
                    schema.create(c);
                    SqliteFile.commit(c);
                }
                catch (final SQLException | RuntimeException ex)
                {
                    SqliteFile.rollbackQuietly(c);
                    throw ex;
                }
            }
            else
            {
                SqliteFile.requireKind(c, file, applicationId, kind, fix);
                existingCheck.check(c);
            }
        }
        catch (final SQLException ex)
        {
            SqliteFile.closeQuietly(c);
            if (SqliteFile.isNotADatabase(ex))
            {
                throw new StoreException(file + " is not a SQLite database, so not a " + kind + "; " + fix, ex);
            }
            throw ex;
        }
        catch (final RuntimeException ex)
        {
            SqliteFile.closeQuietly(c);
            throw ex;
        }
        connection = c;
        return c;
    }

    /**
     * Opens now, for tools that should fail at once on a wrong file.
     *
     * @throws StoreException naming the file and what is wrong.
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
            throw new StoreException("cannot open " + kind + " " + file + ": " + SqliteFile.describe(ex), ex);
        }
    }

    /**
     * Drops the connection; the next use opens a fresh one.
     */
    public void reset()
    {
        SqliteFile.closeQuietly(connection);
        connection = null;
    }

    /**
     * Runs reads in one snapshot.
     *
     * @throws StoreException naming the file on any failure.
     */
    public <T> T read(final SqlWork<T> work)
    {
        try
        {
            final Connection c = get();
            SqliteFile.begin(c, false);
            try
            {
                return work.apply(c);
            }
            finally
            {
                SqliteFile.rollbackQuietly(c);
            }
        }
        catch (final SQLException ex)
        {
            reset();
            if (SqliteFile.isNotADatabase(ex))
            {
                throw new StoreException(file + " is not a SQLite database, so not a " + kind + "; " + fix, ex);
            }
            throw new StoreException("cannot read " + kind + " " + file + ": " + SqliteFile.describe(ex), ex);
        }
    }

    /**
     * Runs work in one write transaction, committed when it returns, rolled back when it throws.
     *
     * @throws SQLException on a SQLite fault; the caller decides whether to retry.
     */
    public <T> T write(final SqlWork<T> work) throws SQLException
    {
        final Connection c = get();
        SqliteFile.begin(c, true);
        boolean committed = false;
        try
        {
            final T result = work.apply(c);
            SqliteFile.commit(c);
            committed = true;
            return result;
        }
        finally
        {
            if (!committed)
            {
                SqliteFile.rollbackQuietly(c);
            }
        }
    }

    /**
     * As {@link #write}, for tools: a fault becomes a {@link StoreException} naming the file.
     *
     * @param what what was being done, e.g. {@code "dismiss dlq_0000000000000010"}.
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
            throw new StoreException("cannot " + what + " in " + kind + " " + file + ": " + SqliteFile.describe(ex), ex);
        }
    }
}
