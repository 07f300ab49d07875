package io.horizon.ops.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The metric names a dashboard or an alert may use: those Horizon's code names (every
 * {@code "horizon_..."} string literal in engine, journal, fix and ops main sources, such as the
 * engine's counter labels), the JVM meters Micrometer exports, and Prometheus' own {@code up}.
 * A histogram or timer counts with its {@code _bucket}, {@code _sum}, {@code _count} and
 * {@code _max} series. {@link LiveMetricNamesTest} checks the same files against a live scrape.
 * <p>
 * Stateless; any thread.
 */
final class ExportedMetrics
{
    /** Histograms and timers: each also exports _bucket, _sum, _count and _max series. */
    static final Set<String> HISTOGRAMS = Set.of(
        "horizon_order_latency_seconds",
        "horizon_venue_round_trip_latency_seconds",
        "jvm_gc_pause_seconds");

    /** Micrometer's JVM and process binders, and Prometheus' scrape health. */
    static final Set<String> PLATFORM = Set.of(
        "up",
        "jvm_memory_used_bytes",
        "jvm_memory_committed_bytes",
        "jvm_memory_max_bytes",
        "jvm_threads_live_threads",
        "jvm_gc_memory_allocated_bytes_total",
        "process_cpu_usage",
        "process_uptime_seconds");

    private static final Pattern LITERAL = Pattern.compile("\"(horizon_[a-z0-9_]+)");
    private static final String[] HISTOGRAM_SUFFIXES = {"_bucket", "_sum", "_count", "_max"};

    private ExportedMetrics()
    {
    }

    /**
     * @return every metric name Horizon's main sources name in a string literal.
     */
    static Set<String> namedInCode()
    {
        final Set<String> names = new TreeSet<>();
        for (final String module : new String[]{"engine", "journal", "fix", "ops"})
        {
            final Path sources = DeployKit.root().resolve(module).resolve("src/main/java");
            if (!Files.isDirectory(sources))
            {
                continue;
            }
            try (Stream<Path> files = Files.walk(sources))
            {
                files.filter(f -> f.toString().endsWith(".java")).forEach(f ->
                {
                    final Matcher m = LITERAL.matcher(DeployKit.read(f));
                    while (m.find())
                    {
                        names.add(m.group(1));
                    }
                });
            }
            catch (final IOException ex)
            {
                throw new UncheckedIOException(ex);
            }
        }
        return names;
    }

    /**
     * @return every name a query may use.
     */
    static Set<String> all()
    {
        final Set<String> names = new TreeSet<>(namedInCode());
        names.addAll(PLATFORM);
        for (final String histogram : HISTOGRAMS)
        {
            for (final String suffix : HISTOGRAM_SUFFIXES)
            {
                names.add(histogram + suffix);
            }
        }
        return names;
    }
}
