package io.horizon.ops.cli;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;

import io.horizon.journal.audit.AuditStore;
import io.horizon.journal.audit.PostgresAuditStore;
import io.horizon.journal.json.JsonObjectWriter;
import io.horizon.journal.postgres.PostgresTarget;
import io.horizon.journal.sqlite.SqliteFile;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code horizon audit export}: every column of the matching events as JSON or CSV.
 */
@Command(
    name = "export",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
        "Export audit events with every column (hashes included, so the copy can be verified):",
        "json writes one JSON array, csv writes RFC 4180 CSV with a header row.",
        "",
        "Examples:",
        "  horizon audit export --out audit.json",
        "  horizon audit export --format csv --since 2026-11-01T00:00:00Z --until 2026-12-01T00:00:00Z --out nov.csv",
        "  horizon audit export --format csv --account paper | gzip > paper.csv.gz",
        "  horizon audit export --postgres --writer desk-a --out desk-a.json   # every writer without --writer",
        "",
        "Options:"
    })
public final class AuditExportCommand implements Callable<Integer>
{
    @Mixin
    StoreOptions store = new StoreOptions();

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "json",
        description = "json or csv. Default: ${DEFAULT-VALUE}")
    String format;

    @Option(names = "--out", paramLabel = "FILE", description = "Write here instead of standard output.")
    Path outFile;

    @Mixin
    AuditFilters filters;

    @Override
    public Integer call() throws IOException
    {
        store.requireConsistent();
        final String f = format.trim().toLowerCase(Locale.ROOT);
        if (!f.equals("json") && !f.equals("csv"))
        {
            throw new IllegalArgumentException("--format '" + format + "' is not an export format; use json or csv");
        }
        final boolean csv = f.equals("csv");
        long n = 0;
        try (OutputStream sink = outFile == null ? new NonClosing(System.out) : Files.newOutputStream(outFile);
            PrintStream out = new PrintStream(new BufferedOutputStream(sink, 1 << 16), false, StandardCharsets.UTF_8))
        {
            final boolean[] first = {true};
            // From PostgreSQL every row carries its writer_id first: sequences are per writer.
            out.print(csv ? (store.postgres ? "writer_id," : "") + AuditEventText.csvHeader() + "\r\n" : "[");
            if (store.postgres)
            {
                final PostgresTarget target = store.postgresTarget();
                for (final String writer : store.writers(target))
                {
                    try (AuditStore audit = PostgresAuditStore.openExisting(target.forWriter(writer)))
                    {
                        n += export(audit, writer, csv, out, first);
                    }
                }
            }
            else
            {
                try (AuditStore audit = AuditStore.openExisting(store.file(AuditStore.FILE_NAME), SqliteFile.Access.READ))
                {
                    n = export(audit, null, csv, out, first);
                }
            }
            if (!csv)
            {
                out.print(first[0] ? "]\n" : "\n]\n");
            }
            out.flush();
        }
        System.err.println("audit export: " + n + " events" + (outFile == null ? "" : " to " + outFile));
        return 0;
    }

    private long export(final AuditStore audit, final String writer, final boolean csv, final PrintStream out, final boolean[] first)
    {
        final String csvPrefix = writer == null ? "" : writer + ",";
        final String jsonPrefix = writer == null ? "{" : "{\"writer_id\":" + JsonObjectWriter.quote(writer) + ",";
        return audit.forEach(filters.query(), e ->
        {
            if (csv)
            {
                out.print(csvPrefix);
                out.print(AuditEventText.csv(e));
                out.print("\r\n");
            }
            else
            {
                out.print(first[0] ? "\n" : ",\n");
                out.print(jsonPrefix);
                out.print(AuditEventText.json(e).substring(1));
            }
            first[0] = false;
        });
    }

    /**
     * Standard output stays open after the export.
     */
    private static final class NonClosing extends java.io.FilterOutputStream
    {
        NonClosing(final OutputStream out)
        {
            super(out);
        }

        @Override
        public void write(final byte[] b, final int off, final int len) throws IOException
        {
            out.write(b, off, len);
        }

        @Override
        public void close() throws IOException
        {
            flush();
        }
    }
}
