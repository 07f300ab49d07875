package io.horizon.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

import io.horizon.engine.config.EngineConfig;
import io.horizon.engine.event.FixedPoint;
import io.horizon.engine.event.InboundEvent;
import io.horizon.engine.event.Side;
import io.horizon.engine.feed.MarketDataSink;
import io.horizon.engine.feed.SyntheticMarket;
import io.horizon.engine.pipeline.EnginePipeline;
import io.horizon.engine.reference.ReferenceData;
import io.horizon.engine.snapshot.ReferenceFingerprint;
import io.horizon.engine.snapshot.SnapshotFacts;
import io.horizon.engine.snapshot.SnapshotPolicy;
import io.horizon.engine.snapshot.SnapshotTaker;
import io.horizon.engine.strategy.MarketMaker;
import io.horizon.journal.ChronicleJournal;
import io.horizon.journal.JournalRecovery;
import io.horizon.journal.SyncPolicy;
import io.horizon.journal.snapshot.SnapshotRecovery;
import io.horizon.journal.snapshot.SnapshotStore;

/**
 * What snapshots cost and save, for N journaled events (default 2 million):
 * <pre>
 *   pause:    JournalReader --> RING --> BLP; every N/10 events the BLP copies its state
 *             (SnapshotTaker: StateWriter + SnapshotCodec + one array)             us per snapshot
 *   write:    SnapshotStore.write (temp file, fsync, rename, dir fsync)               ms
 *   full:     JournalReader --> RING --> J(skip), BLP, gateway(not live); until idle   s
 *   snapshot: read + check + restore the snapshot at 90 % (trial engine + real), then
 *             the last tenth of the journal as above                                  s
 * </pre>
 * The engine is the market maker without a venue (as a journal of market data alone replays):
 * its order ledger fills up, so the state it copies is large (about 16k live orders).
 * Run: {@code java <jvm flags> -cp benchmarks/target/benchmarks.jar io.horizon.bench.SnapshotHarness [events] [dir]}.
 * Figures from a shared, busy machine are indicative only.
 */
public final class SnapshotHarness
{
    private static final long BASE_NANOS = 1_764_400_000_000_000_000L;

    private SnapshotHarness()
    {
    }

    public static void main(final String[] args) throws IOException
    {
        final long events = args.length > 0 ? Long.parseLong(args[0]) : 2_000_000L;
        final Path dir = args.length > 1 ? Path.of(args[1]) : Files.createTempDirectory("horizon-snapshot-harness");
        final Path state = dir.resolve("state");
        final ReferenceData ref = ReferenceData.builder()
            .instrument("AAPL", FixedPoint.fromDouble(0.01), FixedPoint.ofUnits(190))
            .instrument("MSFT", FixedPoint.fromDouble(0.01), FixedPoint.ofUnits(420))
            .instrument("SPY", FixedPoint.fromDouble(0.01), FixedPoint.ofUnits(560))
            .account("paper", FixedPoint.ofUnits(1_000_000))
            .build();
        final EngineConfig config = EngineConfig.builder().heartbeatIntervalMillis(0).seed(42).build();
        try
        {
            System.out.printf(Locale.ROOT, "snapshot harness: %,d events in %s%n", events, state);
            writeInbound(state, ref, events);

            // Snapshots taken while the journal is re-run, as a live engine would take them.
            final List<Long> pauses = new ArrayList<>();
            final List<byte[]> images = new ArrayList<>();
            final List<SnapshotFacts> facts = new ArrayList<>();
            final SnapshotTaker taker = new SnapshotTaker(new SnapshotPolicy(events / 10, 0), (f, image, pause, ticket) ->
            {
                pauses.add(pause);
                images.add(image);
                facts.add(f);
            }, ReferenceFingerprint.of(ref), 0, ref.instrumentCount(), ref.accountCount(), config.orderCapacity());
            try (ChronicleJournal journal = ChronicleJournal.open(state, SyncPolicy.NONE, 0))
            {
                final EnginePipeline pipeline = engine(ref, config).journal(journal).snapshots(taker).sideEffects(false).build().start();
                JournalRecovery.replay(state, pipeline, n -> { });
                pipeline.awaitIdle(600_000);
                pipeline.drainAndStop();
            }
            final long[] sorted = pauses.stream().mapToLong(Long::longValue).sorted().toArray();
            System.out.printf(Locale.ROOT, "%-34s %d snapshots, %,d bytes each (last), %,d live orders; pause min %,d us, median %,d us, max %,d us%n",
                "engine pause (state copy)", sorted.length, images.get(images.size() - 1).length,
                facts.get(facts.size() - 1).liveOrders(), sorted[0] / 1_000, sorted[sorted.length / 2] / 1_000,
                sorted[sorted.length - 1] / 1_000);

            // The one at 90 % of the journal: recovery from it replays the last tenth.
            final int chosen = Math.max(0, facts.size() - 2);
            final SnapshotStore store = SnapshotStore.of(state, 3);
            long begin = System.nanoTime();
            store.write(facts.get(chosen), images.get(chosen));
            System.out.printf(Locale.ROOT, "%-34s %,.1f ms (fsync file + rename + fsync folder)%n", "snapshot write",
                (System.nanoTime() - begin) / 1e6);

            try (ChronicleJournal journal = ChronicleJournal.open(state, SyncPolicy.NONE, 0))
            {
                final EnginePipeline pipeline = engine(ref, config).journal(journal).sideEffects(false).build();
                begin = System.nanoTime();
                pipeline.start();
                final long replayed = JournalRecovery.replay(state, pipeline, n -> { });
                pipeline.awaitIdle(600_000);
                pipeline.drainAndStop();
                System.out.printf(Locale.ROOT, "%-34s %,.2f s (%,d events)%n", "recovery, whole journal",
                    (System.nanoTime() - begin) / 1e9, replayed);
            }

            final EngineConfig trial = EngineConfig.builder().ringSize(64).heartbeatIntervalMillis(0).seed(42).build();
            try (ChronicleJournal journal = ChronicleJournal.open(state, SyncPolicy.NONE, 0))
            {
                // Building the engine (its ring) is the same with or without a snapshot: not timed.
                final EnginePipeline pipeline = engine(ref, config).journal(journal).sideEffects(false).build();
                begin = System.nanoTime();
                final SnapshotFacts from = SnapshotRecovery.restoreLatest(store, journal.eventCount(), 0, pipeline,
                    () -> engine(ref, trial).sideEffects(false).build(), System.out::println);
                final long restored = System.nanoTime() - begin;
                pipeline.start();
                final long replayed = JournalRecovery.replay(state, pipeline, n -> { });
                pipeline.awaitIdle(600_000);
                pipeline.drainAndStop();
                System.out.printf(Locale.ROOT, "%-34s %,.2f s (restore %,.1f ms at index %,d, then %,d events)%n",
                    "recovery, snapshot + tail", (System.nanoTime() - begin) / 1e9, restored / 1e6, from.journalIndex(), replayed);
            }
        }
        finally
        {
            if (args.length <= 1)
            {
                delete(dir);
            }
        }
    }

    private static EnginePipeline.Builder engine(final ReferenceData ref, final EngineConfig config)
    {
        return EnginePipeline.builder()
            .config(config)
            .referenceData(ref)
            .strategy(new MarketMaker(0, 2, FixedPoint.ofUnits(10), FixedPoint.ofUnits(100), 2));
    }

    private static void writeInbound(final Path state, final ReferenceData ref, final long events)
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

    private static void delete(final Path dir) throws IOException
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
