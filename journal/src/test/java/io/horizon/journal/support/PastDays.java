package io.horizon.journal.support;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import io.horizon.engine.output.EngineOutput;
import io.horizon.journal.JournalDirectory;
import io.horizon.journal.JournalReader;
import net.openhft.chronicle.core.time.SetTimeProvider;
import net.openhft.chronicle.queue.ExcerptAppender;
import net.openhft.chronicle.queue.ExcerptTailer;
import net.openhft.chronicle.queue.RollCycles;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueueBuilder;
import net.openhft.chronicle.wire.DocumentContext;

/**
 * Lays a daemon's state over two past UTC days, as if the daemon had run across midnight: the
 * journal is rolled by the wall clock, which a test cannot move, so the records a daemon wrote
 * today are copied byte for byte into a new state whose inbound records before {@code split} lie in
 * the first day's cycle and the rest in the second day's; outputs follow their causes (an output
 * caused by a record before the split goes to the first day). Every other file of the state
 * (manifest, presets, audit.db, dlq.db, snapshots, positions) is copied as it is: record numbers,
 * which every position counts in, do not change.
 */
public final class PastDays
{
    private PastDays()
    {
    }

    /**
     * @param from     a stopped daemon's state directory.
     * @param to       a new state directory.
     * @param firstDay the first UTC day.
     * @param split    the first inbound record of the second day.
     * @throws IOException when a file cannot be copied.
     */
    public static void relay(final Path from, final Path to, final LocalDate firstDay, final long split) throws IOException
    {
        final Path journal = from.resolve(JournalDirectory.JOURNAL);
        try (Stream<Path> files = Files.walk(from))
        {
            for (final Path file : files.filter(p -> Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)).toList())
            {
                if (file.startsWith(journal.resolve(JournalDirectory.INBOUND)) || file.startsWith(journal.resolve(JournalDirectory.OUTBOUND)))
                {
                    continue;
                }
                final Path target = to.resolve(from.relativize(file).toString());
                Files.createDirectories(target.getParent());
                Files.copy(file, target);
            }
        }
        final List<Long> causes = new ArrayList<>();
        try (JournalReader reader = JournalReader.outbound(from))
        {
            final EngineOutput output = new EngineOutput();
            while (reader.nextOutput(output))
            {
                causes.add(output.causeSequence);
            }
        }
        long outboundSplit = causes.size();
        for (int i = 0; i < causes.size(); i++)
        {
            if (causes.get(i) >= split)
            {
                outboundSplit = i;
                break;
            }
        }
        copy(JournalDirectory.inbound(from), JournalDirectory.inbound(to), firstDay, split);
        copy(JournalDirectory.outbound(from), JournalDirectory.outbound(to), firstDay, outboundSplit);
    }

    private static void copy(final Path from, final Path to, final LocalDate firstDay, final long split)
    {
        final SetTimeProvider clock = new SetTimeProvider(TimeUnit.MILLISECONDS.toNanos(noon(firstDay)));
        try (SingleChronicleQueue in = SingleChronicleQueueBuilder.binary(from).rollCycle(RollCycles.FAST_DAILY).readOnly(true).build();
             SingleChronicleQueue out = SingleChronicleQueueBuilder.binary(to).rollCycle(RollCycles.FAST_DAILY)
                 .timeProvider(clock).build();
             ExcerptTailer tailer = in.createTailer();
             ExcerptAppender appender = out.createAppender())
        {
            long record = 0;
            while (true)
            {
                final byte[] bytes;
                try (DocumentContext dc = tailer.readingDocument())
                {
                    if (!dc.isPresent())
                    {
                        break;
                    }
                    bytes = dc.wire().bytes().toByteArray();
                }
                if (record == split)
                {
                    clock.currentTimeMillis(noon(firstDay.plusDays(1)));
                }
                try (DocumentContext dc = appender.writingDocument())
                {
                    dc.wire().bytes().write(bytes);
                }
                record++;
            }
        }
    }

    private static long noon(final LocalDate day)
    {
        return day.atTime(12, 0).toInstant(ZoneOffset.UTC).toEpochMilli();
    }
}
