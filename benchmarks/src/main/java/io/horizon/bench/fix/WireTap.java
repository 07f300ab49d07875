package io.horizon.bench.fix;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;

/**
 * A loopback relay between a FIX initiator and the exchange simulator that stamps the moments
 * bytes cross the wire, the same way for every initiator measured through it:
 * <pre>
 *   initiator --tcp--> [read: WIRE OUT stamped] WireTap --tcp--> simulator
 *   initiator &lt;--tcp-- [written: WIRE IN stamped] WireTap &lt;--tcp-- simulator [read: VENUE OUT stamped]
 * </pre>
 * WIRE OUT is when a NewOrderSingle's last byte was read from the initiator's socket (the
 * initiator has written it); VENUE OUT when a fill's ExecutionReport was read from the
 * simulator; WIRE IN when that report was handed to the initiator's socket. Bytes are forwarded
 * first and parsed after, so the tap adds one loopback hop each way and nothing else; both hops
 * and the simulator fall between WIRE OUT and WIRE IN, outside the initiator's share.
 * <p>
 * Orders are told apart by their ClOrdID (11), a Horizon client order id whose low 60 bits are
 * the order's index in {@link RoundTripTimes}.
 * <p>
 * Threading: {@link #start} and {@link #close} from one thread; two relay threads (one per
 * direction) inside, which alone write their stamps.
 */
final class WireTap implements AutoCloseable
{
    private static final int BUFFER = 64 * 1024;

    private final ServerSocketChannel server;
    private final int simulatorPort;
    private final RoundTripTimes times;
    private volatile SocketChannel client;
    private volatile SocketChannel venue;
    private Thread outbound;
    private Thread inbound;
    private Thread acceptor;
    private volatile boolean closed;

    private WireTap(final ServerSocketChannel server, final int simulatorPort, final RoundTripTimes times)
    {
        this.server = server;
        this.simulatorPort = simulatorPort;
        this.times = times;
    }

    /**
     * Listens on 127.0.0.1 (a free port) and relays the first connection to the simulator.
     */
    static WireTap start(final int simulatorPort, final RoundTripTimes times) throws IOException
    {
        final ServerSocketChannel server = ServerSocketChannel.open();
        server.bind(new InetSocketAddress("127.0.0.1", 0));
        final WireTap tap = new WireTap(server, simulatorPort, times);
        tap.acceptor = new Thread(tap::accept, "wiretap-accept");
        tap.acceptor.setDaemon(true);
        tap.acceptor.start();
        return tap;
    }

    int port()
    {
        return server.socket().getLocalPort();
    }

    private void accept()
    {
        try
        {
            while (!closed)
            {
                final SocketChannel c = server.accept();
                final SocketChannel v = SocketChannel.open(new InetSocketAddress("127.0.0.1", simulatorPort));
                c.setOption(StandardSocketOptions.TCP_NODELAY, true);
                v.setOption(StandardSocketOptions.TCP_NODELAY, true);
                closeQuietly(client);
                closeQuietly(venue);
                client = c;
                venue = v;
                outbound = relay(c, v, true, "wiretap-out");
                inbound = relay(v, c, false, "wiretap-in");
            }
        }
        catch (final IOException ex)
        {
            // closed
        }
    }

    private Thread relay(final SocketChannel from, final SocketChannel to, final boolean fromInitiator, final String name)
    {
        final Thread thread = new Thread(() -> pump(from, to, fromInitiator), name);
        thread.setDaemon(true);
        thread.start();
        return thread;
    }

    private void pump(final SocketChannel from, final SocketChannel to, final boolean fromInitiator)
    {
        final ByteBuffer read = ByteBuffer.allocateDirect(BUFFER);
        final MessageScanner scanner = new MessageScanner();
        try
        {
            while (true)
            {
                read.clear();
                final int n = from.read(read);
                final long readNanos = System.nanoTime();
                if (n < 0)
                {
                    break;
                }
                read.flip();
                final int start = read.position();
                while (read.hasRemaining())
                {
                    to.write(read);
                }
                final long writtenNanos = System.nanoTime();
                read.position(start);
                scanner.append(read);
                scanner.scan(fromInitiator, readNanos, writtenNanos, times);
            }
        }
        catch (final IOException ex)
        {
            // a side closed
        }
        finally
        {
            closeQuietly(from);
            closeQuietly(to);
        }
    }

    @Override
    public void close()
    {
        closed = true;
        closeQuietly(server);
        closeQuietly(client);
        closeQuietly(venue);
        join(acceptor);
        join(outbound);
        join(inbound);
    }

    private static void join(final Thread thread)
    {
        if (thread == null)
        {
            return;
        }
        try
        {
            thread.join(5_000);
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
        }
    }

    private static void closeQuietly(final java.io.Closeable c)
    {
        if (c == null)
        {
            return;
        }
        try
        {
            c.close();
        }
        catch (final IOException ex)
        {
            // closing anyway
        }
    }

    /**
     * Finds whole FIX messages in a byte stream (they end with {@code 10=nnn<SOH>}) and stamps
     * the ones that matter: NewOrderSingle from the initiator, fill reports from the simulator.
     */
    static final class MessageScanner
    {
        private static final byte SOH = 1;
        private byte[] pending = new byte[BUFFER * 2];
        private int length;

        void append(final ByteBuffer bytes)
        {
            final int n = bytes.remaining();
            if (length + n > pending.length)
            {
                final byte[] bigger = new byte[Math.max(pending.length * 2, length + n)];
                System.arraycopy(pending, 0, bigger, 0, length);
                pending = bigger;
            }
            bytes.get(pending, length, n);
            length += n;
        }

        void scan(final boolean fromInitiator, final long readNanos, final long writtenNanos, final RoundTripTimes times)
        {
            int start = 0;
            int end;
            while ((end = messageEnd(start)) > 0)
            {
                final char type = fieldFirstChar(start, end, "35=");
                if (fromInitiator && type == 'D')
                {
                    times.wireOut(orderIndex(start, end), readNanos);
                }
                else if (!fromInitiator && type == '8')
                {
                    final char execType = fieldFirstChar(start, end, "150=");
                    if (execType == 'F' || execType == '2' || execType == '1')
                    {
                        times.venueOut(orderIndex(start, end), readNanos, writtenNanos);
                    }
                }
                start = end;
            }
            if (start > 0)
            {
                System.arraycopy(pending, start, pending, 0, length - start);
                length -= start;
            }
        }

        /** @return the index just past the message starting at {@code from}, or -1 when it is not all here. */
        private int messageEnd(final int from)
        {
            for (int i = from; i + 7 < length; i++)
            {
                if (pending[i] == SOH && pending[i + 1] == '1' && pending[i + 2] == '0' && pending[i + 3] == '=')
                {
                    for (int j = i + 4; j < length; j++)
                    {
                        if (pending[j] == SOH)
                        {
                            return j + 1;
                        }
                    }
                    return -1;
                }
            }
            return -1;
        }

        private int valueStart(final int from, final int end, final String tag)
        {
            outer:
            for (int i = from; i + tag.length() < end; i++)
            {
                if (i != from && pending[i - 1] != SOH)
                {
                    continue;
                }
                for (int k = 0; k < tag.length(); k++)
                {
                    if (pending[i + k] != tag.charAt(k))
                    {
                        continue outer;
                    }
                }
                return i + tag.length();
            }
            return -1;
        }

        private char fieldFirstChar(final int from, final int end, final String tag)
        {
            final int at = valueStart(from, end, tag);
            return at < 0 ? 0 : (char)pending[at];
        }

        /** @return the low 60 bits of the ClOrdID's ULID (its last 12 base32 characters), or -1. */
        private long orderIndex(final int from, final int end)
        {
            final int at = valueStart(from, end, "11=");
            if (at < 0)
            {
                return -1;
            }
            int stop = at;
            while (stop < end && pending[stop] != SOH)
            {
                stop++;
            }
            return RoundTripTimes.indexOf(pending, Math.max(at, stop - 12), stop);
        }
    }
}
