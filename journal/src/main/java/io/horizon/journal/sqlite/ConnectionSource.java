package io.horizon.journal.sqlite;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * Opens the connection a store works through. A store opens one when it starts and a fresh one
 * after a fault (a locked, read-only or full database), so a file that was replaced or repaired
 * while Horizon ran is picked up. Tests supply their own to inject faults SQLite itself reports.
 * <p>
 * Threading: called by the store's owning thread.
 */
@FunctionalInterface
public interface ConnectionSource
{
    /**
     * @return a new, open connection.
     * @throws SQLException when the database cannot be opened.
     */
    Connection open() throws SQLException;
}
