package io.horizon.bench.latency;

import java.nio.file.Files;
import java.nio.file.Path;

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

    /**
     * @return appends per second, best of three passes after a warm-up pass.
     */
    static double measure(final long appendsPerPass) throws Exception
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
