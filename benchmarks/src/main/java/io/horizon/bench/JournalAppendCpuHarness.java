package io.horizon.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Locale;
import java.util.stream.Stream;

import io.horizon.engine.event.FixedPoint;
import io.horizon.engine.event.InboundEvent;
import io.horizon.engine.journal.JournalCodec;
import io.horizon.journal.ChronicleJournal;
import io.horizon.journal.SyncPolicy;
import net.openhft.chronicle.queue.ExcerptAppender;
import net.openhft.chronicle.queue.RollCycles;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueueBuilder;
import net.openhft.chronicle.wire.DocumentContext;

/**
 * The journal append's cost in CPU time of the appending thread, which a busy box inflates far
 * less than wall time: {@link ChronicleJournal#append} (the journal's path: encode, then one memcpy
 * into the mapped file) against the path it replaced (encode, then Chronicle's
 * {@code Bytes.write(byte[], int, int)}), in alternating rounds in one JVM, on fresh queues in a
 * temporary directory, with no msync ({@code --journal-sync none}) so only the append is measured.
 * Page faults on fresh pages are in both (kernel time of the thread).
 * <pre>
 *   benchmarks/run-harness.sh io.horizon.bench.JournalAppendCpuHarness [APPENDS_PER_ROUND] [ROUNDS]
 * </pre>
 * Round 0 includes JIT warm-up; compare the later rounds.
 */
public final class JournalAppendCpuHarness
{
    private JournalAppendCpuHarness()
    {
    }

    /**
     * @param args appends per round (default 2,000,000) and rounds (default 6).
     * @throws IOException when the temporary directory cannot be made or removed.
     */
    public static void main(final String[] args) throws IOException
    {
        final int appends = args.length > 0 ? Integer.parseInt(args[0]) : 2_000_000;
        final int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 6;
        final ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        final InboundEvent event = new InboundEvent();
        event.setQuote(1_764_400_000_000_000_000L, 1, 1, 0,
            FixedPoint.fromDouble(189.99), FixedPoint.ofUnits(300), FixedPoint.fromDouble(190.01), FixedPoint.ofUnits(200));
        final JournalCodec codec = new JournalCodec();
        final byte[] scratch = codec.scratch().byteArray();
        for (int round = 0; round < rounds; round++)
        {
            final Path directory = Files.createTempDirectory("horizon-append-cpu");
            try
            {
                long start;
                try (ChronicleJournal journal = ChronicleJournal.open(directory.resolve("state"), SyncPolicy.NONE, 100))
                {
                    journal.onStart();
                    start = threads.getCurrentThreadCpuTime();
                    for (long s = 0; s < appends; s++)
                    {
                        event.feedSequence = s;
                        journal.append(event, s, (s & 63) == 63);
                    }
                    report(round, "ChronicleJournal.append", threads.getCurrentThreadCpuTime() - start, appends);
                    journal.onShutdown();
                }
                try (SingleChronicleQueue queue = SingleChronicleQueueBuilder.binary(directory.resolve("old"))
                    .rollCycle(RollCycles.FAST_DAILY).build();
                    ExcerptAppender appender = queue.createAppender())
                {
                    start = threads.getCurrentThreadCpuTime();
                    for (long s = 0; s < appends; s++)
                    {
                        event.feedSequence = s;
                        final int length = codec.encodeInbound(event, s);
                        try (DocumentContext dc = appender.writingDocument())
                        {
                            dc.wire().bytes().write(scratch, 0, length);
                        }
                    }
                    report(round, "encode + Bytes.write (before)", threads.getCurrentThreadCpuTime() - start, appends);
                }
            }
            finally
            {
                try (Stream<Path> paths = Files.walk(directory))
                {
                    paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
                }
            }
        }
    }

    private static void report(final int round, final String path, final long cpuNanos, final int appends)
    {
        System.out.printf(Locale.ROOT, "round %d  %-30s %7.1f ns thread CPU per append%n", round, path, cpuNanos / (double)appends);
    }
}
