package io.horizon.ops.metrics;

import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.FunctionTimer;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.TimeGauge;

/**
 * The snapshots' costs in {@code /metrics}, read from cumulative totals the snapshot writer keeps:
 * <ul>
 *     <li>{@code horizon_snapshot_pause_seconds} (summary: {@code _count}, {@code _sum}) and
 *     {@code horizon_snapshot_pause_max_seconds}: how long the engine stopped to copy its state
 *     (the BLP's, and the gateway's copy of the paper venue's book), per snapshot written;</li>
 *     <li>{@code horizon_snapshot_write_seconds} and {@code horizon_snapshot_write_max_seconds}: the
 *     writer thread's file write (temporary file, fsync, rename, folder fsync);</li>
 *     <li>{@code horizon_snapshots_dropped_total}, {@code horizon_snapshots_failed_total}: snapshots
 *     the writer was too far behind to queue, or could not write;</li>
 *     <li>{@code horizon_snapshots_refused_at_recovery}: snapshots recovery passed over at start
 *     (damaged, foreign, from another preset), each logged with its file.</li>
 * </ul>
 * Nothing here runs on an engine thread: the engine measures its pause and hands it over with the
 * snapshot; the writer thread adds it up; a scrape reads the totals.
 * <p>
 * Threading: {@link #bind} on the owner thread before the export starts; the source is read on
 * whatever thread renders a scrape.
 */
public final class SnapshotMeters
{
    /**
     * Cumulative totals since start. Any thread may read them.
     */
    public interface Source
    {
        /** @return snapshots written. */
        long written();

        /** @return the engine's pause, summed over the snapshots written, in nanoseconds. */
        long pauseTotalNanos();

        /** @return the longest pause so far, in nanoseconds. */
        long pauseMaxNanos();

        /** @return write time, summed, in nanoseconds. */
        long writeTotalNanos();

        /** @return the longest write so far, in nanoseconds. */
        long writeMaxNanos();

        /** @return snapshots dropped because the writer was behind. */
        long dropped();

        /** @return snapshots that could not be written. */
        long failed();
    }

    private SnapshotMeters()
    {
    }

    /**
     * @param export            the daemon's metrics.
     * @param source            the writer's totals.
     * @param refusedAtRecovery how many snapshots recovery refused at start.
     */
    public static void bind(final MetricsExport export, final Source source, final LongSupplier refusedAtRecovery)
    {
        final MeterRegistry registry = export.registry();
        FunctionTimer.builder("horizon_snapshot_pause", source, Source::written, Source::pauseTotalNanos, TimeUnit.NANOSECONDS)
            .description(MetricHelp.of("horizon_snapshot_pause_seconds")).register(registry);
        TimeGauge.builder("horizon_snapshot_pause_max", source, TimeUnit.NANOSECONDS, Source::pauseMaxNanos)
            .description(MetricHelp.of("horizon_snapshot_pause_max_seconds")).register(registry);
        FunctionTimer.builder("horizon_snapshot_write", source, Source::written, Source::writeTotalNanos, TimeUnit.NANOSECONDS)
            .description(MetricHelp.of("horizon_snapshot_write_seconds")).register(registry);
        TimeGauge.builder("horizon_snapshot_write_max", source, TimeUnit.NANOSECONDS, Source::writeMaxNanos)
            .description(MetricHelp.of("horizon_snapshot_write_max_seconds")).register(registry);
        FunctionCounter.builder("horizon_snapshots_dropped", source, Source::dropped)
            .description(MetricHelp.of("horizon_snapshots_dropped_total")).register(registry);
        FunctionCounter.builder("horizon_snapshots_failed", source, Source::failed)
            .description(MetricHelp.of("horizon_snapshots_failed_total")).register(registry);
        export.gauge("horizon_snapshots_refused_at_recovery", Tags.empty(), refusedAtRecovery);
    }
}
