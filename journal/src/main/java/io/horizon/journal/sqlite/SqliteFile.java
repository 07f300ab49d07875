package io.horizon.journal.sqlite;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteErrorCode;
import org.sqlite.SQLiteException;

/**
 * How Horizon opens its SQLite files: WAL mode for writers (readers never block the flusher and
 * the flusher never blocks readers), a busy time-out so a briefly locked file is waited for rather
 * than failed, and explicit transactions ({@code BEGIN IMMEDIATE} for writes, so the write lock is
 * taken before anything is read and two writers serialise instead of deadlocking).
 * <p>
 * Each kind of store stamps its files with its own {@code PRAGMA application_id}, so a foreign
 * file, or the wrong Horizon store, is refused with a message rather than misread.
 * <p>
 * Stateless; any thread.
 */
public final class SqliteFile
{
    /** How a connection will be used. */
    public enum Access
    {
        /** Reads and writes; creates the file if missing. */
        WRITE,
        /** Reads only; the file must exist. */
        READ
    }

    private SqliteFile()
    {
    }

    /**
     * @param file              the database file.
     * @param access            read or write.
     * @param busyTimeoutMillis how long a statement waits on another connection's lock.
     * @param fullSync          true to fsync on every commit ({@code synchronous=FULL}); false for
     *                          {@code NORMAL}, which survives a process crash and loses at most the
     *                          last commits on a host crash.
     * @return a source of connections configured that way.
     */
    public static ConnectionSource source(
        final Path file, final Access access, final int busyTimeoutMillis, final boolean fullSync)
    {
        return () -> connect(file, access, busyTimeoutMillis, fullSync);
    }

    /**
     * As {@link #source(Path, Access, int, boolean)}, for a writer that appends in bulk.
     *
     * @param newFilePageSize page size in bytes for a file this connection creates (an existing
     *                        file keeps its own); 0 for SQLite's default.
     * @param cacheKibibytes  page cache of each connection, in KiB; 0 for SQLite's default (2 MiB).
     * @return a source of connections configured that way.
     */
    public static ConnectionSource source(
        final Path file,
        final Access access,
        final int busyTimeoutMillis,
        final boolean fullSync,
        final int newFilePageSize,
        final int cacheKibibytes)
    {
        return () -> connect(file, access, busyTimeoutMillis, fullSync, newFilePageSize, cacheKibibytes);
    }

    /**
     * Opens a connection in auto-commit mode; use {@link #begin}, {@link #commit} and
     * {@link #rollbackQuietly} for transactions.
     *
     * @throws SQLException when SQLite cannot open the file.
     */
    public static Connection connect(
        final Path file, final Access access, final int busyTimeoutMillis, final boolean fullSync) throws SQLException
    {
        return connect(file, access, busyTimeoutMillis, fullSync, 0, 0);
    }

    /**
     * As {@link #connect(Path, Access, int, boolean)}, with the page size of a new file and the
     * size of the page cache (see {@link #source(Path, Access, int, boolean, int, int)}).
     *
     * @throws SQLException when SQLite cannot open the file.
     */
    public static Connection connect(
        final Path file,
        final Access access,
        final int busyTimeoutMillis,
        final boolean fullSync,
        final int newFilePageSize,
        final int cacheKibibytes) throws SQLException
    {
        final SQLiteConfig config = new SQLiteConfig();
        config.setBusyTimeout(busyTimeoutMillis);
        if (cacheKibibytes > 0)
        {
            config.setCacheSize(-cacheKibibytes);
        }
        if (access == Access.READ)
        {
            config.setReadOnly(true);
            return config.createConnection("jdbc:sqlite:" + file.toAbsolutePath());
        }
        createParent(file);
        config.setSynchronous(fullSync ? SQLiteConfig.SynchronousMode.FULL : SQLiteConfig.SynchronousMode.NORMAL);
        final Connection connection = config.createConnection("jdbc:sqlite:" + file.toAbsolutePath());
        try (Statement st = connection.createStatement())
        {
            if (newFilePageSize > 0)
            {
                // Only takes effect on a file with no page yet, and must come before WAL mode, which
                // fixes the page size; an existing file keeps the size it was created with.
                st.execute("PRAGMA page_size = " + newFilePageSize);
            }
            st.execute("PRAGMA journal_mode = WAL");
        }
        catch (final SQLException ex)
        {
            closeQuietly(connection);
            throw ex;
        }
        return connection;
    }

    private static void createParent(final Path file) throws SQLException
    {
        final Path parent = file.toAbsolutePath().getParent();
        if (parent != null && !Files.isDirectory(parent))
        {
            try
            {
                Files.createDirectories(parent);
            }
            catch (final java.io.IOException ex)
            {
                throw new SQLException("cannot create the directory " + parent + " for " + file.getFileName() + ": " + ex, ex);
            }
        }
    }

    /**
     * Refuses a path that does not exist, before SQLite would create an empty database there.
     *
     * @param file the path.
     * @param kind what was expected, e.g. {@code "audit database"}.
     * @param fix  what to do, e.g. {@code "pass --db with the audit.db of a state directory"}.
     * @throws StoreException when there is no such file.
     */
    public static void requireExists(final Path file, final String kind, final String fix)
    {
        if (!Files.exists(file))
        {
            throw new StoreException("no " + kind + " at " + file + "; " + fix);
        }
        if (!Files.isRegularFile(file))
        {
            throw new StoreException(file + " is not a file, so not a " + kind + "; " + fix);
        }
    }

    /**
     * @return the file's {@code PRAGMA application_id}.
     * @throws SQLException when the file is not a SQLite database ({@code SQLITE_NOTADB}) or unreadable.
     */
    public static int applicationId(final Connection connection) throws SQLException
    {
        try (Statement st = connection.createStatement(); ResultSet rs = st.executeQuery("PRAGMA application_id"))
        {
            return rs.next() ? rs.getInt(1) : 0;
        }
    }

    /**
     * @return true when the database holds no table yet (a file SQLite just created).
     */
    public static boolean isEmpty(final Connection connection) throws SQLException
    {
        try (Statement st = connection.createStatement();
            ResultSet rs = st.executeQuery("SELECT count(*) FROM sqlite_master"))
        {
            return rs.next() && rs.getLong(1) == 0;
        }
    }

    /**
     * Checks that a database is a Horizon store of the expected kind.
     *
     * @throws StoreException naming the file when it is a foreign database or not a database at all.
     */
    public static void requireKind(
        final Connection connection, final Path file, final int applicationId, final String kind, final String fix)
    {
        final int found;
        try
        {
            found = applicationId(connection);
        }
        catch (final SQLException ex)
        {
            if (isNotADatabase(ex))
            {
                throw new StoreException(file + " is not a SQLite database, so not a " + kind + "; " + fix, ex);
            }
            throw new StoreException("cannot read " + file + ": " + describe(ex), ex);
        }
        if (found != applicationId)
        {
            throw new StoreException(file + " is a SQLite database but not a Horizon " + kind +
                " (its application_id is 0x" + Integer.toHexString(found) + ", a " + kind + " has 0x" +
                Integer.toHexString(applicationId) + "); " + fix);
        }
    }

    /**
     * Starts a transaction. {@code BEGIN IMMEDIATE} takes the write lock at once (waiting up to
     * the busy time-out); {@code BEGIN} reads from one snapshot until commit or rollback.
     */
    public static void begin(final Connection connection, final boolean write) throws SQLException
    {
        try (Statement st = connection.createStatement())
        {
            st.execute(write ? "BEGIN IMMEDIATE" : "BEGIN");
        }
    }

    /**
     * Commits the open transaction.
     */
    public static void commit(final Connection connection) throws SQLException
    {
        try (Statement st = connection.createStatement())
        {
            st.execute("COMMIT");
        }
    }

    /**
     * Rolls back the open transaction, if any; a failure here is ignored because the caller is
     * already handling the failure that made it roll back.
     */
    public static void rollbackQuietly(final Connection connection)
    {
        if (connection == null)
        {
            return;
        }
        try (Statement st = connection.createStatement())
        {
            st.execute("ROLLBACK");
        }
        catch (final SQLException ignore)
        {
            // No transaction was open, or the connection is gone: nothing to undo.
        }
    }

    /**
     * Closes a connection, ignoring failures (the caller is closing after a fault or at shutdown).
     */
    public static void closeQuietly(final Connection connection)
    {
        if (connection != null)
        {
            try
            {
                connection.close();
            }
            catch (final SQLException ignore)
            {
                // Closing is best effort.
            }
        }
    }

    /**
     * @return true for a file that is not a SQLite database.
     */
    public static boolean isNotADatabase(final SQLException ex)
    {
        return ex instanceof SQLiteException && ((SQLiteException)ex).getResultCode() == SQLiteErrorCode.SQLITE_NOTADB;
    }

    /**
     * Names a SQLite failure in the words an operator needs: locked, read-only, disk full, I/O
     * error, or SQLite's own text.
     *
     * @param ex a failure from the JDBC driver.
     * @return for example {@code "database is locked (SQLITE_BUSY)"}.
     */
    public static String describe(final SQLException ex)
    {
        return fault(ex).describe(ex);
    }

    /**
     * @param ex a failure from the JDBC driver.
     * @return what kind of fault it is.
     */
    public static StoreFault fault(final SQLException ex)
    {
        if (!(ex instanceof SQLiteException))
        {
            return StoreFault.ofSqlState(ex.getSQLState());
        }
        final SQLiteErrorCode code = ((SQLiteException)ex).getResultCode();
        final String name = code == null ? "" : code.name();
        if (name.startsWith("SQLITE_BUSY") || name.startsWith("SQLITE_LOCKED"))
        {
            return StoreFault.LOCKED;
        }
        if (name.startsWith("SQLITE_READONLY") || name.startsWith("SQLITE_PERM"))
        {
            return StoreFault.READ_ONLY;
        }
        if (name.startsWith("SQLITE_CANTOPEN"))
        {
            return StoreFault.CANNOT_OPEN;
        }
        if (name.startsWith("SQLITE_FULL"))
        {
            return StoreFault.DISK_FULL;
        }
        if (name.startsWith("SQLITE_IOERR"))
        {
            return StoreFault.IO_ERROR;
        }
        return StoreFault.OTHER;
    }
}
