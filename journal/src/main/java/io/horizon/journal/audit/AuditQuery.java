package io.horizon.journal.audit;

import java.time.Instant;
import java.util.List;

/**
 * Filters for reading the audit log: by account, market, categories and a time window, with a
 * limit. Null or empty means "any".
 * <p>
 * Immutable; any thread.
 *
 * @param accountId  account name, or null.
 * @param marketId   instrument symbol, or null.
 * @param categories category codes, or empty.
 * @param since      events at or after this time, or null.
 * @param until      events at or before this time, or null.
 * @param limit      most events to return; {@link Long#MAX_VALUE} for all.
 */
public record AuditQuery(
    String accountId, String marketId, List<String> categories, Instant since, Instant until, long limit)
{
    /** Everything. */
    public static final AuditQuery ALL = new AuditQuery(null, null, List.of(), null, null, Long.MAX_VALUE);

    public AuditQuery
    {
        categories = categories == null ? List.of() : List.copyOf(categories);
        if (limit <= 0)
        {
            throw new IllegalArgumentException("--limit " + limit + " is not allowed; use a positive number of events");
        }
        if (since != null && until != null && since.isAfter(until))
        {
            throw new IllegalArgumentException("--since " + since + " is after --until " + until + "; swap them");
        }
    }

    void appendWhere(final StringBuilder sql, final List<Object> args)
    {
        if (accountId != null)
        {
            sql.append(" AND account_id = ?");
            args.add(accountId);
        }
        if (marketId != null)
        {
            sql.append(" AND market_id = ?");
            args.add(marketId);
        }
        if (!categories.isEmpty())
        {
            sql.append(" AND category IN (");
            for (int i = 0; i < categories.size(); i++)
            {
                sql.append(i == 0 ? "?" : ", ?");
                args.add(categories.get(i));
            }
            sql.append(')');
        }
        if (since != null)
        {
            sql.append(" AND timestamp >= ?");
            args.add(AuditTime.format(since));
        }
        if (until != null)
        {
            sql.append(" AND timestamp <= ?");
            args.add(AuditTime.format(until));
        }
    }
}
