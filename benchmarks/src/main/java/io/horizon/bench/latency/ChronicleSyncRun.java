package io.horizon.bench.latency;

import java.io.File;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

import io.horizon.engine.event.InboundEvent;
import io.horizon.engine.journal.JournalCodec;
import io.horizon.journal.JournalDirectory;
import io.horizon.journal.SyncPolicy;
import net.openhft.chronicle.bytes.SyncMode;
import net.openhft.chronicle.queue.ExcerptAppender;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;
import net.openhft.chronicle.wire.DocumentContext;
import org.HdrHistogram.Histogram;

/**
 * Baseline: what durability alone costs on this disk, with no engine. One thread appends the
 * workload's journal records at the rate, in batches (every event already due), to an inbound queue
 * (opened as the journal opens it; with {@code SyncMode.SYNC} for the msync floor, which syncs
 * through Chronicle), and after each batch syncs the way the journal
 * policy asks (every batch under {@code batch}, at most every 100 ms under {@code periodic}, never
 * under {@code none}); an event's latency runs from its planned time to the end of its batch's
 * sync. It is the floor the Horizon rows sit on: a Horizon p99 close to this one is the device's,
 * not the engine's. Two ways to sync ({@link Sync}): Chronicle's {@code appender.sync()}, an
 * {@code msync(MS_SYNC)} of the range written since the last sync (the data pages only), or what
 * the journal's syncer does, {@code fdatasync} of the whole cycle file (the queue's header and
 * index pages too). Differences from Horizon that remain: the floor writes only the sender's events
 * (Horizon's inbound journal also holds the venue's answers, and Horizon writes an outbound queue
 * beside it), and the appending thread syncs itself (no hand-off to a syncer and back).
 * <pre>
 *   this thread: wait for the next due event --> append every due event (mmap) --> sync --> time them
 * </pre>
 * Threading: the caller's thread only.
 */
final class ChronicleSyncRun
{
    private static final long PERIODIC_NANOS = 100_000_000L;

    /** How the floor syncs. */
    enum Sync
    {
        /** {@code appender.sync()}: {@code msync(MS_SYNC)} of the range written since the last sync. */
        MSYNC("msync"),
        /** {@code FileChannel.force(false)} on the cycle file, as the journal's syncer does. */
        FDATASYNC("fdatasync");

        final String configName;

        Sync(final String configName)
        {
            this.configName = configName;
        }
    }

    private ChronicleSyncRun()
    {
    }

    /**
     * @return the series' name for a policy: {@code chronicle-append+sync}, or {@code chronicle-append}
     *         when the policy never syncs.
     */
    static String name(final SyncPolicy policy)
    {
        return name(policy, Sync.MSYNC);
    }

    /**
     * @return the series' name for a policy synced one way: {@code chronicle-append+sync} (msync),
     *         {@code chronicle-append+fdatasync}, or {@code chronicle-append} when the policy never syncs.
     */
    static String name(final SyncPolicy policy, final Sync sync)
    {
        if (policy == SyncPolicy.NONE)
        {
            return "chronicle-append";
        }
        return sync == Sync.MSYNC ? "chronicle-append+sync" : "chronicle-append+fdatasync";
    }

    static LatencyResult run(final long rate, final double seconds, final double warmupSeconds, final SyncPolicy policy)
        throws Exception
    {
        return run(rate, seconds, warmupSeconds, policy, Sync.MSYNC);
    }

    static LatencyResult run(
        final long rate, final double seconds, final double warmupSeconds, final SyncPolicy policy, final Sync sync)
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
        final long[] plannedBySequence = new long[1 << 16];
        final int mask = plannedBySequence.length - 1;
        final SyncBreakdown breakdown = new SyncBreakdown(plannedBySequence);
        long synced = -1;
        File channelFile = null;
        FileChannel channel = null;
        // appender.sync() waits for the device only under SyncMode.SYNC; the fdatasync floor opens the queue as the journal does.
        try (SingleChronicleQueue queue = sync == Sync.MSYNC ?
                JournalDirectory.openForWriting(JournalDirectory.inbound(dir), SyncMode.SYNC) :
                JournalDirectory.openForWriting(JournalDirectory.inbound(dir));
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
                    plannedBySequence[(int)(next & mask)] =
                        next >= warmupEvents && HarnessWorkload.isTimed(next) ? schedule.plannedNanos(next) : 0;
                    if (next == warmupEvents)
                    {
                        measureStart = schedule.plannedNanos(next);
                        cpuBefore = ThreadCpu.nanos(thread);
                    }
                    next++;
                }
                if (policy == SyncPolicy.BATCH || policy == SyncPolicy.PERIODIC && System.nanoTime() - lastSync >= PERIODIC_NANOS)
                {
                    final long syncStart = System.nanoTime();
                    if (sync == Sync.MSYNC)
                    {
                        appender.sync();
                    }
                    else
                    {
                        final File file = appender.currentFile();
                        if (!file.equals(channelFile))
                        {
                            if (channel != null)
                            {
                                channel.close();
                            }
                            channel = FileChannel.open(file.toPath(), StandardOpenOption.READ);
                            channelFile = file;
                        }
                        channel.force(false);
                    }
                    lastSync = System.nanoTime();
                    breakdown.onSynced(synced, next - 1, syncStart, lastSync);
                    synced = next - 1;
                }
                final long done = System.nanoTime();
                for (long i = Math.max(first, warmupEvents); i < next; i++)
                {
                    if (HarnessWorkload.isTimed(i))
                    {
                        histogram.recordValue(Math.max(0, done - schedule.plannedNanos(i)));
                        breakdown.reported(i, done);
                    }
                }
                lastSend = done;
            }
            final long cpuAfter = ThreadCpu.nanos(thread);
            final long sent = events - warmupEvents;
            final double elapsed = (lastSend - measureStart) / 1e9;
            final double achieved = sent / Math.max(elapsed, 1e-9);
            return new LatencyResult(name(policy, sync), rate, sent, achieved, achieved >= 0.95 * rate, histogram,
                ThreadCpu.cores(cpuBefore, cpuAfter, lastSend - measureStart), breakdown.summary());
        }
        finally
        {
            if (channel != null)
            {
                channel.close();
            }
            HorizonRun.delete(dir);
        }
    }
}
