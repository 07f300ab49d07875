package io.horizon.engine.pipeline;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.horizon.engine.config.EngineConfig;
import io.horizon.engine.counter.EngineLatency;
import io.horizon.engine.counter.LatencyRecorder;
import io.horizon.engine.event.ControlAction;
import io.horizon.engine.event.EventType;
import io.horizon.engine.event.InboundEvent;
import io.horizon.engine.event.RejectReason;
import io.horizon.engine.event.Side;
import io.horizon.engine.feed.MarketDataSink;
import io.horizon.engine.feed.SyntheticMarket;
import io.horizon.engine.journal.InMemoryJournal;
import io.horizon.engine.output.EngineOutput;
import io.horizon.engine.output.ExecType;
import io.horizon.engine.reference.ReferenceData;
import io.horizon.engine.risk.RiskChain;
import io.horizon.engine.risk.RiskConfig;
import io.horizon.engine.risk.RiskProfile;
import io.horizon.engine.strategy.MarketMaker;
import io.horizon.engine.support.RecordingReports;
import io.horizon.engine.support.TestMarkets;
import io.horizon.engine.venue.paper.PaperVenue;
import org.junit.jupiter.api.Test;

import static io.horizon.engine.support.BlpDriver.SECONDS;
import static io.horizon.engine.support.BlpDriver.T0;
import static io.horizon.engine.support.TestMarkets.AAPL;
import static io.horizon.engine.support.TestMarkets.ALICE;
import static io.horizon.engine.support.TestMarkets.px;
import static io.horizon.engine.support.TestMarkets.qty;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A recorded source staged for the engine thread, which steps recorded time itself: the same
 * journal and the same outputs as the lock-step of {@link RecordedTime#advanceTo}, event for
 * event (heartbeats, venue answers and their times, feed-gap markers), with no hand-off per event.
 */
final class RecordedFeedTest
{
    private static final long MILLIS = TimeUnit.MILLISECONDS.toNanos(1);
    private static final int ROWS = 2_000;
    /** Where the script skips a row (a feed-gap marker) and where its data falls silent for 45 s. */
    private static final int GAP_AT = 700;
    private static final int SILENCE_AT = 1_200;

    private final ReferenceData ref = TestMarkets.referenceData();
    private final EngineLatency latency = new EngineLatency();

    @Test
    void shouldWriteTheSameJournalAndOutputsAsTheLockStepWhenTheEngineStepsStagedEvents()
    {
        final Run lockStep = run(false);
        final Run staged = run(true);

        assertTrue(lockStep.journal.size() > ROWS + 400, "quotes, trades, heartbeats and venue answers: " + lockStep.journal.size());
        assertTrue(lockStep.journal.stream().anyMatch(e -> e.contains("FEED_GAP")), "the marker is journaled");
        assertEquals(lockStep.journal.size(), staged.journal.size(), "journal length");
        for (int i = 0; i < lockStep.journal.size(); i++)
        {
            assertEquals(lockStep.journal.get(i), staged.journal.get(i), "journal record " + i);
        }
        assertEquals(lockStep.reports, staged.reports, "outputs");
        assertEquals(lockStep.heartbeats, staged.heartbeats);
    }

    @Test
    void shouldStampVenueAnswersWithTheTimeOfTheEventThatCausedThemAndPutThemBeforeTheNextEvent()
    {
        final Run staged = run(true);

        long previous = Long.MIN_VALUE;
        long lastMarketData = Long.MIN_VALUE;
        int answers = 0;
        for (final InboundEvent e : staged.events)
        {
            assertTrue(e.timestampNanos >= previous, "journal in recorded time order at " + e);
            previous = e.timestampNanos;
            if (e.type.isMarketData() || e.type == EventType.HEARTBEAT)
            {
                lastMarketData = e.timestampNanos;
            }
            else if (e.type.isVenueResponse())
            {
                assertEquals(lastMarketData, e.timestampNanos, "an answer carries its cause's time: " + e);
                answers++;
            }
        }
        assertTrue(answers > 100, "venue answers: " + answers);
    }

    @Test
    void shouldLeaveTheLatencyThatComparesEventStampsEmptyOnRecordedTimeAndStillTimeTheJournal()
    {
        run(true);

        for (final LatencyRecorder recorder : latency.recorders())
        {
            final long samples = recorder.intervalHistogram(null).getTotalCount();
            if (recorder == latency.journalAppend())
            {
                assertTrue(samples > ROWS, "the journal append is timed on the wall clock: " + samples);
            }
            else
            {
                assertEquals(0, samples, recorder.label() + " would time the data's clock, not the engine");
            }
        }
        assertTrue(latency.recorders().stream().anyMatch(r -> r.label().startsWith("horizon_order_latency_seconds")));
    }

    @Test
    void shouldRefuseALockStepAdvanceOnceTheEngineStepsTheClock()
    {
        final RecordedTime time = new RecordedTime(RecordedTime.Pacer.MAX);
        try (EnginePipeline pipeline = pipeline(time, new InMemoryJournal(), new RecordingReports()))
        {
            final RecordedFeed feed = pipeline.recordedFeed();
            assertTrue(feed.quote(T0, 1, 1, AAPL, px(189.99), qty(100), px(190.01), qty(100)));
            assertTrue(feed.awaitTaken());

            final IllegalStateException refused = assertThrows(IllegalStateException.class, () -> time.advanceTo(T0 + SECONDS));
            assertTrue(refused.getMessage().contains("the engine steps this clock"), refused.getMessage());
            assertEquals(T0, time.nanoTime());
        }
    }

    @Test
    void shouldNeverPublishWhatWasStagedAfterTheFeedIsClosed()
    {
        final InMemoryJournal journal = new InMemoryJournal();
        try (EnginePipeline pipeline = pipeline(new RecordedTime(RecordedTime.Pacer.MAX), journal, new RecordingReports()))
        {
            final RecordedFeed feed = pipeline.recordedFeed();
            feed.close();
            assertTrue(feed.quote(T0, 1, 1, AAPL, px(189.99), qty(100), px(190.01), qty(100)));

            assertFalse(feed.pending());
            assertTrue(pipeline.awaitIdle(10_000));
            assertEquals(0, journal.size(), journal.events().toString());
        }
    }

    @Test
    void shouldOfferNoStagedFeedInTheDedicatedModeOrOnTheWallClock()
    {
        final RecordedTime time = new RecordedTime(RecordedTime.Pacer.MAX);
        final EnginePipeline dedicated = EnginePipeline.builder()
            .config(EngineConfig.builder().threading(ThreadingMode.DEDICATED).ringSize(1024).orderCapacity(256).build())
            .referenceData(ref).sideEffects(false).recordedTime(time).build();
        assertNull(dedicated.recordedFeed());
        final EnginePipeline wall = EnginePipeline.builder()
            .config(EngineConfig.builder().threading(ThreadingMode.SHARED).ringSize(1024).orderCapacity(256).build())
            .referenceData(ref).sideEffects(false).build();
        assertNull(wall.recordedFeed());
    }

    private EnginePipeline pipeline(final RecordedTime time, final InMemoryJournal journal, final RecordingReports reports)
    {
        final EnginePipeline pipeline = EnginePipeline.builder()
            .config(EngineConfig.builder().threading(ThreadingMode.SHARED).ringSize(1024).orderCapacity(1024)
                .heartbeatIntervalMillis(100).seed(11).build())
            .referenceData(ref)
            .journal(journal)
            .venue(new PaperVenue(ref, 1024))
            .risk(new RiskChain(RiskConfig.of(RiskProfile.MODERATE)))
            .strategy(new MarketMaker(ALICE, 1, qty(5), qty(40), 1))
            .recordedTime(time)
            .reportListener(reports)
            .latency(latency)
            .build()
            .start();
        assertNotNull(pipeline.recordedFeed());
        return pipeline;
    }

    /**
     * The same script of market data, a skipped row and a silence, either through the lock-step or
     * staged for the engine.
     */
    private Run run(final boolean staged)
    {
        final InMemoryJournal journal = new InMemoryJournal();
        final RecordingReports reports = new RecordingReports();
        final RecordedTime time = new RecordedTime(RecordedTime.Pacer.MAX);
        time.startAt(T0);
        try (EnginePipeline pipeline = pipeline(time, journal, reports))
        {
            final RecordedFeed feed = pipeline.recordedFeed();
            final MarketDataSink sink = staged ? new Offered(feed) : new LockStep(time, pipeline.marketData());
            final SyntheticMarket market = new SyntheticMarket(ref, 7, 1);
            long at = T0;
            for (int i = 0; i < ROWS; i++)
            {
                at += i == SILENCE_AT ? 45 * SECONDS : 3 * MILLIS;
                market.next(at, sink);
                if (i == GAP_AT)
                {
                    if (staged)
                    {
                        assertTrue(feed.gap(GAP_AT, "skipped row " + GAP_AT));
                    }
                    else
                    {
                        assertTrue(time.advanceTo(time.nanoTime()));
                        assertEquals(RejectReason.NONE, pipeline.orderEntry().control(ControlAction.FEED_GAP, GAP_AT, "skipped row " + GAP_AT));
                    }
                }
            }
            if (staged)
            {
                assertTrue(feed.awaitTaken());
            }
            assertTrue(pipeline.awaitIdle(30_000));
            final List<String> lines = new ArrayList<>();
            for (final InboundEvent e : journal.events())
            {
                lines.add(e.toString());
            }
            final List<String> outputs = new ArrayList<>();
            for (final EngineOutput o : reports.all())
            {
                outputs.add(o.toString());
            }
            assertTrue(reports.all().stream().anyMatch(r -> r.execType == ExecType.FILL), "the script should trade");
            return new Run(lines, journal.events(), outputs, time.heartbeats());
        }
    }

    private record Run(List<String> journal, List<InboundEvent> events, List<String> reports, long heartbeats)
    {
    }

    /** The lock-step: time moves to each event before it is published. */
    private record LockStep(RecordedTime time, MarketDataSink ring) implements MarketDataSink
    {
        @Override
        public boolean quote(final long ts, final int feedId, final long feedSeq, final int instrumentId,
            final long bid, final long bidQty, final long ask, final long askQty)
        {
            assertTrue(time.advanceTo(ts));
            assertTrue(ring.quote(ts, feedId, feedSeq, instrumentId, bid, bidQty, ask, askQty));
            return true;
        }

        @Override
        public boolean trade(final long ts, final int feedId, final long feedSeq, final int instrumentId,
            final long price, final long quantity, final Side aggressor)
        {
            assertTrue(time.advanceTo(ts));
            assertTrue(ring.trade(ts, feedId, feedSeq, instrumentId, price, quantity, aggressor));
            return true;
        }
    }

    /** Staged: offered again while the stage is full, never dropped. */
    private record Offered(RecordedFeed feed) implements MarketDataSink
    {
        @Override
        public boolean quote(final long ts, final int feedId, final long feedSeq, final int instrumentId,
            final long bid, final long bidQty, final long ask, final long askQty)
        {
            while (!feed.quote(ts, feedId, feedSeq, instrumentId, bid, bidQty, ask, askQty))
            {
                Thread.onSpinWait();
            }
            return true;
        }

        @Override
        public boolean trade(final long ts, final int feedId, final long feedSeq, final int instrumentId,
            final long price, final long quantity, final Side aggressor)
        {
            while (!feed.trade(ts, feedId, feedSeq, instrumentId, price, quantity, aggressor))
            {
                Thread.onSpinWait();
            }
            return true;
        }
    }
}
