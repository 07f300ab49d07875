package io.horizon.bench;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * The scraper of {@link ScrapeLoadHarness}, in a process of its own as Prometheus would be:
 * {@code GET http://127.0.0.1:PORT/metrics} at a fixed rate until told to stop. It takes commands
 * on standard input, one a line: {@code reset} zeroes its counts and CPU baseline (the harness
 * sends it when measurement starts), {@code stop} prints
 * {@code scrapes=N failures=F cpu_ns=C} (since the last reset) and exits.
 * <p>
 * Run: {@code java -cp benchmarks.jar io.horizon.bench.ScrapeClient PORT SCRAPES_PER_SECOND}.
 */
public final class ScrapeClient
{
    private ScrapeClient()
    {
    }

    public static void main(final String[] args) throws Exception
    {
        final int port = Integer.parseInt(args[0]);
        final int perSecond = Integer.parseInt(args[1]);
        final AtomicLong scrapes = new AtomicLong();
        final AtomicLong failures = new AtomicLong();
        final Thread scraper = new Thread(() -> scrape(port, perSecond, scrapes, failures), "scraper");
        scraper.setDaemon(true);
        scraper.start();

        final com.sun.management.OperatingSystemMXBean os =
            (com.sun.management.OperatingSystemMXBean)ManagementFactory.getOperatingSystemMXBean();
        long cpuAtReset = os.getProcessCpuTime();
        final BufferedReader commands = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        String line;
        while ((line = commands.readLine()) != null)
        {
            if (line.equals("reset"))
            {
                scrapes.set(0);
                failures.set(0);
                cpuAtReset = os.getProcessCpuTime();
            }
            else if (line.equals("stop"))
            {
                break;
            }
        }
        System.out.printf(Locale.ROOT, "scrapes=%d failures=%d cpu_ns=%d%n", scrapes.get(), failures.get(),
            os.getProcessCpuTime() - cpuAtReset);
        System.out.flush();
    }

    private static void scrape(final int port, final int perSecond, final AtomicLong scrapes, final AtomicLong failures)
    {
        final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        final HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics"))
            .timeout(Duration.ofSeconds(5)).GET().build();
        final long interval = 1_000_000_000L / perSecond;
        long next = System.nanoTime();
        while (true)
        {
            try
            {
                final HttpResponse<byte[]> response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
                if (response.statusCode() == 200 && response.body().length > 0)
                {
                    scrapes.incrementAndGet();
                }
                else
                {
                    failures.incrementAndGet();
                }
            }
            catch (final InterruptedException ex)
            {
                return;
            }
            catch (final Exception ex)
            {
                failures.incrementAndGet();
            }
            next += interval;
            final long wait = next - System.nanoTime();
            if (wait > 0)
            {
                LockSupport.parkNanos(wait);
            }
        }
    }
}
