package io.horizon.ops.cli;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Locale;
import java.util.concurrent.Callable;

import io.horizon.journal.dlq.DlqEntry;
import io.horizon.journal.dlq.DlqStore;
import io.horizon.journal.dlq.PostgresDlqStore;
import io.horizon.journal.postgres.PostgresTarget;
import io.horizon.journal.sqlite.SqliteFile;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code horizon dlq list}: open dead letters, or all of them.
 */
@Command(
    name = "list",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
        "List dead letters, oldest first: id, when, why, the order, retries and status.",
        "",
        "Examples:",
        "  horizon dlq list",
        "  horizon dlq list --all                      # dismissed ones too",
        "  horizon dlq list --db /var/lib/horizon/dlq.db",
        "  horizon dlq list --postgres [--writer desk-a]   # every daemon's queue in the PostgreSQL database, or one",
        "",
        "Options:"
    })
public final class DlqListCommand implements Callable<Integer>
{
    @Mixin
    StoreOptions store = new StoreOptions();

    @Option(names = "--all", description = "Include dismissed entries.")
    boolean all;

    @Override
    public Integer call()
    {
        store.requireConsistent();
        // Each entry with the writer it belongs to (null for dlq.db, which holds one daemon's).
        final Map<String, List<DlqEntry>> byWriter = new LinkedHashMap<>();
        long open = 0;
        if (store.postgres)
        {
            final PostgresTarget target = store.postgresTarget();
            for (final String writer : store.writers(target))
            {
                try (DlqStore queue = PostgresDlqStore.openExisting(target.forWriter(writer)))
                {
                    byWriter.put(writer, queue.list(all));
                    open += all ? queue.list(false).size() : byWriter.get(writer).size();
                }
            }
        }
        else
        {
            try (DlqStore queue = DlqStore.openExisting(store.file(DlqStore.FILE_NAME), SqliteFile.Access.READ))
            {
                byWriter.put(null, queue.list(all));
                open = all ? queue.list(false).size() : byWriter.get(null).size();
            }
        }
        final long total = byWriter.values().stream().mapToLong(List::size).sum();
        if (total == 0)
        {
            System.out.println(all ? "the dead-letter queue is empty" : "no open dead letters");
            return 0;
        }
        final String writerColumn = store.postgres ? "%-16s  " : "%s";
        System.out.printf(Locale.ROOT, writerColumn + "%-20s  %-30s  %-15s  %-8s  %-30s  %7s  %-9s  %s%n",
            store.postgres ? "WRITER" : "", "DLQ_ID", "CAPTURED_AT", "SOURCE", "ACCOUNT", "ORDER", "RETRIES", "STATUS", "ERROR");
        for (final Map.Entry<String, List<DlqEntry>> w : byWriter.entrySet())
        {
            for (final DlqEntry e : w.getValue())
            {
                System.out.printf(Locale.ROOT, writerColumn + "%-20s  %-30s  %-15s  %-8s  %-30s  %7d  %-9s  %s%n",
                    w.getKey() == null ? "" : w.getKey(), e.dlqId(), e.capturedAt(), e.source(), dash(e.accountId()),
                    DlqShowCommand.order(e), e.retryCount(), e.dismissed() ? "dismissed" : "open", abbreviate(e.error(), 80));
            }
        }
        final List<DlqEntry> entries = byWriter.values().stream().flatMap(List::stream).toList();
        System.out.println(open + " open" + (all ? ", " + (entries.size() - open) + " dismissed" : ""));
        return 0;
    }

    private static String dash(final String s)
    {
        return s == null ? "-" : s;
    }

    private static String abbreviate(final String s, final int max)
    {
        return s.length() <= max ? s : s.substring(0, max - 3) + "...";
    }
}
