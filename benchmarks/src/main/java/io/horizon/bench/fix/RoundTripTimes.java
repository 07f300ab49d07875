package io.horizon.bench.fix;

import java.util.LinkedHashMap;
import java.util.Map;

import org.HdrHistogram.Histogram;

/**
 * The five moments of each order's round trip, by order index, and the series made of them:
 * <pre>
 *   decision --(initiator out)--> wire out --(tap, simulator, tap)--> venue out --> wire in --(initiator in)--> report
 * </pre>
 * <ul>
 *   <li>round trip: decision to report;</li>
 *   <li>out: decision to wire out (encode, hand-off to the FIX engine, socket write, one loopback hop);</li>
 *   <li>in: wire in to report (one loopback hop, socket read, decode, and for Horizon the engine:
 *       ring, journal, BLP, report); for Horizon split at the moment the fill leaves the FIX library's
 *       poll: "in 1" (loopback, Artio's framer reading the socket, the library poll on the engine
 *       thread) and "in 2" (ring, journal append and its sync, BLP, gateway, report);</li>
 *   <li>own share: out + in, what the initiator itself costs;</li>
 *   <li>venue: wire out to wire in (the simulator's matching and both of the tap's hops).</li>
 * </ul>
 * Only orders whose five moments all exist and that are past the warm-up count.
 * <p>
 * Threading: each array has one writer (the sender or engine thread, or one tap thread); read
 * after the run, once those threads have stopped.
 */
final class RoundTripTimes
{
    private static final long HIGHEST = 60_000_000_000L;
    private static final byte[] DECODE = new byte[128];

    static
    {
        java.util.Arrays.fill(DECODE, (byte)-1);
        final String alphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
        for (int i = 0; i < alphabet.length(); i++)
        {
            DECODE[alphabet.charAt(i)] = (byte)i;
            DECODE[Character.toLowerCase(alphabet.charAt(i))] = (byte)i;
        }
    }

    private final int orders;
    private final int warmup;
    final long[] planned;
    final long[] decision;
    final long[] wireOut;
    final long[] venueOut;
    final long[] wireIn;
    /** Horizon only: when the fill came out of the FIX library's poll (a venue response, not journaled yet). */
    final long[] polled;
    final long[] report;

    RoundTripTimes(final int orders, final int warmup)
    {
        this.orders = orders;
        this.warmup = warmup;
        planned = new long[orders];
        decision = new long[orders];
        wireOut = new long[orders];
        venueOut = new long[orders];
        wireIn = new long[orders];
        polled = new long[orders];
        report = new long[orders];
    }

    int orders()
    {
        return orders;
    }

    int warmup()
    {
        return warmup;
    }

    void wireOut(final long index, final long nanos)
    {
        if (index >= 0 && index < orders && wireOut[(int)index] == 0)
        {
            wireOut[(int)index] = nanos;
        }
    }

    void venueOut(final long index, final long readNanos, final long writtenNanos)
    {
        if (index >= 0 && index < orders && venueOut[(int)index] == 0)
        {
            venueOut[(int)index] = readNanos;
            wireIn[(int)index] = writtenNanos;
        }
    }

    void decision(final long index, final long nanos)
    {
        if (index >= 0 && index < orders && decision[(int)index] == 0)
        {
            decision[(int)index] = nanos;
        }
    }

    void polled(final long index, final long nanos)
    {
        if (index >= 0 && index < orders && polled[(int)index] == 0)
        {
            polled[(int)index] = nanos;
        }
    }

    void report(final long index, final long nanos)
    {
        if (index >= 0 && index < orders && report[(int)index] == 0)
        {
            report[(int)index] = nanos;
        }
    }

    /**
     * @return the low 60 bits of a Crockford base32 number written in {@code bytes[from, to)}
     *         (at most 12 characters), or -1 when a character is not base32.
     */
    static long indexOf(final byte[] bytes, final int from, final int to)
    {
        long value = 0;
        for (int i = from; i < to; i++)
        {
            final int b = bytes[i];
            final int digit = b < 0 || b >= DECODE.length ? -1 : DECODE[b];
            if (digit < 0)
            {
                return -1;
            }
            value = (value << 5) | digit;
        }
        return value;
    }

    /**
     * @return the low 60 bits of a ClOrdID's ULID, or -1.
     */
    static long indexOf(final CharSequence clOrdId)
    {
        final int to = clOrdId.length();
        final byte[] bytes = new byte[Math.min(12, to)];
        for (int i = 0; i < bytes.length; i++)
        {
            bytes[i] = (byte)clOrdId.charAt(to - bytes.length + i);
        }
        return indexOf(bytes, 0, bytes.length);
    }

    /**
     * @return how many orders past the warm-up reached each moment, for a run that did not time
     *         them all: where the missing ones stopped.
     */
    String reached()
    {
        final long[][] moments = {decision, wireOut, venueOut, wireIn, report};
        final StringBuilder text = new StringBuilder();
        final String[] names = {"decision", "wire out", "venue out", "wire in", "report"};
        for (int m = 0; m < moments.length; m++)
        {
            int n = 0;
            for (int i = warmup; i < orders; i++)
            {
                n += moments[m][i] != 0 ? 1 : 0;
            }
            text.append(m == 0 ? "" : ", ").append(names[m]).append(' ').append(n);
        }
        return text.append(" of ").append(orders - warmup).toString();
    }

    /** @return orders timed end to end (past warm-up, every moment present). */
    long complete()
    {
        long n = 0;
        for (int i = warmup; i < orders; i++)
        {
            if (isComplete(i))
            {
                n++;
            }
        }
        return n;
    }

    private boolean isComplete(final int i)
    {
        return decision[i] != 0 && wireOut[i] != 0 && wireIn[i] != 0 && report[i] != 0;
    }

    /**
     * @param withEngineIn true to add the series "engine before decision" (planned send to decision).
     * @return the series by name, in print order.
     */
    Map<String, Histogram> series(final boolean withEngineIn)
    {
        final Map<String, Histogram> series = new LinkedHashMap<>();
        final Histogram roundTrip = histogram(series, "round trip");
        final Histogram share = histogram(series, "own share (out + in)");
        final Histogram out = histogram(series, "out: decision -> wire");
        final Histogram in = histogram(series, "in: wire -> report");
        final Histogram venue = histogram(series, "venue: tap + simulator");
        final Histogram engine = withEngineIn ? histogram(series, "engine: order event -> decision") : null;
        final Histogram toPoll = withEngineIn ? histogram(series, "in 1: wire -> library poll") : null;
        final Histogram fromPoll = withEngineIn ? histogram(series, "in 2: library poll -> report") : null;
        for (int i = warmup; i < orders; i++)
        {
            if (!isComplete(i))
            {
                continue;
            }
            final long o = Math.max(0, wireOut[i] - decision[i]);
            final long n = Math.max(0, report[i] - wireIn[i]);
            roundTrip.recordValue(Math.min(HIGHEST, Math.max(0, report[i] - decision[i])));
            out.recordValue(Math.min(HIGHEST, o));
            in.recordValue(Math.min(HIGHEST, n));
            share.recordValue(Math.min(HIGHEST, o + n));
            venue.recordValue(Math.min(HIGHEST, Math.max(0, wireIn[i] - wireOut[i])));
            if (engine != null && planned[i] != 0)
            {
                engine.recordValue(Math.min(HIGHEST, Math.max(0, decision[i] - planned[i])));
            }
            if (toPoll != null && polled[i] != 0)
            {
                toPoll.recordValue(Math.min(HIGHEST, Math.max(0, polled[i] - wireIn[i])));
                fromPoll.recordValue(Math.min(HIGHEST, Math.max(0, report[i] - polled[i])));
            }
        }
        return series;
    }

    private static Histogram histogram(final Map<String, Histogram> series, final String name)
    {
        final Histogram h = new Histogram(HIGHEST, 3);
        series.put(name, h);
        return h;
    }
}
