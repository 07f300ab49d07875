package io.horizon.journal.dlq;

/**
 * One dead letter, every column of {@code dlq_entries}. Text columns are as stored; prices and
 * quantities are exact decimal text.
 * <p>
 * Immutable; any thread.
 *
 * @param dlqId                    {@code dlq_} and 16 hex digits, see {@link DlqIds}.
 * @param capturedAt               when the failure happened (journal event time, UTC).
 * @param source                   {@code venue_exception} or {@code engine_error}.
 * @param venueName                the venue, or null.
 * @param accountId                account name, or null.
 * @param marketId                 instrument symbol, or null.
 * @param side                     {@code BUY} or {@code SELL}, or null.
 * @param quantity                 order quantity, or null.
 * @param orderType                {@code LIMIT} or {@code MARKET}, or null.
 * @param price                    limit price, or null.
 * @param clientOrderId            the order's client order id, or null.
 * @param orderId                  Horizon's order id, or null.
 * @param error                    what failed, at most 1000 characters.
 * @param retryCount               times it was sent again.
 * @param dismissed                true once an operator dismissed it.
 * @param dismissedReason          why, or null.
 * @param dismissedBy              who, or null.
 * @param dismissedAt              when, or null.
 * @param lastRedriveAt            when it was last sent again, or null.
 * @param lastRedriveClientOrderId the client order id it was last sent again under, or null.
 * @param actionJson               the full command, for redrive ({@link DlqAction}).
 * @param journalOutput            the outbound journal record it was captured from.
 */
public record DlqEntry(
    String dlqId,
    String capturedAt,
    String source,
    String venueName,
    String accountId,
    String marketId,
    String side,
    String quantity,
    String orderType,
    String price,
    String clientOrderId,
    String orderId,
    String error,
    int retryCount,
    boolean dismissed,
    String dismissedReason,
    String dismissedBy,
    String dismissedAt,
    String lastRedriveAt,
    String lastRedriveClientOrderId,
    String actionJson,
    long journalOutput)
{
    /** A failed venue call. */
    public static final String SOURCE_VENUE_EXCEPTION = "venue_exception";
    /** A handler that raised on an input. */
    public static final String SOURCE_ENGINE_ERROR = "engine_error";

    /**
     * @param rs a row of the 22 columns both backends select, {@code dlq_id} first, {@code journal_output} last.
     * @return the entry.
     */
    static DlqEntry fromRow(final java.sql.ResultSet rs) throws java.sql.SQLException
    {
        return new DlqEntry(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
            rs.getString(6), rs.getString(7), rs.getString(8), rs.getString(9), rs.getString(10), rs.getString(11),
            rs.getString(12), rs.getString(13), rs.getInt(14), rs.getInt(15) != 0, rs.getString(16), rs.getString(17),
            rs.getString(18), rs.getString(19), rs.getString(20), rs.getString(21), rs.getLong(22));
    }

    /**
     * @return the stored action.
     */
    public DlqAction action()
    {
        return DlqAction.parse(actionJson);
    }
}
