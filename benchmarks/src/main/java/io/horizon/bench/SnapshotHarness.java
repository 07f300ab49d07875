package io.horizon.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import io.horizon.engine.config.EngineConfig;
import io.horizon.engine.pipeline.EnginePipeline;
import io.horizon.engine.reference.ReferenceData;
import io.horizon.engine.snapshot.ReferenceFingerprint;
import io.horizon.engine.snapshot.SnapshotFacts;
import io.horizon.engine.snapshot.SnapshotPolicy;
import io.horizon.engine.snapshot.SnapshotTaker;
import io.horizon.journal.ChronicleJournal;
import io.horizon.journal.JournalRecovery;
import io.horizon.journal.SyncPolicy;
import io.horizon.journal.snapshot.SnapshotRecovery;
import io.horizon.journal.snapshot.SnapshotStore;

/**
 * What snapshots cost and save, for N journaled events (default 2 million) and a tail of T events
 * (default N/10):
 * <pre>
 *   pause:    JournalReader --> RING --> BLP; every T events the BLP copies its state
 *             (SnapshotTaker: StateWriter + SnapshotCodec + one array)             us per snapshot
 *   write:    SnapshotStore.write (temp file, fsync, rename, dir fsync)               ms
 *   full:     JournalReader --> RING --> J(skip), BLP, gateway(not live); until idle   s
 *   snapshot: read + check + restore the snapshot at N - T (trial engine + real), then
 *             the last T events of the journal as above                               s
 * </pre>
 * The engine is the market maker without a venue (as a journal of market data alone replays):
 * its order ledger fills up, so the state it copies is large (about 16k live orders).
 * Run: {@code java <jvm flags> -cp benchmarks/target/benchmarks.jar io.horizon.bench.SnapshotHarness [events] [dir|-] [tail]}
 * ({@code -} or no dir: a temporary folder, deleted at the end). A fixed tail (say 500000) shows
 * whether recovery with a snapshot depends on the journal's age: it should not.
 * Figures from a shared, busy machine are indicative only.
 */
public final class SnapshotHarness
{

    private SnapshotHarness()
    {
    }

    public static void main(final String[] args) throws IOException
    {
        final long events = args.length > 0 ? Long.parseLong(args[0]) : 2_000_000L;
        final boolean keepDir = args.length > 1 && !"-".equals(args[1]);
        final Path dir = keepDir ? Path.of(args[1]) : Files.createTempDirectory("horizon-snapshot-harness");
        final long tail = args.length > 2 ? Long.parseLong(args[2]) : Math.max(1, events / 10);
        if (tail <= 0 || tail >= events)
        {
            throw new IllegalArgumentException("the tail must be between 1 and " + (events - 1) + " events, got " + tail);
        }
        final Path state = dir.resolve("state");
        final ReferenceData ref = SyntheticJournalDay.referenceData();
        final EngineConfig config = SyntheticJournalDay.config();
        try
        {
            System.out.printf(Locale.ROOT, "snapshot harness: %,d events, tail %,d, in %s%n", events, tail, state);
            long begin = System.nanoTime();
            SyntheticJournalDay.writeInbound(state, ref, events);
            System.out.printf(Locale.ROOT, "%-34s %,.1f s%n", "journal written", (System.nanoTime() - begin) / 1e9);

            // Snapshots taken while the journal is re-run, as a live engine would take them.
            final List<Long> pauses = new ArrayList<>();
            final List<byte[]> images = new ArrayList<>();
            final List<SnapshotFacts> facts = new ArrayList<>();
            final SnapshotTaker taker = new SnapshotTaker(new SnapshotPolicy(tail, 0), (f, image, pause, ticket) ->
            {
                pauses.add(pause);
                images.add(image);
                facts.add(f);
            }, ReferenceFingerprint.of(ref), 0, ref.instrumentCount(), ref.accountCount(), config.orderCapacity());
            try (ChronicleJournal journal = ChronicleJournal.open(state, SyncPolicy.NONE, 0))
            {
                final EnginePipeline pipeline = SyntheticJournalDay.engine(ref, config).journal(journal).snapshots(taker).sideEffects(false).build().start();
                JournalRecovery.replay(state, pipeline, n -> { });
                pipeline.awaitIdle(600_000);
                pipeline.drainAndStop();
            }
            final long[] sorted = pauses.stream().mapToLong(Long::longValue).sorted().toArray();
            System.out.printf(Locale.ROOT, "%-34s %d snapshots, %,d bytes each (last), %,d live orders; pause min %,d us, median %,d us, max %,d us%n",
                "engine pause (state copy)", sorted.length, images.get(images.size() - 1).length,
                facts.get(facts.size() - 1).liveOrders(), sorted[0] / 1_000, sorted[sorted.length / 2] / 1_000,
                sorted[sorted.length - 1] / 1_000);

            // The newest one at or before N - T: recovery from it replays the last T events.
            int chosen = 0;
            for (int i = 0; i < facts.size(); i++)
            {
                if (facts.get(i).journalIndex() <= events - tail)
                {
                    chosen = i;
                }
            }
            final SnapshotStore store = SnapshotStore.of(state, 3);
            begin = System.nanoTime();
            store.write(facts.get(chosen), images.get(chosen));
            System.out.printf(Locale.ROOT, "%-34s %,.1f ms (fsync file + rename + fsync folder)%n", "snapshot write",
                (System.nanoTime() - begin) / 1e6);

            try (ChronicleJournal journal = ChronicleJournal.open(state, SyncPolicy.NONE, 0))
            {
                final EnginePipeline pipeline = SyntheticJournalDay.engine(ref, config).journal(journal).sideEffects(false).build();
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
                final EnginePipeline pipeline = SyntheticJournalDay.engine(ref, config).journal(journal).sideEffects(false).build();
                begin = System.nanoTime();
                final SnapshotFacts from = SnapshotRecovery.restoreLatest(store, journal.eventCount(), 0, pipeline,
                    () -> SyntheticJournalDay.engine(ref, trial).sideEffects(false).build(), System.out::println);
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
            if (!keepDir)
            {
                SyntheticJournalDay.delete(dir);
            }
        }
    }
}
