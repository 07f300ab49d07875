package io.horizon.engine.pipeline;

import java.util.List;

import io.horizon.engine.config.EngineConfig;
import io.horizon.engine.event.InboundEvent;
import io.horizon.engine.event.Side;
import io.horizon.engine.feed.MarketDataSink;
import io.horizon.engine.feed.SyntheticMarket;
import io.horizon.engine.journal.InMemoryJournal;
import io.horizon.engine.output.EngineOutput;
import io.horizon.engine.output.ExecType;
import io.horizon.engine.reference.ReferenceData;
import io.horizon.engine.strategy.MarketMaker;
import io.horizon.engine.support.JournalReplay;
import io.horizon.engine.support.RecordingReports;
import io.horizon.engine.support.TestMarkets;
import io.horizon.engine.venue.paper.PaperVenue;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static io.horizon.engine.support.TestMarkets.ALICE;
import static io.horizon.engine.support.TestMarkets.qty;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The BLP is a pure function of its journaled input: a live run through the real pipeline,
 * with the paper venue and the market maker trading, is replayed into fresh pipelines with no
 * venue, and every output must come out identical, whichever threading mode wrote or replays it.
 */
final class DeterminismTest
{
    private static final long BASE_NANOS = 1_764_400_000_000_000_000L;
    private static final int EVENTS = 3_000;

    private final ReferenceData ref = TestMarkets.referenceData();

    private static MarketMaker marketMaker()
    {
        return new MarketMaker(ALICE, 1, qty(5), qty(40), 1);
    }

    private static EngineConfig config(final ThreadingMode threading)
    {
        return EngineConfig.builder().threading(threading).ringSize(1024).orderCapacity(1024).heartbeatIntervalMillis(0).seed(11).build();
    }

    @ParameterizedTest
    @EnumSource(value = ThreadingMode.class, names = {"SHARED", "DEDICATED"})
    void shouldProduceIdenticalOutputsWhenTheJournaledInputIsReplayed(final ThreadingMode threading)
    {
        final InMemoryJournal journal = new InMemoryJournal();
        final RecordingReports live = new RecordingReports();
        final EnginePipeline pipeline = EnginePipeline.builder()
            .config(config(threading))
            .referenceData(ref)
            .journal(journal)
            .venue(new PaperVenue(ref, 1024))
            .strategy(marketMaker())
            .reportListener(live)
            .build()
            .start();
        try
        {
            final SyntheticMarket market = new SyntheticMarket(ref, 7, 1);
            final MarketDataSink neverDrop = new BlockingSink(pipeline.marketData());
            for (int i = 0; i < EVENTS; i++)
            {
                market.next(BASE_NANOS + i * 1_000_000L, neverDrop);
            }
            assertTrue(pipeline.awaitIdle(30_000));
        }
        finally
        {
            assertTrue(pipeline.drainAndStop());
        }
        final List<InboundEvent> input = journal.events();
        final List<EngineOutput> expected = live.all();
        assertTrue(expected.stream().anyMatch(r -> r.execType == ExecType.FILL), "the run should trade");
        assertTrue(input.size() > EVENTS, "venue responses are inputs too");

        // Replayed once in the mode that wrote it and once in the other: the mode changes nothing.
        final List<EngineOutput> firstReplay = replay(input, threading);
        final List<EngineOutput> secondReplay = replay(input, other(threading));
        JournalReplay.assertSameOutputs(expected, firstReplay);
        JournalReplay.assertSameOutputs(firstReplay, secondReplay);
    }

    static ThreadingMode other(final ThreadingMode threading)
    {
        return threading == ThreadingMode.SHARED ? ThreadingMode.DEDICATED : ThreadingMode.SHARED;
    }

    private List<EngineOutput> replay(final List<InboundEvent> input, final ThreadingMode threading)
    {
        final RecordingReports replayed = new RecordingReports();
        final EnginePipeline pipeline = EnginePipeline.builder()
            .config(config(threading))
            .referenceData(ref)
            .sideEffects(false)
            .strategy(marketMaker())
            .reportListener(replayed)
            .build();
        return JournalReplay.replay(pipeline, replayed, input);
    }

    /**
     * Retries until the ring takes the event: a determinism test must not lose input.
     */
    private static final class BlockingSink implements MarketDataSink
    {
        private final MarketDataSink delegate;

        BlockingSink(final MarketDataSink delegate)
        {
            this.delegate = delegate;
        }

        @Override
        public boolean quote(
            final long ts, final int feedId, final long feedSeq, final int instrumentId,
            final long bid, final long bidQty, final long ask, final long askQty)
        {
            while (!delegate.quote(ts, feedId, feedSeq, instrumentId, bid, bidQty, ask, askQty))
            {
                Thread.onSpinWait();
            }
            return true;
        }

        @Override
        public boolean trade(
            final long ts, final int feedId, final long feedSeq, final int instrumentId,
            final long price, final long quantity, final Side aggressor)
        {
            while (!delegate.trade(ts, feedId, feedSeq, instrumentId, price, quantity, aggressor))
            {
                Thread.onSpinWait();
            }
            return true;
        }
    }
}
