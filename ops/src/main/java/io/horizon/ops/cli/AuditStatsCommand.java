package io.horizon.ops.cli;

import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

import io.horizon.journal.audit.AuditStats;
import io.horizon.journal.audit.AuditStore;
import io.horizon.journal.audit.PostgresAuditStore;
import io.horizon.journal.sqlite.SqliteFile;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code horizon audit stats}: counts by category, severity and day.
 */
@Command(
    name = "stats",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
        "Count audit events by category, by severity and by UTC day, optionally filtered.",
        "",
        "Examples:",
        "  horizon audit stats",
        "  horizon audit stats --since 24h --account paper",
        "  horizon audit stats --category order.rejected,dlq.captured --since 2026-11-01T00:00:00Z",
        "  horizon audit stats --postgres                    # every writer in the PostgreSQL audit log",
        "  horizon audit stats --postgres --writer desk-a",
        "",
        "Options:"
    })
public final class AuditStatsCommand implements Callable<Integer>
{
    @Mixin
    StoreOptions store = new StoreOptions();

    @Mixin
    AuditFilters filters;

    @Override
    public Integer call()
    {
        store.requireConsistent();
        final AuditStats stats;
        final String name;
        Map<String, Long> byWriter = null;
        if (store.postgres)
        {
            try (PostgresAuditStore audit = PostgresAuditStore.openExisting(store.postgresTarget()))
            {
                name = audit.name();
                stats = audit.stats(filters.query());
                byWriter = audit.countByWriter(filters.query());
            }
        }
        else
        {
            final Path db = store.file(AuditStore.FILE_NAME);
            name = db.getFileName().toString();
            try (AuditStore audit = AuditStore.openExisting(db, SqliteFile.Access.READ))
            {
                stats = audit.stats(filters.query());
            }
        }
        if (stats.events() == 0)
        {
            System.out.println(name + ": no events match");
            return 0;
        }
        // Sequences are per writer: over several writers only the count and times mean something.
        System.out.printf(Locale.ROOT, "%s: %,d events, %s%s .. %s%n", name, stats.events(),
            byWriter != null && byWriter.size() > 1 ? "" : "sequences " + stats.firstSequence() + ".." + stats.lastSequence() + ", ",
            stats.firstTime(), stats.lastTime());
        if (byWriter != null)
        {
            print("by writer", byWriter);
        }
        print("by category", stats.byCategory());
        print("by severity", stats.bySeverity());
        print("by day (UTC)", stats.byDay());
        return 0;
    }

    private static void print(final String title, final Map<String, Long> counts)
    {
        System.out.println(title + ":");
        counts.forEach((k, n) -> System.out.printf(Locale.ROOT, "  %-24s %,12d%n", k, n));
    }
}
