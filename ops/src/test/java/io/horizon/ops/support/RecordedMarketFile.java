package io.horizon.ops.support;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Writes a recorded market data file for the paper preset's instruments (AAPL, MSFT, SPY): quotes
 * every few hundred milliseconds of recorded time from {@link #START}, with the silences, crossed
 * quotes and bad rows a test asks for. Deterministic: no randomness, no wall clock.
 * <p>
 * Not thread-safe; one test builds one file.
 */
public final class RecordedMarketFile
{
    /** Where recorded time starts: a Monday, at the US open. */
    public static final Instant START = Instant.parse("2026-11-30T14:30:00Z");

    private static final String[] SYMBOLS = {"AAPL", "MSFT", "SPY"};
    private static final double[] MIDS = {190.00, 420.00, 560.00};

    private final List<String> rows = new ArrayList<>();
    private long lastMillis;

    /**
     * @return a file with only the header so far.
     */
    public static RecordedMarketFile start()
    {
        return new RecordedMarketFile();
    }

    /**
     * Two-sided quotes on every instrument, every {@code everyMillis} from {@code fromMillis}
     * (inclusive) to {@code toMillis} (exclusive) after {@link #START}, walking a cent up and down.
     */
    public RecordedMarketFile quotes(final long fromMillis, final long toMillis, final long everyMillis)
    {
        return quotes(fromMillis, toMillis, everyMillis, 0);
    }

    /**
     * As {@link #quotes(long, long, long)}, every mid moved by {@code shift} (a market that moved).
     */
    public RecordedMarketFile quotes(final long fromMillis, final long toMillis, final long everyMillis, final double shift)
    {
        for (long t = fromMillis; t < toMillis; t += everyMillis)
        {
            for (int i = 0; i < SYMBOLS.length; i++)
            {
                final double mid = MIDS[i] + shift + ((t / everyMillis) % 4 == 3 ? 0.01 : 0);
                quote(t, SYMBOLS[i], mid - 0.02, mid + 0.02);
            }
        }
        return this;
    }

    /**
     * One quote as given: crossed or locked when the test wants it.
     */
    public RecordedMarketFile quote(final long atMillis, final String symbol, final double bid, final double ask)
    {
        return row(atMillis, String.format(Locale.ROOT, "quote,%s,%.2f,100,%.2f,100,,", symbol, bid, ask));
    }

    /**
     * A line as it is, for bad rows.
     */
    public RecordedMarketFile raw(final String line)
    {
        rows.add(line);
        return this;
    }

    /**
     * @return the recorded time of a row {@code millis} after {@link #START}, as the file writes it.
     */
    public static String at(final long millis)
    {
        return START.plusMillis(millis).toString();
    }

    /**
     * @return the recorded time of the last row written, in epoch nanoseconds.
     */
    public long lastNanos()
    {
        return nanos(lastMillis);
    }

    /**
     * @return epoch nanoseconds {@code millis} after {@link #START}.
     */
    public static long nanos(final long millis)
    {
        return (START.getEpochSecond() * 1000 + millis) * 1_000_000L;
    }

    /**
     * Writes the file.
     */
    public Path write(final Path file) throws IOException
    {
        final List<String> lines = new ArrayList<>();
        lines.add("timestamp,type,symbol,bid,bid_size,ask,ask_size,price,size");
        lines.addAll(rows);
        return Files.write(file, lines, StandardCharsets.UTF_8);
    }

    private RecordedMarketFile row(final long atMillis, final String rest)
    {
        lastMillis = Math.max(lastMillis, atMillis);
        rows.add(at(atMillis) + "," + rest);
        return this;
    }
}
