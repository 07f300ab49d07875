package io.horizon.fix;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;

import io.horizon.engine.counter.EngineCounters;
import io.horizon.engine.event.Side;
import io.horizon.engine.output.OutputKind;
import io.horizon.engine.venue.VenueSessionState;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A venue that takes the logon and then stops reading its socket, while Horizon keeps sending
 * orders: Artio's engine cannot write to the connection any more and, after its 10 s without a
 * byte written (or beyond 4 MiB waiting), drops the session as {@code SLOW_CONSUMER}. The drop is
 * logged as an error naming the session and the reason, counted on its own
 * ({@code horizon_venue_slow_consumer_disconnects_total}) beside all drops, and the session is
 * down, logging on again with its back-off. The venue is a plain socket here (QuickFIX/J always
 * reads), answering the Logon by hand.
 */
final class FixSlowConsumerDisconnectTest
{
    private static final long TIMEOUT_MS = 60_000;
    private static final String VENUE = "{venue=\"sim\"}";

    @TempDir
    Path directory;

    @Test
    void shouldLogAndCountASlowConsumerDropWhenTheVenueStopsReading() throws Exception
    {
        final EngineCounters counters = new EngineCounters();
        final RecordingResponses responses = new RecordingResponses();
        final String text;
        try (NonReadingVenue acceptor = new NonReadingVenue(); CapturedStderr log = new CapturedStderr())
        {
            final FixVenue venue = new FixVenue(new FixSessionSettings("sim", "127.0.0.1", acceptor.port(), "HORIZON",
                "HZSIM", 30, 1_000, 5_000, null, null, true), SimulatorHarness.REFERENCE_DATA, directory.resolve("fix"),
                counters);
            try
            {
                final long deadline = System.currentTimeMillis() + TIMEOUT_MS;
                while (!venue.isLoggedOn())
                {
                    assertTrue(System.currentTimeMillis() < deadline, "logged on to the fake venue");
                    venue.poll(responses);
                }
                // Orders until the session drops: the venue reads none of them.
                long orderId = 0;
                while (counter(counters, "horizon_venue_disconnects_total") == 0)
                {
                    assertTrue(System.currentTimeMillis() < deadline, "the session should drop once the venue stops " +
                        "reading; sent " + orderId + " orders; " + responses.lines.stream().limit(3).toList());
                    if (venue.isLoggedOn() && venue.deferredCommands() == 0)
                    {
                        for (int i = 0; i < 200; i++)
                        {
                            venue.submit(SimulatorHarness.command(OutputKind.VENUE_NEW, ++orderId, Side.BUY, 100, 1),
                                responses);
                        }
                    }
                    venue.poll(responses);
                }
                assertEquals(1, counter(counters, "horizon_venue_slow_consumer_disconnects_total"),
                    "the drop is Artio's SLOW_CONSUMER, counted on its own");
                assertEquals(1, counter(counters, "horizon_venue_disconnects_total"));
                assertEquals(1, counters.counter("horizon_venue_disconnect_reasons_total{venue=\"sim\",reason=\"slow_consumer\"}",
                    EngineCounters.TYPE_PLAIN).get(), "and by Artio's reason");
                assertEquals(VenueSessionState.DOWN.code(), VenueSessionState.gauge(counters, "sim").get());
                assertTrue(counter(counters, "horizon_venue_session_state_age_seconds") > 0,
                    "when it went down is recorded");
            }
            finally
            {
                venue.close();
            }
            text = log.text();
        }
        assertTrue(text.contains("ERROR") && text.contains("FIX session sim HORIZON->HZSIM@127.0.0.1:") &&
            text.contains(": disconnected (SLOW_CONSUMER): Artio's engine could not write to the venue's connection"),
            "the log names the session and the reason:\n" + text.lines().filter(l -> l.contains("disconnected")).toList());
    }

    private static long counter(final EngineCounters counters, final String name)
    {
        return counters.counter(name + VENUE, name.endsWith("_seconds") ? EngineCounters.TYPE_EPOCH_NANOS :
            EngineCounters.TYPE_PLAIN).get();
    }

    /**
     * A FIX acceptor on a free loopback port that answers one Logon and then never reads again,
     * with a small receive buffer so the connection fills quickly.
     */
    private static final class NonReadingVenue implements AutoCloseable
    {
        private static final DateTimeFormatter SENDING_TIME = DateTimeFormatter.ofPattern("yyyyMMdd-HH:mm:ss.SSS");
        private final ServerSocket server;
        private final Thread thread;
        private volatile Socket connection;

        NonReadingVenue() throws IOException
        {
            server = new ServerSocket();
            server.setReceiveBufferSize(4096);
            server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            thread = new Thread(this::acceptOne, "non-reading-venue");
            thread.setDaemon(true);
            thread.start();
        }

        int port()
        {
            return server.getLocalPort();
        }

        private void acceptOne()
        {
            try
            {
                final Socket socket = server.accept();
                connection = socket;
                // Later logons find nobody listening.
                server.close();
                final InputStream in = socket.getInputStream();
                final StringBuilder logon = new StringBuilder();
                while (!logon.toString().matches("(?s).*\u000110=\\d{3}\u0001"))
                {
                    final int b = in.read();
                    if (b < 0)
                    {
                        return;
                    }
                    logon.append((char)b);
                }
                final OutputStream out = socket.getOutputStream();
                out.write(message("35=A\u000149=HZSIM\u000156=HORIZON\u000134=1\u000152=" +
                    SENDING_TIME.format(ZonedDateTime.now(ZoneOffset.UTC)) + "\u000198=0\u0001108=30\u0001141=Y\u0001"));
                out.flush();
                // And now it reads nothing more.
            }
            catch (final IOException ex)
            {
                // Closed by the test.
            }
        }

        private static byte[] message(final String body)
        {
            final String head = "8=FIX.4.4\u00019=" + body.length() + "\u0001" + body;
            int sum = 0;
            for (final byte b : head.getBytes(StandardCharsets.US_ASCII))
            {
                sum += b;
            }
            return (head + String.format("10=%03d\u0001", sum % 256)).getBytes(StandardCharsets.US_ASCII);
        }

        @Override
        public void close() throws IOException
        {
            server.close();
            final Socket socket = connection;
            if (socket != null)
            {
                socket.close();
            }
        }
    }
}
