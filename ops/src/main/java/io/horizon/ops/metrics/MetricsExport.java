package io.horizon.ops.metrics;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

import io.horizon.engine.counter.EngineCounters;
import io.horizon.engine.counter.EngineLatency;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

/**
 * Horizon's metrics export: a Micrometer Prometheus registry holding the engine's counters, its
 * latency recorders, sampled gauges and the JVM's own meters, a {@link MetricsSampler} thread that
 * moves engine values into it every interval, and the {@link MetricsServer} on
 * {@code /metrics}, {@code /health} and {@code /ready}.
 * <p>
 * The hot path never sees any of this: engine threads write plain counters and HdrHistogram
 * recorders; the sampler reads them once per interval; a scrape renders the registry at most once
 * per interval and otherwise serves that rendering again, so a high scrape rate costs the host
 * one rendering per interval, not one per scrape.
 * <p>
 * Lifecycle: {@link #bind} (socket bound, nothing running), then {@link #gauge} as needed, then
 * {@link #start}, then {@link #close}. Close it before the counters' memory is unmapped.
 * <p>
 * Threading: lifecycle methods from the owner thread; {@link #scrape()} from any thread.
 */
public final class MetricsExport implements AutoCloseable
{
    private final PrometheusMeterRegistry registry;
    private final CounterMeters counterMeters;
    private final LatencyMeters latencyMeters;
    private final List<SampledGauge> gauges = new ArrayList<>();
    private final MetricsSampler sampler;
    private final MetricsServer server;
    private final JvmGcMetrics gcMetrics;
    private final long renderMaxAgeNanos;
    private byte[] rendering;
    private long renderedAtNanos;
    private boolean started;

    private MetricsExport(
        final MetricsSettings settings,
        final EngineCounters counters,
        final EngineLatency latency,
        final Readiness readiness,
        final boolean serve)
    {
        registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        // Two of Micrometer's JVM names break Prometheus naming rules (promtool flags them):
        // a count that is a gauge, and a unit abbreviation. Rename the first, drop the second
        // (process_cpu_usage remains).
        registry.config().meterFilter(MeterFilter.denyNameStartsWith("process.cpu.time"));
        registry.config().meterFilter(new MeterFilter()
        {
            @Override
            public Meter.Id map(final Meter.Id id)
            {
                return "system.cpu.count".equals(id.getName()) ? id.withName("system.cpu.cores") : id;
            }
        });
        new JvmMemoryMetrics().bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ClassLoaderMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
        gcMetrics = new JvmGcMetrics();
        gcMetrics.bindTo(registry);
        counterMeters = new CounterMeters(counters.reader(), registry);
        latencyMeters = new LatencyMeters(latency, registry);
        renderMaxAgeNanos = settings.sampleInterval().toNanos();
        sampler = new MetricsSampler(renderMaxAgeNanos, counterMeters::sample, latencyMeters::sample, this::sampleGauges);
        server = serve ? MetricsServer.bind(
            new InetSocketAddress(settings.bindAddress(), settings.port()), this::scrapeBytes, readiness) : null;
    }

    /**
     * Builds the export and binds its socket, serving nothing yet.
     *
     * @param settings  where to serve; must be {@link MetricsSettings#enabled()}.
     * @param counters  the engine's counters (every counter in them is exported).
     * @param latency   the engine's latency recorders.
     * @param readiness what {@code /ready} checks.
     * @return the bound export.
     * @throws IllegalArgumentException naming the address and the fix when it cannot be bound.
     */
    public static MetricsExport bind(
        final MetricsSettings settings, final EngineCounters counters, final EngineLatency latency, final Readiness readiness)
    {
        if (!settings.enabled())
        {
            throw new IllegalArgumentException("metrics are turned off (port 0); nothing to bind");
        }
        return new MetricsExport(settings, counters, latency, readiness, true);
    }

    /**
     * Builds the export without any socket, for benchmarks and tools that scrape in process.
     *
     * @return the export; {@link #start} runs only the sampler.
     */
    public static MetricsExport inProcess(final MetricsSettings settings, final EngineCounters counters, final EngineLatency latency)
    {
        return new MetricsExport(settings, counters, latency, Readiness.alwaysReady(), false);
    }

    /**
     * Adds a gauge whose value the sampler reads from {@code source} once per interval, for values
     * that are not counters, such as the ring's remaining capacity. Before {@link #start}.
     *
     * @param name   Prometheus name.
     * @param tags   labels.
     * @param source read on the sampler thread; must be safe to call from it.
     * @return this.
     */
    public MetricsExport gauge(final String name, final Tags tags, final LongSupplier source)
    {
        if (started)
        {
            throw new IllegalStateException("add gauges before start");
        }
        final SampledGauge gauge = new SampledGauge(source);
        Gauge.builder(name, gauge.value, AtomicLong::get).tags(tags).description(MetricHelp.of(name)).register(registry);
        gauges.add(gauge);
        return this;
    }

    /**
     * Samples once, then starts the sampler thread and serves requests.
     */
    public void start()
    {
        if (started)
        {
            return;
        }
        started = true;
        sampler.sampleOnce();
        sampler.start();
        if (server != null)
        {
            server.start();
        }
    }

    /**
     * @return the bound address, or {@code null} without a server.
     */
    public InetSocketAddress address()
    {
        return server == null ? null : server.address();
    }

    /**
     * @return the registry, for tests and for binding more meters before {@link #start}.
     */
    public PrometheusMeterRegistry registry()
    {
        return registry;
    }

    /**
     * Runs one sampling pass on the calling thread, for tools that drive time themselves.
     * Only while the sampler thread is not running.
     */
    public void sampleNow()
    {
        if (started)
        {
            throw new IllegalStateException("the sampler thread is running; it samples every interval");
        }
        sampler.sampleOnce();
    }

    /**
     * @return {@code /metrics} as text. Any thread.
     */
    public String scrape()
    {
        return new String(scrapeBytes(), StandardCharsets.UTF_8);
    }

    private synchronized byte[] scrapeBytes()
    {
        final long now = System.nanoTime();
        if (rendering == null || now - renderedAtNanos >= renderMaxAgeNanos)
        {
            rendering = registry.scrape(MetricsServer.PROMETHEUS_TEXT).getBytes(StandardCharsets.UTF_8);
            renderedAtNanos = now;
        }
        return rendering;
    }

    private void sampleGauges()
    {
        for (final SampledGauge gauge : gauges)
        {
            gauge.value.set(gauge.source.getAsLong());
        }
    }

    /**
     * Stops serving and sampling and releases the JVM listeners. Idempotent.
     */
    @Override
    public void close()
    {
        if (server != null)
        {
            server.close();
        }
        sampler.close();
        gcMetrics.close();
        registry.close();
    }

    private static final class SampledGauge
    {
        final LongSupplier source;
        final AtomicLong value = new AtomicLong();

        SampledGauge(final LongSupplier source)
        {
            this.source = source;
        }
    }
}
