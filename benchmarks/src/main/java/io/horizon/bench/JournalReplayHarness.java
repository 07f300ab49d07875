package io.horizon.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

import io.horizon.engine.config.EngineConfig;
import io.horizon.engine.event.InboundEvent;
import io.horizon.engine.feed.SyntheticMarket;
import io.horizon.engine.journal.JournalStage;
import io.horizon.engine.pipeline.EnginePipeline;
import io.horizon.engine.reference.ReferenceData;
import io.horizon.journal.ChronicleJournal;
import io.horizon.journal.ChronicleOutputJournal;
import io.horizon.journal.JournalReader;
import io.horizon.journal.JournalRecovery;
import io.horizon.journal.JournalTimeline;
import io.horizon.journal.JournalVerifier;

/**
 * Measures what incident review and restarts cost on this host, for N journaled events
 * (default 10 million):
 * <pre>
 *   write:    SyntheticMarket --> ChronicleJournal (this thread)                      events/s
 *   read:     JournalReader (decode + CRC check), no formatting                        events/s
 *   timeline: JournalTimeline (inbound + outbound merged), no formatting               records/s
 *   verify:   JournalReader --> RING --> J(none), BLP --> gateway(compare outputs)     events/s
 *   recovery: JournalReader --> RING --> J(skip), BLP, gateway(not live); until idle   seconds
 * </pre>
 * Run: {@code java <jvm flags> -cp benchmarks/target/benchmarks.jar io.horizon.bench.JournalReplayHarness [events] [dir]}
 * (see benchmarks/README.md). Needs about 250 bytes of disk per event.
 */
public final class JournalReplayHarness
{

    private JournalReplayHarness()
    {
    }

    public static void main(final String[] args) throws IOException
    {
        final long events = args.length > 0 ? Long.parseLong(args[0]) : 10_000_000L;
        final Path dir = args.length > 1 ? Path.of(args[1]) : Files.createTempDirectory("horizon-replay-harness");
        final Path state = dir.resolve("state");
        final ReferenceData ref = SyntheticJournalDay.referenceData();
        final EngineConfig config = SyntheticJournalDay.config();
        try
        {
            System.out.printf(Locale.ROOT, "journal replay harness: %,d events in %s%n", events, state);

            long begin = System.nanoTime();
            SyntheticJournalDay.writeInbound(state, ref, events);
            report("write (sync none)", events, System.nanoTime() - begin);

            // The outbound journal: what a live run would have written for these inputs.
            begin = System.nanoTime();
            try (ChronicleOutputJournal outputs = ChronicleOutputJournal.open(state))
            {
                final EnginePipeline pipeline = SyntheticJournalDay.engine(ref, config).sideEffects(false).outputJournal(outputs).build().start();
                JournalRecovery.replay(state, pipeline, n -> { });
                pipeline.awaitIdle(600_000);
                pipeline.drainAndStop();
            }
            report("outputs derived", events, System.nanoTime() - begin);

            begin = System.nanoTime();
            long read = 0;
            try (JournalReader reader = JournalReader.inbound(state))
            {
                final InboundEvent e = new InboundEvent();
                while (reader.nextInbound(e))
                {
                    read++;
                }
            }
            report("read (decode + checksum)", read, System.nanoTime() - begin);

            begin = System.nanoTime();
            long records = 0;
            try (JournalTimeline timeline = JournalTimeline.open(state, true))
            {
                while (timeline.next() != JournalTimeline.Entry.END)
                {
                    records++;
                }
            }
            report("timeline (both queues)", records, System.nanoTime() - begin);

            begin = System.nanoTime();
            final JournalVerifier.Result result = JournalVerifier.verify(state, SyntheticJournalDay.engine(ref, config), n -> { });
            report("verify (" + (result.verified() ? "identical" : "DIVERGED") + ", " + result.outputs() + " outputs)",
                result.events(), System.nanoTime() - begin);

            begin = System.nanoTime();
            final EnginePipeline recovering = SyntheticJournalDay.engine(ref, config).journal(JournalStage.NONE).sideEffects(false).build().start();
            final long recovered = JournalRecovery.replay(state, recovering, n -> { });
            recovering.awaitIdle(600_000);
            final long recoveryNanos = System.nanoTime() - begin;
            recovering.drainAndStop();
            report("recovery (replay until idle)", recovered, recoveryNanos);
        }
        finally
        {
            if (args.length < 2)
            {
                SyntheticJournalDay.delete(dir);
            }
        }
    }

    private static void report(final String what, final long count, final long nanos)
    {
        System.out.printf(Locale.ROOT, "  %-48s %,14d in %8.2f s = %,12.0f /s%n", what, count, nanos / 1e9, count * 1e9 / nanos);
    }
}
