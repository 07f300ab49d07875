package io.horizon.ops.cli;

import java.io.BufferedOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.Callable;

import io.horizon.journal.audit.AuditStore;
import io.horizon.journal.sqlite.SqliteFile;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code horizon audit replay}: the audit events that match, oldest first.
 */
@Command(
    name = "replay",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
        "Print audit events in sequence order, one per line, filtered by account, market,",
        "category and time. With --json, one JSON object per line with every column.",
        "",
        "Examples:",
        "  horizon audit replay --limit 50",
        "  horizon audit replay --market AAPL --category order.filled,order.rejected --since 1h",
        "  horizon audit replay --category killswitch.fired,killswitch.reset --json | jq .",
        "",
        "Options:"
    })
public final class AuditReplayCommand implements Callable<Integer>
{
    @Mixin
    StoreOptions store = new StoreOptions();

    @Mixin
    AuditFilters filters;

    @Option(names = "--json", description = "One JSON object per line, every column.")
    boolean json;

    @Override
    public Integer call()
    {
        store.requireSqliteOnly("horizon audit replay", "use horizon audit export --postgres --writer ID");
        final Path db = store.file(AuditStore.FILE_NAME);
        final PrintStream out = new PrintStream(new BufferedOutputStream(System.out, 1 << 16), false, StandardCharsets.UTF_8);
        final long n;
        try (AuditStore store = AuditStore.openExisting(db, SqliteFile.Access.READ))
        {
            n = store.forEach(filters.query(), e -> out.println(json ? AuditEventText.json(e) : AuditEventText.line(e)));
        }
        out.flush();
        if (!json)
        {
            System.err.println("audit replay: " + n + " events");
        }
        return 0;
    }
}
