package io.horizon.ops.preset;

import java.nio.file.Path;

/**
 * The preset's {@code [feed]} table: where market data comes from. One feed per run: the
 * synthetic market, or a CSV file of quotes and trades replayed at its own pace.
 *
 * @param kind {@link #SYNTHETIC} or {@link #CSV}.
 * @param rate synthetic only: events per second.
 * @param path CSV only: the file, absolute.
 */
public record FeedSettings(String kind, double rate, Path path)
{
    /** The seeded synthetic market. */
    public static final String SYNTHETIC = "synthetic";
    /** A CSV file (see {@code horizon run --help} for the format). */
    public static final String CSV = "csv";

    /**
     * @return true for a CSV feed.
     */
    public boolean isCsv()
    {
        return CSV.equals(kind);
    }
}
