package io.horizon.bench.latency;

import org.HdrHistogram.Histogram;

/**
 * One measured run: what was driven, at what rate, and the latency distribution it produced.
 *
 * @param name         the series ({@code horizon-shared}, {@code ring-hop}, {@code blocking-queue}, ...).
 * @param targetRate   events per second asked for.
 * @param sent         measured events sent.
 * @param achievedRate events per second actually sent (planned schedule kept or not).
 * @param keptUp       true when the run kept its schedule and drained: the rate is sustainable.
 * @param histogram    latency from planned send time, in nanoseconds.
 * @param cpuCores     CPU time of the series' own threads (engine or consumer, not the sender)
 *                     over the measured window, in cores (1.0 = one core busy); NaN when not measured.
 * @param breakdown    where the time went, for series that sync a journal ({@link SyncBreakdown}); empty when
 *                     not measured.
 */
public record LatencyResult(
    String name,
    long targetRate,
    long sent,
    double achievedRate,
    boolean keptUp,
    Histogram histogram,
    double cpuCores,
    String breakdown)
{
    /**
     * A run without a breakdown.
     */
    public LatencyResult(
        final String name, final long targetRate, final long sent, final double achievedRate, final boolean keptUp,
        final Histogram histogram, final double cpuCores)
    {
        this(name, targetRate, sent, achievedRate, keptUp, histogram, cpuCores, "");
    }

    /**
     * A run whose CPU use was not measured.
     */
    public LatencyResult(
        final String name, final long targetRate, final long sent, final double achievedRate, final boolean keptUp,
        final Histogram histogram)
    {
        this(name, targetRate, sent, achievedRate, keptUp, histogram, Double.NaN);
    }

    /**
     * @return the label used in tables, files and plots ({@code horizon-shared@100k}).
     */
    public String label()
    {
        return name + "@" + LatencyHarness.rateLabel(targetRate);
    }

    /**
     * @return latency at a percentile, in microseconds.
     */
    public double micros(final double percentile)
    {
        return histogram.getValueAtPercentile(percentile) / 1000.0;
    }
}
