package io.horizon.ops.cli;

import java.io.BufferedOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Callable;

import io.horizon.journal.audit.AuditStore;
import io.horizon.journal.audit.PostgresAuditStore;
import io.horizon.journal.json.JsonObjectWriter;
import io.horizon.journal.postgres.PostgresTarget;
import io.horizon.journal.sqlite.SqliteFile;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code horizon audit replay}: the audit events that match, oldest first; from {@code audit.db},
 * or from the PostgreSQL audit log writer by writer.
 */
@Command(
    name = "replay",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
        "Print audit events in sequence order, one per line, filtered by account, market,",
        "category and time. With --json, one JSON object per line with every column.",
        "With --postgres: every writer's chain in turn (or the one --writer names), each line",
        "starting with its writer id (with --json, a writer_id field first).",
        "",
        "Examples:",
        "  horizon audit replay --limit 50",
        "  horizon audit replay --market AAPL --category order.filled,order.rejected --since 1h",
        "  horizon audit replay --category killswitch.fired,killswitch.reset --json | jq .",
        "  horizon audit replay --postgres --writer desk-a --category order.rejected --since 1d",
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
        store.requireConsistent();
        final PrintStream out = new PrintStream(new BufferedOutputStream(System.out, 1 << 16), false, StandardCharsets.UTF_8);
        long n = 0;
        if (store.postgres)
        {
            // Sequences are per writer: every line names its writer, writers one after another.
            final PostgresTarget target = store.postgresTarget();
            for (final String writer : store.writers(target))
            {
                final String jsonPrefix = "{\"writer_id\":" + JsonObjectWriter.quote(writer) + ",";
                try (AuditStore audit = PostgresAuditStore.openExisting(target.forWriter(writer)))
                {
                    n += audit.forEach(filters.query(), e -> out.println(json ? jsonPrefix + AuditEventText.json(e).substring(1) :
                        writer + " " + AuditEventText.line(e)));
                }
            }
        }
        else
        {
            try (AuditStore audit = AuditStore.openExisting(store.file(AuditStore.FILE_NAME), SqliteFile.Access.READ))
            {
                n = audit.forEach(filters.query(), e -> out.println(json ? AuditEventText.json(e) : AuditEventText.line(e)));
            }
        }
        out.flush();
        if (!json)
        {
            System.err.println("audit replay: " + n + " events");
        }
        return 0;
    }
}
