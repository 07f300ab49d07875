package io.horizon.ops.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

import io.horizon.journal.dlq.DlqEntry;
import io.horizon.journal.dlq.DlqStore;
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
        final Path db = store.file(DlqStore.FILE_NAME);
        final List<DlqEntry> entries;
        final long open;
        try (DlqStore store = DlqStore.openExisting(db, SqliteFile.Access.READ))
        {
            entries = store.list(all);
            open = all ? store.list(false).size() : entries.size();
        }
        if (entries.isEmpty())
        {
            System.out.println(all ? "the dead-letter queue is empty" : "no open dead letters");
            return 0;
        }
        System.out.printf(Locale.ROOT, "%-20s  %-30s  %-15s  %-8s  %-30s  %7s  %-9s  %s%n",
            "DLQ_ID", "CAPTURED_AT", "SOURCE", "ACCOUNT", "ORDER", "RETRIES", "STATUS", "ERROR");
        for (final DlqEntry e : entries)
        {
            System.out.printf(Locale.ROOT, "%-20s  %-30s  %-15s  %-8s  %-30s  %7d  %-9s  %s%n",
                e.dlqId(), e.capturedAt(), e.source(), dash(e.accountId()), DlqShowCommand.order(e), e.retryCount(),
                e.dismissed() ? "dismissed" : "open", abbreviate(e.error(), 80));
        }
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
