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
        final Path db = store.file(AuditStore.FILE_NAME);
        final String f = format.trim().toLowerCase(Locale.ROOT);
        if (!f.equals("json") && !f.equals("csv"))
        {
            throw new IllegalArgumentException("--format '" + format + "' is not an export format; use json or csv");
        }
        final boolean csv = f.equals("csv");
        final long n;
        try (AuditStore store = AuditStore.openExisting(db, SqliteFile.Access.READ);
            OutputStream sink = outFile == null ? new NonClosing(System.out) : Files.newOutputStream(outFile);
            PrintStream out = new PrintStream(new BufferedOutputStream(sink, 1 << 16), false, StandardCharsets.UTF_8))
        {
            final boolean[] first = {true};
            out.print(csv ? AuditEventText.csvHeader() + "\r\n" : "[");
            n = store.forEach(filters.query(), e ->
            {
                if (csv)
                {
                    out.print(AuditEventText.csv(e));
                    out.print("\r\n");
                }
                else
                {
                    out.print(first[0] ? "\n" : ",\n");
                    out.print(AuditEventText.json(e));
                }
                first[0] = false;
            });
            if (!csv)
            {
                out.print(first[0] ? "]\n" : "\n]\n");
            }
            out.flush();
        }
        System.err.println("audit export: " + n + " events" + (outFile == null ? "" : " to " + outFile));
        return 0;
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
