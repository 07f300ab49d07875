package io.horizon.ops.cli;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

import io.horizon.journal.audit.AuditCategory;
import io.horizon.journal.audit.AuditQuery;
import picocli.CommandLine.Option;

/**
 * The filters {@code horizon audit stats|replay|export} share: account, market, categories and a
 * time window, plus a limit.
 */
public final class AuditFilters
{
    @Option(names = "--account", paramLabel = "NAME", description = "Only events of this account, by name (e.g. paper).")
    String account;

    @Option(names = "--market", paramLabel = "SYMBOL", description = "Only events of this market, by symbol (e.g. AAPL).")
    String market;

    @Option(names = "--category", paramLabel = "CODE", split = ",",
        description = "Only these categories, e.g. order.filled,killswitch.fired (see journal/README.md for the list).")
    List<String> categories;

    @Option(names = "--since", paramLabel = "TIME", converter = TimeConverter.class,
        description = "Only events at or after this time: ISO with a zone (2026-11-29T14:30:00Z) or how long ago (15m, 2h).")
    Instant since;

    @Option(names = "--until", paramLabel = "TIME", converter = TimeConverter.class,
        description = "Only events at or before this time; same forms as --since.")
    Instant until;

    @Option(names = "--limit", paramLabel = "N", description = "At most N events, oldest first.")
    Long limit;

    /**
     * @return the query these options describe.
     * @throws IllegalArgumentException naming a bad category, limit or window.
     */
    AuditQuery query()
    {
        final List<String> codes = new ArrayList<>();
        if (categories != null)
        {
            for (final String c : categories)
            {
                final String code = c.trim();
                if (AuditCategory.fromCode(code) == null)
                {
                    throw new IllegalArgumentException("--category '" + c + "' is not an audit category; use any of: " +
                        Arrays.stream(AuditCategory.values()).map(AuditCategory::code).collect(Collectors.joining(", ")));
                }
                codes.add(code);
            }
        }
        if (limit != null && limit <= 0)
        {
            throw new IllegalArgumentException("--limit " + limit + " is not allowed; use a positive number of events");
        }
        return new AuditQuery(account, market, codes, since, until, limit == null ? Long.MAX_VALUE : limit);
    }
}
