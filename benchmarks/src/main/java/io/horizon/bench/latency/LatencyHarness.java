package io.horizon.bench.latency;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import io.horizon.engine.pipeline.WaitStrategyKind;
import io.horizon.journal.SyncPolicy;

/**
 * The end-to-end latency harness: drives the full engine (journal on, risk on, paper venue) at
 * fixed rates, timing every order decision from its planned send time (so stalls are not hidden),
 * finds the highest sustainable rate, and runs three baselines in the same process: a raw ring
 * hop, the raw Chronicle append rate, and the same pipeline on ArrayBlockingQueues.
 * <p>
 * Writes a table (stdout and {@code results.md}), one {@code .hgrm} file per series and rate,
 * and {@code percentiles.png}. {@code --smoke} runs for seconds and is what CI runs.
 * <pre>
 * java &lt;jvm flags&gt; -cp benchmarks/target/benchmarks.jar io.horizon.bench.latency.LatencyHarness \
 *     [--smoke] [--rates 10000,100000,500000,1000000] [--seconds 5] [--warmup 2] \
 *     [--wait-strategy backoff] [--pin blp,journal,gateway] [--journal-sync batch] [--out DIR] [--no-search]
 * </pre>
 * Threading: main thread; each run starts and stops its own threads.
 */
public final class LatencyHarness
{
    private static final double[] PERCENTILES = {50, 90, 99, 99.9, 99.99, 100};

    private LatencyHarness()
    {
    }

    public static void main(final String[] args) throws Exception
    {
        final Settings settings = Settings.parse(args);
        final List<LatencyResult> results = run(settings, System.out);
        System.exit(results.isEmpty() ? 1 : 0);
    }

    /**
     * Runs the harness and writes its files.
     *
     * @return every series measured.
     */
    public static List<LatencyResult> run(final Settings s, final PrintStream out) throws Exception
    {
        Files.createDirectories(s.out);
        out.printf(Locale.ROOT, "latency harness: rates %s, %.1f s each after %.1f s warm-up, wait strategy %s, pin %s, " +
            "journal sync %s, %d cores%n", s.rates, s.seconds, s.warmup, s.waitStrategy.configName(),
            s.pinned.isEmpty() ? "none" : String.join(",", s.pinned), s.journalSync.configName(),
            Runtime.getRuntime().availableProcessors());

        final double chronicleRate = ChronicleAppendRate.measure(s.smoke ? 200_000 : 2_000_000);
        out.printf(Locale.ROOT, "raw Chronicle append rate: %,.0f appends/s%n", chronicleRate);

        final List<LatencyResult> results = new ArrayList<>();
        long highestKeptUp = 0;
        long lowestFailed = Long.MAX_VALUE;
        for (final long rate : s.rates)
        {
            final LatencyResult horizon = HorizonRun.run(rate, s.seconds, s.warmup, s.waitStrategy, s.pinned, s.journalSync, "horizon");
            results.add(horizon);
            results.add(RingHopRun.run(rate, s.seconds, s.warmup, s.waitStrategy));
            results.add(BlockingQueueRun.run(rate, s.seconds, s.warmup, s.journalSync));
            if (horizon.keptUp())
            {
                highestKeptUp = Math.max(highestKeptUp, rate);
            }
            else
            {
                lowestFailed = Math.min(lowestFailed, rate);
            }
            printTable(results.subList(results.size() - 3, results.size()), out);
        }

        long maxSustainable = highestKeptUp;
        if (s.search && lowestFailed != Long.MAX_VALUE && highestKeptUp > 0 && lowestFailed > highestKeptUp)
        {
            long lo = highestKeptUp;
            long hi = lowestFailed;
            for (int step = 0; step < 4 && hi - lo > lo / 10; step++)
            {
                final long mid = (lo + hi) / 2;
                final LatencyResult probe = HorizonRun.run(mid, Math.min(s.seconds, 3), s.warmup, s.waitStrategy, s.pinned,
                    s.journalSync, "horizon-search");
                out.printf(Locale.ROOT, "search: %,d events/s %s (achieved %,.0f/s, p99 %.1f µs)%n",
                    mid, probe.keptUp() ? "sustained" : "not sustained", probe.achievedRate(), probe.micros(99));
                if (probe.keptUp())
                {
                    lo = mid;
                }
                else
                {
                    hi = mid;
                }
            }
            maxSustainable = lo;
        }

        final Path table = s.out.resolve("results.md");
        try (PrintStream md = new PrintStream(Files.newOutputStream(table), true, "UTF-8"))
        {
            md.printf(Locale.ROOT, "Latency harness, %s, %d cores, JDK %s, wait strategy %s, pin %s, journal sync %s%n%n",
                LocalDate.now(), Runtime.getRuntime().availableProcessors(), Runtime.version(),
                s.waitStrategy.configName(), s.pinned.isEmpty() ? "none" : String.join(",", s.pinned), s.journalSync.configName());
            printTable(results, md);
            md.printf(Locale.ROOT, "%nraw Chronicle append rate: %,.0f appends/s%n", chronicleRate);
            md.printf(Locale.ROOT, "highest sustainable Horizon rate found: %,d events/s (%.2f x the raw Chronicle rate)%n",
                maxSustainable, maxSustainable / chronicleRate);
            for (final long rate : s.rates)
            {
                final LatencyResult h = find(results, "horizon", rate);
                final LatencyResult q = find(results, "blocking-queue", rate);
                if (h != null && q != null && h.micros(99) > 0)
                {
                    md.printf(Locale.ROOT, "at %s: blocking-queue p99 / horizon p99 = %.1f%n",
                        rateLabel(rate), q.micros(99) / h.micros(99));
                }
            }
        }
        for (final LatencyResult r : results)
        {
            try (PrintStream hgrm = new PrintStream(Files.newOutputStream(s.out.resolve(r.label() + ".hgrm")), true, "UTF-8"))
            {
                r.histogram().outputPercentileDistribution(hgrm, 1000.0);
            }
        }
        PercentilePlot.write(results, "Horizon order-decision latency from planned send time (" +
            s.waitStrategy.configName() + ", " + Runtime.getRuntime().availableProcessors() + " cores)",
            s.out.resolve("percentiles.png"));
        out.printf(Locale.ROOT, "%nraw Chronicle append rate %,.0f/s; highest sustainable Horizon rate %,d events/s (%.2f x)%n",
            chronicleRate, maxSustainable, maxSustainable / chronicleRate);
        out.println("wrote " + table + ", *.hgrm and percentiles.png in " + s.out);
        return results;
    }

    private static LatencyResult find(final List<LatencyResult> results, final String name, final long rate)
    {
        for (final LatencyResult r : results)
        {
            if (r.name().equals(name) && r.targetRate() == rate)
            {
                return r;
            }
        }
        return null;
    }

    static void printTable(final List<LatencyResult> results, final PrintStream out)
    {
        out.printf(Locale.ROOT, "| %-26s | %12s | %8s | %8s | %8s | %9s | %10s | %10s | %-9s |%n",
            "series", "achieved/s", "p50 µs", "p90 µs", "p99 µs", "p99.9 µs", "p99.99 µs", "max µs", "kept up");
        out.printf(Locale.ROOT, "|%s|%s|%s|%s|%s|%s|%s|%s|%s|%n",
            "-".repeat(28), "-".repeat(14), "-".repeat(10), "-".repeat(10), "-".repeat(10), "-".repeat(11), "-".repeat(12),
            "-".repeat(12), "-".repeat(11));
        for (final LatencyResult r : results)
        {
            out.printf(Locale.ROOT, "| %-26s | %,12.0f | %8.1f | %8.1f | %8.1f | %9.1f | %10.1f | %10.1f | %-9s |%n",
                r.label(), r.achievedRate(), r.micros(PERCENTILES[0]), r.micros(PERCENTILES[1]), r.micros(PERCENTILES[2]),
                r.micros(PERCENTILES[3]), r.micros(PERCENTILES[4]), r.micros(PERCENTILES[5]), r.keptUp() ? "yes" : "NO");
        }
    }

    static String rateLabel(final long rate)
    {
        return rate >= 1_000_000 && rate % 1_000_000 == 0 ? rate / 1_000_000 + "M" :
            rate >= 1_000 && rate % 1_000 == 0 ? rate / 1_000 + "k" : Long.toString(rate);
    }

    /**
     * What to run; parsed from the command line.
     */
    public static final class Settings
    {
        boolean smoke;
        List<Long> rates = List.of(10_000L, 100_000L, 500_000L, 1_000_000L);
        double seconds = 5;
        double warmup = 2;
        WaitStrategyKind waitStrategy = WaitStrategyKind.BACKOFF;
        Set<String> pinned = Set.of();
        SyncPolicy journalSync = SyncPolicy.BATCH;
        Path out = Path.of("benchmarks", "results", "latency-" + LocalDate.now());
        boolean search = true;

        /**
         * @param args command-line arguments.
         * @return the settings.
         * @throws IllegalArgumentException naming a bad argument.
         */
        public static Settings parse(final String... args)
        {
            final Settings s = new Settings();
            boolean ratesGiven = false;
            for (int i = 0; i < args.length; i++)
            {
                final String a = args[i];
                switch (a)
                {
                    case "--smoke":
                        s.smoke = true;
                        break;
                    case "--no-search":
                        s.search = false;
                        break;
                    case "--rates":
                        final List<Long> rates = new ArrayList<>();
                        for (final String r : value(args, ++i, a).split(","))
                        {
                            rates.add(positive(Long.parseLong(r.trim()), a));
                        }
                        s.rates = rates;
                        ratesGiven = true;
                        break;
                    case "--seconds":
                        s.seconds = positive(Double.parseDouble(value(args, ++i, a)), a);
                        break;
                    case "--warmup":
                        s.warmup = Double.parseDouble(value(args, ++i, a));
                        break;
                    case "--wait-strategy":
                        s.waitStrategy = WaitStrategyKind.parse(value(args, ++i, a));
                        break;
                    case "--pin":
                        s.pinned = new LinkedHashSet<>(List.of(value(args, ++i, a).split(",")));
                        break;
                    case "--journal-sync":
                        s.journalSync = SyncPolicy.parse(value(args, ++i, a));
                        break;
                    case "--out":
                        s.out = Path.of(value(args, ++i, a));
                        break;
                    default:
                        throw new IllegalArgumentException("unknown argument '" + a + "'; see the class Javadoc or benchmarks/README.md");
                }
            }
            if (s.smoke)
            {
                if (!ratesGiven)
                {
                    s.rates = List.of(5_000L, 20_000L);
                }
                s.seconds = Math.min(s.seconds, 1);
                s.warmup = Math.min(s.warmup, 0.5);
                s.search = false;
            }
            return s;
        }

        private static String value(final String[] args, final int i, final String name)
        {
            if (i >= args.length)
            {
                throw new IllegalArgumentException(name + " needs a value");
            }
            return args[i];
        }

        private static <T extends Number> T positive(final T n, final String name)
        {
            if (n.doubleValue() <= 0)
            {
                throw new IllegalArgumentException(name + " " + n + " must be > 0");
            }
            return n;
        }

        /**
         * @return where the files go.
         */
        public Path out()
        {
            return out;
        }
    }
}
