package io.horizon.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

import io.horizon.engine.config.EngineConfig;
import io.horizon.engine.event.FixedPoint;
import io.horizon.engine.event.InboundEvent;
import io.horizon.engine.event.Side;
import io.horizon.engine.feed.MarketDataSink;
import io.horizon.engine.feed.SyntheticMarket;
import io.horizon.engine.pipeline.EnginePipeline;
import io.horizon.engine.reference.ReferenceData;
import io.horizon.engine.strategy.MarketMaker;
import io.horizon.journal.ChronicleJournal;
import io.horizon.journal.SyncPolicy;

/**
 * The journal the offline harnesses re-run: a seeded synthetic market on three instruments and one
 * paper account, written straight into an inbound journal (sync none), and the engine that re-runs
 * it (the sample market maker, seed 42, no heartbeats), so {@link JournalReplayHarness} and
 * {@link SnapshotHarness} measure the same day.
 * <p>
 * Threading: the harness's main thread.
 */
final class SyntheticJournalDay
{
    /** The first event's timestamp; events follow 1 µs apart. */
    static final long BASE_NANOS = 1_764_400_000_000_000_000L;

    private SyntheticJournalDay()
    {
    }

    /**
     * @return AAPL, MSFT and SPY (tick 0.01) and the account "paper" with 1,000,000 of cash.
     */
    static ReferenceData referenceData()
    {
        return ReferenceData.builder()
            .instrument("AAPL", FixedPoint.fromDouble(0.01), FixedPoint.ofUnits(190))
            .instrument("MSFT", FixedPoint.fromDouble(0.01), FixedPoint.ofUnits(420))
            .instrument("SPY", FixedPoint.fromDouble(0.01), FixedPoint.ofUnits(560))
            .account("paper", FixedPoint.ofUnits(1_000_000))
            .build();
    }

    /**
     * @return the engine configuration the day is re-run with: no heartbeats, seed 42.
     */
    static EngineConfig config()
    {
        return EngineConfig.builder().heartbeatIntervalMillis(0).seed(42).build();
    }

    /**
     * @param ref    the day's reference data.
     * @param config its engine configuration.
     * @return a pipeline builder with the sample market maker.
     */
    static EnginePipeline.Builder engine(final ReferenceData ref, final EngineConfig config)
    {
        return EnginePipeline.builder()
            .config(config)
            .referenceData(ref)
            .strategy(new MarketMaker(0, 2, FixedPoint.ofUnits(10), FixedPoint.ofUnits(100), 2));
    }

    /**
     * Writes {@code events} market data events into the inbound journal of {@code state}.
     *
     * @param state  the state directory.
     * @param ref    the day's reference data.
     * @param events how many.
     */
    static void writeInbound(final Path state, final ReferenceData ref, final long events)
    {
        try (ChronicleJournal journal = ChronicleJournal.open(state, SyncPolicy.NONE, 0))
        {
            journal.onStart();
            final InboundEvent slot = new InboundEvent();
            final long[] sequence = {0};
            final MarketDataSink toJournal = new MarketDataSink()
            {
                @Override
                public boolean quote(
                    final long ts, final int feedId, final long feedSeq, final int instrumentId,
                    final long bid, final long bidQty, final long ask, final long askQty)
                {
                    slot.setQuote(ts, feedId, feedSeq, instrumentId, bid, bidQty, ask, askQty);
                    return journal.append(slot, sequence[0]++, false);
                }

                @Override
                public boolean trade(
                    final long ts, final int feedId, final long feedSeq, final int instrumentId,
                    final long price, final long quantity, final Side aggressor)
                {
                    slot.setTrade(ts, feedId, feedSeq, instrumentId, price, quantity, aggressor);
                    return journal.append(slot, sequence[0]++, false);
                }
            };
            final SyntheticMarket market = new SyntheticMarket(ref, 7, 1);
            for (long i = 0; i < events; i++)
            {
                market.next(BASE_NANOS + i * 1_000L, toJournal);
            }
            journal.onShutdown();
        }
    }

    /**
     * Deletes a harness's working folder and everything in it.
     *
     * @param dir the folder.
     * @throws IOException when a file cannot be deleted.
     */
    static void delete(final Path dir) throws IOException
    {
        try (Stream<Path> files = Files.walk(dir))
        {
            for (final Path p : files.sorted(Comparator.reverseOrder()).toList())
            {
                Files.deleteIfExists(p);
            }
        }
    }
}
