package io.horizon.fix;

import io.horizon.engine.counter.EngineCounters;
import io.horizon.engine.counter.EngineLatency;
import io.horizon.engine.counter.LatencyRecorder;

/**
 * The venue's round trip per order command, exported as the histogram
 * {@value #SERIES}{@code {venue="NAME"}}: from the moment a NewOrderSingle, OrderCancelRequest or
 * OrderCancelReplaceRequest is handed to Artio to the moment the venue's first answer for its
 * ClOrdID reaches the venue's polling thread: an ExecutionReport, an OrderCancelReject or a
 * BusinessMessageReject naming that ClOrdID, or a session Reject of that message (by MsgSeqNum).
 * It is the venue's own latency plus Artio's hops both ways (library to framer to socket and back),
 * without the engine's ring, journal and risk, which {@code horizon_order_latency_seconds} adds.
 * <p>
 * Each ClOrdID an order is known by carries its own stamp ({@link FixOrder#handedNanos} and the
 * message's MsgSeqNum), so a cancel's or a replace's answer is timed from the cancel or the
 * replace, not from the order. Only the first answer counts: it clears the stamp, so fills that
 * follow are not timed again. Not timed: an Order Status report (150=I, it answers a status request),
 * an answer the venue resent (PossDupFlag: its delay is the resend, not the venue), and a command
 * sent before the session dropped (the stamps are cleared at each logon: what answers it after the
 * drop measures the outage). Orders recovery hands over carry no stamp.
 * <p>
 * Allocation-free: stamps are a long and an int per ClOrdID slot of the reused {@link FixOrder},
 * the clock is {@link System#nanoTime} (the venue's polling thread is not the BLP; nothing here is
 * journaled), and the value goes into an HdrHistogram single-writer recorder. Nothing is stamped
 * until {@link #recordInto} gives a recorder.
 * <p>
 * Threading: the venue's polling thread only (the recorder's single writer); {@link #recordInto}
 * before it polls.
 */
final class VenueRoundTrips
{
    /** Name of the series, before its {@code venue} label. */
    static final String SERIES = "horizon_venue_round_trip_latency_seconds";

    private LatencyRecorder recorder;

    /**
     * Registers {@value #SERIES}{@code {venue="NAME"}} in {@code latency} and times round trips into it.
     *
     * @param latency where the engine's latency series live.
     * @param venue   the venue's name.
     * @return the recorder.
     */
    LatencyRecorder recordInto(final EngineLatency latency, final String venue)
    {
        recorder = latency.recorder(SERIES + "{venue=\"" + EngineCounters.labelValue(venue) + "\"}",
            LatencyRecorder.Kind.HISTOGRAM, EngineLatency.DEFAULT_HIGHEST_NANOS);
        return recorder;
    }

    /**
     * Times into this recorder instead (tests and benchmarks without an engine).
     *
     * @param recorder the recorder; its single writer is the venue's polling thread.
     */
    void recordInto(final LatencyRecorder recorder)
    {
        this.recorder = recorder;
    }

    /**
     * @return now, to stamp a message about to be handed to Artio, or 0 when nothing is timed.
     */
    long now()
    {
        return recorder == null ? 0 : System.nanoTime();
    }

    /**
     * Stamps the ClOrdID the order was tracked under last: its message went out as {@code seqNum}.
     *
     * @param order       the order, just {@link FixOrders#track tracked} under the message's ClOrdID.
     * @param handedNanos {@link #now()} taken before the message was handed to Artio.
     * @param seqNum      the message's MsgSeqNum.
     */
    void handed(final FixOrder order, final long handedNanos, final int seqNum)
    {
        if (recorder != null && seqNum > 0 && order.clOrdIdCount > 0)
        {
            order.handedNanos[order.clOrdIdCount - 1] = handedNanos;
            order.handedSeqNums[order.clOrdIdCount - 1] = seqNum;
        }
    }

    /**
     * The venue answered the message sent with that ClOrdID: times it if this is the first answer.
     *
     * @param order    the order the answer names.
     * @param clOrdId  the answer's ClOrdID (11, or 379 of a BusinessMessageReject), or {@code null}.
     * @param resent   the answer carries PossDupFlag=Y: clears the stamp without timing.
     */
    void answered(final FixOrder order, final CharSequence clOrdId, final boolean resent)
    {
        if (recorder == null || clOrdId == null)
        {
            return;
        }
        for (int i = 0; i < order.clOrdIdCount; i++)
        {
            if (order.handedSeqNums[i] != 0 && sameId(order.clOrdIds[i], clOrdId))
            {
                answer(order, i, resent);
                return;
            }
        }
    }

    /**
     * The venue rejected our message {@code seqNum} at the session level (35=3, its RefSeqNum):
     * times it if this is the first answer.
     *
     * @param order  the order the message was for.
     * @param seqNum the rejected message's MsgSeqNum.
     * @param resent the Reject carries PossDupFlag=Y: clears the stamp without timing.
     */
    void answeredSeqNum(final FixOrder order, final int seqNum, final boolean resent)
    {
        if (recorder == null || seqNum <= 0)
        {
            return;
        }
        for (int i = 0; i < order.clOrdIdCount; i++)
        {
            if (order.handedSeqNums[i] == seqNum)
            {
                answer(order, i, resent);
                return;
            }
        }
    }

    /**
     * A new logon: what answers a command sent before it measures the outage, not the venue.
     *
     * @param orders every tracked order.
     */
    void forgetUnanswered(final Iterable<FixOrder> orders)
    {
        for (final FixOrder order : orders)
        {
            java.util.Arrays.fill(order.handedSeqNums, 0);
        }
    }

    private static boolean sameId(final WireId id, final CharSequence other)
    {
        return other instanceof WireId ? id.equals(other) : CharSequence.compare(id, other) == 0;
    }

    private void answer(final FixOrder order, final int slot, final boolean resent)
    {
        order.handedSeqNums[slot] = 0;
        if (!resent)
        {
            recorder.record(System.nanoTime() - order.handedNanos[slot]);
        }
    }
}
