package io.horizon.ops.backup;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * Copies a SQLite store (audit.db, dlq.db, ...) through SQLite's online backup API
 * ({@code backup to FILE}), which yields a consistent snapshot while other connections keep
 * writing, then checks the copy with {@code PRAGMA integrity_check}. Copying the file itself
 * could tear a page or miss what is still in its write-ahead log.
 * <p>
 * Stateless; any thread.
 */
final class SqliteStoreCopy
{
    private static final int BUSY_TIMEOUT_MS = 30_000;

    private SqliteStoreCopy()
    {
    }

    /**
     * @param from a SQLite database, possibly in use.
     * @param to   a new file.
     * @throws SQLException when the backup or the check fails.
     */
    static void copy(final Path from, final Path to) throws SQLException
    {
        final String target = to.toAbsolutePath().toString();
        if (target.indexOf('\'') >= 0)
        {
            throw new IllegalArgumentException("the backup path " + target + " contains a quote; choose another --to");
        }
        try (Connection source = DriverManager.getConnection("jdbc:sqlite:" + from.toAbsolutePath());
            Statement statement = source.createStatement())
        {
            statement.execute("PRAGMA busy_timeout = " + BUSY_TIMEOUT_MS);
            statement.executeUpdate("backup to '" + target + "'");
        }
        try (Connection copy = DriverManager.getConnection("jdbc:sqlite:" + target);
            Statement statement = copy.createStatement();
            ResultSet rs = statement.executeQuery("PRAGMA integrity_check"))
        {
            final String result = rs.next() ? rs.getString(1) : "no answer";
            if (!"ok".equalsIgnoreCase(result))
            {
                throw new SQLException("the copy of " + from + " fails its integrity check: " + result);
            }
        }
    }
}
