package io.horizon.journal.support;

import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.concurrent.TimeUnit;

import io.horizon.engine.event.EventType;
import io.horizon.engine.event.InboundEvent;
import io.horizon.engine.journal.JournalCodec;
import io.horizon.engine.output.EngineOutput;
import io.horizon.engine.output.OutputKind;
import io.horizon.journal.JournalDirectory;
import net.openhft.chronicle.core.time.SetTimeProvider;
import net.openhft.chronicle.queue.ExcerptAppender;
import net.openhft.chronicle.queue.RollCycles;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueueBuilder;
import net.openhft.chronicle.wire.DocumentContext;

/**
 * Writes a journal that spans several UTC days, one roll cycle a day in each queue: heartbeats
 * with sequences 0, 1, 2, ... (timestamp 1000 + sequence) in the inbound queue, and one output per
 * event (caused by it) in the outbound queue.
 */
public final class DailyJournal
{
    private DailyJournal()
    {
    }

    /**
     * @param state    the state directory.
     * @param firstDay the first UTC day.
     * @param days     how many days.
     * @param perDay   events (and outputs) a day.
     */
    public static void write(final Path state, final LocalDate firstDay, final int days, final int perDay)
    {
        final SetTimeProvider clock = new SetTimeProvider(TimeUnit.MILLISECONDS.toNanos(noon(firstDay)));
        try (SingleChronicleQueue in = queue(JournalDirectory.inbound(state), clock);
             SingleChronicleQueue out = queue(JournalDirectory.outbound(state), clock);
             ExcerptAppender inAppender = in.createAppender();
             ExcerptAppender outAppender = out.createAppender())
        {
            final JournalCodec codec = new JournalCodec();
            final InboundEvent event = new InboundEvent();
            final EngineOutput output = new EngineOutput();
            long sequence = 0;
            for (int day = 0; day < days; day++)
            {
                clock.currentTimeMillis(noon(firstDay.plusDays(day)));
                for (int i = 0; i < perDay; i++)
                {
                    event.setHeartbeat(1_000 + sequence);
                    write(inAppender, codec, codec.encodeInbound(event, sequence));
                    output.kind = OutputKind.ENGINE_ERROR;
                    output.causeSequence = sequence;
                    output.causeType = EventType.HEARTBEAT;
                    output.timestampNanos = 1_000 + sequence;
                    write(outAppender, codec, codec.encodeOutput(output));
                    sequence++;
                }
            }
        }
    }

    private static void write(final ExcerptAppender appender, final JournalCodec codec, final int length)
    {
        try (DocumentContext dc = appender.writingDocument())
        {
            dc.wire().bytes().write(codec.scratch().byteArray(), 0, length);
        }
    }

    private static SingleChronicleQueue queue(final Path directory, final SetTimeProvider clock)
    {
        // Small blocks keep the cycle files (and the tests' archiving of them) small.
        return SingleChronicleQueueBuilder.binary(directory).rollCycle(RollCycles.FAST_DAILY).blockSize(1 << 18)
            .timeProvider(clock).build();
    }

    private static long noon(final LocalDate day)
    {
        return day.atTime(12, 0).toInstant(ZoneOffset.UTC).toEpochMilli();
    }
}
