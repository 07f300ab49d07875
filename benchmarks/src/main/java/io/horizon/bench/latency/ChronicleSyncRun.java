package io.horizon.bench.latency;

import java.nio.file.Files;
import java.nio.file.Path;

import io.horizon.engine.event.InboundEvent;
import io.horizon.engine.journal.JournalCodec;
import io.horizon.journal.JournalDirectory;
import io.horizon.journal.SyncPolicy;
import net.openhft.chronicle.queue.ExcerptAppender;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;
import net.openhft.chronicle.wire.DocumentContext;
import org.HdrHistogram.Histogram;

/**
 * Baseline: what durability alone costs on this disk, with no engine. One thread appends the
 * workload's journal records at the rate, in batches (every event already due), to a queue opened
 * as the journal opens it ({@code SyncMode.SYNC}), and after each batch syncs the way the journal
 * policy asks ({@code appender.sync()}, an {@code msync(MS_SYNC)}: every batch under {@code batch},
 * at most every 100 ms under {@code periodic}, never under {@code none}); an event's latency runs
 * from its planned time to the end of its batch's sync. It is the floor the Horizon rows sit on:
 * a Horizon p99 close to this one is the device's, not the engine's.
 * <pre>
 *   this thread: wait for the next due event --> append every due event (mmap) --> sync --> time them
 * </pre>
 * Threading: the caller's thread only.
 */
final class ChronicleSyncRun
{
    private static final long PERIODIC_NANOS = 100_000_000L;

    private ChronicleSyncRun()
    {
    }

    /**
     * @return the series' name for a policy: {@code chronicle-append+sync}, or {@code chronicle-append}
     *         when the policy never syncs.
     */
    static String name(final SyncPolicy policy)
    {
        return policy == SyncPolicy.NONE ? "chronicle-append" : "chronicle-append+sync";
    }

    static LatencyResult run(final long rate, final double seconds, final double warmupSeconds, final SyncPolicy policy)
        throws Exception
    {
        final Path dir = Files.createTempDirectory("horizon-chronicle-sync");
        final Histogram histogram = new Histogram(60_000_000_000L, 3);
        final long warmupEvents = (long)(rate * warmupSeconds);
        final long events = warmupEvents + (long)(rate * seconds);
        final JournalCodec codec = new JournalCodec();
        final byte[] scratch = codec.scratch().byteArray();
        final InboundEvent event = new InboundEvent();
        final Schedule schedule = new Schedule(System.nanoTime() + 1_000_000, rate);
        long measureStart = 0;
        long lastSend = 0;
        long cpuBefore = -1;
        long lastSync = System.nanoTime();
        final String thread = Thread.currentThread().getName();
        try (SingleChronicleQueue queue = JournalDirectory.openForWriting(JournalDirectory.inbound(dir));
             ExcerptAppender appender = queue.createAppender())
        {
            long next = 0;
            while (next < events)
            {
                schedule.awaitSlot(next);
                final long first = next;
                final long now = System.nanoTime();
                while (next < events && schedule.plannedNanos(next) <= now)
                {
                    HarnessWorkload.fill(event, next, schedule.plannedNanos(next));
                    final int length = codec.encodeInbound(event, next);
                    try (DocumentContext dc = appender.writingDocument())
                    {
                        dc.wire().bytes().write(scratch, 0, length);
                    }
                    if (next == warmupEvents)
                    {
                        measureStart = schedule.plannedNanos(next);
                        cpuBefore = ThreadCpu.nanos(thread);
                    }
                    next++;
                }
                if (policy == SyncPolicy.BATCH || policy == SyncPolicy.PERIODIC && System.nanoTime() - lastSync >= PERIODIC_NANOS)
                {
                    appender.sync();
                    lastSync = System.nanoTime();
                }
                final long done = System.nanoTime();
                for (long i = Math.max(first, warmupEvents); i < next; i++)
                {
                    if (HarnessWorkload.isTimed(i))
                    {
                        histogram.recordValue(Math.max(0, done - schedule.plannedNanos(i)));
                    }
                }
                lastSend = done;
            }
            final long cpuAfter = ThreadCpu.nanos(thread);
            final long sent = events - warmupEvents;
            final double elapsed = (lastSend - measureStart) / 1e9;
            final double achieved = sent / Math.max(elapsed, 1e-9);
            return new LatencyResult(name(policy), rate, sent, achieved, achieved >= 0.95 * rate, histogram,
                ThreadCpu.cores(cpuBefore, cpuAfter, lastSend - measureStart));
        }
        finally
        {
            HorizonRun.delete(dir);
        }
    }
}
