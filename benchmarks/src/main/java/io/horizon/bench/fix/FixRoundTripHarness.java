package io.horizon.bench.fix;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import io.horizon.engine.event.FixedPoint;
import io.horizon.engine.pipeline.ThreadingMode;
import io.horizon.engine.pipeline.WaitStrategyKind;
import io.horizon.fix.FramerPlacement;
import io.horizon.fix.sim.FixExchangeSimulator;
import io.horizon.fix.sim.FixSimSettings;
import io.horizon.journal.SyncPolicy;
import org.HdrHistogram.Histogram;

/**
 * The FIX order round trip over loopback, Horizon against a plain QuickFIX/J initiator, in one
 * process and one run: order decision, NewOrderSingle on the wire, ExecutionReport back, fill
 * report. Every order is marketable (buy 1 at the ask, sell 1 at the bid, alternating, against
 * a simulator quoting 99.00 x 10M / 100.00 x 10M), so each one fills at once.
 * <pre>
 *                 +----------------------- one JVM ------------------------------------------+
 *   Horizon:      | sender -> engine (journal, BLP) -> FixVenue (Artio) ==tcp==> WireTap ==tcp==> FixExchangeSimulator
 *                 |                report <- engine <- FixVenue.poll   <==tcp== WireTap <==tcp== (QuickFIX/J acceptor,
 *   baseline:     | sender -> QuickFIX/J initiator ====================tcp==> WireTap ==tcp==>  paper book matching)
 *                 |                fromApp <- QuickFIX/J      <========tcp== WireTap <==tcp==
 *                 +--------------------------------------------------------------------------+
 * </pre>
 * The tap ({@link WireTap}) stamps when each order's bytes arrive from the initiator and when
 * its fill's bytes are handed back, so each initiator's own share (decision to wire, wire to
 * report) is measured apart from the simulator's matching, and the same way for both. A fresh
 * simulator and tap serve each series. Two QuickFIX/J baselines by default ({@link QuickFixRun.Store}):
 * the plain initiator (in-memory store) the issue's goal is stated against, and a durable one
 * ({@code FileStore}, {@code FileStoreSync=Y}), the like-for-like comparison for Horizon with its
 * journal synced. With {@code --rounds N} every series runs N times in the JVM (each round runs
 * Horizon and then QuickFIX/J, so a load spike that lasts a round hits both): round 1 warms the JIT
 * and is not counted, rounds 2 to N are measured, each gets a line per series (own share p50, p99,
 * p99.9, the load average), and the goal is judged on the median over those rounds of the ratio
 * Horizon p99 / QuickFIX/J p99 within each round ({@link MeasuredRounds}: at least 3 measured rounds,
 * so {@code --rounds 4}). The detailed table, the threads and the {@code .hgrm} files are the last
 * round's. Writes a table (stdout and {@code results.md}) and one {@code .hgrm} per series, rate and
 * measure.
 * <pre>
 * benchmarks/run-fix-roundtrip.sh [--smoke] [--rates 1000,10000] [--seconds 10] [--warmup 5]
 *     [--threading shared] [--wait-strategy backoff] [--journal-sync batch] [--framer polled,thread]
 *     [--baselines quickfixj,quickfixj-durable] [--rounds 1] [--out DIR]
 * </pre>
 * Threading: main thread; each run starts and stops its own threads.
 */
public final class FixRoundTripHarness
{
    private static final double[] PERCENTILES = {50, 99, 99.9, 100};

    private static final String USAGE = String.join("\n",
        "usage: benchmarks/run-fix-roundtrip.sh [--smoke] [--rates 1000,10000] [--seconds 10] [--warmup 5]",
        "         [--threading shared|dedicated] [--wait-strategy backoff] [--journal-sync batch|none]",
        "         [--framer polled|thread|polled,thread] [--baselines quickfixj,quickfixj-durable] [--rounds 1]",
        "         [--idle-seconds 0] [--out DIR]",
        "",
        "Times FIX orders over loopback: Horizon (engine + Artio FIX venue) and then QuickFIX/J initiators,",
        "each against a fresh in-process FIX exchange simulator (QuickFIX/J acceptor), every order filling at once.",
        "  --rates          orders per second, one run of each initiator per rate (default 1000,10000)",
        "  --seconds        measured seconds per run (default 10); --warmup seconds before it (default 5)",
        "  --threading      Horizon's threading mode (default shared); --wait-strategy its idle strategy,",
        "                   engine.wait_strategy (default backoff, the daemon's: the engine thread, and with",
        "                   the default --framer thread Artio's framer thread, which reads the socket, sleep up to 100 us",
        "                   when idle; yielding or busy-spin poll without sleeping, a core each)",
        "  --journal-sync   batch (the daemon's default: a fill is on disk before the engine reports it) or none",
        "  --framer         where Artio's framer (socket reader and writer) runs, the venue's framer setting: thread",
        "                   (default: its own thread, idling as --wait-strategy says) or polled (on the engine thread,",
        "                   or the gateway thread with --threading dedicated); thread,polled runs Horizon once with",
        "                   each, back to back, before QuickFIX/J (series horizon@RATE, horizon-polled@RATE)",
        "  --baselines      the QuickFIX/J initiators, run in this order after Horizon (default both):",
        "                   quickfixj (in-memory store: the plain initiator the goal is stated against) and",
        "                   quickfixj-durable (FileStore in a temp dir, FileStoreSync=Y: the store's files are written",
        "                   synchronously and its index fsync'ed per message sent; like-for-like with --journal-sync batch)",
        "  --rounds         run every series this many times in the JVM, each rate's rounds back to back (default 1);",
        "                   round 1 warms the JIT for every series alike (the first run in a JVM pays for it) and is not",
        "                   counted, rounds 2 to N are measured: own share p50/p99/p99.9 of every series in every round,",
        "                   the ratio Horizon p99 / QuickFIX/J p99 within each round, and the goal judged on the median",
        "                   of those ratios over at least 3 measured rounds (--rounds 4); the detailed table is the last round's",
        "  --idle-seconds   before the orders, measure each thread's CPU this long with the session logged on and",
        "                   idle (default 0: not measured)",
        "  --out            where results.md and the .hgrm files go (default benchmarks/results/fix-roundtrip-DATE)",
        "  --smoke          a tiny run for CI (rates 200, 0.5 s, no warm-up, journal sync none)",
        "Measures, per series, in us: round trip (decision -> fill report), own share = out (decision -> bytes at",
        "the tap) + in (bytes handed back by the tap -> report), and venue (tap -> simulator -> tap) apart;",
        "Horizon's in split at the FIX library's poll (in 1: socket, framer, poll; in 2: ring, journal and its",
        "sync, BLP, report). Then each thread's CPU and sleeps over the measured orders (/proc).",
        "Goal (issue 13): Horizon's own share p99 <= 0.5 x the plain QuickFIX/J's, on the median of the per-round",
        "ratios over >= 3 measured rounds; the durable one is printed beside it.",
        "Figures: benchmarks/README.md, FIX section.");

    private FixRoundTripHarness()
    {
    }

    public static void main(final String[] args) throws Exception
    {
        if (args.length > 0 && ("--help".equals(args[0]) || "-h".equals(args[0])))
        {
            System.out.println(USAGE);
            return;
        }
        // QuickFIX/J's message log (the simulator's) would print every message; keep its warnings.
        System.setProperty("org.slf4j.simpleLogger.log.quickfixj.msg", "warn");
        System.setProperty("org.slf4j.simpleLogger.log.quickfixj.event", "warn");
        final Settings settings;
        try
        {
            settings = Settings.parse(args);
        }
        catch (final IllegalArgumentException ex)
        {
            System.err.println("fix round-trip harness: " + ex.getMessage());
            System.err.println(USAGE);
            System.exit(2);
            return;
        }
        final List<Result> results = run(settings, System.out);
        System.exit(results.isEmpty() ? 1 : 0);
    }

    /**
     * Runs every series (each rate's rounds back to back) and writes the files.
     *
     * @return one result per initiator and rate, from the last round, Horizon's first at each rate.
     */
    static List<Result> run(final Settings s, final PrintStream out) throws Exception
    {
        Files.createDirectories(s.out);
        final List<Result> results = new ArrayList<>();
        final List<MeasuredRounds> measured = new ArrayList<>();
        for (final long rate : s.rates)
        {
            final int first = results.size();
            final MeasuredRounds rounds = new MeasuredRounds(rate);
            measured.add(rounds);
            for (int round = 1; round <= s.rounds; round++)
            {
                final List<Result> roundResults = runRound(s, rate, round, out);
                if (round > 1 || s.rounds == 1)
                {
                    rounds.add(round, roundResults);
                }
                if (round < s.rounds)
                {
                    printRoundLine(roundResults, round, s.rounds, out);
                }
                else
                {
                    results.addAll(roundResults);
                }
            }
            if (s.rounds > 1)
            {
                out.printf(Locale.ROOT, "%s orders/s: the table below is round %d of %d; round 1 warmed the JIT, rounds 2 " +
                    "to %d are measured (every one in the per-round table after the threads)%n", rateLabel(rate), s.rounds,
                    s.rounds, s.rounds);
            }
            for (final Result r : results.subList(first, results.size()))
            {
                if (r.outcome.stopped() != null)
                {
                    out.printf(Locale.ROOT, "%s: %s%n", r.label(), r.outcome.stopped());
                }
                else if (r.outcome.times().complete() < r.outcome.times().orders() - r.outcome.times().warmup())
                {
                    out.printf(Locale.ROOT, "%s: not every order timed; reached %s%n", r.label(), r.outcome.times().reached());
                }
            }
            printTable(results.subList(first, results.size()), s.rounds, out);
            printThreads(results.subList(first, results.size()), out);
            rounds.print(s.framers, baselineSeries(s.baselines), out);
        }
        try (PrintStream md = new PrintStream(Files.newOutputStream(s.out.resolve("results.md")), true, "UTF-8"))
        {
            md.printf(Locale.ROOT, "FIX round trip, %s, %d cores, JDK %s, Horizon threading %s, wait strategy %s, journal " +
                "sync %s, framer %s, baselines %s, %s s measured after %s s warm-up, %s%n%n", LocalDate.now(),
                Runtime.getRuntime().availableProcessors(), Runtime.version(), s.threading.configName(),
                s.waitStrategy.configName(), s.journalSync.configName(), framers(s.framers), baselines(s.baselines),
                s.seconds, s.warmup, s.rounds == 1 ? "one round (the first series in the JVM pays for the JIT)" :
                    "round " + s.rounds + " of " + s.rounds + " reported (the earlier ones warmed the JIT)");
            printTable(results, s.rounds, md);
            for (final MeasuredRounds rounds : measured)
            {
                rounds.print(s.framers, baselineSeries(s.baselines), md);
            }
            md.println();
            md.println("```");
            printThreads(results, md);
            md.println("```");
        }
        for (final Result r : results)
        {
            for (final Map.Entry<String, Histogram> e : r.series.entrySet())
            {
                try (PrintStream hgrm = new PrintStream(Files.newOutputStream(s.out.resolve(
                    r.label() + "-" + e.getKey().replaceAll("[^a-z]+", "-").replaceAll("-$", "") + ".hgrm")), true, "UTF-8"))
                {
                    e.getValue().outputPercentileDistribution(hgrm, 1000.0);
                }
            }
        }
        out.println("written to " + s.out.toAbsolutePath());
        return results;
    }

    /** One round at one rate: Horizon with each framer placement, then each baseline, each against a fresh simulator. */
    private static List<Result> runRound(final Settings s, final long rate, final int round, final PrintStream out)
        throws Exception
    {
        final String of = s.rounds == 1 ? "" : String.format(Locale.ROOT, " (round %d of %d)", round, s.rounds);
        final List<Result> results = new ArrayList<>();
        for (final FramerPlacement framer : s.framers)
        {
            out.printf(Locale.ROOT, "%s orders/s%s: Horizon (threading %s, wait %s, journal sync %s, framer %s) ...%n",
                rateLabel(rate), of, s.threading.configName(), s.waitStrategy.configName(), s.journalSync.configName(),
                framer.configName());
            final String load = MeasuredRounds.loadAverage();
            try (FixExchangeSimulator simulator = simulator())
            {
                results.add(new Result("horizon", framer, rate, HorizonFixRun.run(s, framer, rate, simulator.port()), load));
            }
        }
        for (final QuickFixRun.Store store : s.baselines)
        {
            out.printf(Locale.ROOT, "%s orders/s%s: QuickFIX/J initiator, %s ...%n", rateLabel(rate), of,
                store == QuickFixRun.Store.MEMORY ? "in-memory store" : "FileStore with FileStoreSync=Y");
            final String load = MeasuredRounds.loadAverage();
            try (FixExchangeSimulator simulator = simulator())
            {
                results.add(new Result(store.series(), null, rate, QuickFixRun.run(s, store, rate, simulator.port()), load));
            }
        }
        return results;
    }

    /**
     * A round before the last: one line per series with its own share and load, so the JIT's effect on
     * the first round stays visible (rounds after the first are measured: {@link MeasuredRounds}).
     */
    static void printRoundLine(final List<Result> results, final int round, final int rounds, final PrintStream out)
    {
        for (final Result r : results)
        {
            final Histogram h = r.series.get(OWN_SHARE);
            out.printf(Locale.ROOT, "round %d of %d (%s): %s own share p50 %s us, p99 %s us, load %s%s%n",
                round, rounds, round == 1 ? "JIT warm-up, not reported" : "measured, the table below holds the last",
                r.label(), micros(h, 50), micros(h, 99), r.load,
                r.outcome.stopped() != null ? " (" + r.outcome.stopped() + ")" : r.outcome.keptUp() ? "" : " (fell behind)");
        }
    }

    static FixExchangeSimulator simulator()
    {
        final Map<String, Long> instruments = new LinkedHashMap<>();
        instruments.put("AAPL", FixedPoint.ofUnits(100));
        final FixExchangeSimulator simulator = new FixExchangeSimulator(new FixSimSettings("127.0.0.1", 0,
            FixSimSettings.DEFAULT_COMP_ID, FixSimSettings.DEFAULT_CLIENT_COMP_ID, instruments, 42, 0,
            List.of(new FixSimSettings.FixedQuote("AAPL", HorizonFixRun.BID, FixedPoint.ofUnits(10_000_000),
                HorizonFixRun.ASK, FixedPoint.ofUnits(10_000_000))), null, null)).start();
        simulator.tick();
        return simulator;
    }

    static void printTable(final List<Result> results, final int rounds, final PrintStream out)
    {
        out.printf(Locale.ROOT, "| series | measure | orders | p50 us | p99 us | p99.9 us | max us |%n");
        out.printf(Locale.ROOT, "|---|---|---|---|---|---|---|%n");
        for (final Result r : results)
        {
            for (final Map.Entry<String, Histogram> e : r.series.entrySet())
            {
                final Histogram h = e.getValue();
                out.printf(Locale.ROOT, "| %s | %s | %,d | %s | %s | %s | %s |%n", r.label() +
                    (r.outcome.keptUp() ? "" : " (fell behind: " + Math.round(r.outcome.achievedRate()) + "/s)") +
                    (r.outcome.rejects() > 0 ? " (" + r.outcome.rejects() + " rejects, first: " + r.outcome.firstReject() + ")" : ""), e.getKey(),
                    h.getTotalCount(), micros(h, 50), micros(h, 99), micros(h, 99.9), micros(h, 100));
            }
        }
        for (final Result h : results)
        {
            for (final Result q : results)
            {
                if (h.name.equals("horizon") && q.framer == null && h.rate == q.rate)
                {
                    if (h.series.get(OWN_SHARE).getTotalCount() == 0 || q.series.get(OWN_SHARE).getTotalCount() == 0)
                    {
                        out.printf(Locale.ROOT, "%nat %s orders/s: no orders timed end to end for %s; goal not judged%n",
                            rateLabel(h.rate), h.series.get(OWN_SHARE).getTotalCount() == 0 ? "Horizon" : q.name);
                        continue;
                    }
                    final double hp = h.percentile(OWN_SHARE, 99);
                    final double qp = q.percentile(OWN_SHARE, 99);
                    final boolean plain = q.name.equals(QuickFixRun.Store.MEMORY.series());
                    final String verdict = !plain ? "durable store synced per message, like-for-like with journal sync batch" :
                        rounds > 1 ? "this round only; the goal is judged on the median of the measured rounds, below" :
                            "goal <= 0.5 x in this one run: " + (qp > 0 && hp <= 0.5 * qp ? "met" : "not met");
                    out.printf(Locale.ROOT, "%nat %s orders/s: Horizon own share p99 %.1f us = %.2f x %s's %.1f us " +
                        "(framer %s; %s)%n", rateLabel(h.rate), hp, qp > 0 ? hp / qp : Double.NaN, q.name, qp,
                        h.framer.configName(), verdict);
                }
            }
        }
    }

    /** Each run's threads over its measured orders: where the CPU went, and how often each thread slept. */
    static void printThreads(final List<Result> results, final PrintStream out)
    {
        for (final Result r : results)
        {
            out.printf(Locale.ROOT, "%nthreads of %s over the measured orders (the whole JVM: the simulator's and the tap's too):%n%s",
                r.label(), r.outcome.threads());
        }
    }

    static final String OWN_SHARE = "own share (out + in)";

    private static String micros(final Histogram h, final double percentile)
    {
        return h.getTotalCount() == 0 ? "-" :
            String.format(Locale.ROOT, "%.1f", h.getValueAtPercentile(percentile) / 1000.0);
    }

    static String framers(final List<FramerPlacement> framers)
    {
        final StringBuilder sb = new StringBuilder();
        for (final FramerPlacement f : framers)
        {
            sb.append(sb.length() == 0 ? "" : ",").append(f.configName());
        }
        return sb.toString();
    }

    static List<String> baselineSeries(final List<QuickFixRun.Store> baselines)
    {
        return baselines.stream().map(QuickFixRun.Store::series).toList();
    }

    static String baselines(final List<QuickFixRun.Store> baselines)
    {
        final StringBuilder sb = new StringBuilder();
        for (final QuickFixRun.Store b : baselines)
        {
            sb.append(sb.length() == 0 ? "" : ",").append(b.series());
        }
        return sb.length() == 0 ? "none" : sb.toString();
    }

    static String rateLabel(final long rate)
    {
        return rate % 1000 == 0 ? rate / 1000 + "k" : Long.toString(rate);
    }

    /**
     * One initiator at one rate.
     */
    static final class Result
    {
        final String name;
        /** Where Horizon's framer ran; {@code null} for QuickFIX/J. */
        final FramerPlacement framer;
        final long rate;
        final HorizonFixRun.RunOutcome outcome;
        final Map<String, Histogram> series;
        /** The host's 1-minute load average when the run began ({@link MeasuredRounds#loadAverage()}). */
        final String load;

        Result(final String name, final FramerPlacement framer, final long rate, final HorizonFixRun.RunOutcome outcome,
            final String load)
        {
            this.name = name;
            this.framer = framer;
            this.rate = rate;
            this.outcome = outcome;
            this.load = load;
            this.series = outcome.times().series("horizon".equals(name));
        }

        String label()
        {
            return name + (framer == FramerPlacement.POLLED ? "-polled" : "") + "@" + rateLabel(rate);
        }

        double percentile(final String measure, final double percentile)
        {
            return series.get(measure).getValueAtPercentile(percentile) / 1000.0;
        }
    }

    /**
     * The harness's options.
     */
    static final class Settings
    {
        List<Long> rates = List.of(1_000L, 10_000L);
        double seconds = 10;
        double warmup = 5;
        ThreadingMode threading = ThreadingMode.SHARED;
        WaitStrategyKind waitStrategy = WaitStrategyKind.BACKOFF;
        SyncPolicy journalSync = SyncPolicy.BATCH;
        List<FramerPlacement> framers = List.of(FramerPlacement.THREAD);
        List<QuickFixRun.Store> baselines = List.of(QuickFixRun.Store.MEMORY, QuickFixRun.Store.FILE_SYNCED);
        int rounds = 1;
        double idleSeconds = 0;
        Path out = Path.of("benchmarks", "results", "fix-roundtrip-" + LocalDate.now());

        static Settings parse(final String... args)
        {
            final Settings s = new Settings();
            for (int i = 0; i < args.length; i++)
            {
                final String a = args[i];
                switch (a)
                {
                    case "--smoke":
                        s.rates = List.of(200L);
                        s.seconds = 0.5;
                        s.warmup = 0;
                        s.journalSync = SyncPolicy.NONE;
                        break;
                    case "--rates":
                        final List<Long> rates = new ArrayList<>();
                        for (final String r : value(args, ++i, a).split(","))
                        {
                            rates.add(positive(r.trim(), a));
                        }
                        s.rates = List.copyOf(rates);
                        break;
                    case "--seconds":
                        s.seconds = seconds(value(args, ++i, a), a, false);
                        break;
                    case "--warmup":
                        s.warmup = seconds(value(args, ++i, a), a, true);
                        break;
                    case "--threading":
                        s.threading = ThreadingMode.parse(value(args, ++i, a));
                        if (s.threading == ThreadingMode.AUTO)
                        {
                            throw new IllegalArgumentException("--threading must be shared or dedicated, got 'auto'");
                        }
                        break;
                    case "--wait-strategy":
                        s.waitStrategy = WaitStrategyKind.parse(value(args, ++i, a));
                        break;
                    case "--idle-seconds":
                        s.idleSeconds = seconds(value(args, ++i, a), a, true);
                        break;
                    case "--framer":
                        final List<FramerPlacement> framers = new ArrayList<>();
                        for (final String f : value(args, ++i, a).split(","))
                        {
                            final FramerPlacement framer = FramerPlacement.parse(f.trim());
                            if (!framers.contains(framer))
                            {
                                framers.add(framer);
                            }
                        }
                        s.framers = List.copyOf(framers);
                        break;
                    case "--baselines":
                        final List<QuickFixRun.Store> baselines = new ArrayList<>();
                        for (final String b : value(args, ++i, a).split(","))
                        {
                            final QuickFixRun.Store store = QuickFixRun.Store.ofSeries(b.trim());
                            if (!baselines.contains(store))
                            {
                                baselines.add(store);
                            }
                        }
                        s.baselines = List.copyOf(baselines);
                        break;
                    case "--rounds":
                        final long rounds = positive(value(args, ++i, a), a);
                        if (rounds > 100)
                        {
                            throw new IllegalArgumentException("--rounds takes 1 to 100, got '" + rounds + "'");
                        }
                        s.rounds = (int)rounds;
                        break;
                    case "--journal-sync":
                        s.journalSync = SyncPolicy.parse(value(args, ++i, a));
                        break;
                    case "--out":
                        s.out = Path.of(value(args, ++i, a));
                        break;
                    default:
                        throw new IllegalArgumentException("unknown argument '" + a + "'");
                }
            }
            return s;
        }

        private static String value(final String[] args, final int i, final String option)
        {
            if (i >= args.length)
            {
                throw new IllegalArgumentException(option + " needs a value");
            }
            return args[i];
        }

        private static long positive(final String text, final String option)
        {
            try
            {
                final long v = Long.parseLong(text);
                if (v > 0)
                {
                    return v;
                }
            }
            catch (final NumberFormatException ex)
            {
                // fall through
            }
            throw new IllegalArgumentException(option + " takes positive whole numbers" +
                ("--rates".equals(option) ? " (orders/s)" : "") + ", got '" + text + "'");
        }

        private static double seconds(final String text, final String option, final boolean zeroAllowed)
        {
            try
            {
                final double v = Double.parseDouble(text);
                if (v > 0 || (zeroAllowed && v == 0))
                {
                    return v;
                }
            }
            catch (final NumberFormatException ex)
            {
                // fall through
            }
            throw new IllegalArgumentException(option + " takes seconds" + (zeroAllowed ? " (0 or more)" : " (more than 0)") +
                ", got '" + text + "'");
        }
    }
}
