package io.horizon.bench.latency;

import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

import net.openhft.chronicle.queue.ExcerptAppender;
import net.openhft.chronicle.queue.RollCycles;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueueBuilder;
import net.openhft.chronicle.wire.DocumentContext;

/**
 * Baseline (b): how many raw appends per second Chronicle Queue takes on this host's disk, with
 * a payload the size of a Horizon journal record and no encoding: the ceiling for a journaled
 * pipeline.
 * <pre>
 *   this thread --write 172 bytes--> Chronicle queue (mmap, temp dir)
 * </pre>
 */
final class ChronicleAppendRate
{
    private ChronicleAppendRate()
    {
    }

    /** Appends per sync in {@link #measureWithSync}: the most the shared engine journals in one cycle. */
    static final int APPENDS_PER_SYNC = 4096;

    /**
     * @return appends per second, best of three passes after a warm-up pass.
     */
    static double measure(final long appendsPerPass) throws Exception
    {
        return measure(appendsPerPass, false);
    }

    /**
     * The same, made durable as the journal's syncer makes it: after every {@value #APPENDS_PER_SYNC}
     * appends (and at the end of a pass) the cycle file is {@code fdatasync}ed on this thread, and a
     * pass ends once its last append is durable. The ceiling for a journal whose effects wait for the
     * device, against which the highest sustainable Horizon rate is fairer to compare under
     * {@code --journal-sync batch}.
     *
     * @return durable appends per second, best of three passes after a warm-up pass.
     */
    static double measureWithSync(final long appendsPerPass) throws Exception
    {
        return measure(appendsPerPass, true);
    }

    private static double measure(final long appendsPerPass, final boolean sync) throws Exception
    {
        final Path dir = Files.createTempDirectory("horizon-chronicle-rate");
        final byte[] payload = new byte[172];
        double best = 0;
        try (SingleChronicleQueue queue = SingleChronicleQueueBuilder.binary(dir).rollCycle(RollCycles.FAST_DAILY).build();
             ExcerptAppender appender = queue.createAppender())
        {
            for (int pass = 0; pass < 4; pass++)
            {
                final long begin = System.nanoTime();
                for (long i = 0; i < appendsPerPass; i++)
                {
                    try (DocumentContext dc = appender.writingDocument())
                    {
                        dc.wire().bytes().write(payload, 0, payload.length);
                    }
                    if (sync && ((i + 1) % APPENDS_PER_SYNC == 0 || i + 1 == appendsPerPass))
                    {
                        try (FileChannel channel = FileChannel.open(appender.currentFile().toPath(), StandardOpenOption.READ))
                        {
                            channel.force(false);
                        }
                    }
                }
                final double rate = appendsPerPass * 1e9 / (System.nanoTime() - begin);
                if (pass > 0)
                {
                    best = Math.max(best, rate);
                }
            }
        }
        finally
        {
            HorizonRun.delete(dir);
        }
        return best;
    }
}
