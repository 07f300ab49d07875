package io.horizon.bench.fix;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

import io.horizon.fix.FramerPlacement;
import org.HdrHistogram.Histogram;

/**
 * Every measured round of one rate (with {@code --rounds N}, rounds 2 to N; with one round, that
 * one), each series's own share in it, and the goal judged on them: one run of a series is one
 * sample on a box whose load moves QuickFIX/J's own p99 several-fold between identical runs, so the
 * goal (Horizon's own share p99 &lt;= 0.5 x the plain QuickFIX/J initiator's) is judged on the
 * <b>median, over the measured rounds, of the ratio within each round</b>. Horizon and QuickFIX/J
 * run back to back in every round, so a load spike that lasts a round hits both; the median of at
 * least {@value #ROUNDS_TO_JUDGE} such ratios is what the goal line reports.
 * <p>
 * Only figures are kept per round (not the orders' times), so many rounds at 10k cost no memory.
 * <p>
 * Threading: the harness's main thread.
 */
final class MeasuredRounds
{
    /** The fewest measured rounds the goal is judged on. */
    static final int ROUNDS_TO_JUDGE = 3;
    /** The goal: Horizon's own share p99 at most this times the plain QuickFIX/J initiator's. */
    static final double GOAL_RATIO = 0.5;

    private final long rate;
    private final List<Figures> figures = new ArrayList<>();
    private int rounds;

    /**
     * One series in one round: the load average when its run began, its own share's percentiles
     * and, for Horizon, the p99 of the legs the own share is made of.
     */
    record Figures(int round, String label, String name, FramerPlacement framer, String load, boolean timed,
        boolean keptUp, double p50, double p99, double p999, double outP99, double in1P99, double in2P99)
    {
    }

    MeasuredRounds(final long rate)
    {
        this.rate = rate;
    }

    /**
     * Keeps one measured round's figures.
     *
     * @param round   its number (1-based).
     * @param results its series, each with the load average its run began at.
     */
    void add(final int round, final List<FixRoundTripHarness.Result> results)
    {
        rounds++;
        for (final FixRoundTripHarness.Result r : results)
        {
            final Histogram share = r.series.get(FixRoundTripHarness.OWN_SHARE);
            figures.add(new Figures(round, r.label(), r.name, r.framer, r.load, share.getTotalCount() > 0,
                r.outcome.keptUp() && r.outcome.stopped() == null, micros(share, 50), micros(share, 99),
                micros(share, 99.9), p99(r, "out: decision -> wire"), p99(r, "in 1: wire -> library poll"),
                p99(r, "in 2: library poll -> report")));
        }
    }

    /** @return how many rounds were added. */
    int rounds()
    {
        return rounds;
    }

    /**
     * @param framer       Horizon's framer placement.
     * @param baseline     the QuickFIX/J series compared against ({@code quickfixj} for the goal).
     * @return Horizon's own share p99 over the baseline's, one per measured round in which both
     *         timed orders, in round order.
     */
    double[] ratios(final FramerPlacement framer, final String baseline)
    {
        final List<Double> ratios = new ArrayList<>();
        for (final Figures h : figures)
        {
            if (!"horizon".equals(h.name) || h.framer != framer || !h.timed)
            {
                continue;
            }
            for (final Figures q : figures)
            {
                if (q.round == h.round && q.name.equals(baseline) && q.timed && q.p99 > 0)
                {
                    ratios.add(h.p99 / q.p99);
                }
            }
        }
        return ratios.stream().mapToDouble(Double::doubleValue).toArray();
    }

    /** @return the median of the values (the mean of the middle two for an even count), NaN for none. */
    static double median(final double[] values)
    {
        if (values.length == 0)
        {
            return Double.NaN;
        }
        final double[] sorted = values.clone();
        Arrays.sort(sorted);
        final int mid = sorted.length / 2;
        return sorted.length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
    }

    /**
     * Prints a table of every series in every measured round, then per Horizon framer placement and
     * baseline the ratio in each round and their median, with the goal's verdict against the plain
     * initiator.
     */
    void print(final List<FramerPlacement> framers, final List<String> baselines, final PrintStream out)
    {
        out.printf(Locale.ROOT, "%nat %s orders/s, every measured round (own share in us; load average when the run " +
            "began; Horizon's legs: out, in 1, in 2):%n", FixRoundTripHarness.rateLabel(rate));
        out.printf(Locale.ROOT, "| round | series | load | p50 | p99 | p99.9 | out p99 | in 1 p99 | in 2 p99 |%n");
        out.printf(Locale.ROOT, "|---|---|---|---|---|---|---|---|---|%n");
        for (final Figures f : figures)
        {
            final boolean horizon = "horizon".equals(f.name);
            out.printf(Locale.ROOT, "| %d | %s%s | %s | %s | %s | %s | %s | %s | %s |%n", f.round, f.label,
                f.keptUp ? "" : " (fell behind)", f.load, number(f.timed, f.p50), number(f.timed, f.p99),
                number(f.timed, f.p999), number(horizon && f.timed, f.outP99), number(horizon && f.timed, f.in1P99),
                number(horizon && f.timed, f.in2P99));
        }
        for (final FramerPlacement framer : framers)
        {
            for (final String baseline : baselines)
            {
                final double[] ratios = ratios(framer, baseline);
                final double median = median(ratios);
                final StringBuilder each = new StringBuilder();
                for (final double r : ratios)
                {
                    each.append(each.length() == 0 ? "" : ", ").append(String.format(Locale.ROOT, "%.2f", r));
                }
                final String verdict;
                if (!baseline.equals(QuickFixRun.Store.MEMORY.series()))
                {
                    verdict = "durable store synced per message, like-for-like with journal sync batch";
                }
                else if (ratios.length < ROUNDS_TO_JUDGE)
                {
                    verdict = String.format(Locale.ROOT, "goal <= %.1f x: not judged, %d measured round(s) with both " +
                        "timed, fewer than %d (--rounds %d)", GOAL_RATIO, ratios.length, ROUNDS_TO_JUDGE, ROUNDS_TO_JUDGE + 1);
                }
                else
                {
                    verdict = String.format(Locale.ROOT, "goal <= %.1f x on the median of %d measured rounds: %s",
                        GOAL_RATIO, ratios.length, median <= GOAL_RATIO ? "met" : "not met");
                }
                out.printf(Locale.ROOT, "at %s orders/s, framer %s: Horizon own share p99 / %s's, per measured round: %s; " +
                    "median %s x (%s)%n", FixRoundTripHarness.rateLabel(rate), framer.configName(), baseline,
                    ratios.length == 0 ? "none" : each, Double.isNaN(median) ? "-" : String.format(Locale.ROOT, "%.2f", median),
                    verdict);
            }
        }
    }

    /** @return this host's 1-minute load average, or "-" where it cannot be read. */
    static String loadAverage()
    {
        try
        {
            return Files.readString(Path.of("/proc/loadavg")).trim().split(" ")[0];
        }
        catch (final IOException | RuntimeException ex)
        {
            return "-";
        }
    }

    private static double p99(final FixRoundTripHarness.Result r, final String measure)
    {
        final Histogram h = r.series.get(measure);
        return h == null ? 0 : micros(h, 99);
    }

    private static double micros(final Histogram h, final double percentile)
    {
        return h.getTotalCount() == 0 ? 0 : h.getValueAtPercentile(percentile) / 1000.0;
    }

    private static String number(final boolean present, final double micros)
    {
        return present ? String.format(Locale.ROOT, "%,.1f", micros) : "-";
    }
}
