package io.horizon.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import io.horizon.engine.config.EngineConfig;
import io.horizon.engine.event.FixedPoint;
import io.horizon.engine.event.OrderType;
import io.horizon.engine.event.Side;
import io.horizon.engine.output.ExecType;
import io.horizon.engine.output.OutputKind;
import io.horizon.engine.pipeline.EnginePipeline;
import io.horizon.engine.reference.ReferenceData;
import io.horizon.engine.venue.paper.PaperVenue;
import io.horizon.journal.ChronicleJournal;
import io.horizon.journal.SyncPolicy;
import io.horizon.ops.metrics.MetricsExport;
import io.horizon.ops.metrics.MetricsSettings;
import io.horizon.ops.metrics.Readiness;
import org.HdrHistogram.Histogram;
import org.agrona.concurrent.EpochNanoClock;
import org.agrona.concurrent.SystemEpochNanoClock;

/**
 * Does scraping {@code /metrics} disturb the hot path? Runs the real pipeline (Chronicle journal,
 * BLP, paper venue) with the metrics export live, feeding it a steady stream of orders, and
 * measures order entry to gateway latency, first with no scrapes, then with a second process
 * ({@link ScrapeClient}, as Prometheus would be) scraping {@code /metrics} over HTTP at a fixed rate. Unloaded and loaded runs alternate, each
 * on a fresh pipeline, so drift on a shared host hits both alike. The scraper process lives for the
 * whole session (idle in unloaded runs) and scrapes through the warm-up run, so its own JIT
 * compilation is over before anything is measured.
 * <pre>
 *  P1 (order entry, paced) --> RB <-- J (Chronicle, sync none), BLP --> GW (paper venue) --> L (latency)
 *  S (sampler, every 1 s) reads counters and recorders      C (scraper process, HTTP GET /metrics, N/s)
 * </pre>
 * Each order rests far from the market and is cancelled 256 orders later, so the order book and
 * the ledger stay small however long the run.
 * The latency is the gateway's clock at the {@code PENDING_NEW} report minus the order's entry
 * timestamp: ring, journal and BLP, and the gateway hand-off, the path every order takes.
 * <p>
 * Run: {@code java <the JVM flags of bin/horizon> -cp benchmarks/target/benchmarks.jar
 * io.horizon.bench.ScrapeLoadHarness [seconds-per-run] [rounds] [orders-per-second] [scrapes-per-second]
 * [warm-up-run-seconds]}.
 */
public final class ScrapeLoadHarness
{
    private static final long WARMUP_SECONDS = 5;
    private static final long CANCEL_LAG = 256;

    private ScrapeLoadHarness()
    {
    }

    public static void main(final String[] args) throws Exception
    {
        final int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 20;
        final int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        final int ordersPerSecond = args.length > 2 ? Integer.parseInt(args[2]) : 5_000;
        final int scrapesPerSecond = args.length > 3 ? Integer.parseInt(args[3]) : 100;
        // Both JVMs compile the HTTP paths over the first minute or two of scraping; measured
        // before that, the loaded runs show the JIT compiler as much as the scrapes.
        final int warmupRunSeconds = args.length > 4 ? Integer.parseInt(args[4]) : 90;
        System.out.printf(Locale.ROOT, "scrape-load harness: %d s warm-up run (scraped, discarded), then %d rounds of %d s per run after %d s warm-up, "
            + "%d orders/s, %d scrapes/s when loaded%n",
            warmupRunSeconds, rounds, seconds, WARMUP_SECONDS, ordersPerSecond, scrapesPerSecond);
        System.out.printf(Locale.ROOT, "java %s on %d CPUs%n", System.getProperty("java.version"), Runtime.getRuntime().availableProcessors());

        // One scraper process for the whole session, like a Prometheus that is always there: it
        // idles through the unloaded runs and was warmed up (JIT) before anything is measured.
        final Scraper scraper = scrapesPerSecond > 0 ? Scraper.start(scrapesPerSecond) : null;
        final List<Result> unloaded = new ArrayList<>();
        final List<Result> loaded = new ArrayList<>();
        try
        {
            run("warm-up (discarded)", warmupRunSeconds, ordersPerSecond, scraper);
            for (int round = 1; round <= rounds; round++)
            {
                unloaded.add(run("round " + round + " unloaded", seconds, ordersPerSecond, null));
                loaded.add(run("round " + round + " loaded", seconds, ordersPerSecond, scraper));
            }
        }
        finally
        {
            if (scraper != null)
            {
                scraper.close();
            }
        }
        final double p99Unloaded = median(unloaded, r -> r.p99);
        final double p99Loaded = median(loaded, r -> r.p99);
        System.out.printf(Locale.ROOT, "%nmedian p50 unloaded %.1f us, loaded %.1f us%n",
            median(unloaded, r -> r.p50), median(loaded, r -> r.p50));
        System.out.printf(Locale.ROOT, "median p99 unloaded %.1f us, loaded %.1f us: loaded/unloaded = %.3f%n",
            p99Unloaded, p99Loaded, p99Loaded / p99Unloaded);
        System.out.printf(Locale.ROOT, "median p99.9 unloaded %.1f us, loaded %.1f us%n",
            median(unloaded, r -> r.p999), median(loaded, r -> r.p999));
    }

    private static Result run(final String name, final int seconds, final int ordersPerSecond, final Scraper scraper)
        throws Exception
    {
        final Path dir = Files.createTempDirectory("horizon-scrape-load");
        final ReferenceData ref = ReferenceData.builder()
            .instrument("AAPL", FixedPoint.fromDouble(0.01), FixedPoint.ofUnits(190))
            .account("bench", FixedPoint.ofUnits(1_000_000))
            .build();
        final EpochNanoClock clock = new SystemEpochNanoClock();
        final Histogram latency = new Histogram(1, TimeUnit.SECONDS.toNanos(10), 3);
        long scrapes = 0;
        long scrapeFailures = 0;
        final MeasuringFlag flag = new MeasuringFlag();
        long metricsCpuAtStart = 0;
        long metricsCpu = 0;
        long scraperCpu = 0;
        try (ChronicleJournal journal = ChronicleJournal.open(dir, SyncPolicy.NONE, 0))
        {
            final EnginePipeline pipeline = EnginePipeline.builder()
                .config(EngineConfig.builder().orderCapacity(16_384).build())
                .referenceData(ref)
                .journal(journal)
                .venue(new PaperVenue(ref, 16_384))
                .clock(clock)
                .reportListener(report ->
                {
                    if (flag.on && report.kind == OutputKind.EXECUTION_REPORT && report.execType == ExecType.PENDING_NEW)
                    {
                        latency.recordValue(Math.min(Math.max(1, clock.nanoTime() - report.timestampNanos), latency.getHighestTrackableValue()));
                    }
                })
                .build()
                .start();
            final MetricsExport metrics = MetricsExport.bind(MetricsSettings.of("127.0.0.1", freePort()),
                pipeline.counters(), pipeline.latency(), Readiness.alwaysReady());
            metrics.start();
            pipeline.marketData().quote(clock.nanoTime(), 1, 1, 0,
                FixedPoint.fromDouble(189.99), FixedPoint.ofUnits(100), FixedPoint.fromDouble(190.01), FixedPoint.ofUnits(100));

            if (scraper != null)
            {
                scraper.tell("scrape " + metrics.address().getPort());
            }
            final long warmupEnd = System.nanoTime() + TimeUnit.SECONDS.toNanos(WARMUP_SECONDS);
            final long end = warmupEnd + TimeUnit.SECONDS.toNanos(seconds);
            final long intervalNanos = 1_000_000_000L / ordersPerSecond;
            long next = System.nanoTime();
            long clientId = 1;
            while (System.nanoTime() < end)
            {
                if (!flag.on && System.nanoTime() >= warmupEnd)
                {
                    flag.on = true;
                    metricsCpuAtStart = (cpuNanos("horizon-metrics") + cpuNanos("HTTP-Dispatcher"));
                    if (scraper != null)
                    {
                        scraper.tell("reset");
                    }
                }
                final long now = System.nanoTime();
                // Emit what is due, then park: bursts at high rates, like the synthetic feed.
                while (next <= now)
                {
                    final long id = clientId++;
                    pipeline.orderEntry().newOrder(0, 0, Side.BUY, OrderType.LIMIT, FixedPoint.ofUnits(100), FixedPoint.ofUnits(1), 7, id);
                    if (id > CANCEL_LAG)
                    {
                        // Cancel an order entered long enough ago to be acked, so the book stays small.
                        pipeline.orderEntry().cancel(0, 7, id - CANCEL_LAG);
                    }
                    next += intervalNanos;
                }
                LockSupport.parkNanos(Math.max(50_000, next - System.nanoTime()));
            }
            flag.on = false;
            metricsCpu = (cpuNanos("horizon-metrics") + cpuNanos("HTTP-Dispatcher")) - metricsCpuAtStart;
            if (scraper != null)
            {
                final long[] done = scraper.reportAndPause();
                scrapes = done[0];
                scrapeFailures = done[1];
                scraperCpu = done[2];
            }
            pipeline.awaitIdle(10_000);
            pipeline.drainAndStop();
            System.out.printf(Locale.ROOT, "  engine: %d orders received, %d submitted, %d rejected, %d ring-full%n",
                pipeline.counters().ordersReceived.get(), pipeline.counters().ordersSubmitted.get(),
                pipeline.counters().ordersRejected.get(), pipeline.counters().rejects(io.horizon.engine.event.RejectReason.RING_FULL));
            metrics.close();
        }
        final Result r = new Result(name, latency, scrapes, scrapeFailures, seconds);
        System.out.printf(Locale.ROOT, "  CPU per second of run: metrics threads (sampler, HTTP server) %.2f ms, scraper process %.2f ms%n",
            metricsCpu / 1e6 / seconds, scraperCpu / 1e6 / seconds);
        System.out.println(r);
        deleteRecursively(dir);
        return r;
    }

    /**
     * {@link ScrapeClient} in a JVM of its own, on this JVM's class path, driven through its
     * standard input. System properties {@code scraper.nice} (run it under {@code nice -n N}) and
     * {@code scraper.path} (scrape another path, e.g. {@code /health}) are for experiments.
     */
    private static final class Scraper implements AutoCloseable
    {
        private final Process process;
        private final java.io.BufferedReader replies;

        private Scraper(final Process process)
        {
            this.process = process;
            this.replies = new java.io.BufferedReader(
                new java.io.InputStreamReader(process.getInputStream(), java.nio.charset.StandardCharsets.UTF_8));
        }

        static Scraper start(final int perSecond) throws java.io.IOException
        {
            final String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
            final List<String> command = new ArrayList<>();
            final String nice = System.getProperty("scraper.nice");
            if (nice != null)
            {
                command.addAll(List.of("nice", "-n", nice));
            }
            command.addAll(List.of(java, "-Xmx64m", "-XX:+UseSerialGC", "-cp", System.getProperty("java.class.path"),
                ScrapeClient.class.getName(), Integer.toString(perSecond), System.getProperty("scraper.path", "/metrics")));
            return new Scraper(new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start());
        }

        void tell(final String command) throws java.io.IOException
        {
            process.getOutputStream().write((command + "\n").getBytes(java.nio.charset.StandardCharsets.UTF_8));
            process.getOutputStream().flush();
        }

        /**
         * @return scrapes, failures and CPU nanoseconds since the last reset; scraping stops.
         */
        long[] reportAndPause() throws java.io.IOException
        {
            tell("report");
            final String line = replies.readLine();
            tell("pause");
            if (line == null)
            {
                throw new IllegalStateException("the scraper process ended");
            }
            final long[] values = new long[3];
            for (final String part : line.trim().split(" "))
            {
                final String[] kv = part.split("=");
                final int at = kv[0].equals("scrapes") ? 0 : kv[0].equals("failures") ? 1 : 2;
                values[at] = Long.parseLong(kv[1]);
            }
            return values;
        }

        @Override
        public void close() throws Exception
        {
            tell("quit");
            if (!process.waitFor(10, TimeUnit.SECONDS))
            {
                process.destroyForcibly();
            }
        }
    }

    /**
     * @return CPU time so far of the live threads whose name starts with {@code prefix}.
     */
    private static long cpuNanos(final String prefix)
    {
        final java.lang.management.ThreadMXBean threads = java.lang.management.ManagementFactory.getThreadMXBean();
        long total = 0;
        for (final Thread t : Thread.getAllStackTraces().keySet())
        {
            if (t.getName().startsWith(prefix))
            {
                total += Math.max(0, threads.getThreadCpuTime(t.getId()));
            }
        }
        return total;
    }

    private static int freePort() throws java.io.IOException
    {
        try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress()))
        {
            return s.getLocalPort();
        }
    }

    private static double median(final List<Result> results, final java.util.function.ToDoubleFunction<Result> f)
    {
        final List<Double> values = new ArrayList<>();
        for (final Result r : results)
        {
            values.add(f.applyAsDouble(r));
        }
        values.sort(Comparator.naturalOrder());
        final int n = values.size();
        return n % 2 == 1 ? values.get(n / 2) : (values.get(n / 2 - 1) + values.get(n / 2)) / 2;
    }

    private static void deleteRecursively(final Path dir) throws java.io.IOException
    {
        try (var paths = Files.walk(dir))
        {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    /** Written by the producer thread, read by the gateway thread. */
    private static final class MeasuringFlag
    {
        volatile boolean on;
    }

    private static final class Result
    {
        final String name;
        final long count;
        final double p50;
        final double p99;
        final double p999;
        final double max;
        final long scrapes;
        final long scrapeFailures;
        final int seconds;

        Result(final String name, final Histogram h, final long scrapes, final long scrapeFailures, final int seconds)
        {
            this.name = name;
            this.count = h.getTotalCount();
            this.p50 = h.getValueAtPercentile(50) / 1e3;
            this.p99 = h.getValueAtPercentile(99) / 1e3;
            this.p999 = h.getValueAtPercentile(99.9) / 1e3;
            this.max = h.getMaxValue() / 1e3;
            this.scrapes = scrapes;
            this.scrapeFailures = scrapeFailures;
            this.seconds = seconds;
        }

        @Override
        public String toString()
        {
            return String.format(Locale.ROOT,
                "%-22s orders %8d  p50 %8.1f us  p99 %9.1f us  p99.9 %9.1f us  max %10.1f us  scrapes %6d (%.0f/s, %d failed)",
                name, count, p50, p99, p999, max, scrapes, scrapes / (double)seconds, scrapeFailures);
        }
    }
}
