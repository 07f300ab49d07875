package io.horizon.bench;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * The scraper of {@link ScrapeLoadHarness}, in a process of its own as Prometheus would be, and
 * like Prometheus long-lived: it is started once and warmed up, so its JIT compiler is not
 * working while a run is measured. It scrapes {@code GET http://127.0.0.1:PORT/metrics} at a fixed
 * rate over one kept-alive HTTP/1.1 connection with a plain blocking socket. (The JDK's
 * {@code HttpClient} cost about 1.8 ms of CPU per scrape here, ten times a Go scraper's, and on a
 * 2-core host that CPU is taken from the engine: it measured the client more than the server.)
 * <p>
 * Commands on standard input, one a line: {@code scrape PORT} starts scraping that port,
 * {@code pause} stops, {@code reset} zeroes the counts and the CPU baseline, {@code report} prints
 * {@code scrapes=N failures=F cpu_ns=C} since the last reset, {@code quit} exits.
 * <p>
 * Run: {@code java -cp benchmarks.jar io.horizon.bench.ScrapeClient SCRAPES_PER_SECOND [PATH]}.
 */
public final class ScrapeClient
{
    private ScrapeClient()
    {
    }

    public static void main(final String[] args) throws Exception
    {
        final int perSecond = Integer.parseInt(args[0]);
        final String path = args.length > 1 ? args[1] : "/metrics";
        final AtomicLong scrapes = new AtomicLong();
        final AtomicLong failures = new AtomicLong();
        final com.sun.management.OperatingSystemMXBean os =
            (com.sun.management.OperatingSystemMXBean)ManagementFactory.getOperatingSystemMXBean();
        long cpuAtReset = os.getProcessCpuTime();
        final AtomicBoolean[] running = {new AtomicBoolean()};
        Thread scraper = null;
        final BufferedReader commands = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        String line;
        while ((line = commands.readLine()) != null && !line.equals("quit"))
        {
            if (line.startsWith("scrape "))
            {
                stop(scraper, running[0]);
                final int port = Integer.parseInt(line.substring("scrape ".length()).trim());
                final AtomicBoolean flag = new AtomicBoolean(true);
                running[0] = flag;
                scraper = new Thread(() -> scrape(port, path, perSecond, flag, scrapes, failures), "scraper");
                scraper.setDaemon(true);
                scraper.start();
            }
            else if (line.equals("pause"))
            {
                stop(scraper, running[0]);
                scraper = null;
            }
            else if (line.equals("reset"))
            {
                scrapes.set(0);
                failures.set(0);
                cpuAtReset = os.getProcessCpuTime();
            }
            else if (line.equals("report"))
            {
                System.out.printf(Locale.ROOT, "scrapes=%d failures=%d cpu_ns=%d%n", scrapes.get(), failures.get(),
                    os.getProcessCpuTime() - cpuAtReset);
                System.out.flush();
            }
        }
        stop(scraper, running[0]);
    }

    private static void stop(final Thread scraper, final AtomicBoolean running) throws InterruptedException
    {
        if (scraper != null)
        {
            running.set(false);
            LockSupport.unpark(scraper);
            scraper.join(10_000);
        }
    }

    private static void scrape(
        final int port, final String path, final int perSecond, final AtomicBoolean running, final AtomicLong scrapes,
        final AtomicLong failures)
    {
        final byte[] request = ("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\nAccept: text/plain\r\n\r\n")
            .getBytes(StandardCharsets.US_ASCII);
        final byte[] body = new byte[1 << 20];
        final long interval = 1_000_000_000L / perSecond;
        long next = System.nanoTime();
        Socket socket = null;
        while (running.get())
        {
            try
            {
                if (socket == null)
                {
                    socket = new Socket();
                    socket.setTcpNoDelay(true);
                    socket.setSoTimeout(5_000);
                    socket.connect(new InetSocketAddress("127.0.0.1", port), 2_000);
                }
                socket.getOutputStream().write(request);
                final InputStream in = socket.getInputStream();
                final String status = line(in);
                long length = -1;
                boolean close = false;
                for (String header = line(in); !header.isEmpty(); header = line(in))
                {
                    final String lower = header.toLowerCase(Locale.ROOT);
                    if (lower.startsWith("content-length:"))
                    {
                        length = Long.parseLong(lower.substring("content-length:".length()).trim());
                    }
                    else if (lower.startsWith("connection:") && lower.contains("close"))
                    {
                        close = true;
                    }
                }
                if (length < 0 || length > body.length)
                {
                    throw new IOException("unexpected response framing: content-length " + length);
                }
                int read = 0;
                while (read < length)
                {
                    final int n = in.read(body, read, (int)length - read);
                    if (n < 0)
                    {
                        throw new IOException("connection closed mid-body");
                    }
                    read += n;
                }
                if (status.startsWith("HTTP/1.1 200") && length > 0)
                {
                    scrapes.incrementAndGet();
                }
                else
                {
                    failures.incrementAndGet();
                }
                if (close)
                {
                    socket.close();
                    socket = null;
                }
            }
            catch (final IOException | RuntimeException ex)
            {
                failures.incrementAndGet();
                closeQuietly(socket);
                socket = null;
            }
            next += interval;
            final long wait = next - System.nanoTime();
            if (wait > 0)
            {
                LockSupport.parkNanos(wait);
            }
        }
        closeQuietly(socket);
    }

    private static String line(final InputStream in) throws IOException
    {
        final StringBuilder sb = new StringBuilder(64);
        int c;
        while ((c = in.read()) != '\n')
        {
            if (c < 0)
            {
                throw new IOException("connection closed");
            }
            if (c != '\r')
            {
                sb.append((char)c);
            }
        }
        return sb.toString();
    }

    private static void closeQuietly(final Socket socket)
    {
        if (socket != null)
        {
            try
            {
                socket.close();
            }
            catch (final IOException ignore)
            {
                // Reconnecting anyway.
            }
        }
    }
}
