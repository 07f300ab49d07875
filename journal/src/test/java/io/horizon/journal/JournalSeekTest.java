package io.horizon.journal;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import io.horizon.engine.event.InboundEvent;
import io.horizon.engine.journal.JournalCodec;
import net.openhft.chronicle.core.time.SetTimeProvider;
import net.openhft.chronicle.queue.ExcerptAppender;
import net.openhft.chronicle.queue.RollCycles;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueueBuilder;
import net.openhft.chronicle.wire.DocumentContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link JournalReader#seek}: restartable readers resume by record count, across daily roll
 * cycles, without reading what comes before.
 */
final class JournalSeekTest
{
    private static final long DAY_MS = TimeUnit.DAYS.toMillis(1);

    @TempDir
    Path state;

    /**
     * Writes heartbeats with sequences 0..n-1 into the inbound queue, spread over three UTC
     * days (the queue rolls daily), the last day left empty-ended.
     */
    private void writeInbound(final int perDay, final int days)
    {
        final SetTimeProvider clock = new SetTimeProvider(TimeUnit.MILLISECONDS.toNanos(1_700_000_000_000L));
        try (SingleChronicleQueue queue = SingleChronicleQueueBuilder.binary(JournalDirectory.inbound(state))
            .rollCycle(RollCycles.FAST_DAILY)
            .timeProvider(clock)
            .build();
            ExcerptAppender appender = queue.createAppender())
        {
            final JournalCodec codec = new JournalCodec();
            final InboundEvent event = new InboundEvent();
            long sequence = 0;
            for (int day = 0; day < days; day++)
            {
                for (int i = 0; i < perDay; i++)
                {
                    event.setHeartbeat(1_000 + sequence);
                    final int length = codec.encodeInbound(event, sequence++);
                    try (DocumentContext dc = appender.writingDocument())
                    {
                        dc.wire().bytes().write(codec.scratch().byteArray(), 0, length);
                    }
                }
                clock.advanceMillis(DAY_MS);
            }
        }
    }

    @Test
    void shouldSeekToAnyRecordAcrossDailyCycles()
    {
        writeInbound(5, 3);
        final InboundEvent event = new InboundEvent();
        try (JournalReader reader = JournalReader.inbound(state))
        {
            for (final long record : new long[]{7, 0, 4, 5, 14, 10})
            {
                reader.seek(record);
                assertTrue(reader.nextInbound(event), "record " + record);
                assertEquals(1_000 + record, event.timestampNanos, "record " + record);
                assertEquals(record + 1, reader.recordsRead());
            }
            reader.seek(3);
            for (long record = 3; record < 15; record++)
            {
                assertTrue(reader.nextInbound(event));
                assertEquals(1_000 + record, event.timestampNanos, "sequential read after a seek, record " + record);
            }
            assertFalse(reader.nextInbound(event));
        }
    }

    @Test
    void shouldSeekToTheEndAndThenReadWhatIsAppendedLater()
    {
        writeInbound(4, 2);
        try (JournalReader reader = JournalReader.inbound(state))
        {
            reader.seek(8);
            assertFalse(reader.nextInbound(new InboundEvent()));
        }
    }

    @Test
    void shouldRefuseToSeekBeyondTheEnd()
    {
        writeInbound(4, 2);
        try (JournalReader reader = JournalReader.inbound(state))
        {
            final JournalException ex = assertThrows(JournalException.class, () -> reader.seek(9));
            assertTrue(ex.getMessage().contains("holds fewer than 9 records"), ex.getMessage());
        }
    }
}
