package io.horizon.engine.support;

import java.util.ArrayList;
import java.util.List;

import io.horizon.engine.config.EngineConfig;
import io.horizon.engine.event.InboundEvent;
import io.horizon.engine.event.Side;
import io.horizon.engine.feed.MarketDataSink;
import io.horizon.engine.feed.SyntheticMarket;
import io.horizon.engine.pipeline.EnginePipeline;
import io.horizon.engine.pipeline.ThreadingMode;
import io.horizon.engine.reference.ReferenceData;
import io.horizon.engine.risk.RiskChain;
import io.horizon.engine.risk.RiskConfig;
import io.horizon.engine.risk.RiskProfile;
import io.horizon.engine.snapshot.ReferenceFingerprint;
import io.horizon.engine.snapshot.SnapshotFacts;
import io.horizon.engine.snapshot.SnapshotPolicy;
import io.horizon.engine.snapshot.SnapshotTaker;
import io.horizon.engine.strategy.MarketMaker;
import io.horizon.engine.venue.paper.PaperVenue;

/**
 * Test fixture: a short live run of the market maker on the paper venue ({@link TestMarkets}) that
 * takes a snapshot every {@code everyEvents} events, for tests of what stores and recovers them.
 */
public final class SnapshotRun
{
    /** The configuration fingerprint the run's snapshots carry. */
    public static final long CONFIG_FINGERPRINT = 0x5eed;

    private SnapshotRun()
    {
    }

    /**
     * A snapshot the run took.
     *
     * @param facts its header.
     * @param image its bytes.
     */
    public record Taken(SnapshotFacts facts, byte[] image)
    {
    }

    /**
     * @return a builder of the run's engine, without journal, venue or snapshots: what a recovery
     *         or a trial restore builds.
     */
    public static EnginePipeline.Builder engine(final ReferenceData ref)
    {
        return EnginePipeline.builder()
            .config(EngineConfig.builder().threading(ThreadingMode.SHARED).ringSize(1024).orderCapacity(256)
                .heartbeatIntervalMillis(0).seed(5).build())
            .referenceData(ref)
            .strategy(new MarketMaker(TestMarkets.ALICE, 1, TestMarkets.qty(5), TestMarkets.qty(40), 1))
            .risk(new RiskChain(RiskConfig.of(RiskProfile.MODERATE)));
    }

    /**
     * @param ticks       market data events to publish.
     * @param everyEvents snapshot interval in events.
     * @return the snapshots, oldest first.
     */
    public static List<Taken> run(final int ticks, final long everyEvents)
    {
        final ReferenceData ref = TestMarkets.referenceData();
        final List<Taken> taken = new ArrayList<>();
        final EnginePipeline pipeline = engine(ref)
            .venue(new PaperVenue(ref, 256))
            .snapshots(new SnapshotTaker(new SnapshotPolicy(everyEvents, 0),
                (facts, image, pause, ticket) -> taken.add(new Taken(facts, image)),
                ReferenceFingerprint.of(ref), CONFIG_FINGERPRINT, ref.instrumentCount(), ref.accountCount(), 256))
            .build()
            .start();
        try
        {
            final SyntheticMarket market = new SyntheticMarket(ref, 3, 1);
            final MarketDataSink sink = new BlockingSink(pipeline);
            for (int i = 0; i < ticks; i++)
            {
                market.next(1_795_910_400_000_000_000L + i * 1_000_000L, sink);
            }
            if (!pipeline.awaitIdle(30_000))
            {
                throw new AssertionError("the run did not go idle");
            }
        }
        finally
        {
            pipeline.drainAndStop();
        }
        return taken;
    }

    private static final class BlockingSink implements MarketDataSink
    {
        private final EnginePipeline pipeline;

        BlockingSink(final EnginePipeline pipeline)
        {
            this.pipeline = pipeline;
        }

        private void publish(final java.util.function.Consumer<InboundEvent> fill)
        {
            final long seq = pipeline.ring().next();
            fill.accept(pipeline.ring().get(seq));
            pipeline.ring().publish(seq);
        }

        @Override
        public boolean quote(
            final long ts, final int feedId, final long feedSeq, final int instrumentId,
            final long bid, final long bidQty, final long ask, final long askQty)
        {
            publish(e -> e.setQuote(ts, feedId, feedSeq, instrumentId, bid, bidQty, ask, askQty));
            return true;
        }

        @Override
        public boolean trade(
            final long ts, final int feedId, final long feedSeq, final int instrumentId,
            final long price, final long quantity, final Side aggressor)
        {
            publish(e -> e.setTrade(ts, feedId, feedSeq, instrumentId, price, quantity, aggressor));
            return true;
        }
    }
}
