package io.horizon.ops.preset;

import java.nio.file.Path;

/**
 * The preset's {@code [feed]} table: where market data comes from. One feed per run: the
 * synthetic market, a CSV file of quotes and trades replayed on its own recorded time, or FIX
 * market data on a FIX venue's session.
 *
 * @param kind    {@link #SYNTHETIC}, {@link #CSV} or {@link #FIX}.
 * @param rate    synthetic only: events per second.
 * @param path    CSV only: the file, absolute.
 * @param pace    CSV only: {@code max} or a speed-up like {@code 1x}, {@code 10x}
 *                ({@link io.horizon.ops.feed.FeedPace}); {@code null} for a synthetic feed.
 * @param badRows CSV only: {@code stop} or {@code skip} ({@link io.horizon.ops.feed.BadRowPolicy});
 *                {@code null} for a synthetic feed.
 * @param venue   FIX only: the {@code [[venues]]} entry (of kind {@code "fix"}) whose session
 *                carries the market data; {@code null} for the other kinds.
 */
public record FeedSettings(String kind, double rate, Path path, String pace, String badRows, String venue)
{
    /** The seeded synthetic market. */
    public static final String SYNTHETIC = "synthetic";
    /** A CSV file (see {@code horizon run --help} for the format). */
    public static final String CSV = "csv";
    /** MarketDataRequest / snapshot / incremental refresh on a FIX venue's session. */
    public static final String FIX = "fix";

    /**
     * A synthetic or CSV feed (no FIX venue).
     */
    public FeedSettings(final String kind, final double rate, final Path path, final String pace, final String badRows)
    {
        this(kind, rate, path, pace, badRows, null);
    }

    /**
     * A feed with the file defaults ({@code pace = "max"}, {@code bad_rows = "stop"}) when it is a CSV file.
     */
    public FeedSettings(final String kind, final double rate, final Path path)
    {
        this(kind, rate, path, CSV.equals(kind) ? "max" : null, CSV.equals(kind) ? "stop" : null);
    }

    /**
     * @return true for a CSV feed.
     */
    public boolean isCsv()
    {
        return CSV.equals(kind);
    }

    /**
     * @return true for FIX market data.
     */
    public boolean isFix()
    {
        return FIX.equals(kind);
    }
}
