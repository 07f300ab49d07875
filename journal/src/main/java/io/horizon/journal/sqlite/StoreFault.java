package io.horizon.journal.sqlite;

import java.sql.SQLException;

/**
 * The kinds of store failure (SQLite, or PostgreSQL by SQLSTATE) a flusher waits out: each one leaves the journal holding everything,
 * so the flusher retries with back-off and catches up when the fault clears.
 */
public enum StoreFault
{
    /** Another connection holds the write lock beyond the busy time-out ({@code SQLITE_BUSY}, {@code SQLITE_LOCKED}). */
    LOCKED("locked"),
    /** PostgreSQL: the server cannot be reached, or the connection dropped (SQLSTATE class 08, 57P0x). */
    CONNECTION("connection"),
    /** PostgreSQL: a statement ran past its time-out (SQLSTATE 57014). */
    TIMEOUT("timeout"),
    /** The file or its WAL cannot be written ({@code SQLITE_READONLY}, {@code SQLITE_PERM}). */
    READ_ONLY("read_only"),
    /** The file cannot be opened: its directory is gone or not accessible ({@code SQLITE_CANTOPEN}). */
    CANNOT_OPEN("cannot_open"),
    /** The disk or the database's page limit is full ({@code SQLITE_FULL}). */
    DISK_FULL("disk_full"),
    /** The operating system failed a read or write ({@code SQLITE_IOERR}). */
    IO_ERROR("io_error"),
    /** Anything else SQLite reports. */
    OTHER("other");

    private final String label;

    StoreFault(final String label)
    {
        this.label = label;
    }

    /**
     * @param sqlState a PostgreSQL SQLSTATE, or null.
     * @return the fault it stands for; {@link #OTHER} when it is none of the kinds waited out by name.
     */
    public static StoreFault ofSqlState(final String sqlState)
    {
        if (sqlState == null)
        {
            return OTHER;
        }
        if (sqlState.startsWith("08") || sqlState.startsWith("57P"))
        {
            return CONNECTION;
        }
        if ("57014".equals(sqlState))
        {
            return TIMEOUT;
        }
        if (sqlState.startsWith("53"))
        {
            return DISK_FULL;
        }
        if ("25006".equals(sqlState) || "42501".equals(sqlState))
        {
            return READ_ONLY;
        }
        if ("55P03".equals(sqlState) || "40001".equals(sqlState) || "40P01".equals(sqlState))
        {
            return LOCKED;
        }
        return OTHER;
    }

    /**
     * @return a stable lower-case name for metrics labels and alerts.
     */
    public String label()
    {
        return label;
    }

    /**
     * @param ex the failure.
     * @return the fault and SQLite's own text, e.g. {@code "read_only: [SQLITE_READONLY] attempt to write a readonly database"}.
     */
    public String describe(final SQLException ex)
    {
        final String message = ex.getMessage();
        return label + ": " + (message == null ? ex.getClass().getSimpleName() : message);
    }
}
