package io.horizon.engine.snapshot;

import static io.horizon.engine.support.TestMarkets.ALICE;
import static io.horizon.engine.support.TestMarkets.BOB;
import static io.horizon.engine.support.TestMarkets.qty;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.function.Consumer;

import io.horizon.engine.blp.BusinessLogicProcessor;
import io.horizon.engine.config.EngineConfig;
import io.horizon.engine.event.ControlAction;
import io.horizon.engine.event.InboundEvent;
import io.horizon.engine.event.OrderState;
import io.horizon.engine.event.OrderType;
import io.horizon.engine.event.Side;
import io.horizon.engine.feed.MarketDataSink;
import io.horizon.engine.feed.SyntheticMarket;
import io.horizon.engine.journal.InMemoryJournal;
import io.horizon.engine.killswitch.KillTrigger;
import io.horizon.engine.output.AlertKind;
import io.horizon.engine.output.EngineOutput;
import io.horizon.engine.output.ExecType;
import io.horizon.engine.pipeline.EnginePipeline;
import io.horizon.engine.pipeline.ThreadingMode;
import io.horizon.engine.reference.ReferenceData;
import io.horizon.engine.risk.RiskChain;
import io.horizon.engine.risk.RiskConfig;
import io.horizon.engine.risk.RiskProfile;
import io.horizon.engine.strategy.MarketMaker;
import io.horizon.engine.support.JournalReplay;
import io.horizon.engine.support.RecordingReports;
import io.horizon.engine.support.TestMarkets;
import io.horizon.engine.venue.paper.PaperVenue;
import io.horizon.engine.journal.sbe.EngineStateRecordDecoder;
import io.horizon.engine.journal.sbe.MessageHeaderDecoder;
import io.horizon.engine.journal.sbe.MessageHeaderEncoder;
import io.horizon.engine.journal.sbe.SnapshotHeaderEncoder;
import org.agrona.ExpandableArrayBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * THE snapshot property: a long randomized live run (the market maker and random client orders
 * trading on the paper venue, partial fills, amends and cancels, run-time limit changes, the kill
 * switch fired, a refused and a real reset, a feed outage) takes snapshots as it goes; restoring
 * any of them and replaying the journal after it gives exactly the outputs, and exactly the final
 * state, of replaying the whole journal, and exactly the paper venue's book the live run ended with
 * (resting orders in priority order, stored quotes, the next venue order id); so does replaying the
 * whole journal through a fresh paper venue, as a recovery without a snapshot does.
 */
final class SnapshotReplayTest
{
    private static final long BASE = 1_795_910_400_000_000_000L;
    private static final long MS = 1_000_000L;
    private static final int TICKS = 8_000;

    /** Client orders the venue has acked, newest last: the run amends these, so amends find live orders. */
    private static final java.util.concurrent.ConcurrentLinkedDeque<long[]> ACKED_ORDERS = new java.util.concurrent.ConcurrentLinkedDeque<>();
    private static final io.horizon.engine.output.ExecutionReportListener ACKED = report ->
    {
        if (report.execType == ExecType.NEW && report.clientOrderIdHi == 77)
        {
            ACKED_ORDERS.add(new long[]{report.accountId, report.clientOrderIdLo, report.price});
        }
    };

    private final ReferenceData ref = TestMarkets.referenceData();

    private static RiskChain risk()
    {
        return new RiskChain(RiskConfig.builder(RiskProfile.MODERATE).set("grace_period_s", "1")
            .set("rate_limit_per_sec", "50").set("dedup_window_ms", "0").set("max_consecutive_rejects", "1000").build());
    }

    private static EngineConfig config(final ThreadingMode threading)
    {
        return EngineConfig.builder().threading(threading).ringSize(1024).orderCapacity(1024).heartbeatIntervalMillis(0).seed(5).build();
    }

    private EnginePipeline.Builder engine(final ThreadingMode threading, final RecordingReports reports, final RiskChain risk)
    {
        return EnginePipeline.builder()
            .config(config(threading))
            .referenceData(ref)
            .strategy(new MarketMaker(ALICE, 1, qty(5), qty(40), 1))
            .risk(risk)
            .reportListener(reports);
    }

    @ParameterizedTest
    @EnumSource(value = ThreadingMode.class, names = {"SHARED", "DEDICATED"})
    void shouldGiveTheSameOutputsAndStateFromAnySnapshotPlusTheTailAsFromTheWholeJournal(final ThreadingMode threading)
    {
        // Completed on the gateway thread (they carry the venue's book): read after the stop.
        final List<Taken> snapshots = Collections.synchronizedList(new ArrayList<>());
        final InMemoryJournal journal = new InMemoryJournal();
        final RecordingReports live = new RecordingReports();
        final SnapshotTaker taker = new SnapshotTaker(new SnapshotPolicy(2_500, 0),
            (facts, image, pause, ticket) -> snapshots.add(new Taken(facts, image)),
            ReferenceFingerprint.of(ref), 42, ref.instrumentCount(), ref.accountCount(), 1024);
        final PaperVenue liveVenue = new PaperVenue(ref, 1024);
        final EnginePipeline pipeline = engine(threading, live, risk())
            .journal(journal)
            .venue(liveVenue)
            .snapshots(taker)
            .reportListener(ACKED)
            .build()
            .start();
        try
        {
            randomRun(pipeline);
            assertTrue(pipeline.awaitIdle(30_000));
        }
        finally
        {
            assertTrue(pipeline.drainAndStop());
        }
        final List<InboundEvent> input = journal.events();
        final List<EngineOutput> liveOutputs = live.all();
        final byte[] liveBook = bookOf(liveVenue);
        assertTrue(snapshots.size() >= 4, "snapshots taken: " + snapshots.size());
        assertRunCoversEverything(liveOutputs);

        // The whole journal, replayed as a recovery without a snapshot does (a fresh paper venue,
        // not live): the reference. The venue follows every record from its empty start, so the
        // book it ends with, and the book in every snapshot taken on the way, is the live run's:
        // resting orders in priority order, stored quotes and the next venue order id.
        final RecordingReports full = new RecordingReports();
        final PaperVenue fullVenue = new PaperVenue(ref, 1024);
        final List<Taken> fromStart = Collections.synchronizedList(new ArrayList<>());
        final EnginePipeline fullReplay = engine(threading, full, risk()).venue(fullVenue).sideEffects(false)
            .snapshots(new SnapshotTaker(new SnapshotPolicy(2_500, 0), (f, image, pause, ticket) -> fromStart.add(new Taken(f, image)),
                ReferenceFingerprint.of(ref), 42, ref.instrumentCount(), ref.accountCount(), 1024))
            .build();
        final List<EngineOutput> fullOutputs = JournalReplay.replay(fullReplay, full, input);
        JournalReplay.assertSameOutputs(liveOutputs, fullOutputs);
        final byte[] fullState = stateOf(fullReplay.blp());
        assertArrayEquals(liveBook, bookOf(fullVenue), "final paper venue book from the whole journal");
        assertEquals(snapshots.size(), fromStart.size(), "snapshots taken replaying the whole journal");
        for (int i = 0; i < snapshots.size(); i++)
        {
            assertArrayEquals(snapshots.get(i).image, fromStart.get(i).image, "snapshot at " +
                snapshots.get(i).facts.journalIndex() + ", book included, replaying the whole journal");
        }

        final Set<OrderState> statesInSnapshots = EnumSet.noneOf(OrderState.class);
        int booksWithOrders = 0;
        for (final Taken snapshot : snapshots)
        {
            final long index = snapshot.facts.journalIndex();
            final RecordingReports tail = new RecordingReports();
            final PaperVenue venue = new PaperVenue(ref, 1024);
            // Snapshots taken while the tail replays carry the followed book: each must equal the
            // live run's at the same position, byte for byte (engine state and book).
            final List<Taken> again = Collections.synchronizedList(new ArrayList<>());
            final EnginePipeline restored = engine(DeterminismOther.of(threading), tail, risk()).venue(venue).sideEffects(false)
                .snapshots(new SnapshotTaker(new SnapshotPolicy(2_500, 0), (f, image, pause, ticket) -> again.add(new Taken(f, image)),
                    ReferenceFingerprint.of(ref), 42, ref.instrumentCount(), ref.accountCount(), 1024))
                .build();
            final SnapshotFacts facts = restored.restore(new UnsafeBuffer(snapshot.image), snapshot.image.length);
            assertEquals(index, facts.journalIndex());
            booksWithOrders += venue.restingOrderCount() > 0 ? 1 : 0;
            statesInSnapshots.addAll(liveStates(restored.blp()));
            final List<EngineOutput> tailOutputs = JournalReplay.replay(restored, tail, input.subList((int)index, input.size()));
            JournalReplay.assertSameOutputs(fullOutputs.stream().filter(o -> o.causeSequence >= index).toList(), tailOutputs);
            assertArrayEquals(fullState, stateOf(restored.blp()), "final state from the snapshot at " + index);
            assertArrayEquals(liveBook, bookOf(venue), "final paper venue book from the snapshot at " + index);
            final List<Taken> later = snapshots.stream().filter(t -> t.facts.journalIndex() > index).toList();
            assertEquals(later.size(), again.size(), "snapshots taken in the tail after " + index);
            for (int i = 0; i < later.size(); i++)
            {
                assertArrayEquals(later.get(i).image, again.get(i).image, "snapshot at " + later.get(i).facts.journalIndex() +
                    ", replayed from the one at " + index);
            }
        }
        assertTrue(booksWithOrders >= 2, "snapshots should hold books with resting orders: " + booksWithOrders);
        assertTrue(statesInSnapshots.containsAll(EnumSet.of(OrderState.ACCEPTED, OrderState.PARTIALLY_FILLED)),
            "snapshots should hold orders in several states: " + statesInSnapshots);
    }

    @Test
    void shouldTakeSnapshotsAtTheSameJournalPositionsOnEveryRunOfTheSameInput()
    {
        final List<Long> first = new ArrayList<>();
        final List<Long> second = new ArrayList<>();
        final InMemoryJournal journal = new InMemoryJournal();
        final EnginePipeline live = engine(ThreadingMode.SHARED, new RecordingReports(), risk())
            .journal(journal)
            .venue(new PaperVenue(ref, 1024))
            .snapshots(taker(new SnapshotPolicy(1_000, 2_000 * MS), first))
            .build()
            .start();
        try
        {
            randomRun(live);
            assertTrue(live.awaitIdle(30_000));
        }
        finally
        {
            live.drainAndStop();
        }
        final EnginePipeline replay = engine(ThreadingMode.DEDICATED, new RecordingReports(), risk())
            .sideEffects(false)
            .snapshots(taker(new SnapshotPolicy(1_000, 2_000 * MS), second))
            .build();
        JournalReplay.replay(replay, new RecordingReports(), journal.events());
        assertTrue(first.size() > 5);
        assertEquals(first, second);
    }

    @Test
    void shouldRestoreASnapshotWithoutABookAndLeaveTheBookToTheReconcileStep()
    {
        final List<Taken> snapshots = Collections.synchronizedList(new ArrayList<>());
        final InMemoryJournal journal = new InMemoryJournal();
        final SnapshotTaker taker = new SnapshotTaker(new SnapshotPolicy(2_500, 0),
            (facts, image, pause, ticket) -> snapshots.add(new Taken(facts, image)),
            ReferenceFingerprint.of(ref), 42, ref.instrumentCount(), ref.accountCount(), 1024);
        final RecordingReports live = new RecordingReports();
        final EnginePipeline pipeline = engine(ThreadingMode.SHARED, live, risk())
            .journal(journal).venue(new PaperVenue(ref, 1024)).snapshots(taker).reportListener(ACKED).build().start();
        try
        {
            randomRun(pipeline);
            assertTrue(pipeline.awaitIdle(30_000));
        }
        finally
        {
            assertTrue(pipeline.drainAndStop());
        }
        final List<InboundEvent> input = journal.events();
        // Early in the run, before the end-of-day kill cancels everything, so orders rest.
        final Taken withBook = snapshots.get(1);
        final long tailEnd = snapshots.get(2).facts.journalIndex();
        final SnapshotCodec codec = new SnapshotCodec();
        codec.read(new UnsafeBuffer(withBook.image), withBook.image.length, new StateReader());
        assertTrue(codec.hasVenueState(), "a live paper venue's snapshots carry its book");
        // The previous release's layout: the header and the engine state record, no venue record.
        final EngineStateRecordDecoder engineRecord = new EngineStateRecordDecoder()
            .wrapAndApplyHeader(new UnsafeBuffer(withBook.image), MessageHeaderEncoder.ENCODED_LENGTH + SnapshotHeaderEncoder.BLOCK_LENGTH,
                new MessageHeaderDecoder());
        final byte[] engineState = new byte[engineRecord.stateLength()];
        engineRecord.getState(engineState, 0, engineState.length);
        final ExpandableArrayBuffer old = new ExpandableArrayBuffer();
        final int oldLength = new SnapshotCodec().write(old, withBook.facts, new UnsafeBuffer(engineState), engineState.length, null);
        final SnapshotCodec oldReader = new SnapshotCodec();
        oldReader.read(old, oldLength, new StateReader());
        assertFalse(oldReader.hasVenueState());

        final long index = withBook.facts.journalIndex();
        final PaperVenue venue = new PaperVenue(ref, 1024);
        final RecordingReports tail = new RecordingReports();
        final EnginePipeline restored = engine(ThreadingMode.SHARED, tail, risk()).venue(venue).sideEffects(false).build();
        assertEquals(index, restored.restore(old, oldLength).journalIndex());
        assertEquals(0, venue.restingOrderCount(), "no book in the snapshot: the venue starts empty");
        restored.start();
        try
        {
            for (final InboundEvent event : input.subList((int)index, (int)tailEnd))
            {
                publish(restored, e -> e.copyFrom(event));
            }
            assertTrue(restored.awaitIdle(30_000));
            // Not followed through the tail: nothing reached the venue while not live.
            assertEquals(0, venue.restingOrderCount());
            restored.goLive();
            restored.orderEntry().control(ControlAction.RECONCILE, 0, "recovery");
            assertTrue(restored.awaitIdle(30_000));
        }
        finally
        {
            assertTrue(restored.drainAndStop());
        }
        final int[] liveLimitOrders = new int[1];
        restored.blp().ledger().forEachOrder(o -> liveLimitOrders[0] += o.orderType() == OrderType.LIMIT ? 1 : 0);
        assertTrue(liveLimitOrders[0] > 0, "the run should end with live limit orders");
        assertEquals(liveLimitOrders[0], venue.restingOrderCount(), "the reconcile step rebuilds the book from the BLP's orders");
    }

    static byte[] bookOf(final PaperVenue venue)
    {
        final StateWriter out = new StateWriter(1024);
        venue.writeState(out);
        final byte[] bytes = new byte[out.position()];
        out.buffer().getBytes(0, bytes);
        return bytes;
    }

    private SnapshotTaker taker(final SnapshotPolicy policy, final List<Long> positions)
    {
        return new SnapshotTaker(policy, (facts, image, pause, ticket) -> positions.add(facts.journalIndex()),
            ReferenceFingerprint.of(ref), 0, ref.instrumentCount(), ref.accountCount(), 1024);
    }

    static byte[] stateOf(final BusinessLogicProcessor blp)
    {
        final StateWriter out = new StateWriter(1024);
        blp.writeState(out);
        final byte[] bytes = new byte[out.position()];
        out.buffer().getBytes(0, bytes);
        return bytes;
    }

    private static Set<OrderState> liveStates(final BusinessLogicProcessor blp)
    {
        final Set<OrderState> states = EnumSet.noneOf(OrderState.class);
        blp.ledger().forEachOrder(o -> states.add(o.state()));
        return states;
    }

    private static void assertRunCoversEverything(final List<EngineOutput> outputs)
    {
        for (final ExecType type : new ExecType[]{ExecType.FILL, ExecType.PARTIAL_FILL, ExecType.REPLACED, ExecType.CANCELED,
            ExecType.REJECTED})
        {
            assertTrue(outputs.stream().anyMatch(r -> r.execType == type), "the run should have " + type + "; it has " +
                outputs.stream().collect(java.util.stream.Collectors.groupingBy(r -> r.execType + "/" + r.rejectReason,
                java.util.stream.Collectors.counting())));
        }
        for (final AlertKind kind : new AlertKind[]{AlertKind.KILL_SWITCH_FIRED, AlertKind.KILL_SWITCH_RESET,
            AlertKind.KILL_SWITCH_RESET_REFUSED, AlertKind.LIMIT_CHANGED})
        {
            assertTrue(outputs.stream().anyMatch(r -> r.alertKind == kind), "the run should raise " + kind);
        }
    }

    /**
     * Market data with heartbeats, random client orders, amends and cancels on both accounts,
     * limit changes, a kill, a refused reset and a real one, and a second kill left engaged.
     */
    static void randomRun(final EnginePipeline pipeline)
    {
        final SplittableRandom random = new SplittableRandom(20261205);
        ACKED_ORDERS.clear();
        final SyntheticMarket market = new SyntheticMarket(TestMarkets.referenceData(), 3, 1);
        final RingSink sink = new RingSink(pipeline);
        final List<long[]> clientOrders = new ArrayList<>();
        long nextClientId = 1;
        long t = BASE;
        for (int i = 0; i < TICKS; i++)
        {
            t += MS;
            market.next(t, sink);
            final long ts = t;
            if (i % 100 == 0)
            {
                publish(pipeline, e -> e.setHeartbeat(ts));
            }
            if (random.nextInt(6) == 0)
            {
                final int account = random.nextBoolean() ? ALICE : BOB;
                final int instrument = random.nextInt(2);
                final Side side = random.nextBoolean() ? Side.BUY : Side.SELL;
                // Two in three rest a few cents behind the touch; the rest cross it (fills, partial fills).
                final long touch = side == Side.BUY ? sink.bid[instrument] : sink.ask[instrument];
                final long behind = random.nextInt(1, 30) * 10_000L * (side == Side.BUY ? -1 : 1);
                final long price = random.nextInt(3) == 0 ? touch - behind / 3 : touch + behind;
                final long quantity = qty(1 + random.nextInt(200));
                final OrderType type = random.nextInt(10) == 0 ? OrderType.MARKET : OrderType.LIMIT;
                final long id = nextClientId++;
                clientOrders.add(new long[]{account, id, price});
                publish(pipeline, e -> e.setNewOrder(ts, account, instrument, side, type, type == OrderType.MARKET ? 0 : price,
                    quantity, 77, id));
            }
            final long[] acked = ACKED_ORDERS.pollLast();
            if (acked != null && random.nextInt(3) == 0)
            {
                final long newId = nextClientId++;
                final long newPrice = acked[2] + random.nextInt(-3, 4) * 10_000L;
                publish(pipeline, e -> e.setAmend(ts, (int)acked[0], 77, acked[1], 77, newId, newPrice, qty(100 + random.nextInt(100))));
            }
            if (!clientOrders.isEmpty() && random.nextInt(6) == 0)
            {
                final long[] o = clientOrders.get(Math.max(0, clientOrders.size() - 1 - random.nextInt(20)));
                if (random.nextInt(3) == 0)
                {
                    publish(pipeline, e -> e.setCancel(ts, (int)o[0], 77, o[1]));
                }
                else
                {
                    final long newId = nextClientId++;
                    final long newPrice = o[2] + random.nextInt(-3, 4) * 10_000L;
                    publish(pipeline, e -> e.setAmend(ts, (int)o[0], 77, o[1], 77, newId, newPrice, qty(100 + random.nextInt(100))));
                    // The amend may be refused: both ids stay candidates.
                    clientOrders.add(new long[]{o[0], newId, newPrice});
                }
            }
            if (i == 1_500)
            {
                publish(pipeline, e -> e.setControl(ts, ControlAction.LIMIT_CHANGE, 200, "rate_limit_per_sec").accountId = -1);
            }
            if (i == 2_000)
            {
                publish(pipeline, e -> e.setControl(ts, ControlAction.LIMIT_CHANGE, qty(100_000_000), "max_order_notional")
                    .accountId = BOB);
            }
            if (i == 3_000)
            {
                publish(pipeline, e -> e.setControl(ts, ControlAction.KILL, KillTrigger.EXTERNAL.code(), "user:ops: test"));
            }
            if (i == 3_400)
            {
                publish(pipeline, e -> e.setControl(ts, ControlAction.RESET, 0, " "));
            }
            if (i == 3_800)
            {
                publish(pipeline, e -> e.setControl(ts, ControlAction.RESET, 0, "user:ops: clear"));
            }
            if (i == 7_000)
            {
                publish(pipeline, e -> e.setControl(ts, ControlAction.KILL, 0, "user:ops: end of day"));
            }
        }
    }

    private static void publish(final EnginePipeline pipeline, final Consumer<InboundEvent> fill)
    {
        final long seq = pipeline.ring().next();
        final InboundEvent e = pipeline.ring().get(seq);
        e.clear();
        fill.accept(e);
        pipeline.ring().publish(seq);
    }

    private record Taken(SnapshotFacts facts, byte[] image)
    {
    }

    /**
     * Restores in the other threading mode than the one that wrote: the mode changes nothing.
     */
    private static final class DeterminismOther
    {
        static ThreadingMode of(final ThreadingMode threading)
        {
            return threading == ThreadingMode.SHARED ? ThreadingMode.DEDICATED : ThreadingMode.SHARED;
        }
    }

    /**
     * Publishes market data with a blocking claim: a replay test must not lose input.
     */
    private static final class RingSink implements MarketDataSink
    {
        private final EnginePipeline pipeline;
        private final long[] bid = {TestMarkets.px(190), TestMarkets.px(420)};
        private final long[] ask = {TestMarkets.px(190.01), TestMarkets.px(420.01)};

        RingSink(final EnginePipeline pipeline)
        {
            this.pipeline = pipeline;
        }

        @Override
        public boolean quote(
            final long ts, final int feedId, final long feedSeq, final int instrumentId,
            final long bid, final long bidQty, final long ask, final long askQty)
        {
            this.bid[instrumentId] = bid;
            this.ask[instrumentId] = ask;
            publish(pipeline, e -> e.setQuote(ts, feedId, feedSeq, instrumentId, bid, bidQty, ask, askQty));
            return true;
        }

        @Override
        public boolean trade(
            final long ts, final int feedId, final long feedSeq, final int instrumentId,
            final long price, final long quantity, final Side aggressor)
        {
            publish(pipeline, e -> e.setTrade(ts, feedId, feedSeq, instrumentId, price, quantity, aggressor));
            return true;
        }
    }
}
