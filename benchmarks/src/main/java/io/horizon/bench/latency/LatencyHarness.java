package io.horizon.bench.latency;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import io.horizon.engine.pipeline.ThreadingMode;
import io.horizon.engine.pipeline.WaitStrategyKind;
import io.horizon.journal.SyncPolicy;

/**
 * The end-to-end latency harness: drives the full engine (journal on, risk on, paper venue) at
 * fixed rates in each threading mode asked for, timing every order decision from its planned send
 * time (so stalls are not hidden), finds the highest sustainable rate, and runs four baselines in
 * the same process: a raw ring hop, the raw Chronicle append rate, the same pipeline on
 * ArrayBlockingQueues, and {@code chronicle-append+sync} and {@code chronicle-append+fdatasync} (one
 * thread appending the workload's records at the rate and syncing per batch as the journal policy
 * asks, by ranged msync or as the journal's syncer does: the floor durability sets on this disk, see
 * {@link ChronicleSyncRun}). Under each table, the rows that sync say where their time went
 * ({@link SyncBreakdown}). Then a low-rate series: the shared mode with each idle strategy beside a
 * ring hop whose consumer polls and idles with the same strategy, with the CPU each one used.
 * <p>
 * Writes a table (stdout and {@code results.md}), one {@code .hgrm} file per series and rate,
 * {@code percentiles.png} (every mode and baseline at the main rates) and
 * {@code percentiles-low-rate.png}. {@code --smoke} runs for seconds and is what CI runs.
 * <pre>
 * java &lt;jvm flags&gt; -cp benchmarks/target/benchmarks.jar io.horizon.bench.latency.LatencyHarness \
 *     [--smoke] [--rates 10000,100000,500000,1000000] [--seconds 5] [--warmup 2] \
 *     [--threading shared,dedicated] [--wait-strategy backoff] [--pin blp,journal,gateway] \
 *     [--journal-sync batch] [--low-rate 2000] [--low-rate-idle backoff,yielding,busy-spin] \
 *     [--out DIR] [--no-search]
 * </pre>
 * Threading: main thread; each run starts and stops its own threads.
 */
public final class LatencyHarness
{
    private static final double[] PERCENTILES = {50, 90, 99, 99.9, 99.99, 100};

    private LatencyHarness()
    {
    }

    private static final String USAGE = String.join("\n",
        "usage: benchmarks/run-latency.sh [--smoke] [--rates 10000,100000,500000,1000000] [--seconds 5] [--warmup 2]",
        "         [--threading shared,dedicated] [--wait-strategy backoff] [--pin blp,journal,gateway]",
        "         [--journal-sync batch] [--low-rate 2000] [--low-rate-idle backoff,yielding,busy-spin]",
        "         [--out DIR] [--no-search]",
        "example: benchmarks/run-latency.sh --rates 100000 --seconds 10 --warmup 5 --no-search --low-rate 0",
        "what each option does and the figures: benchmarks/README.md");

    public static void main(final String[] args) throws Exception
    {
        if (args.length > 0 && ("--help".equals(args[0]) || "-h".equals(args[0])))
        {
            System.out.println(USAGE);
            return;
        }
        final Settings settings;
        try
        {
            settings = Settings.parse(args);
        }
        catch (final IllegalArgumentException ex)
        {
            System.err.println("latency harness: " + ex.getMessage());
            System.err.println(USAGE);
            System.exit(2);
            return;
        }
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
        out.printf(Locale.ROOT, "latency harness: rates %s, %.1f s each after %.1f s warm-up, threading %s, wait strategy %s, " +
            "pin %s, journal sync %s, low rate %s, %d cores%n", s.rates, s.seconds, s.warmup, names(s.threading),
            s.waitStrategy.configName(), s.pinned.isEmpty() ? "none" : String.join(",", s.pinned), s.journalSync.configName(),
            s.lowRate > 0 ? s.lowRate + "/s with " + names(s.lowRateIdle) : "off", Runtime.getRuntime().availableProcessors());
        out.println(syncDescription(s.journalSync));

        final double chronicleRate = ChronicleAppendRate.measure(s.smoke ? 200_000 : 2_000_000);
        out.printf(Locale.ROOT, "raw Chronicle append rate: %,.0f appends/s%n", chronicleRate);
        final double durableRate = s.journalSync == SyncPolicy.NONE ? Double.NaN :
            ChronicleAppendRate.measureWithSync(s.smoke ? 200_000 : 2_000_000);
        if (!Double.isNaN(durableRate))
        {
            out.printf(Locale.ROOT, "raw Chronicle append + fdatasync every %,d appends: %,.0f durable appends/s%n",
                ChronicleAppendRate.APPENDS_PER_SYNC, durableRate);
        }

        final List<LatencyResult> results = new ArrayList<>();
        final Map<ThreadingMode, long[]> keptUp = new EnumMap<>(ThreadingMode.class);
        for (final long rate : s.rates)
        {
            final int first = results.size();
            for (final ThreadingMode mode : s.threading)
            {
                final LatencyResult horizon = HorizonRun.run(rate, s.seconds, s.warmup, mode, s.waitStrategy, s.pinned,
                    s.journalSync, horizonName(mode));
                results.add(horizon);
                final long[] range = keptUp.computeIfAbsent(mode, m -> new long[]{0, Long.MAX_VALUE});
                if (horizon.keptUp())
                {
                    range[0] = Math.max(range[0], rate);
                }
                else
                {
                    range[1] = Math.min(range[1], rate);
                }
            }
            results.add(RingHopRun.run(rate, s.seconds, s.warmup, s.waitStrategy));
            results.add(BlockingQueueRun.run(rate, s.seconds, s.warmup, s.journalSync));
            results.add(ChronicleSyncRun.run(rate, s.seconds, s.warmup, s.journalSync, ChronicleSyncRun.Sync.MSYNC));
            if (s.journalSync != SyncPolicy.NONE)
            {
                // The floor synced as the journal's syncer syncs: fdatasync of the whole cycle file.
                results.add(ChronicleSyncRun.run(rate, s.seconds, s.warmup, s.journalSync, ChronicleSyncRun.Sync.FDATASYNC));
            }
            printTable(results.subList(first, results.size()), out);
            printBreakdowns(results.subList(first, results.size()), out);
        }

        final Map<ThreadingMode, Long> maxSustainable = new EnumMap<>(ThreadingMode.class);
        for (final ThreadingMode mode : s.threading)
        {
            final long[] range = keptUp.get(mode);
            long lo = range[0];
            long hi = range[1];
            if (s.search && hi != Long.MAX_VALUE && lo > 0 && hi > lo)
            {
                for (int step = 0; step < 4 && hi - lo > lo / 10; step++)
                {
                    final long mid = (lo + hi) / 2;
                    final LatencyResult probe = HorizonRun.run(mid, Math.min(s.seconds, 3), s.warmup, mode, s.waitStrategy,
                        s.pinned, s.journalSync, horizonName(mode) + "-search");
                    out.printf(Locale.ROOT, "search %s: %,d events/s %s (achieved %,.0f/s, p99 %.1f µs)%n", mode.configName(),
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
            }
            maxSustainable.put(mode, lo);
        }

        final List<LatencyResult> lowRate = new ArrayList<>();
        if (s.lowRate > 0)
        {
            for (final WaitStrategyKind idle : s.lowRateIdle)
            {
                lowRate.add(HorizonRun.run(s.lowRate, s.seconds, s.warmup, ThreadingMode.SHARED, idle, s.pinned,
                    s.journalSync, horizonName(ThreadingMode.SHARED) + "/" + idle.configName()));
                lowRate.add(RingHopRun.runPolled(s.lowRate, s.seconds, s.warmup, idle));
            }
            out.printf(Locale.ROOT, "%nlow rate, shared mode by idle strategy, beside a polled ring hop idling the same way:%n");
            printTable(lowRate, out);
        }

        final Path table = s.out.resolve("results.md");
        try (PrintStream md = new PrintStream(Files.newOutputStream(table), true, "UTF-8"))
        {
            md.printf(Locale.ROOT, "Latency harness, %s, %d cores, JDK %s, threading %s, wait strategy %s, pin %s, journal sync %s%n%n",
                LocalDate.now(), Runtime.getRuntime().availableProcessors(), Runtime.version(), names(s.threading),
                s.waitStrategy.configName(), s.pinned.isEmpty() ? "none" : String.join(",", s.pinned), s.journalSync.configName());
            md.println(syncDescription(s.journalSync));
            md.println();
            printTable(results, md);
            md.println();
            printBreakdowns(results, md);
            md.printf(Locale.ROOT, "%nraw Chronicle append rate: %,.0f appends/s%n", chronicleRate);
            for (final ThreadingMode mode : s.threading)
            {
                md.printf(Locale.ROOT, "highest sustainable Horizon rate found, %s: %,d events/s (%.2f x the raw Chronicle rate)%n",
                    mode.configName(), maxSustainable.get(mode), maxSustainable.get(mode) / chronicleRate);
                if (!Double.isNaN(durableRate))
                {
                    md.printf(Locale.ROOT, "highest sustainable Horizon rate found, %s: %.2f x the durable Chronicle append rate " +
                        "(%,.0f/s, fdatasync every %,d appends)%n", mode.configName(), maxSustainable.get(mode) / durableRate,
                        durableRate, ChronicleAppendRate.APPENDS_PER_SYNC);
                }
            }
            for (final long rate : s.rates)
            {
                final LatencyResult hop = find(results, "ring-hop", rate);
                final LatencyResult queue = find(results, "blocking-queue", rate);
                for (final ThreadingMode mode : s.threading)
                {
                    final LatencyResult h = find(results, horizonName(mode), rate);
                    for (final ChronicleSyncRun.Sync sync : ChronicleSyncRun.Sync.values())
                    {
                        if (s.journalSync == SyncPolicy.NONE && sync != ChronicleSyncRun.Sync.MSYNC)
                        {
                            continue;
                        }
                        final LatencyResult floor = find(results, ChronicleSyncRun.name(s.journalSync, sync), rate);
                        if (h != null && floor != null && floor.micros(50) > 0 && floor.micros(99) > 0)
                        {
                            md.printf(Locale.ROOT, "at %s, %s: p50 = %.1f x, p99 = %.1f x the %s floor%n", rateLabel(rate),
                                mode.configName(), h.micros(50) / floor.micros(50), h.micros(99) / floor.micros(99),
                                floor.name());
                        }
                    }
                    if (h != null && hop != null && queue != null && h.micros(99) > 0 && hop.micros(50) > 0 && hop.micros(99) > 0)
                    {
                        md.printf(Locale.ROOT, "at %s, %s: p99 = %.1f x ring-hop p99; p50 = %.1f x ring-hop p50; " +
                            "blocking-queue p99 / %s p99 = %.1f%n", rateLabel(rate), mode.configName(), h.micros(99) / hop.micros(99),
                            h.micros(50) / hop.micros(50), mode.configName(), queue.micros(99) / h.micros(99));
                    }
                }
            }
            if (!lowRate.isEmpty())
            {
                md.printf(Locale.ROOT, "%nLow rate (%s/s): the shared mode with each idle strategy, beside a ring hop whose " +
                    "consumer polls and idles the same way; CPU is the engine's (or consumer's) threads, in %% of one core%n%n",
                    rateLabel(s.lowRate));
                printTable(lowRate, md);
                md.println();
                for (int i = 0; i + 1 < lowRate.size(); i += 2)
                {
                    final LatencyResult h = lowRate.get(i);
                    final LatencyResult hop = lowRate.get(i + 1);
                    if (hop.micros(50) > 0 && hop.micros(99) > 0)
                    {
                        md.printf(Locale.ROOT, "%s: p50 = %.1f x, p99 = %.1f x %s%n", h.label(),
                            h.micros(50) / hop.micros(50), h.micros(99) / hop.micros(99), hop.label());
                    }
                }
            }
        }
        final List<LatencyResult> all = new ArrayList<>(results);
        all.addAll(lowRate);
        for (final LatencyResult r : all)
        {
            try (PrintStream hgrm = new PrintStream(
                Files.newOutputStream(s.out.resolve(r.label().replace('/', '-') + ".hgrm")), true, "UTF-8"))
            {
                r.histogram().outputPercentileDistribution(hgrm, 1000.0);
            }
        }
        PercentilePlot.write(results, "Horizon order-decision latency from planned send time (" + names(s.threading) + ", " +
            s.waitStrategy.configName() + ", " + Runtime.getRuntime().availableProcessors() + " cores)",
            s.out.resolve("percentiles.png"));
        if (!lowRate.isEmpty())
        {
            PercentilePlot.write(lowRate, "Low rate " + rateLabel(s.lowRate) + "/s: shared mode by idle strategy vs polled ring hop (" +
                Runtime.getRuntime().availableProcessors() + " cores)", s.out.resolve("percentiles-low-rate.png"));
        }
        for (final ThreadingMode mode : s.threading)
        {
            out.printf(Locale.ROOT, "%nraw Chronicle append rate %,.0f/s; highest sustainable Horizon rate, %s: %,d events/s (%.2f x)",
                chronicleRate, mode.configName(), maxSustainable.get(mode), maxSustainable.get(mode) / chronicleRate);
            if (!Double.isNaN(durableRate))
            {
                out.printf(Locale.ROOT, "; %.2f x the durable append rate %,.0f/s", maxSustainable.get(mode) / durableRate, durableRate);
            }
        }
        out.println();
        out.println("wrote " + table + ", *.hgrm and percentiles*.png in " + s.out);
        return all;
    }

    /**
     * @return one line saying what a journal sync is in this run, for the header.
     */
    static String syncDescription(final SyncPolicy policy)
    {
        final String mode = "Chronicle's own syncs: SyncMode.ASYNC for the journals (JournalDirectory; the syncer's fdatasync makes " +
            "them durable), SYNC for the msync floor (mappedFile.defaultSyncMode=" +
            System.getProperty("mappedFile.defaultSyncMode", "unset") + ")";
        switch (policy)
        {
            case BATCH:
                return "journal sync batch: the horizon-journal-sync thread fdatasyncs the cycle file after each batch, many batches " +
                    "per sync while one runs (group commit); effects wait for it; " + mode +
                    "; chronicle-append+sync: appender.sync() = msync(MS_SYNC) of the range written, after each batch, on the " +
                    "appending thread; chronicle-append+fdatasync: the same, syncing as the syncer does (fdatasync of the whole " +
                    "cycle file)";
            case PERIODIC:
                return "journal sync periodic (100 ms): the horizon-journal-sync thread fdatasyncs what was written; effects do not wait; " +
                    mode + "; chronicle-append+sync / +fdatasync: msync(MS_SYNC) of the range / fdatasync of the file at most " +
                    "every 100 ms";
            default:
                return "journal sync none: no sync until shutdown (page cache only); " + mode;
        }
    }

    static String horizonName(final ThreadingMode mode)
    {
        return "horizon-" + mode.configName();
    }

    private static String names(final List<? extends Enum<?>> kinds)
    {
        final StringBuilder sb = new StringBuilder();
        for (final Enum<?> kind : kinds)
        {
            sb.append(sb.length() == 0 ? "" : ",").append(
                kind instanceof WaitStrategyKind ? ((WaitStrategyKind)kind).configName() : ((ThreadingMode)kind).configName());
        }
        return sb.toString();
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

    /**
     * Prints, under a table, each series' breakdown of where the time went (series with a journal sync).
     */
    static void printBreakdowns(final List<LatencyResult> results, final PrintStream out)
    {
        for (final LatencyResult r : results)
        {
            if (!r.breakdown().isEmpty())
            {
                out.printf(Locale.ROOT, "- %s: %s%n", r.label(), r.breakdown());
            }
        }
    }

    static void printTable(final List<LatencyResult> results, final PrintStream out)
    {
        out.printf(Locale.ROOT, "| %-34s | %12s | %8s | %8s | %8s | %9s | %10s | %10s | %6s | %-9s |%n",
            "series", "achieved/s", "p50 µs", "p90 µs", "p99 µs", "p99.9 µs", "p99.99 µs", "max µs", "CPU %", "kept up");
        out.printf(Locale.ROOT, "|%s|%s|%s|%s|%s|%s|%s|%s|%s|%s|%n",
            "-".repeat(36), "-".repeat(14), "-".repeat(10), "-".repeat(10), "-".repeat(10), "-".repeat(11), "-".repeat(12),
            "-".repeat(12), "-".repeat(8), "-".repeat(11));
        for (final LatencyResult r : results)
        {
            out.printf(Locale.ROOT, "| %-34s | %,12.0f | %8.1f | %8.1f | %8.1f | %9.1f | %10.1f | %10.1f | %6s | %-9s |%n",
                r.label(), r.achievedRate(), r.micros(PERCENTILES[0]), r.micros(PERCENTILES[1]), r.micros(PERCENTILES[2]),
                r.micros(PERCENTILES[3]), r.micros(PERCENTILES[4]), r.micros(PERCENTILES[5]),
                Double.isNaN(r.cpuCores()) ? "-" : String.format(Locale.ROOT, "%.0f", 100 * r.cpuCores()), r.keptUp() ? "yes" : "NO");
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
        List<ThreadingMode> threading = List.of(ThreadingMode.SHARED, ThreadingMode.DEDICATED);
        WaitStrategyKind waitStrategy = WaitStrategyKind.BACKOFF;
        long lowRate = 2_000;
        List<WaitStrategyKind> lowRateIdle = List.of(WaitStrategyKind.BACKOFF, WaitStrategyKind.YIELDING, WaitStrategyKind.BUSY_SPIN);
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
                    case "--threading":
                        final List<ThreadingMode> modes = new ArrayList<>();
                        for (final String m : value(args, ++i, a).split(","))
                        {
                            final ThreadingMode mode = ThreadingMode.parse(m);
                            if (mode == ThreadingMode.AUTO)
                            {
                                throw new IllegalArgumentException("--threading takes shared, dedicated or both (shared,dedicated), not auto");
                            }
                            modes.add(mode);
                        }
                        s.threading = List.copyOf(new LinkedHashSet<>(modes));
                        break;
                    case "--low-rate":
                        s.lowRate = Long.parseLong(value(args, ++i, a));
                        if (s.lowRate < 0)
                        {
                            throw new IllegalArgumentException("--low-rate " + s.lowRate + " must be >= 0 (0 turns the series off)");
                        }
                        break;
                    case "--low-rate-idle":
                        final List<WaitStrategyKind> idles = new ArrayList<>();
                        for (final String k : value(args, ++i, a).split(","))
                        {
                            idles.add(WaitStrategyKind.parse(k));
                        }
                        s.lowRateIdle = List.copyOf(new LinkedHashSet<>(idles));
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
