package io.horizon.journal.sqlite;

import java.sql.SQLException;

/**
 * The kinds of SQLite failure a flusher waits out: each one leaves the journal holding everything,
 * so the flusher retries with back-off and catches up when the fault clears.
 */
public enum StoreFault
{
    /** Another connection holds the write lock beyond the busy time-out ({@code SQLITE_BUSY}, {@code SQLITE_LOCKED}). */
    LOCKED("locked"),
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
