package io.horizon.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

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
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Journal append cost per event, on the journal thread alone, against a real Chronicle queue
 * in a temporary directory:
 * <pre>
 *   J (this thread) --encode--> scratch --write--> Chronicle queue (mmap) --msync per batch?--> disk
 * </pre>
 * {@code journalAppend} is Horizon's journal stage (encode + CRC32C + Chronicle write, and an
 * msync every {@code batchSize} events under the {@code batch} policy); {@code rawChronicleAppend}
 * writes the same number of bytes with no encoding or checksum: the ceiling for a journaled
 * pipeline on this host; {@code encodeThenChronicleCopy} is how the journal appended before it
 * copied records into the mapped file itself (encode into the scratch buffer, then Chronicle's
 * {@code Bytes.write(byte[], int, int)}, whose copy is a Java loop in this Chronicle version), the
 * A/B for {@code journalAppend} under {@code sync=none}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {
    "--add-exports=java.base/jdk.internal.misc=ALL-UNNAMED",
    "--add-exports=java.base/jdk.internal.ref=ALL-UNNAMED",
    "--add-exports=java.base/sun.nio.ch=ALL-UNNAMED",
    "--add-exports=jdk.compiler/com.sun.tools.javac.file=ALL-UNNAMED",
    "--add-opens=java.base/java.lang=ALL-UNNAMED",
    "--add-opens=java.base/java.lang.reflect=ALL-UNNAMED",
    "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED",
    "-Dchronicle.analytics.disable=true",
    "-XX:-DontCompileHugeMethods"})
public class JournalAppendBenchmark
{
    /** Sync policy of the journal stage: none (page cache only) or batch (msync per batch). */
    @Param({"none", "batch"})
    public String sync;

    /** Events per batch: how often the batch policy msyncs. */
    @Param({"64"})
    public int batchSize;

    private Path directory;
    private ChronicleJournal journal;
    private SingleChronicleQueue rawQueue;
    private ExcerptAppender rawAppender;
    private final InboundEvent event = new InboundEvent();
    private byte[] rawPayload;
    private final JournalCodec codec = new JournalCodec();
    private final byte[] scratch = codec.scratch().byteArray();
    private long sequence;

    @Setup(Level.Trial)
    public void open() throws IOException
    {
        directory = Files.createTempDirectory("horizon-journal-bench");
        journal = ChronicleJournal.open(directory.resolve("state"), SyncPolicy.parse(sync), 100);
        journal.onStart();
        rawQueue = SingleChronicleQueueBuilder.binary(directory.resolve("raw")).rollCycle(RollCycles.FAST_DAILY).build();
        rawAppender = rawQueue.createAppender();
        event.setQuote(1_764_400_000_000_000_000L, 1, 1, 0,
            FixedPoint.fromDouble(189.99), FixedPoint.ofUnits(300), FixedPoint.fromDouble(190.01), FixedPoint.ofUnits(200));
        // As many bytes as the journal writes for this quote in the current layout (179 in layout 2, 172 in layout 1).
        rawPayload = new byte[new JournalCodec().encodeInbound(event, 0)];
    }

    @TearDown(Level.Trial)
    public void close() throws IOException
    {
        journal.onShutdown();
        journal.close();
        rawAppender.close();
        rawQueue.close();
        try (var paths = Files.walk(directory))
        {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    @Benchmark
    public boolean journalAppend()
    {
        event.feedSequence = sequence;
        final long s = sequence++;
        return journal.append(event, s, (s % batchSize) == batchSize - 1);
    }

    @Benchmark
    public void encodeThenChronicleCopy()
    {
        event.feedSequence = sequence;
        final int length = codec.encodeInbound(event, sequence++);
        try (DocumentContext dc = rawAppender.writingDocument())
        {
            dc.wire().bytes().write(scratch, 0, length);
        }
    }

    @Benchmark
    public void rawChronicleAppend()
    {
        try (DocumentContext dc = rawAppender.writingDocument())
        {
            dc.wire().bytes().write(rawPayload, 0, rawPayload.length);
        }
    }
}
