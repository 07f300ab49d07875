package io.horizon.ops.replay;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.locks.LockSupport;
import java.util.function.LongConsumer;

import io.horizon.engine.order.ClientOrderId;
import io.horizon.engine.reference.ReferenceData;
import io.horizon.journal.JournalTimeline;

/**
 * Reads the journal timeline, filters it and prints it: the engine of {@code horizon replay}.
 * <p>
 * Threading: the caller's thread.
 */
public final class Timeline
{
    private static final long FOLLOW_POLL_NANOS = 100_000_000L;

    private Timeline()
    {
    }

    /**
     * What to print.
     *
     * @param sinceNanos   earliest event time.
     * @param untilNanos   latest event time.
     * @param accountId    account id or -1.
     * @param instrumentId instrument id or -1.
     * @param order        one order, or {@code null}.
     * @param types        upper-case type names, empty for all.
     * @param limit        most entries to print.
     * @param json         JSON lines instead of text.
     * @param follow       wait at the end for more.
     * @param withOutputs  print outputs under their events.
     */
    public record Settings(
        long sinceNanos,
        long untilNanos,
        int accountId,
        int instrumentId,
        ClientOrderId order,
        Set<String> types,
        long limit,
        boolean json,
        boolean follow,
        boolean withOutputs)
    {
    }

    /**
     * @return every type name {@code --type} accepts, lower case.
     */
    public static String knownTypes()
    {
        return TimelineFilter.knownTypes();
    }

    /**
     * @param upperName a type name in upper case.
     * @return true when {@code --type} accepts it.
     */
    public static boolean isKnownType(final String upperName)
    {
        return TimelineFilter.isKnownType(upperName);
    }

    /**
     * Prints the timeline.
     *
     * @param stateDirectory where the journal is.
     * @param referenceData  resolves ids to names.
     * @param settings       what to print.
     * @param out            where.
     * @param progress       told the records read every {@code progressEvery} records.
     * @param progressEvery  how often to report progress.
     * @return entries printed.
     * @throws IOException when writing fails.
     */
    public static long print(
        final Path stateDirectory,
        final ReferenceData referenceData,
        final Settings settings,
        final PrintStream out,
        final LongConsumer progress,
        final long progressEvery) throws IOException
    {
        final TimelineFilter filter = new TimelineFilter(
            settings.sinceNanos(), settings.untilNanos(), settings.accountId(), settings.instrumentId(),
            settings.order() == null ? null : OrderChain.resolve(stateDirectory, settings.order()),
            settings.types());
        long printed = 0;
        long nextProgress = progressEvery;
        try (JournalTimeline timeline = JournalTimeline.open(stateDirectory, settings.withOutputs());
             TimelineFormatter formatter = settings.json() ?
                 TimelineFormatter.json(referenceData, out) : TimelineFormatter.text(referenceData, out))
        {
            while (printed < settings.limit())
            {
                final JournalTimeline.Entry entry = timeline.next();
                if (entry == JournalTimeline.Entry.END)
                {
                    if (!settings.follow())
                    {
                        break;
                    }
                    formatter.flush();
                    LockSupport.parkNanos(FOLLOW_POLL_NANOS);
                    if (Thread.currentThread().isInterrupted())
                    {
                        break;
                    }
                    continue;
                }
                if (entry == JournalTimeline.Entry.INBOUND)
                {
                    if (filter.accepts(timeline.event()))
                    {
                        formatter.inbound(timeline.sequence(), timeline.event());
                        printed++;
                    }
                }
                else if (filter.accepts(timeline.output()))
                {
                    formatter.output(timeline.output());
                    printed++;
                }
                if (timeline.recordsRead() >= nextProgress)
                {
                    progress.accept(timeline.recordsRead());
                    nextProgress += progressEvery;
                }
            }
        }
        return printed;
    }
}
