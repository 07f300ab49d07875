package io.horizon.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.zip.CRC32C;

import io.horizon.engine.event.FixedPoint;
import io.horizon.engine.event.InboundEvent;
import io.horizon.engine.journal.JournalCodec;
import io.horizon.engine.journal.sbe.InboundEventRecordDecoder;
import io.horizon.engine.journal.sbe.MessageHeaderDecoder;
import io.horizon.journal.JournalDirectory;
import io.horizon.journal.JournalReader;
import net.openhft.chronicle.queue.ExcerptAppender;
import net.openhft.chronicle.queue.RollCycles;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueueBuilder;
import net.openhft.chronicle.wire.DocumentContext;
import org.agrona.concurrent.UnsafeBuffer;
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
 * Journal read cost per inbound record, layout 1 against layout 2 (issue 15: "does layout 2 cost
 * more"), on one thread:
 * <pre>
 *   codecValidateAndDecode:  heap record --validate (framing, CRC32C)--> --decode--> InboundEvent
 *   readerNextInbound:       Chronicle queue (mmap) --JournalReader.nextInbound--> InboundEvent
 * </pre>
 * The same quote is journaled in both layouts: layout 2 by {@link JournalCodec} (179 bytes),
 * layout 1 written here field by field as releases before the SBE schema wrote it (172 bytes),
 * since nothing in the product writes layout 1 any more. The reader benchmark writes
 * {@value #RECORDS} records of the layout into a fresh queue with a raw appender (the same write
 * path for both) and reads them in a loop, seeking back to the start at the end.
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
public class JournalDecodeBenchmark
{
    /** Records in the queue the reader benchmark reads round and round. */
    static final int RECORDS = 200_000;

    /** Journal layout of the records: 1 (hand-written, before SBE) or 2 (SBE). */
    @Param({"1", "2"})
    public int layout;

    private final JournalCodec codec = new JournalCodec();
    private final InboundEvent event = new InboundEvent();
    private UnsafeBuffer record;
    private int recordLength;
    private Path directory;
    private JournalReader reader;

    @Setup(Level.Trial)
    public void open() throws IOException
    {
        final InboundEvent quote = new InboundEvent();
        quote.setQuote(1_764_400_000_000_000_000L, 1, 1, 0,
            FixedPoint.fromDouble(189.99), FixedPoint.ofUnits(300), FixedPoint.fromDouble(190.01), FixedPoint.ofUnits(200));
        final byte[] bytes = encode(quote, 0);
        record = new UnsafeBuffer(new byte[JournalCodec.MAX_RECORD_LENGTH + 16]);
        record.putBytes(0, bytes);
        recordLength = bytes.length;

        directory = Files.createTempDirectory("horizon-journal-decode-bench");
        final Path state = directory.resolve("state");
        try (SingleChronicleQueue queue = SingleChronicleQueueBuilder.binary(JournalDirectory.inbound(state))
            .rollCycle(RollCycles.FAST_DAILY).build();
            ExcerptAppender appender = queue.createAppender())
        {
            for (long sequence = 0; sequence < RECORDS; sequence++)
            {
                quote.feedSequence = sequence;
                final byte[] r = encode(quote, sequence);
                try (DocumentContext dc = appender.writingDocument())
                {
                    dc.wire().bytes().write(r, 0, r.length);
                }
            }
        }
        reader = JournalReader.inbound(state);
    }

    @TearDown(Level.Trial)
    public void close() throws IOException
    {
        reader.close();
        try (var paths = Files.walk(directory))
        {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    /**
     * @return what the journal reader does with a record once its bytes are on the heap.
     */
    @Benchmark
    public long codecValidateAndDecode()
    {
        if (codec.validate(record, recordLength) != null || !codec.decodeInbound(record, event))
        {
            throw new IllegalStateException("the benchmark's record does not decode");
        }
        return event.bidPrice;
    }

    /**
     * @return one record read from the queue through the journal reader (copy, validate, decode).
     */
    @Benchmark
    public long readerNextInbound()
    {
        if (!reader.nextInbound(event))
        {
            reader.seek(0);
            reader.nextInbound(event);
        }
        return event.feedSequence;
    }

    private byte[] encode(final InboundEvent quote, final long sequence)
    {
        final int length = codec.encodeInbound(quote, sequence);
        final byte[] v2 = new byte[length];
        codec.scratch().getBytes(0, v2);
        return layout == 2 ? v2 : layoutOne(v2, quote, sequence);
    }

    /**
     * The same event in layout 1 ({@code JournalLayoutV1}'s table): enum codes taken from the
     * layout-2 record, which pins the values layout 1 stored.
     */
    private static byte[] layoutOne(final byte[] v2, final InboundEvent e, final long sequence)
    {
        final InboundEventRecordDecoder d = new InboundEventRecordDecoder()
            .wrapAndApplyHeader(new UnsafeBuffer(v2), 4, new MessageHeaderDecoder());
        final int fixed = 168;
        final UnsafeBuffer b = new UnsafeBuffer(new byte[fixed + e.textLength() + 4]);
        b.putByte(0, JournalCodec.MAGIC);
        b.putByte(1, (byte)1);
        b.putByte(2, (byte)JournalCodec.KIND_INBOUND);
        b.putByte(3, (byte)d.eventTypeRaw());
        b.putInt(4, e.source);
        b.putLong(8, sequence);
        b.putLong(16, e.timestampNanos);
        b.putInt(24, e.instrumentId);
        b.putInt(28, e.accountId);
        b.putLong(32, e.bidPrice);
        b.putLong(40, e.bidQuantity);
        b.putLong(48, e.askPrice);
        b.putLong(56, e.askQuantity);
        b.putLong(64, e.feedSequence);
        b.putLong(72, e.price);
        b.putLong(80, e.quantity);
        b.putByte(88, (byte)d.sideRaw());
        b.putByte(89, (byte)d.orderTypeRaw());
        b.putByte(90, (byte)d.controlActionRaw());
        b.putByte(91, (byte)d.rejectReasonRaw());
        b.putInt(92, e.textLength());
        b.putLong(96, e.clientOrderIdHi);
        b.putLong(104, e.clientOrderIdLo);
        b.putLong(112, e.origClientOrderIdHi);
        b.putLong(120, e.origClientOrderIdLo);
        b.putLong(128, e.orderId);
        b.putLong(136, e.venueOrderId);
        b.putLong(144, e.leavesQuantity);
        b.putLong(152, e.rejectValue);
        b.putLong(160, e.controlValue);
        b.putBytes(fixed, e.textBytes(), 0, e.textLength());
        final CRC32C crc = new CRC32C();
        crc.update(b.byteArray(), 0, fixed + e.textLength());
        b.putInt(fixed + e.textLength(), (int)crc.getValue());
        return b.byteArray();
    }
}
