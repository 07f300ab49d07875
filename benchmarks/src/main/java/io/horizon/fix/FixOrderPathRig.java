package io.horizon.fix;

import java.nio.charset.StandardCharsets;
import java.time.LocalDateTime;

import io.horizon.engine.counter.EngineLatency;
import io.horizon.engine.counter.LatencyInterval;
import io.horizon.engine.event.FixedPoint;
import io.horizon.engine.event.OrderType;
import io.horizon.engine.event.RejectReason;
import io.horizon.engine.event.Side;
import io.horizon.engine.order.ClientOrderIds;
import io.horizon.engine.output.EngineOutput;
import io.horizon.engine.output.OutputKind;
import io.horizon.engine.reference.ReferenceData;
import io.horizon.engine.venue.VenueResponses;
import io.horizon.fix.codecs.decoder.ExecutionReportDecoder;
import quickfix.Message;
import quickfix.field.AvgPx;
import quickfix.field.ClOrdID;
import quickfix.field.CumQty;
import quickfix.field.ExecID;
import quickfix.field.ExecType;
import quickfix.field.LastPx;
import quickfix.field.LastQty;
import quickfix.field.LeavesQty;
import quickfix.field.MsgSeqNum;
import quickfix.field.OrdStatus;
import quickfix.field.OrderID;
import quickfix.field.SenderCompID;
import quickfix.field.SendingTime;
import quickfix.field.Symbol;
import quickfix.field.TargetCompID;
import uk.co.real_logic.artio.builder.Encoder;
import uk.co.real_logic.artio.fields.UtcTimestampEncoder;
import uk.co.real_logic.artio.library.OnMessageInfo;
import uk.co.real_logic.artio.util.MutableAsciiBuffer;

/**
 * Horizon's FIX order path without a session, wired as {@link FixVenue} wires it: the engine's
 * commands through {@link FixOrderEntry} into a buffer (what the session would send), and
 * ExecutionReport bytes, as QuickFIX/J writes them, through {@link FixInbound} (what the session
 * would deliver) to venue responses. For the codec benchmark and the allocation test, so both
 * measure the classes the venue runs. Lives in the venue's package to reach them.
 * <pre>
 *   EngineOutput (new/cancel/amend) --> FixOrderEntry --> encoders --> [buffer: the wire]
 *   [ExecutionReport bytes]         --> FixInbound --> ExecutionReports --> FixOrders --> VenueResponses (counted)
 * </pre>
 * Threading: one thread.
 */
public final class FixOrderPathRig
{
    private static final long ORDER_ID = 7;
    private static final long CLIENT_HI = 0x0190_0000_0000_0001L;
    private static final long CLIENT_LO = 42;

    private final ReferenceData referenceData = ReferenceData.builder()
        .instrument("AAPL", FixedPoint.fromDouble(0.01), FixedPoint.ofUnits(100))
        .account("bench", FixedPoint.ofUnits(1_000_000))
        .build();
    private final BufferWire wire = new BufferWire();
    private final FixOrderEntry entry;
    private final FixInbound inbound;
    private final CountingResponses responses = new CountingResponses();
    private final OnMessageInfo valid = new OnMessageInfo().isValid(true);
    private final EngineOutput newOrder = command(OutputKind.VENUE_NEW, CLIENT_LO);
    private final EngineOutput cancel = command(OutputKind.VENUE_CANCEL, CLIENT_LO);
    private final EngineOutput amend = command(OutputKind.VENUE_AMEND, CLIENT_LO + 1);
    private final MutableAsciiBuffer ack;
    private final MutableAsciiBuffer fill;
    private final MutableAsciiBuffer canceled;
    private final LatencyInterval roundTrips;

    public FixOrderPathRig()
    {
        final FixOrders orders = new FixOrders();
        // Each command's round trip is timed as in the daemon: stamped at the hand-off, recorded at the answer.
        roundTrips = orders.roundTrips().recordInto(new EngineLatency(), "bench").newInterval();
        final SentMessages sent = new SentMessages();
        final HeldReports held = new HeldReports();
        final FixRefusals refusals = new FixRefusals("bench", "bench HORIZON->HZSIM", null);
        entry = new FixOrderEntry(referenceData, orders, sent, wire, null, "bench");
        final FixReconciliation reconciliation = new FixReconciliation(referenceData, orders, null, refusals, null,
            new BackPressuredSends(entry, null, "bench"), "bench");
        final LateReports late = new LateReports(null, "bench");
        final ExecutionReports reports = new ExecutionReports(orders, held, refusals, reconciliation, late, null, "bench");
        inbound = new FixInbound(null, reports, new OrderRejects(orders, sent, held, refusals, late, reconciliation, "bench"),
            held, refusals, null, "bench");
        inbound.responses(responses);
        final String clOrdId = ClientOrderIds.format(CLIENT_HI, CLIENT_LO);
        ack = report(clOrdId, "E-1", ExecType.NEW, OrdStatus.NEW, 0, 0, 0, 3);
        fill = report(clOrdId, "E-2", ExecType.TRADE, OrdStatus.FILLED, 3, 100.25, 3, 0);
        canceled = report(clOrdId + "-c1", "E-3", ExecType.CANCELED, OrdStatus.CANCELED, 0, 0, 0, 0);
    }

    /**
     * One order's life: NewOrderSingle encoded, its ack and its fill decoded and applied (the fill
     * completes it, so the venue forgets it and the next life starts clean).
     *
     * @return the bytes encoded plus the responses counted, for the benchmark to consume.
     */
    public long newAckFill()
    {
        entry.submit(newOrder, responses);
        deliver(ack);
        deliver(fill);
        return wire.length + responses.count;
    }

    /**
     * NewOrderSingle, ack, OrderCancelReplaceRequest, OrderCancelRequest and the cancel report:
     * every outbound message type.
     *
     * @return the bytes encoded plus the responses counted.
     */
    public long newAckAmendCancel()
    {
        entry.submit(newOrder, responses);
        deliver(ack);
        entry.amend(amend, responses);
        entry.cancel(cancel, responses);
        deliver(canceled);
        return wire.length + responses.count;
    }

    /** @return only the encode: a NewOrderSingle into the buffer (the order is then filled to reset). */
    public long encodeNewOrder()
    {
        entry.submit(newOrder, responses);
        final long length = wire.length;
        deliver(fill);
        return length;
    }

    /** @return round trips timed since the last call (allocates: read it after the measured loop). */
    public long roundTripsTimed()
    {
        return roundTrips.take(null).getTotalCount();
    }

    /** @return responses applied so far: acks, fills, cancels; and anything else as a failure. */
    public CountingResponses responses()
    {
        return responses;
    }

    /** @return the last message encoded, SOH shown as |. */
    public String lastSent()
    {
        return wire.buffer.getAscii(wire.offset, wire.length).replace('\u0001', '|');
    }

    private void deliver(final MutableAsciiBuffer message)
    {
        inbound.onMessage(message, 0, message.capacity(), 0, null, 0, ExecutionReportDecoder.MESSAGE_TYPE, 0, 0, valid);
    }

    private static EngineOutput command(final OutputKind kind, final long clientLo)
    {
        final EngineOutput out = new EngineOutput().clear();
        out.kind = kind;
        out.orderId = ORDER_ID;
        out.clientOrderIdHi = CLIENT_HI;
        out.clientOrderIdLo = clientLo;
        out.accountId = 0;
        out.instrumentId = 0;
        out.side = Side.BUY;
        out.orderType = OrderType.LIMIT;
        out.price = FixedPoint.fromDouble(100.25);
        out.quantity = FixedPoint.ofUnits(3);
        return out;
    }

    private static MutableAsciiBuffer report(final String clOrdId, final String execId, final char execType,
        final char ordStatus, final double lastQty, final double lastPx, final double cumQty, final double leavesQty)
    {
        final quickfix.fix44.ExecutionReport er = new quickfix.fix44.ExecutionReport(new OrderID("123"), new ExecID(execId),
            new ExecType(execType), new OrdStatus(ordStatus), new quickfix.field.Side(quickfix.field.Side.BUY),
            new LeavesQty(leavesQty), new CumQty(cumQty), new AvgPx(cumQty > 0 ? lastPx : 0));
        er.set(new ClOrdID(clOrdId));
        er.set(new Symbol("AAPL"));
        if (lastQty > 0)
        {
            er.set(new LastQty(lastQty));
            er.set(new LastPx(lastPx));
        }
        final Message m = er;
        m.getHeader().setString(SenderCompID.FIELD, "HZSIM");
        m.getHeader().setString(TargetCompID.FIELD, "HORIZON");
        m.getHeader().setInt(MsgSeqNum.FIELD, 2);
        m.getHeader().setUtcTimeStamp(SendingTime.FIELD, LocalDateTime.of(2026, 12, 5, 12, 0));
        return new MutableAsciiBuffer(m.toString().getBytes(StandardCharsets.US_ASCII));
    }

    /** The session's stand-in: encodes each message into one buffer, with the header a session sets. */
    private static final class BufferWire implements OrderWire
    {
        final MutableAsciiBuffer buffer = new MutableAsciiBuffer(new byte[8192]);
        int offset;
        int length;
        int seqNum;
        final UtcTimestampEncoder sendingTime = new UtcTimestampEncoder();

        @Override
        public OrderWire sendable(final String what)
        {
            return this;
        }

        @Override
        public long trySend(final Encoder message)
        {
            message.header().senderCompID("HORIZON").targetCompID("HZSIM").msgSeqNum(++seqNum)
                .sendingTime(sendingTime.buffer(), sendingTime.encode(System.currentTimeMillis()));
            final long result = message.encode(buffer, 0);
            offset = Encoder.offset(result);
            length = Encoder.length(result);
            return seqNum;
        }

        @Override
        public int lastSentMsgSeqNum()
        {
            return seqNum;
        }
    }

    /** Counts what the venue reports; anything but an ack, a fill, a replace or a cancel counts as unexpected. */
    public static final class CountingResponses implements VenueResponses
    {
        long count;
        public long acks;
        public long fills;
        public long replaced;
        public long canceled;
        public long unexpected;

        @Override
        public void ack(final long orderId, final int accountId, final int instrumentId, final long venueOrderId)
        {
            count++;
            acks++;
        }

        @Override
        public void reject(final long orderId, final int accountId, final int instrumentId, final RejectReason reason,
            final long reasonValue)
        {
            unexpected++;
        }

        @Override
        public void fill(final long orderId, final int accountId, final int instrumentId, final long price,
            final long quantity, final long leavesQuantity)
        {
            count++;
            fills++;
        }

        @Override
        public void canceled(final long orderId, final int accountId, final int instrumentId, final long leavesQuantity)
        {
            count++;
            canceled++;
        }

        @Override
        public void cancelRejected(final long orderId, final int accountId, final int instrumentId,
            final RejectReason reason, final long reasonValue)
        {
            unexpected++;
        }

        @Override
        public void replaced(final long orderId, final int accountId, final int instrumentId, final long price,
            final long quantity, final long leavesQuantity)
        {
            count++;
            replaced++;
        }

        @Override
        public void replaceRejected(final long orderId, final int accountId, final int instrumentId,
            final RejectReason reason, final long reasonValue)
        {
            unexpected++;
        }

        @Override
        public void expired(final long orderId, final int accountId, final int instrumentId, final long leavesQuantity)
        {
            unexpected++;
        }
    }
}
