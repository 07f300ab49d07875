package io.horizon.ops.feed;

import io.horizon.engine.event.FixedPoint;
import io.horizon.engine.feed.RecordingMarketDataSink;
import io.horizon.engine.reference.ReferenceData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CsvMarketDataFileTest
{
    private static final String HEADER = "timestamp,type,symbol,bid,bid_size,ask,ask_size,price,size";
    private static final String GOOD_QUOTE = "2026-11-30T14:30:00Z,quote,AAPL,189.98,300,190.02,200,,";
    private static final int FEED_ID = 4;
    private static final int AAPL = 0;
    private static final int MSFT = 1;

    @TempDir
    Path dir;

    private static ReferenceData referenceData()
    {
        return ReferenceData.builder()
            .instrument("AAPL", FixedPoint.parse("0.01"), FixedPoint.parse("190"))
            .instrument("MSFT", FixedPoint.parse("0.01"), FixedPoint.parse("420"))
            .account("main", 0)
            .build();
    }

    private Path write(final String name, final String... lines) throws IOException
    {
        return Files.write(dir.resolve(name), List.of(lines), StandardCharsets.UTF_8);
    }

    private static long epochNanos(final String iso)
    {
        final Instant instant = Instant.parse(iso);
        return instant.getEpochSecond() * 1_000_000_000L + instant.getNano();
    }

    @Test
    void shouldReplayQuotesAndTradesAsFixedPointEvents() throws IOException
    {
        final Path file = write(
            "prices.csv",
            HEADER,
            "2026-11-29T10:15:30.123456Z,quote,AAPL,189.98,300,190.02,200.5,,",
            "1795947330123456001,trade,MSFT,,,,,420.1,0.25",
            " 2026-11-29T10:15:31Z , QUOTE , MSFT , 420 , 1 , 420.000001 , 2 , , ");
        final RecordingMarketDataSink sink = new RecordingMarketDataSink();

        final int published = CsvMarketDataFile.open(file, referenceData()).replay(sink, FEED_ID);

        assertEquals(3, published);
        assertEquals(
            List.of(
                new RecordingMarketDataSink.Call(
                    true, epochNanos("2026-11-29T10:15:30.123456Z"), FEED_ID, 1, AAPL,
                    189_980_000L, 300_000_000L, 190_020_000L, 200_500_000L, 0, 0, null, true),
                new RecordingMarketDataSink.Call(
                    false, 1795947330123456001L, FEED_ID, 2, MSFT, 0, 0, 0, 0, 420_100_000L, 250_000L, null, true),
                new RecordingMarketDataSink.Call(
                    true, epochNanos("2026-11-29T10:15:31Z"), FEED_ID, 3, MSFT,
                    420_000_000L, 1_000_000L, 420_000_001L, 2_000_000L, 0, 0, null, true)),
            sink.calls());
    }

    @Test
    void shouldReplayTheShippedSampleFile() throws IOException
    {
        final Path file = dir.resolve("sample-market-data.csv");
        try (InputStream in = CsvMarketDataFile.class.getResourceAsStream("sample-market-data.csv"))
        {
            assertTrue(in != null, "sample-market-data.csv is not on the classpath");
            Files.copy(in, file);
        }
        final ReferenceData ref = ReferenceData.builder()
            .instrument("AAPL", FixedPoint.parse("0.01"), FixedPoint.parse("190"))
            .instrument("MSFT", FixedPoint.parse("0.01"), FixedPoint.parse("420"))
            .instrument("SPY", FixedPoint.parse("0.01"), FixedPoint.parse("560"))
            .account("main", 0)
            .build();
        final RecordingMarketDataSink sink = new RecordingMarketDataSink();

        final int published = CsvMarketDataFile.open(file, ref).replay(sink, FEED_ID);

        final List<RecordingMarketDataSink.Call> calls = sink.calls();
        assertTrue(published >= 20, "sample has " + published + " events");
        assertEquals(published, calls.size());
        assertTrue(calls.stream().anyMatch(RecordingMarketDataSink.Call::quote));
        assertTrue(calls.stream().anyMatch(call -> !call.quote()));
        assertEquals(3, calls.stream().mapToInt(RecordingMarketDataSink.Call::instrumentId).distinct().count());
        for (int i = 0; i < calls.size(); i++)
        {
            assertEquals(i + 1L, calls.get(i).feedSequence());
        }
    }

    @Test
    void shouldSkipBlankLinesAndCommentsAnywhere() throws IOException
    {
        final Path file = write(
            "prices.csv",
            "\uFEFF# a comment before the header, after a byte order mark",
            "",
            HEADER.replace(",", " , ").toUpperCase(),
            "   ",
            "  # an indented comment",
            GOOD_QUOTE,
            "",
            "#2026-11-30T14:30:01Z,quote,NOPE,not,a,valid,line,,",
            "2026-11-30T14:30:02Z,trade,AAPL,,,,,190.01,10");
        final RecordingMarketDataSink sink = new RecordingMarketDataSink();

        assertEquals(2, CsvMarketDataFile.open(file, referenceData()).replay(sink, FEED_ID));
        assertEquals(2, sink.size());
    }

    static Stream<Arguments> badLines()
    {
        return Stream.of(
            Arguments.of("bid not a number", "2026-11-30T14:30:01Z,quote,AAPL,abc,300,190.02,200,,",
                "bid", "prices.csv:3: field 'bid': 'abc' is not a number"),
            Arguments.of("unknown symbol", "2026-11-30T14:30:01Z,quote,XYZ,189.98,300,190.02,200,,",
                "symbol", "prices.csv:3: field 'symbol': unknown instrument 'XYZ' (known: AAPL, MSFT)"),
            Arguments.of("empty symbol", "2026-11-30T14:30:01Z,quote,,189.98,300,190.02,200,,",
                "symbol", "prices.csv:3: field 'symbol': unknown instrument '' (known: AAPL, MSFT)"),
            Arguments.of("negative size", "2026-11-30T14:30:01Z,quote,AAPL,189.98,300,190.02,-3,,",
                "ask_size", "prices.csv:3: field 'ask_size': must be >= 0, got -3"),
            Arguments.of("zero price", "2026-11-30T14:30:01Z,trade,AAPL,,,,,0,10",
                "price", "prices.csv:3: field 'price': must be > 0, got 0"),
            Arguments.of("too few fields", "2026-11-30T14:30:01Z,quote,AAPL,189.98,300,190.02,200",
                null, "prices.csv:3: expected 9 fields, got 7"),
            Arguments.of("too many fields", GOOD_QUOTE + ",",
                null, "prices.csv:3: expected 9 fields, got 10"),
            Arguments.of("time going back", "2026-11-30T14:29:59.999Z,quote,AAPL,189.98,300,190.02,200,,",
                "timestamp", "prices.csv:3: field 'timestamp': '2026-11-30T14:29:59.999Z' is before the previous row's timestamp (line 2)"),
            Arguments.of("bad timestamp", "yesterday,quote,AAPL,189.98,300,190.02,200,,",
                "timestamp", "prices.csv:3: field 'timestamp': 'yesterday' is not an ISO-8601 instant"),
            Arguments.of("empty timestamp", ",quote,AAPL,189.98,300,190.02,200,,",
                "timestamp", "prices.csv:3: field 'timestamp': is empty"),
            Arguments.of("timestamp past 2262", "9999999999999999999,quote,AAPL,189.98,300,190.02,200,,",
                "timestamp", "prices.csv:3: field 'timestamp': '9999999999999999999' is too large"),
            Arguments.of("bad type", "2026-11-30T14:30:01Z,order,AAPL,189.98,300,190.02,200,,",
                "type", "prices.csv:3: field 'type': 'order' is not allowed (allowed: quote, trade)"),
            Arguments.of("quote field on a trade", "2026-11-30T14:30:01Z,trade,AAPL,189.98,,,,190.01,10",
                "bid", "prices.csv:3: field 'bid': must be empty on a trade row"),
            Arguments.of("trade field on a quote", "2026-11-30T14:30:01Z,quote,AAPL,189.98,300,190.02,200,190.01,",
                "price", "prices.csv:3: field 'price': must be empty on a quote row"),
            Arguments.of("missing quote field", "2026-11-30T14:30:01Z,quote,AAPL,189.98,300,,200,,",
                "ask", "prices.csv:3: field 'ask': is empty; a quote row needs bid, bid_size, ask and ask_size"),
            Arguments.of("missing trade size", "2026-11-30T14:30:01Z,trade,AAPL,,,,,190.01,",
                "size", "prices.csv:3: field 'size': is empty; a trade row needs price and size"),
            Arguments.of("not finite", "2026-11-30T14:30:01Z,trade,AAPL,,,,,NaN,10",
                "price", "prices.csv:3: field 'price': 'NaN' is not a number"),
            Arguments.of("infinite", "2026-11-30T14:30:01Z,trade,AAPL,,,,,190.01,Infinity",
                "size", "prices.csv:3: field 'size': 'Infinity' is not a number"),
            Arguments.of("exponent", "2026-11-30T14:30:01Z,trade,AAPL,,,,,1.9e2,10",
                "price", "prices.csv:3: field 'price': '1.9e2' is not a number"),
            Arguments.of("too many decimals", "2026-11-30T14:30:01Z,trade,AAPL,,,,,190.0000001,10",
                "price", "prices.csv:3: field 'price': '190.0000001' has more than 6 decimal places"),
            Arguments.of("just past the largest fixed-point value", "2026-11-30T14:30:01Z,trade,AAPL,,,,,190.01,9223372036854.775808",
                "size", "prices.csv:3: field 'size': '9223372036854.775808' is out of range"),
            Arguments.of("out of range", "2026-11-30T14:30:01Z,trade,AAPL,,,,,190.01,99999999999999999999",
                "size", "prices.csv:3: field 'size': '99999999999999999999' is out of range"));
    }

    @ParameterizedTest(name = "shouldRejectLineWith {0}")
    @MethodSource("badLines")
    void shouldRejectBadLineNamingFileLineFieldAndValue(
        final String description, final String badLine, final String field, final String expectedMessage) throws IOException
    {
        final Path file = write("prices.csv", HEADER, GOOD_QUOTE, badLine, GOOD_QUOTE.replace(":00Z", ":05Z"));
        final CsvMarketDataFile csv = CsvMarketDataFile.open(file, referenceData());
        final RecordingMarketDataSink sink = new RecordingMarketDataSink();

        final MarketDataFileException ex = assertThrows(MarketDataFileException.class, () -> csv.replay(sink, FEED_ID));

        assertTrue(ex.getMessage().startsWith(expectedMessage), () -> "message was: " + ex.getMessage());
        assertEquals(file, ex.file());
        assertEquals(3, ex.line());
        assertEquals(field, ex.field());
        assertEquals(1, sink.size(), "the line before the bad one is published, the one after is not");
    }

    @Test
    void shouldNameThePathWhenTheFileIsMissing()
    {
        final Path missing = dir.resolve("missing.csv");

        final MarketDataFileException ex = assertThrows(
            MarketDataFileException.class, () -> CsvMarketDataFile.open(missing, referenceData()));

        assertEquals(missing + ": no such market data file; check the path", ex.getMessage());
        assertEquals(0, ex.line());
        assertNull(ex.field());
    }

    @Test
    void shouldRefuseADirectory()
    {
        final MarketDataFileException ex = assertThrows(
            MarketDataFileException.class, () -> CsvMarketDataFile.open(dir, referenceData()));

        assertTrue(ex.getMessage().contains(dir.toString()), ex::getMessage);
        assertTrue(ex.getMessage().contains("is a directory"), ex::getMessage);
    }

    @Test
    void shouldRejectAFileWithoutAHeader() throws IOException
    {
        final Path file = write("prices.csv", GOOD_QUOTE);

        final MarketDataFileException ex = assertThrows(
            MarketDataFileException.class, () -> CsvMarketDataFile.open(file, referenceData()));

        assertEquals("prices.csv:1: expected header '" + HEADER + "', got '" + GOOD_QUOTE + "'", ex.getMessage());
    }

    @Test
    void shouldRejectAWrongHeader() throws IOException
    {
        final Path file = write("prices.csv", "# comment", "timestamp,type,symbol,bid,ask,bid_size,ask_size,price,size", GOOD_QUOTE);

        final MarketDataFileException ex = assertThrows(
            MarketDataFileException.class, () -> CsvMarketDataFile.open(file, referenceData()));

        assertTrue(ex.getMessage().startsWith("prices.csv:2: expected header '" + HEADER + "'"), ex::getMessage);
        assertEquals(2, ex.line());
    }

    @Test
    void shouldRejectAnEmptyFile() throws IOException
    {
        final Path file = write("prices.csv", "# only a comment", "");

        final MarketDataFileException ex = assertThrows(
            MarketDataFileException.class, () -> CsvMarketDataFile.open(file, referenceData()));

        assertEquals(file + ": market data file has no header; its first line must be '" + HEADER + "'", ex.getMessage());
    }

    @Test
    void shouldRejectTextThatIsNotUtf8() throws IOException
    {
        final Path file = dir.resolve("prices.csv");
        Files.write(file, (HEADER + "\n2026-11-30T14:30:01Z,quote,AA\u00ffPL,1,1,2,1,,\n").getBytes(StandardCharsets.ISO_8859_1));

        final MarketDataFileException ex = assertThrows(
            MarketDataFileException.class, () -> CsvMarketDataFile.open(file, referenceData()).replay(new RecordingMarketDataSink(), 1));

        assertTrue(ex.getMessage().contains("is not valid UTF-8"), ex::getMessage);
    }

    @Test
    void shouldPublishCrossedAndLockedQuotesZeroSizesAndTradesOutsideTheQuoteAsMarketData() throws IOException
    {
        final Path file = write(
            "prices.csv",
            HEADER,
            GOOD_QUOTE,
            "2026-11-30T14:30:01Z,quote,AAPL,195.00,300,185.00,200,,",
            "2026-11-30T14:30:02Z,quote,AAPL,190.00,0,190.00,0,,",
            "2026-11-30T14:35:02Z,trade,AAPL,,,,,250.00,0");
        final RecordingMarketDataSink sink = new RecordingMarketDataSink();

        assertEquals(4, CsvMarketDataFile.open(file, referenceData()).replay(sink, FEED_ID));

        final List<RecordingMarketDataSink.Call> calls = sink.calls();
        assertEquals(FixedPoint.parse("195"), calls.get(1).bidPrice(), "crossed: bid above ask, as recorded");
        assertEquals(FixedPoint.parse("185"), calls.get(1).askPrice());
        assertEquals(calls.get(2).bidPrice(), calls.get(2).askPrice(), "locked");
        assertEquals(0, calls.get(2).bidQuantity());
        assertEquals(0, calls.get(3).quantity(), "a zero-size trade five minutes later, far outside the quote");
    }

    @ParameterizedTest(name = "shouldSkipCountAndReportLineWith {0}")
    @MethodSource("badLines")
    void shouldSkipCountAndReportABadLineWhenToldToSkip(
        final String description, final String badLine, final String field, final String expectedMessage) throws IOException
    {
        final Path file = write("prices.csv", HEADER, GOOD_QUOTE, badLine, GOOD_QUOTE.replace(":00Z", ":05Z"));
        final CsvMarketDataFile csv = CsvMarketDataFile.open(file, referenceData(), BadRowPolicy.SKIP);
        final RecordingMarketDataSink sink = new RecordingMarketDataSink();
        final List<MarketDataFileException> skipped = new java.util.ArrayList<>();
        final List<Long> times = new java.util.ArrayList<>();

        final int published = csv.replay(sink, FEED_ID, new ReplayDriver()
        {
            @Override
            public boolean advanceTo(final long recordedNanos)
            {
                times.add(recordedNanos);
                return true;
            }

            @Override
            public void skipped(final MarketDataFileException badRow)
            {
                skipped.add(badRow);
            }
        });

        assertEquals(2, published, "the rows around the bad one are published");
        assertEquals(1, csv.skippedRows());
        assertEquals(1, skipped.size());
        assertEquals(3, skipped.get(0).line());
        assertTrue(csv.skippedSamples().get(0).startsWith(expectedMessage), () -> csv.skippedSamples().toString());
        assertEquals(3L, sink.calls().get(1).feedSequence(), "the skipped row's sequence number stays unused: a gap");
        assertEquals(List.of(epochNanos("2026-11-30T14:30:00Z"), epochNanos("2026-11-30T14:30:05Z")), times,
            "time is advanced to each published row, never to a skipped one");
    }

    @Test
    void shouldFindTheFirstReadableTimestamp() throws IOException
    {
        final Path file = write("prices.csv", HEADER, "# note", "yesterday,quote,AAPL,1,1,1,1,,", GOOD_QUOTE);

        assertEquals(epochNanos("2026-11-30T14:30:00Z"), CsvMarketDataFile.open(file, referenceData()).firstTimestamp().getAsLong());
    }

    @Test
    void shouldRetryARefusedEventUntilTheSinkAcceptsIt() throws IOException
    {
        final Path file = write(
            "prices.csv", HEADER, GOOD_QUOTE, "2026-11-30T14:30:02Z,trade,AAPL,,,,,190.01,10", GOOD_QUOTE.replace(":00Z", ":03Z"));
        final AtomicInteger offers = new AtomicInteger();
        // Full for the first offers of the second event, as a ring that drains slowly would be.
        final RecordingMarketDataSink sink = new RecordingMarketDataSink(
            call -> call.feedSequence() != 2 || offers.incrementAndGet() > 3);
        final CsvMarketDataFile csv = CsvMarketDataFile.open(file, referenceData());

        final int published = csv.replay(sink, FEED_ID);

        assertEquals(3, published);
        assertEquals(3, csv.retries());
        final List<RecordingMarketDataSink.Call> calls = sink.calls();
        assertEquals(6, calls.size());
        final List<RecordingMarketDataSink.Call> accepted = sink.accepted();
        assertEquals(3, accepted.size());
        for (int i = 0; i < accepted.size(); i++)
        {
            assertEquals(i + 1L, accepted.get(i).feedSequence());
        }
        assertEquals(FixedPoint.parse("190.01"), accepted.get(1).price());
        assertNull(accepted.get(1).aggressor());
    }

    @Test
    void shouldStopWaitingForAFullSinkWhenInterrupted() throws IOException
    {
        final Path file = write("prices.csv", HEADER, GOOD_QUOTE);
        final CsvMarketDataFile csv = CsvMarketDataFile.open(file, referenceData());

        Thread.currentThread().interrupt();
        try
        {
            final MarketDataFileException ex = assertThrows(
                MarketDataFileException.class, () -> csv.replay(new RecordingMarketDataSink(call -> false), FEED_ID));
            assertTrue(ex.getMessage().startsWith("prices.csv:2: replay interrupted while the sink was full"), ex::getMessage);
            assertTrue(Thread.currentThread().isInterrupted(), "the interrupt stays set for the caller");
        }
        finally
        {
            Thread.interrupted();
        }
    }

    @Test
    void shouldContinueTheFeedSequenceAcrossReplays() throws IOException
    {
        final Path file = write("prices.csv", HEADER, GOOD_QUOTE, "2026-11-30T14:30:02Z,trade,AAPL,,,,,190.01,10");
        final CsvMarketDataFile csv = CsvMarketDataFile.open(file, referenceData());
        final RecordingMarketDataSink sink = new RecordingMarketDataSink();

        csv.replay(sink, FEED_ID);
        csv.replay(sink, FEED_ID);

        final List<RecordingMarketDataSink.Call> calls = sink.calls();
        assertEquals(4, calls.size());
        assertEquals(4L, calls.get(3).feedSequence());
    }
}
