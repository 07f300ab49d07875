package io.horizon.fix.marketdata;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;

import io.horizon.engine.event.FixedPoint;
import io.horizon.engine.event.RejectReason;
import io.horizon.engine.event.Side;
import io.horizon.engine.feed.MarketDataSink;
import io.horizon.engine.reference.ReferenceData;
import io.horizon.engine.venue.VenueResponses;
import io.horizon.fix.FixVenue;
import io.horizon.fix.SimulatorHarness;
import io.horizon.fix.sim.FixExchangeSimulator;
import io.horizon.fix.sim.FixSimSettings;
import io.horizon.fix.sim.SimFaults;
import org.agrona.concurrent.OffsetEpochNanoClock;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import quickfix.field.MDEntryPx;
import quickfix.field.MDEntrySize;
import quickfix.field.MDEntryType;
import quickfix.field.MDReqID;
import quickfix.field.MDUpdateAction;
import quickfix.field.Symbol;
import quickfix.fix44.MarketDataIncrementalRefresh;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * FIX market data (Artio, our side) from the FIX exchange simulator (QuickFIX/J) over a real
 * loopback socket: MarketDataRequest out after logon, snapshot and incremental refreshes in as
 * quote and trade events, the simulator's reject of a symbol it does not list, hostile entries,
 * and a dropped session. The test thread polls the venue as the engine thread would, through the
 * fix module's {@link SimulatorHarness} (an idle poll parks briefly, as the engine's back-off does).
 * <p>
 * The simulator lists AAPL only and quotes it from two fixed quotes that alternate on each
 * {@code tick()}: 99.00 x 4 / 100.00 x 4, then 99.50 x 3 / 100.00 x 4. ZZZ is known to Horizon
 * but not listed there.
 */
final class FixMarketDataTest
{
    private static final int FEED_ID = 7;

    @TempDir
    static Path directory;

    private static SimulatorHarness harness;
    private static FixExchangeSimulator simulator;
    private static FixVenue venue;
    private static FixMarketDataFeed feed;
    private static final RecordingSink SINK = new RecordingSink();
    private static final NoResponses RESPONSES = new NoResponses();
    private static final RecordingDownReports DOWNS = new RecordingDownReports();

    @BeforeAll
    static void startSimulatorAndSubscribe()
    {
        harness = new SimulatorHarness(new SimFaults(), List.of(
            new FixSimSettings.FixedQuote("AAPL", FixedPoint.ofUnits(99), FixedPoint.ofUnits(4),
                FixedPoint.ofUnits(100), FixedPoint.ofUnits(4)),
            new FixSimSettings.FixedQuote("AAPL", FixedPoint.fromDouble(99.5), FixedPoint.ofUnits(3),
                FixedPoint.ofUnits(100), FixedPoint.ofUnits(4))));
        simulator = harness.simulator;
        final ReferenceData referenceData = ReferenceData.builder()
            .instrument("AAPL", FixedPoint.fromDouble(0.01), FixedPoint.ofUnits(100))
            .instrument("ZZZ", FixedPoint.fromDouble(0.01), FixedPoint.ofUnits(10))
            .account("paper", FixedPoint.ofUnits(1_000_000))
            .build();
        venue = harness.venue(directory.resolve("fix-sim"), referenceData, true);
        feed = new FixMarketDataFeed(referenceData, FEED_ID, new OffsetEpochNanoClock(), "sim test");
        venue.attach(feed);
        feed.start(SINK, DOWNS);
        pollUntil(() -> feed.isStreaming() && !SINK.lines.isEmpty() && feed.rejectedRequests() == 1,
            "subscribed, AAPL's snapshot in and ZZZ rejected");
    }

    @AfterAll
    static void stop()
    {
        if (harness != null)
        {
            harness.close();
        }
    }

    @BeforeEach
    void clear()
    {
        pollFor(200);
        SINK.lines.clear();
        SINK.sequences.clear();
    }

    @Test
    void shouldTurnTheSnapshotAndEachBookChangeIntoQuotesAtTheEngineScale()
    {
        final long refused = feed.refusedEntries();
        simulator.tick();
        awaitLines(1);
        simulator.tick();
        awaitLines(2);
        // The two fixed quotes alternate; which comes first depends on how often earlier tests ticked.
        assertEquals(java.util.Set.of("quote 0 99.5x3/100x4", "quote 0 99x4/100x4"), java.util.Set.copyOf(SINK.bodies()),
            SINK.lines.toString());
        assertTrue(SINK.sequencesIncrease(), SINK.lines.toString());
        assertEquals(FEED_ID, SINK.lastFeedId);
        assertEquals(refused, feed.refusedEntries());
    }

    @Test
    void shouldLetTheVenueRejectAnUnlistedSymbolAndKeepTheOthersStreaming()
    {
        assertTrue(feed.rejectedRequests() >= 1, "fix-sim refused ZZZ with a MarketDataRequestReject");
        assertEquals(1, simulator.marketDataSubscriptions(), "AAPL is subscribed");
        simulator.tick();
        awaitLines(1);
        assertTrue(SINK.lines.get(0).startsWith("quote 0 "), "AAPL (id 0) streams: " + SINK.lines);
    }

    @Test
    void shouldPublishTradesAndCrossedQuotesAndSkipHostileEntriesLeavingASequenceGap()
    {
        final long refused = feed.refusedEntries();
        final MarketDataIncrementalRefresh update = new MarketDataIncrementalRefresh();
        update.set(new MDReqID("HZMD-1-AAPL"));
        update.addGroup(entry(MDUpdateAction.NEW, MDEntryType.TRADE, "AAPL", 99.75, 2));
        update.addGroup(entry(MDUpdateAction.NEW, MDEntryType.TRADE, "QQQ", 10, 1));      // unknown symbol
        update.addGroup(entry(MDUpdateAction.CHANGE, MDEntryType.BID, "AAPL", -1, 5));    // a price below zero
        update.addGroup(entry(MDUpdateAction.CHANGE, MDEntryType.BID, "AAPL", 101, 5));   // crossed: bid above the ask
        simulator.sendToClient(update);
        awaitLines(2);
        assertEquals(List.of("trade 0 2@99.75", "quote 0 101x5/100x4"), SINK.bodies(), "crossed data is published for risk to judge");
        assertEquals(refused + 2, feed.refusedEntries());
        assertEquals(SINK.sequences.get(0) + 3, SINK.sequences.get(1), "the two skipped entries left a gap of two");

        final MarketDataIncrementalRefresh delete = new MarketDataIncrementalRefresh();
        delete.set(new MDReqID("HZMD-1-AAPL"));
        final MarketDataIncrementalRefresh.NoMDEntries bidGone = new MarketDataIncrementalRefresh.NoMDEntries();
        bidGone.set(new MDUpdateAction(MDUpdateAction.DELETE));
        bidGone.set(new MDEntryType(MDEntryType.BID));
        bidGone.set(new Symbol("AAPL"));
        delete.addGroup(bidGone);
        simulator.sendToClient(delete);
        awaitLines(3);
        assertEquals("quote 0 0x0/100x4", SINK.bodies().get(2), "a deleted side is published as absent");
    }

    @Test
    void shouldNotTakeTheBookBackWhenTheVenueResendsARefreshOlderThanTheLastApplied()
    {
        final long resentBefore = feed.resentDropped();
        simulator.loseMarketData(1);
        simulator.tick();
        pollFor(300);
        assertEquals(List.of(), SINK.lines, "the refresh was lost on the way");
        simulator.tick();
        pollUntil(() -> feed.resentDropped() > resentBefore, "the lost refresh resent after the newer one");
        pollFor(300);

        // The newer refresh applies once; the venue resends from the gap on (43=Y): the older one
        // (a lower 34=MsgSeqNum) and the newer one again, two entries each, all dropped, so the
        // book is neither taken back a tick nor published twice.
        assertEquals(1, SINK.lines.size(), SINK.lines.toString());
        assertTrue(feed.resentDropped() >= resentBefore + 2, "the resent entries dropped: " + feed.resentDropped());
        final String now = SINK.lines.get(0);
        simulator.tick();
        awaitLines(2);
        assertTrue(!SINK.lines.get(1).equals(now), "the two fixed quotes alternate: " + SINK.lines);
    }

    @Test
    void shouldReportTheDropAtOnceStopStreamingAndResubscribeAfterTheReconnect()
    {
        simulator.pauseMarketData(true);
        simulator.tick();
        pollFor(300);
        assertEquals(List.of(), SINK.lines, "a paused simulator publishes nothing");
        simulator.pauseMarketData(false);

        assertEquals(List.of(), DOWNS.reports, "no drop reported while the session is up");
        DOWNS.refusals = 2;
        simulator.dropSession();
        pollUntil(() -> !feed.isStreaming(), "the feed sees the session down");
        pollUntil(() -> !DOWNS.reports.isEmpty(), "the drop reported (after two refusals: the ring was full)");
        assertEquals(List.of(FEED_ID + " FIX market data session sim test dropped"), DOWNS.reports,
            "reported once, at the drop, with the feed id");
        pollUntil(() -> feed.isStreaming() && !SINK.lines.isEmpty(), "logged on again, resubscribed, snapshot in");
        assertEquals(1, DOWNS.reports.size(), "nothing more reported once the session is back");
        assertEquals(1, simulator.marketDataSubscriptions(), "one live subscription, not the old one twice");
        final int before = SINK.lines.size();
        simulator.tick();
        awaitLines(before + 1);
    }

    private static MarketDataIncrementalRefresh.NoMDEntries entry(final char action, final char type, final String symbol,
        final double price, final double size)
    {
        final MarketDataIncrementalRefresh.NoMDEntries entry = new MarketDataIncrementalRefresh.NoMDEntries();
        entry.set(new MDUpdateAction(action));
        entry.set(new MDEntryType(type));
        entry.set(new Symbol(symbol));
        entry.set(new MDEntryPx(price));
        entry.set(new MDEntrySize(size));
        return entry;
    }

    private static void awaitLines(final int count)
    {
        pollUntil(() -> SINK.lines.size() >= count, count + " events");
    }

    private static void pollFor(final long millis)
    {
        SimulatorHarness.pollFor(venue, RESPONSES, millis);
    }

    private static void pollUntil(final BooleanSupplier condition, final String what)
    {
        SimulatorHarness.pollUntil(venue, RESPONSES, condition, what, () -> "events " + SINK.lines);
    }

    /** Drops of the session as reported, {@code FEED REASON}; refuses the next {@code refusals} as a full ring would. */
    private static final class RecordingDownReports implements FeedDownReports
    {
        final List<String> reports = new ArrayList<>();
        int refusals;

        @Override
        public boolean feedDown(final int feedId, final CharSequence reason)
        {
            if (refusals > 0)
            {
                refusals--;
                return false;
            }
            reports.add(feedId + " " + reason);
            return true;
        }
    }

    /** Market data as text lines: {@code SEQ quote ID BIDxQTY/ASKxQTY} or {@code SEQ trade ID QTY@PRICE}. */
    private static final class RecordingSink implements MarketDataSink
    {
        final List<String> lines = new ArrayList<>();
        final List<Long> sequences = new ArrayList<>();
        int lastFeedId = -1;

        @Override
        public boolean quote(final long timestampNanos, final int feedId, final long feedSequence, final int instrumentId,
            final long bidPrice, final long bidQuantity, final long askPrice, final long askQuantity)
        {
            record(feedId, feedSequence, "quote " + instrumentId + " " + FixedPoint.format(bidPrice) + "x" +
                FixedPoint.format(bidQuantity) + "/" + FixedPoint.format(askPrice) + "x" + FixedPoint.format(askQuantity));
            return true;
        }

        @Override
        public boolean trade(final long timestampNanos, final int feedId, final long feedSequence, final int instrumentId,
            final long price, final long quantity, final Side aggressor)
        {
            record(feedId, feedSequence, "trade " + instrumentId + " " + FixedPoint.format(quantity) + "@" +
                FixedPoint.format(price));
            return true;
        }

        private void record(final int feedId, final long feedSequence, final String body)
        {
            lastFeedId = feedId;
            sequences.add(feedSequence);
            lines.add(body);
        }

        List<String> bodies()
        {
            return List.copyOf(lines);
        }

        boolean sequencesIncrease()
        {
            for (int i = 1; i < sequences.size(); i++)
            {
                if (sequences.get(i) <= sequences.get(i - 1))
                {
                    return false;
                }
            }
            return true;
        }
    }

    /** No orders are sent here: venue responses would be a bug. */
    private static final class NoResponses implements VenueResponses
    {
        @Override
        public void ack(final long orderId, final int accountId, final int instrumentId, final long venueOrderId)
        {
            throw new AssertionError("ack");
        }

        @Override
        public void reject(final long orderId, final int accountId, final int instrumentId, final RejectReason reason,
            final long reasonValue)
        {
            throw new AssertionError("reject");
        }

        @Override
        public void fill(final long orderId, final int accountId, final int instrumentId, final long price,
            final long quantity, final long leavesQuantity)
        {
            throw new AssertionError("fill");
        }

        @Override
        public void canceled(final long orderId, final int accountId, final int instrumentId, final long leavesQuantity)
        {
            throw new AssertionError("canceled");
        }

        @Override
        public void cancelRejected(final long orderId, final int accountId, final int instrumentId,
            final RejectReason reason, final long reasonValue)
        {
            throw new AssertionError("cancelRejected");
        }

        @Override
        public void replaced(final long orderId, final int accountId, final int instrumentId, final long price,
            final long quantity, final long leavesQuantity)
        {
            throw new AssertionError("replaced");
        }

        @Override
        public void replaceRejected(final long orderId, final int accountId, final int instrumentId,
            final RejectReason reason, final long reasonValue)
        {
            throw new AssertionError("replaceRejected");
        }

        @Override
        public void expired(final long orderId, final int accountId, final int instrumentId, final long leavesQuantity)
        {
            throw new AssertionError("expired");
        }
    }
}
