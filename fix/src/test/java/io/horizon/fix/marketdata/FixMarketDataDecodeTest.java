package io.horizon.fix.marketdata;

import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;

import io.horizon.engine.counter.EngineCounters;
import io.horizon.engine.event.FixedPoint;
import io.horizon.engine.event.Side;
import io.horizon.engine.feed.MarketDataSink;
import io.horizon.engine.reference.ReferenceData;
import io.horizon.fix.codecs.decoder.MarketDataIncrementalRefreshDecoder;
import io.horizon.fix.codecs.decoder.MarketDataSnapshotFullRefreshDecoder;
import org.agrona.concurrent.OffsetEpochNanoClock;
import org.junit.jupiter.api.Test;
import quickfix.Message;
import quickfix.field.MDEntryPx;
import quickfix.field.MDEntrySize;
import quickfix.field.MDEntryType;
import quickfix.field.MDReqID;
import quickfix.field.MDUpdateAction;
import quickfix.field.MsgSeqNum;
import quickfix.field.PossDupFlag;
import quickfix.field.SenderCompID;
import quickfix.field.SendingTime;
import quickfix.field.Symbol;
import quickfix.field.TargetCompID;
import quickfix.fix44.MarketDataIncrementalRefresh;
import quickfix.fix44.MarketDataSnapshotFullRefresh;
import uk.co.real_logic.artio.util.MutableAsciiBuffer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The decode path of {@link FixMarketDataFeed} without a session: messages as QuickFIX/J writes
 * them, handed over as the venue hands them (bytes in a buffer, Artio's message type).
 */
final class FixMarketDataDecodeTest
{
    private final ReferenceData referenceData = ReferenceData.builder()
        .instrument("AAPL", FixedPoint.fromDouble(0.01), FixedPoint.ofUnits(190))
        .instrument("MSFT", FixedPoint.fromDouble(0.01), FixedPoint.ofUnits(420))
        .account("paper", FixedPoint.ofUnits(1_000_000))
        .build();
    private final CountingSink sink = new CountingSink();
    private final FixMarketDataFeed feed = new FixMarketDataFeed(referenceData, 3, new OffsetEpochNanoClock(), "test");

    @Test
    void shouldDecodeSnapshotsAndIncrementalRefreshesWithoutAllocatingOnceWarm()
    {
        feed.start(sink);
        final MutableAsciiBuffer snapshot = buffer(snapshot("MSFT", 419.99, 100, 420.01, 200));
        final MutableAsciiBuffer update = buffer(update());
        for (int i = 0; i < 20_000; i++)
        {
            deliver(snapshot, MarketDataSnapshotFullRefreshDecoder.MESSAGE_TYPE);
            deliver(update, MarketDataIncrementalRefreshDecoder.MESSAGE_TYPE);
        }
        final com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean)ManagementFactory.getThreadMXBean();
        final long thread = Thread.currentThread().getId();
        final int messages = 100_000;
        final long before = threads.getThreadAllocatedBytes(thread);
        for (int i = 0; i < messages / 2; i++)
        {
            deliver(snapshot, MarketDataSnapshotFullRefreshDecoder.MESSAGE_TYPE);
            deliver(update, MarketDataIncrementalRefreshDecoder.MESSAGE_TYPE);
        }
        final long allocated = threads.getThreadAllocatedBytes(thread) - before;

        // One String or boxed value per message would be at least 16 B/message, 1.6 MB in all.
        assertTrue(allocated < messages, allocated + " bytes allocated for " + messages + " messages");
        assertEquals(0, feed.refusedEntries());
        assertEquals(MSFT_BOOK, sink.lastQuote(), "the snapshot's book after the update's change");
        assertEquals(FixedPoint.fromDouble(190.05), sink.lastTradePrice);
        assertEquals(2 * 70_000, sink.quotes, "a quote per snapshot and per update");
        assertEquals(70_000, sink.trades, "a trade per update");
    }

    @Test
    void shouldRefuseGarbageCountItForTheMetricsAndLeaveOtherMessageTypesToTheVenue()
    {
        final EngineCounters counters = new EngineCounters();
        feed.countInto(counters, "sim");
        feed.start(sink);
        final MutableAsciiBuffer garbage = new MutableAsciiBuffer("8=FIX.4.4\u00019=40\u000135=X\u0001268=1\u0001279=1\u0001269=0\u000155=AAPL\u0001270=1O1.5\u0001271=5\u0001".getBytes(
            StandardCharsets.US_ASCII));
        assertTrue(feed.onMessage(garbage, 0, garbage.capacity(), MarketDataIncrementalRefreshDecoder.MESSAGE_TYPE));
        assertEquals(1, feed.refusedEntries());
        assertEquals(0, sink.quotes + sink.trades);
        assertEquals(1, counters.counter("horizon_fix_market_data_refused_entries_total{venue=\"sim\"}",
            EngineCounters.TYPE_PLAIN).get(), "exported for the metrics");

        final MutableAsciiBuffer executionReport = new MutableAsciiBuffer("8=FIX.4.4\u00019=5\u000135=8\u0001".getBytes(
            StandardCharsets.US_ASCII));
        assertFalse(feed.onMessage(executionReport, 0, executionReport.capacity(),
            io.horizon.fix.codecs.decoder.ExecutionReportDecoder.MESSAGE_TYPE), "order entry is the venue's");
    }

    @Test
    void shouldDropMarketDataTheVenueSendsBeforeTheFeedStarted()
    {
        final MutableAsciiBuffer update = buffer(update());
        assertTrue(feed.onMessage(update, 0, update.capacity(), MarketDataIncrementalRefreshDecoder.MESSAGE_TYPE));
        feed.start(sink);
        assertEquals(0, sink.quotes + sink.trades, "nothing was asked for yet");
        assertEquals(0, feed.refusedEntries());
    }

    @Test
    void shouldKeepQuotingAnInstrumentAfterAMessageFailedPartWayThroughIt()
    {
        sink.failNextTrade = true;
        feed.start(sink);
        final MutableAsciiBuffer update = buffer(update());
        deliver(update, MarketDataIncrementalRefreshDecoder.MESSAGE_TYPE);
        assertEquals(1, feed.refusedEntries(), "the message that failed at its trade entry");
        assertEquals(0, sink.quotes);

        deliver(update, MarketDataIncrementalRefreshDecoder.MESSAGE_TYPE);
        assertEquals(1, sink.quotes, "MSFT, touched by the failed message, is quoted by the next one");
        assertEquals(1, sink.trades);
    }

    @Test
    void shouldApplyAResentSnapshotOnlyWhenItIsNewerThanWhatTheInstrumentAlreadyApplied()
    {
        feed.start(sink);
        deliver(numbered(snapshot("MSFT", 419.99, 100, 420.01, 200), 10, false), MarketDataSnapshotFullRefreshDecoder.MESSAGE_TYPE);
        deliver(numbered(snapshot("MSFT", 419.00, 1, 421.00, 1), 9, true), MarketDataSnapshotFullRefreshDecoder.MESSAGE_TYPE);
        deliver(numbered(snapshot("MSFT", 419.00, 1, 421.00, 1), 10, true), MarketDataSnapshotFullRefreshDecoder.MESSAGE_TYPE);
        assertEquals(1, sink.quotes, "an older and a same-numbered resent snapshot are not applied");
        assertEquals(2, feed.resentDropped());
        assertEquals("1 " + FixedPoint.fromDouble(419.99) + "x" + FixedPoint.ofUnits(100) + "/" + FixedPoint.fromDouble(420.01) +
            "x" + FixedPoint.ofUnits(200), sink.lastQuote());

        deliver(numbered(snapshot("MSFT", 419.50, 5, 420.50, 5), 12, true), MarketDataSnapshotFullRefreshDecoder.MESSAGE_TYPE);
        deliver(numbered(snapshot("AAPL", 189.99, 5, 190.01, 5), 11, true), MarketDataSnapshotFullRefreshDecoder.MESSAGE_TYPE);
        assertEquals(3, sink.quotes, "a newer resent snapshot applies, and each instrument is judged on its own");
        assertEquals(2, feed.resentDropped());
    }

    private static final String MSFT_BOOK = "1 " + FixedPoint.fromDouble(419.98) + "x" + FixedPoint.ofUnits(300) + "/" +
        FixedPoint.fromDouble(420.01) + "x" + FixedPoint.ofUnits(200);

    private void deliver(final MutableAsciiBuffer message, final long type)
    {
        feed.onMessage(message, 0, message.capacity(), type);
    }

    private static MarketDataSnapshotFullRefresh snapshot(final String symbol, final double bid, final double bidSize,
        final double ask, final double askSize)
    {
        final MarketDataSnapshotFullRefresh w = new MarketDataSnapshotFullRefresh();
        w.set(new MDReqID("HZMD-1-" + symbol));
        w.set(new Symbol(symbol));
        for (final double[] side : new double[][] {{MDEntryType.BID, bid, bidSize}, {MDEntryType.OFFER, ask, askSize}})
        {
            final MarketDataSnapshotFullRefresh.NoMDEntries entry = new MarketDataSnapshotFullRefresh.NoMDEntries();
            entry.set(new MDEntryType((char)side[0]));
            entry.set(new MDEntryPx(side[1]));
            entry.set(new MDEntrySize(side[2]));
            w.addGroup(entry);
        }
        return w;
    }

    /** MSFT's bid moves to 419.98 x 300, and AAPL trades 5 at 190.05. */
    private static MarketDataIncrementalRefresh update()
    {
        final MarketDataIncrementalRefresh x = new MarketDataIncrementalRefresh();
        x.set(new MDReqID("HZMD-1-MSFT"));
        final MarketDataIncrementalRefresh.NoMDEntries bid = new MarketDataIncrementalRefresh.NoMDEntries();
        bid.set(new MDUpdateAction(MDUpdateAction.CHANGE));
        bid.set(new MDEntryType(MDEntryType.BID));
        bid.set(new Symbol("MSFT"));
        bid.set(new MDEntryPx(419.98));
        bid.set(new MDEntrySize(300));
        x.addGroup(bid);
        final MarketDataIncrementalRefresh.NoMDEntries trade = new MarketDataIncrementalRefresh.NoMDEntries();
        trade.set(new MDUpdateAction(MDUpdateAction.NEW));
        trade.set(new MDEntryType(MDEntryType.TRADE));
        trade.set(new Symbol("AAPL"));
        trade.set(new MDEntryPx(190.05));
        trade.set(new MDEntrySize(5));
        x.addGroup(trade);
        return x;
    }

    private static MutableAsciiBuffer buffer(final Message message)
    {
        return numbered(message, 2, false);
    }

    private static MutableAsciiBuffer numbered(final Message message, final int seqNum, final boolean possDup)
    {
        message.getHeader().setString(SenderCompID.FIELD, "HZSIM");
        message.getHeader().setString(TargetCompID.FIELD, "HORIZON");
        message.getHeader().setInt(MsgSeqNum.FIELD, seqNum);
        message.getHeader().setUtcTimeStamp(SendingTime.FIELD, java.time.LocalDateTime.of(2026, 12, 5, 12, 0));
        if (possDup)
        {
            message.getHeader().setBoolean(PossDupFlag.FIELD, true);
        }
        return new MutableAsciiBuffer(message.toString().getBytes(StandardCharsets.US_ASCII));
    }

    /** Counts events and keeps the last quote, read as {@code ID BIDxQTY/ASKxQTY} in raw fixed point. */
    private static final class CountingSink implements MarketDataSink
    {
        long quotes;
        long trades;
        long lastTradePrice;
        boolean failNextTrade;
        private int lastInstrument = -1;
        private long bid;
        private long bidQuantity;
        private long ask;
        private long askQuantity;

        @Override
        public boolean quote(final long timestampNanos, final int feedId, final long feedSequence, final int instrumentId,
            final long bidPrice, final long bidQuantity, final long askPrice, final long askQuantity)
        {
            quotes++;
            lastInstrument = instrumentId;
            bid = bidPrice;
            this.bidQuantity = bidQuantity;
            ask = askPrice;
            this.askQuantity = askQuantity;
            return true;
        }

        @Override
        public boolean trade(final long timestampNanos, final int feedId, final long feedSequence, final int instrumentId,
            final long price, final long quantity, final Side aggressor)
        {
            if (failNextTrade)
            {
                failNextTrade = false;
                throw new IllegalStateException("a sink that failed once");
            }
            trades++;
            lastTradePrice = price;
            return true;
        }

        String lastQuote()
        {
            return lastInstrument + " " + bid + "x" + bidQuantity + "/" + ask + "x" + askQuantity;
        }
    }
}
