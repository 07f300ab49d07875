package io.horizon.ops.feed;

import io.horizon.engine.event.FixedPoint;
import io.horizon.engine.feed.MarketDataSink;
import io.horizon.engine.reference.Instrument;
import io.horizon.engine.reference.ReferenceData;

import java.io.IOException;
import java.io.LineNumberReader;
import java.math.BigDecimal;
import java.nio.charset.MalformedInputException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Pattern;

/**
 * A CSV file of quotes and trades, replayed into a {@link MarketDataSink} so users can drive
 * Horizon with their own data.
 * <p>
 * <b>Format.</b> UTF-8 text, one event per line, comma-separated, no quoting. The first line that
 * is not blank or a comment must be this header (whitespace around names and letter case ignored):
 * <pre>
 * timestamp,type,symbol,bid,bid_size,ask,ask_size,price,size
 * </pre>
 * Every other line has exactly nine fields, each trimmed of surrounding whitespace:
 * <ul>
 *   <li>{@code timestamp}: an ISO-8601 instant ({@code 2026-11-29T10:15:30.123456Z}) or integer
 *       epoch nanoseconds ({@code 1795947330123456000}), not before 1970. Rows must be in time
 *       order: a timestamp may repeat but never go back.</li>
 *   <li>{@code type}: {@code quote} or {@code trade}.</li>
 *   <li>{@code symbol}: an instrument of the reference data.</li>
 *   <li>A quote fills {@code bid,bid_size,ask,ask_size} and leaves {@code price,size} empty.
 *       A crossed ({@code bid > ask}) or locked ({@code bid = ask}) quote is market data like any
 *       other: it reaches the engine, whose risk layers judge it.</li>
 *   <li>A trade fills {@code price,size} and leaves the four quote fields empty. The aggressor is
 *       not recorded, so trades are published with an unknown aggressor.</li>
 *   <li>Prices and sizes are plain decimals ({@code 101.25}, no exponent) with at most
 *       {@value FixedPoint#DECIMALS} decimal places; they become {@link FixedPoint} values. Prices
 *       are greater than zero; sizes may be zero.</li>
 * </ul>
 * Blank lines and lines whose first non-blank character is {@code #} are skipped. Example:
 * <pre>
 * timestamp,type,symbol,bid,bid_size,ask,ask_size,price,size
 * # opening quotes
 * 2026-11-29T14:30:00.000000Z,quote,AAPL,189.98,300,190.02,200,,
 * 2026-11-29T14:30:00.250000Z,trade,AAPL,,,,,190.02,100
 * </pre>
 * <p>
 * <b>Bad rows.</b> A row that cannot be read (a field that is not a number, an unknown type or
 * symbol, a time before the previous row's) is a bad row. With {@link BadRowPolicy#STOP} the first
 * one stops the replay with a {@link MarketDataFileException} naming the file, line, field, the bad
 * value and what is allowed; events before it have been published. With {@link BadRowPolicy#SKIP}
 * it is skipped: counted ({@link #skippedRows()}), kept for the summary ({@link #skippedSamples()}),
 * its feed sequence number left unused (so the watchdog sees a gap) and reported to the
 * {@link ReplayDriver}, which journals a marker. Lines are never skipped silently.
 * <p>
 * <b>Time.</b> Before each event the {@link ReplayDriver} is told the event's time, so a recorded
 * clock can publish the heartbeats due before it and pace the replay.
 * <p>
 * <b>Back-pressure.</b> Losing events from a file is worse than waiting, so when the sink refuses
 * one (ring full) the same event is offered again after a {@value #RETRY_PARK_NANOS} ns park until
 * it is accepted; each refusal is counted in {@link #retries()}. Feed sequences start at 1 and
 * continue across replays of the same instance, so a gap detector never sees them go back.
 * <p>
 * Threading: one thread at a time may call {@link #replay(MarketDataSink, int)}; {@link #retries()}
 * may be read from any thread. The file is streamed, never loaded whole. A plain row (no spaces,
 * the usual forms of time and number) is read by {@link CsvFastRows} without allocating beyond the
 * line itself; anything else, bad rows included, by the full parser that names what is wrong.
 */
public final class CsvMarketDataFile
{
    /** The required header line. */
    public static final String HEADER = "timestamp,type,symbol,bid,bid_size,ask,ask_size,price,size";

    /** Park between offers of an event the sink refused. */
    public static final long RETRY_PARK_NANOS = 10_000L;

    private static final String[] COLUMNS = HEADER.split(",");
    private static final int TIMESTAMP = 0;
    private static final int TYPE = 1;
    private static final int SYMBOL = 2;
    private static final int BID = 3;
    private static final int BID_SIZE = 4;
    private static final int ASK = 5;
    private static final int ASK_SIZE = 6;
    private static final int PRICE = 7;
    private static final int SIZE = 8;

    private static final Pattern EPOCH_NANOS = Pattern.compile("\\d+");
    private static final Pattern DECIMAL = Pattern.compile("[+-]?(\\d+(\\.\\d*)?|\\.\\d+)");
    private static final long NANOS_PER_SECOND = 1_000_000_000L;
    private static final int MAX_SYMBOLS_LISTED = 20;
    private static final char BYTE_ORDER_MARK = '\uFEFF';

    /** Skipped rows kept, with their messages, for the summary. */
    public static final int SKIPPED_SAMPLES = 20;

    private final Path file;
    private final ReferenceData ref;
    private final BadRowPolicy badRows;
    private final String knownSymbols;
    private final List<String> skippedSamples = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final CsvFastRows fastRows;
    private volatile long skippedRows;
    private long feedSequence;
    // Only the replaying thread writes it; volatile so monitoring can read it while a replay runs.
    private volatile long retries;

    private CsvMarketDataFile(final Path file, final ReferenceData ref, final BadRowPolicy badRows)
    {
        this.file = file;
        this.ref = ref;
        this.badRows = badRows;
        this.knownSymbols = knownSymbols(ref);
        this.fastRows = new CsvFastRows(ref);
    }

    /**
     * Opens a market data file after checking that it exists, is readable and starts with the header,
     * so a bad path fails at startup rather than at replay.
     *
     * @param file the CSV file.
     * @param ref  the instruments its symbols must name.
     * @return the file, ready to replay.
     * @throws MarketDataFileException naming the path when it is missing, unreadable or has no valid header.
     */
    public static CsvMarketDataFile open(final Path file, final ReferenceData ref)
    {
        return open(file, ref, BadRowPolicy.STOP);
    }

    /**
     * As {@link #open(Path, ReferenceData)}, with a policy for bad rows.
     *
     * @param file    the CSV file.
     * @param ref     the instruments its symbols must name.
     * @param badRows what a row that cannot be read does.
     * @return the file, ready to replay.
     */
    public static CsvMarketDataFile open(final Path file, final ReferenceData ref, final BadRowPolicy badRows)
    {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(badRows, "badRows");
        Objects.requireNonNull(ref, "ref");
        if (!Files.exists(file))
        {
            throw new MarketDataFileException(file, 0, null, "no such market data file; check the path");
        }
        if (Files.isDirectory(file))
        {
            throw new MarketDataFileException(file, 0, null, "is a directory, not a market data file");
        }
        if (!Files.isReadable(file))
        {
            throw new MarketDataFileException(file, 0, null, "market data file is not readable; check its permissions");
        }
        final CsvMarketDataFile csv = new CsvMarketDataFile(file, ref, badRows);
        try (LineNumberReader reader = csv.newReader())
        {
            csv.readHeader(reader);
        }
        catch (final IOException ex)
        {
            throw csv.readFailure(0, ex);
        }
        return csv;
    }

    /**
     * Streams the whole file into the sink, in file order, waiting out a full sink rather than
     * dropping.
     *
     * @param sink   where the events go.
     * @param feedId the feed id passed with every event.
     * @return events published by this call (saturating at {@link Integer#MAX_VALUE}).
     * @throws MarketDataFileException on the first bad line, on a read error, or when the thread is
     *                                 interrupted while the sink is full (the interrupt stays set).
     */
    public int replay(final MarketDataSink sink, final int feedId)
    {
        return replay(sink, feedId, ReplayDriver.NONE);
    }

    /**
     * As {@link #replay(MarketDataSink, int)}, telling the driver the time of each event before it
     * is published and each row skipped.
     *
     * @param sink   where the events go.
     * @param feedId the feed id passed with every event.
     * @param driver the engine's recorded clock and gap marker.
     * @return events published by this call (saturating at {@link Integer#MAX_VALUE}).
     * @throws MarketDataFileException on the first bad line under {@link BadRowPolicy#STOP}, on a read
     *                                 error, or when interrupted (the interrupt stays set).
     */
    public int replay(final MarketDataSink sink, final int feedId, final ReplayDriver driver)
    {
        Objects.requireNonNull(sink, "sink");
        Objects.requireNonNull(driver, "driver");
        long published = 0;
        int lineNumber = 0;
        try (LineNumberReader reader = newReader())
        {
            readHeader(reader);
            final Row row = new Row();
            long previousTimestamp = Long.MIN_VALUE;
            int previousLine = 0;
            String line;
            while ((line = reader.readLine()) != null)
            {
                lineNumber = reader.getLineNumber();
                if (isSkipped(line))
                {
                    continue;
                }
                try
                {
                    if (!fastRows.parse(line, row))
                    {
                        parse(line, lineNumber, row);
                    }
                    if (row.timestampNanos < previousTimestamp)
                    {
                        throw new MarketDataFileException(
                            file, lineNumber, COLUMNS[TIMESTAMP],
                            "'" + row.timestampText() + "' is before the previous row's timestamp (line " + previousLine +
                            "); rows must be in time order");
                    }
                }
                catch (final MarketDataFileException badRow)
                {
                    if (badRows == BadRowPolicy.STOP)
                    {
                        throw badRow;
                    }
                    skip(badRow, driver);
                    continue;
                }
                previousTimestamp = row.timestampNanos;
                previousLine = lineNumber;
                if (!driver.advanceTo(row.timestampNanos))
                {
                    throw interrupted(lineNumber, published);
                }
                publish(row, sink, feedId, lineNumber, published);
                published++;
            }
        }
        catch (final IOException ex)
        {
            throw readFailure(lineNumber, ex);
        }
        return (int)Math.min(Integer.MAX_VALUE, published);
    }

    /**
     * Finds the time the replay starts at, for a recorded clock to read before the first event.
     *
     * @return the first readable row's timestamp, or empty when no row has one.
     */
    public java.util.OptionalLong firstTimestamp()
    {
        try (LineNumberReader reader = newReader())
        {
            readHeader(reader);
            String line;
            while ((line = reader.readLine()) != null)
            {
                if (isSkipped(line))
                {
                    continue;
                }
                try
                {
                    return java.util.OptionalLong.of(parseTimestamp(line.split(",", -1)[TIMESTAMP].strip(), reader.getLineNumber()));
                }
                catch (final MarketDataFileException unreadable)
                {
                    // The replay deals with it; look further.
                }
            }
        }
        catch (final IOException ex)
        {
            throw readFailure(0, ex);
        }
        return java.util.OptionalLong.empty();
    }

    /**
     * @return rows skipped as bad ({@link BadRowPolicy#SKIP}), over all replays. Any thread.
     */
    public long skippedRows()
    {
        return skippedRows;
    }

    /**
     * @return the first {@value #SKIPPED_SAMPLES} skipped rows' messages ({@code day.csv:17: field 'bid': ...}). Any thread.
     */
    public List<String> skippedSamples()
    {
        return List.copyOf(skippedSamples);
    }

    /**
     * @return what this file does with bad rows.
     */
    public BadRowPolicy badRows()
    {
        return badRows;
    }

    private void skip(final MarketDataFileException badRow, final ReplayDriver driver)
    {
        skippedRows++;
        if (skippedSamples.size() < SKIPPED_SAMPLES)
        {
            skippedSamples.add(badRow.getMessage());
        }
        // The row's sequence number stays unused: downstream, a skipped row is a gap in the feed.
        feedSequence++;
        driver.skipped(badRow);
    }

    private MarketDataFileException interrupted(final int lineNumber, final long published)
    {
        return new MarketDataFileException(
            file, lineNumber, null, "replay interrupted; " + published + " events before this line were published");
    }

    /**
     * @return how many times the sink refused an event that was then offered again, over all replays.
     */
    public long retries()
    {
        return retries;
    }

    /**
     * @return the file.
     */
    public Path file()
    {
        return file;
    }

    private LineNumberReader newReader() throws IOException
    {
        return new LineNumberReader(Files.newBufferedReader(file, StandardCharsets.UTF_8));
    }

    private void readHeader(final LineNumberReader reader) throws IOException
    {
        String line;
        while ((line = reader.readLine()) != null)
        {
            if (reader.getLineNumber() == 1 && !line.isEmpty() && line.charAt(0) == BYTE_ORDER_MARK)
            {
                // Spreadsheet exports often start with a byte order mark; it is not part of the header.
                line = line.substring(1);
            }
            if (isSkipped(line))
            {
                continue;
            }
            final String[] names = line.split(",", -1);
            boolean matches = names.length == COLUMNS.length;
            for (int i = 0; matches && i < names.length; i++)
            {
                matches = COLUMNS[i].equalsIgnoreCase(names[i].strip());
            }
            if (!matches)
            {
                throw new MarketDataFileException(
                    file, reader.getLineNumber(), null, "expected header '" + HEADER + "', got '" + line + "'");
            }
            return;
        }
        throw new MarketDataFileException(file, 0, null, "market data file has no header; its first line must be '" + HEADER + "'");
    }

    private void parse(final String line, final int lineNumber, final Row row)
    {
        final String[] fields = line.split(",", -1);
        if (fields.length != COLUMNS.length)
        {
            throw new MarketDataFileException(
                file, lineNumber, null, "expected " + COLUMNS.length + " fields, got " + fields.length + " (header: " + HEADER + ")");
        }
        for (int i = 0; i < fields.length; i++)
        {
            fields[i] = fields[i].strip();
        }

        row.timestampText = fields[TIMESTAMP];
        row.line = null;
        row.timestampNanos = parseTimestamp(fields[TIMESTAMP], lineNumber);

        final String type = fields[TYPE];
        if ("quote".equalsIgnoreCase(type))
        {
            row.quote = true;
        }
        else if ("trade".equalsIgnoreCase(type))
        {
            row.quote = false;
        }
        else
        {
            throw new MarketDataFileException(file, lineNumber, COLUMNS[TYPE], "'" + type + "' is not allowed (allowed: quote, trade)");
        }

        final String symbol = fields[SYMBOL];
        final Instrument instrument = symbol.isEmpty() ? null : ref.instrumentBySymbol(symbol);
        if (instrument == null)
        {
            throw new MarketDataFileException(
                file, lineNumber, COLUMNS[SYMBOL], "unknown instrument '" + symbol + "' (known: " + knownSymbols + ")");
        }
        row.instrumentId = instrument.id();

        if (row.quote)
        {
            requireEmpty(fields, PRICE, "quote", lineNumber);
            requireEmpty(fields, SIZE, "quote", lineNumber);
            row.bidPrice = parseDecimal(fields, BID, "quote", lineNumber, true);
            row.bidQuantity = parseDecimal(fields, BID_SIZE, "quote", lineNumber, false);
            row.askPrice = parseDecimal(fields, ASK, "quote", lineNumber, true);
            row.askQuantity = parseDecimal(fields, ASK_SIZE, "quote", lineNumber, false);
        }
        else
        {
            requireEmpty(fields, BID, "trade", lineNumber);
            requireEmpty(fields, BID_SIZE, "trade", lineNumber);
            requireEmpty(fields, ASK, "trade", lineNumber);
            requireEmpty(fields, ASK_SIZE, "trade", lineNumber);
            row.price = parseDecimal(fields, PRICE, "trade", lineNumber, true);
            row.quantity = parseDecimal(fields, SIZE, "trade", lineNumber, false);
        }
    }

    private long parseTimestamp(final String text, final int lineNumber)
    {
        final String field = COLUMNS[TIMESTAMP];
        if (text.isEmpty())
        {
            throw new MarketDataFileException(
                file, lineNumber, field, "is empty; give an ISO-8601 instant (2026-11-29T10:15:30.123456Z) or integer epoch nanoseconds");
        }
        if (EPOCH_NANOS.matcher(text).matches())
        {
            try
            {
                return Long.parseLong(text);
            }
            catch (final NumberFormatException ex)
            {
                throw new MarketDataFileException(
                    file, lineNumber, field, "'" + text + "' is too large for epoch nanoseconds (at most " + Long.MAX_VALUE + ")");
            }
        }
        final Instant instant;
        try
        {
            instant = Instant.parse(text);
        }
        catch (final DateTimeParseException ex)
        {
            throw new MarketDataFileException(
                file, lineNumber, field,
                "'" + text + "' is not an ISO-8601 instant (like 2026-11-29T10:15:30.123456Z) or integer epoch nanoseconds");
        }
        if (instant.getEpochSecond() < 0)
        {
            throw new MarketDataFileException(file, lineNumber, field, "'" + text + "' is before 1970-01-01T00:00:00Z");
        }
        try
        {
            return Math.addExact(Math.multiplyExact(instant.getEpochSecond(), NANOS_PER_SECOND), instant.getNano());
        }
        catch (final ArithmeticException ex)
        {
            throw new MarketDataFileException(
                file, lineNumber, field, "'" + text + "' is too late for epoch nanoseconds (they end in 2262)");
        }
    }

    private long parseDecimal(
        final String[] fields, final int column, final String type, final int lineNumber, final boolean price)
    {
        final String field = COLUMNS[column];
        final String text = fields[column];
        if (text.isEmpty())
        {
            throw new MarketDataFileException(
                file, lineNumber, field, "is empty; a " + type + " row needs " + requiredFor(type));
        }
        if (!DECIMAL.matcher(text).matches())
        {
            throw new MarketDataFileException(
                file, lineNumber, field, "'" + text + "' is not a number (expected a plain decimal like 101.25)");
        }
        final int point = text.indexOf('.');
        if (point >= 0 && text.length() - point - 1 > FixedPoint.DECIMALS)
        {
            throw new MarketDataFileException(
                file, lineNumber, field, "'" + text + "' has more than " + FixedPoint.DECIMALS + " decimal places");
        }
        final long value;
        try
        {
            value = FixedPoint.parse(text);
        }
        catch (final IllegalArgumentException ex)
        {
            throw new MarketDataFileException(file, lineNumber, field, "'" + text + "' is out of range");
        }
        if (!isExact(text, value))
        {
            // Past about 9 billion a double no longer holds six decimals exactly; refuse rather than round.
            throw new MarketDataFileException(
                file, lineNumber, field, "'" + text + "' has too many digits to hold exactly with " + FixedPoint.DECIMALS + " decimals");
        }
        if (price ? value <= 0 : value < 0)
        {
            throw new MarketDataFileException(file, lineNumber, field, (price ? "must be > 0, got " : "must be >= 0, got ") + text);
        }
        return value;
    }

    private void requireEmpty(final String[] fields, final int column, final String type, final int lineNumber)
    {
        if (!fields[column].isEmpty())
        {
            throw new MarketDataFileException(
                file, lineNumber, COLUMNS[column],
                "must be empty on a " + type + " row (a " + type + " fills " + requiredFor(type) + "), got '" + fields[column] + "'");
        }
    }

    private void publish(final Row row, final MarketDataSink sink, final int feedId, final int lineNumber, final long published)
    {
        final long sequence = feedSequence + 1;
        while (!offer(row, sink, feedId, sequence))
        {
            retries++;
            if (Thread.currentThread().isInterrupted())
            {
                throw new MarketDataFileException(
                    file, lineNumber, null,
                    "replay interrupted while the sink was full; " + published + " events before this line were published");
            }
            LockSupport.parkNanos(RETRY_PARK_NANOS);
        }
        feedSequence = sequence;
    }

    private static boolean offer(final Row row, final MarketDataSink sink, final int feedId, final long sequence)
    {
        if (row.quote)
        {
            return sink.quote(
                row.timestampNanos, feedId, sequence, row.instrumentId, row.bidPrice, row.bidQuantity, row.askPrice, row.askQuantity);
        }
        return sink.trade(row.timestampNanos, feedId, sequence, row.instrumentId, row.price, row.quantity, null);
    }

    private MarketDataFileException readFailure(final int lineNumber, final IOException ex)
    {
        final String detail = ex instanceof MalformedInputException ?
            "is not valid UTF-8 text" : "could not be read: " + ex;
        return new MarketDataFileException(file, lineNumber, null, detail, ex);
    }

    private static boolean isSkipped(final String line)
    {
        final String stripped = line.strip();
        return stripped.isEmpty() || stripped.charAt(0) == '#';
    }

    private static boolean isExact(final String text, final long value)
    {
        try
        {
            return new BigDecimal(text).movePointRight(FixedPoint.DECIMALS).longValueExact() == value;
        }
        catch (final ArithmeticException ex)
        {
            return false;
        }
    }

    private static String requiredFor(final String type)
    {
        return "quote".equals(type) ? "bid, bid_size, ask and ask_size" : "price and size";
    }

    private static String knownSymbols(final ReferenceData ref)
    {
        final List<Instrument> instruments = ref.instruments();
        final StringBuilder sb = new StringBuilder();
        final int listed = Math.min(instruments.size(), MAX_SYMBOLS_LISTED);
        for (int i = 0; i < listed; i++)
        {
            if (i > 0)
            {
                sb.append(", ");
            }
            sb.append(instruments.get(i).symbol());
        }
        if (instruments.size() > listed)
        {
            sb.append(", and ").append(instruments.size() - listed).append(" more");
        }
        return sb.toString();
    }

    /** One parsed line, reused across lines of a replay. */
    static final class Row
    {
        /** The timestamp as written: this text, or the line's first {@code timestampEnd} characters. */
        String timestampText;
        String line;
        int timestampEnd;
        long timestampNanos;
        boolean quote;
        int instrumentId;
        long bidPrice;
        long bidQuantity;
        long askPrice;
        long askQuantity;
        long price;
        long quantity;

        String timestampText()
        {
            return line == null ? timestampText : line.substring(0, timestampEnd);
        }
    }
}
