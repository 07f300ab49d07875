package io.horizon.journal;

import java.nio.file.Path;
import java.util.Arrays;

import io.horizon.engine.event.ControlAction;
import io.horizon.engine.event.InboundEvent;
import io.horizon.engine.event.Side;
import io.horizon.engine.journal.JournalCodec;
import io.horizon.engine.output.EngineOutput;
import io.horizon.engine.output.ExecType;
import io.horizon.engine.output.OutputKind;
import net.openhft.chronicle.bytes.Bytes;
import net.openhft.chronicle.queue.ExcerptAppender;
import net.openhft.chronicle.queue.ExcerptTailer;
import net.openhft.chronicle.queue.RollCycles;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueueBuilder;
import net.openhft.chronicle.wire.DocumentContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link MappedRecordWriter}: records encoded straight into the mapped file are the very bytes the
 * codec's scratch buffer gives, excerpt for excerpt, also across the mapped chunks of a queue with a
 * small block size (where a record may not fit the chunk at hand and is copied instead).
 */
final class MappedRecordWriterTest
{
    private static final int RECORDS = 6_000;

    @TempDir
    Path directory;

    @Test
    void shouldWriteEveryRecordByteForByteAsTheCodecEncodesItAcrossMappedChunks()
    {
        final JournalCodec expectedCodec = new JournalCodec();
        final InboundEvent event = new InboundEvent();
        final EngineOutput out = new EngineOutput();
        final MappedRecordWriter writer = new MappedRecordWriter();
        try (SingleChronicleQueue queue = SingleChronicleQueueBuilder.binary(directory)
            .rollCycle(RollCycles.FAST_DAILY)
            .blockSize(64 << 10)
            .build())
        {
            try (ExcerptAppender appender = queue.createAppender())
            {
                for (int i = 0; i < RECORDS; i++)
                {
                    if (i % 2 == 0)
                    {
                        writer.appendInbound(appender, fill(event, i), i);
                    }
                    else
                    {
                        writer.appendOutput(appender, fill(out, i));
                    }
                }
            }
            assertTrue(writer.recordsInPlace() > RECORDS / 2, "most records are copied straight into the mapping");
            assertEquals(RECORDS, writer.recordsInPlace() + writer.recordsThroughChronicle());
            final Bytes<?> read = Bytes.allocateElasticOnHeap(JournalCodec.MAX_RECORD_LENGTH);
            try (ExcerptTailer tailer = queue.createTailer())
            {
                for (int i = 0; i < RECORDS; i++)
                {
                    final int length = i % 2 == 0 ? expectedCodec.encodeInbound(fill(event, i), i) :
                        expectedCodec.encodeOutput(fill(out, i));
                    final byte[] expected = Arrays.copyOf(expectedCodec.scratch().byteArray(), length);
                    read.clear();
                    try (DocumentContext dc = tailer.readingDocument())
                    {
                        assertTrue(dc.isPresent(), "record " + i + " is missing");
                        dc.wire().bytes().read(read);
                    }
                    assertArrayEquals(expected, read.toByteArray(), "record " + i);
                }
                try (DocumentContext dc = tailer.readingDocument())
                {
                    assertFalse(dc.isPresent(), "a record more than was appended");
                }
            }
        }
    }

    @Test
    void shouldKeepTheJournalReadableByTheJournalReader()
    {
        try (ChronicleJournal journal = ChronicleJournal.open(directory, SyncPolicy.NONE, 0))
        {
            final InboundEvent event = new InboundEvent();
            for (int i = 0; i < 1_000; i++)
            {
                journal.append(fill(event, i), i, i % 100 == 99);
            }
            journal.onShutdown();
        }
        final InboundEvent decoded = new InboundEvent();
        final InboundEvent expected = new InboundEvent();
        try (JournalReader reader = JournalReader.inbound(directory))
        {
            for (int i = 0; i < 1_000; i++)
            {
                assertTrue(reader.nextInbound(decoded), "record " + i);
                fill(expected, i);
                assertEquals(expected.type, decoded.type, "record " + i);
                assertEquals(expected.timestampNanos, decoded.timestampNanos, "record " + i);
                assertEquals(expected.text(), decoded.text(), "record " + i);
            }
            assertFalse(reader.nextInbound(decoded));
        }
    }

    /** Quotes, with a control carrying text of every length up to the longest every seventh record. */
    private static InboundEvent fill(final InboundEvent event, final int i)
    {
        if (i % 7 == 0)
        {
            return event.setControl(1_000L + i, ControlAction.KILL, i, "x".repeat(i % (InboundEvent.MAX_TEXT_BYTES + 1)));
        }
        return event.setQuote(1_000L + i, 1, i, i % 3, 100_0000L + i, 5, 101_0000L + i, 7);
    }

    private static EngineOutput fill(final EngineOutput out, final int i)
    {
        out.clear();
        out.kind = OutputKind.EXECUTION_REPORT;
        out.execType = ExecType.REPLACED;
        out.causeSequence = i;
        out.timestampNanos = 2_000L + i;
        out.orderId = i;
        out.side = Side.BUY;
        out.price = 100_0000L + i;
        out.quantity = 10;
        return out;
    }
}
