package io.horizon.journal.dlq;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * The SQL of the dead-letter queue. What was captured (the identity columns: id, time, source,
 * venue, account, market, side, quantity, type, price, client order id, order id, error, action,
 * journal record) never changes; {@code retry_count} only grows; a dismissal needs a reason and is
 * final; nothing is ever deleted. Triggers enforce each rule.
 * <p>
 * Stateless; any thread.
 */
final class DlqSchema
{
    /** {@code PRAGMA application_id} of dead-letter stores: "HZNQ". */
    static final int APPLICATION_ID = 0x485A4E51;

    static final String COLUMNS = "dlq_id, captured_at, source, venue_name, account_id, market_id, side, quantity, " +
        "order_type, price, client_order_id, order_id, error, retry_count, dismissed, dismissed_reason, dismissed_by, " +
        "dismissed_at, last_redrive_at, last_redrive_client_order_id, action_json, journal_output";

    static final String INSERT = "INSERT INTO dlq_entries (dlq_id, captured_at, source, venue_name, account_id, market_id, " +
        "side, quantity, order_type, price, client_order_id, order_id, error, action_json, journal_output) " +
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";

    private static final String[] DDL = {
        "CREATE TABLE dlq_entries (" +
            "dlq_id TEXT PRIMARY KEY CHECK (dlq_id GLOB 'dlq_[0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f]" +
            "[0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f]'), " +
            "captured_at TEXT NOT NULL, " +
            "source TEXT NOT NULL, " +
            "venue_name TEXT, " +
            "account_id TEXT, " +
            "market_id TEXT, " +
            "side TEXT, " +
            "quantity TEXT, " +
            "order_type TEXT, " +
            "price TEXT, " +
            "client_order_id TEXT, " +
            "order_id TEXT, " +
            "error TEXT NOT NULL CHECK (length(error) <= 1000), " +
            "retry_count INTEGER NOT NULL DEFAULT 0 CHECK (retry_count >= 0), " +
            "dismissed INTEGER NOT NULL DEFAULT 0 CHECK (dismissed IN (0, 1)), " +
            "dismissed_reason TEXT, " +
            "dismissed_by TEXT, " +
            "dismissed_at TEXT, " +
            "last_redrive_at TEXT, " +
            "last_redrive_client_order_id TEXT, " +
            "action_json TEXT NOT NULL, " +
            "journal_output INTEGER NOT NULL, " +
            "CHECK (dismissed = 0 OR length(trim(coalesce(dismissed_reason, ''))) > 0))",
        "CREATE INDEX dlq_entries_open ON dlq_entries (dismissed, captured_at)",
        "CREATE TABLE dlq_flush_position (name TEXT PRIMARY KEY, outbound_next INTEGER NOT NULL, committed_at TEXT NOT NULL)",

        "CREATE TRIGGER dlq_entries_identity BEFORE UPDATE OF dlq_id, captured_at, source, venue_name, account_id, market_id, " +
            "side, quantity, order_type, price, client_order_id, order_id, error, action_json, journal_output ON dlq_entries " +
            "BEGIN SELECT RAISE(ABORT, 'dlq_entries: what was captured cannot change'); END",
        "CREATE TRIGGER dlq_entries_forward_only BEFORE UPDATE ON dlq_entries " +
            "WHEN NEW.retry_count < OLD.retry_count OR NEW.dismissed < OLD.dismissed OR (OLD.dismissed = 1 AND (" +
            "NEW.dismissed_reason IS NOT OLD.dismissed_reason OR NEW.dismissed_by IS NOT OLD.dismissed_by OR " +
            "NEW.dismissed_at IS NOT OLD.dismissed_at)) " +
            "BEGIN SELECT RAISE(ABORT, 'dlq_entries: retry_count only grows and a dismissal is final'); END",
        "CREATE TRIGGER dlq_entries_no_delete BEFORE DELETE ON dlq_entries " +
            "BEGIN SELECT RAISE(ABORT, 'dlq_entries: dead letters are never deleted; dismiss them with a reason'); END",
    };

    private DlqSchema()
    {
    }

    static void create(final Connection connection) throws SQLException
    {
        try (Statement st = connection.createStatement())
        {
            st.execute("PRAGMA application_id = " + APPLICATION_ID);
            for (final String sql : DDL)
            {
                st.execute(sql);
            }
        }
    }
}
