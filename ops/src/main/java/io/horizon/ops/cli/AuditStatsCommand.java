package io.horizon.ops.cli;

import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

import io.horizon.journal.audit.AuditStats;
import io.horizon.journal.audit.AuditStore;
import io.horizon.journal.sqlite.SqliteFile;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
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
        final Path db = store.file(AuditStore.FILE_NAME);
        final AuditStats stats;
        try (AuditStore store = AuditStore.openExisting(db, SqliteFile.Access.READ))
        {
            stats = store.stats(filters.query());
        }
        if (stats.events() == 0)
        {
            System.out.println(db.getFileName() + ": no events match");
            return 0;
        }
        System.out.printf(Locale.ROOT, "%s: %,d events, sequences %d..%d, %s .. %s%n", db.getFileName(), stats.events(),
            stats.firstSequence(), stats.lastSequence(), stats.firstTime(), stats.lastTime());
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
