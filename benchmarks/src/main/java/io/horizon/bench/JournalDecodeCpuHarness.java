package io.horizon.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Locale;

/**
 * The {@link JournalDecodeBenchmark} measures again, in thread CPU time rather than wall time, so
 * that a figure survives a busy machine (the thread's waits for a core are not counted): for each
 * layout, nanoseconds of CPU per record for {@code codecValidateAndDecode} and
 * {@code readerNextInbound}, over {@code RECORDS_PER_ROUND} records, for several rounds (read the
 * last ones: the first warm the JIT up).
 * <pre>
 *   java &lt;jvm flags&gt; -cp benchmarks/target/benchmarks.jar io.horizon.bench.JournalDecodeCpuHarness [rounds]
 * </pre>
 */
public final class JournalDecodeCpuHarness
{
    private static final int RECORDS_PER_ROUND = 5_000_000;

    private JournalDecodeCpuHarness()
    {
    }

    /**
     * @param args optional: the number of rounds (default 6).
     * @throws Exception when the temporary journal cannot be written.
     */
    public static void main(final String[] args) throws Exception
    {
        final int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 6;
        final ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        final JournalDecodeBenchmark[] layouts = {new JournalDecodeBenchmark(), new JournalDecodeBenchmark()};
        for (int i = 0; i < layouts.length; i++)
        {
            layouts[i].layout = i + 1;
            layouts[i].open();
        }
        long sink = 0;
        try
        {
            for (int round = 0; round < rounds; round++)
            {
                final StringBuilder line = new StringBuilder("round " + round + ", CPU ns per record:");
                for (final JournalDecodeBenchmark bench : layouts)
                {
                    long begin = threads.getCurrentThreadCpuTime();
                    for (int i = 0; i < RECORDS_PER_ROUND; i++)
                    {
                        sink += bench.codecValidateAndDecode();
                    }
                    final double codec = (threads.getCurrentThreadCpuTime() - begin) / (double)RECORDS_PER_ROUND;
                    begin = threads.getCurrentThreadCpuTime();
                    for (int i = 0; i < RECORDS_PER_ROUND; i++)
                    {
                        sink += bench.readerNextInbound();
                    }
                    final double reader = (threads.getCurrentThreadCpuTime() - begin) / (double)RECORDS_PER_ROUND;
                    line.append(String.format(Locale.ROOT, "  layout %d: codec %.1f, reader %.1f", bench.layout, codec, reader));
                }
                System.out.println(line);
            }
        }
        finally
        {
            for (final JournalDecodeBenchmark bench : layouts)
            {
                bench.close();
            }
        }
        System.out.println(sink == 42 ? "" : "done");
    }
}
