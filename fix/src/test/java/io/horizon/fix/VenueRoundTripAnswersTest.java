package io.horizon.fix;

import java.nio.charset.StandardCharsets;
import java.time.LocalDateTime;

import io.horizon.engine.counter.EngineLatency;
import io.horizon.engine.counter.LatencyInterval;
import io.horizon.engine.event.Side;
import io.horizon.engine.order.ClientOrderIds;
import io.horizon.engine.output.EngineOutput;
import io.horizon.engine.output.OutputKind;
import io.horizon.fix.codecs.decoder.BusinessMessageRejectDecoder;
import io.horizon.fix.codecs.decoder.ExecutionReportDecoder;
import io.horizon.fix.codecs.decoder.OrderCancelRejectDecoder;
import io.horizon.fix.codecs.decoder.RejectDecoder;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import quickfix.Message;
import quickfix.field.AvgPx;
import quickfix.field.BusinessRejectRefID;
import quickfix.field.BusinessRejectReason;
import quickfix.field.ClOrdID;
import quickfix.field.CumQty;
import quickfix.field.CxlRejResponseTo;
import quickfix.field.ExecID;
import quickfix.field.ExecType;
import quickfix.field.LastPx;
import quickfix.field.LastQty;
import quickfix.field.LeavesQty;
import quickfix.field.MsgSeqNum;
import quickfix.field.OrdStatus;
import quickfix.field.OrderID;
import quickfix.field.OrigClOrdID;
import quickfix.field.PossDupFlag;
import quickfix.field.RefMsgType;
import quickfix.field.RefSeqNum;
import quickfix.field.SenderCompID;
import quickfix.field.SendingTime;
import quickfix.field.Symbol;
import quickfix.field.TargetCompID;
import uk.co.real_logic.artio.builder.Encoder;
import uk.co.real_logic.artio.library.OnMessageInfo;
import uk.co.real_logic.artio.util.MutableAsciiBuffer;

import static io.horizon.fix.SimulatorHarness.REFERENCE_DATA;
import static io.horizon.fix.SimulatorHarness.command;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Which answers end a command's round trip ({@link VenueRoundTrips}), through the venue's own
 * classes wired as {@link FixVenue} wires them but without a session: commands are numbered as the
 * session would number them, answers (bytes as QuickFIX/J writes them) delivered as it would. An
 * OrderCancelReject, a BusinessMessageReject (by BusinessRejectRefID) and a session Reject (by
 * RefSeqNum) each end the round trip of the command they name; an answer the venue resent
 * (PossDupFlag) ends it without a sample, and so does a logon for the commands sent before it.
 */
final class VenueRoundTripAnswersTest
{
    private static final long HI = 0x0190_0000_0000_0000L;

    private final RecordingResponses responses = new RecordingResponses();
    private final OnMessageInfo valid = new OnMessageInfo().isValid(true);
    private FixOrders orders;
    private FixOrderEntry entry;
    private FixInbound inbound;
    private CountingWire wire;
    private LatencyInterval samples;
    private int venueSeqNum;

    @BeforeEach
    void wireTheVenuesParts()
    {
        orders = new FixOrders();
        samples = orders.roundTrips().recordInto(new EngineLatency(), "t").newInterval();
        final SentMessages sent = new SentMessages();
        final HeldReports held = new HeldReports();
        final FixRefusals refusals = new FixRefusals("t", "t HORIZON->HZSIM", null);
        wire = new CountingWire();
        entry = new FixOrderEntry(REFERENCE_DATA, orders, sent, wire, null, "t");
        final FixReconciliation reconciliation = new FixReconciliation(REFERENCE_DATA, orders, null, refusals, null,
            new BackPressuredSends(entry, null, "t"), "t");
        final LateReports late = new LateReports(null, "t");
        inbound = new FixInbound(null, new ExecutionReports(orders, held, refusals, reconciliation, late, null, "t"),
            new OrderRejects(orders, sent, held, refusals, late, reconciliation, "t"), held, refusals, null, "t");
        inbound.responses(responses);
    }

    @Test
    void shouldEndTheRoundTripOfTheCommandEachRejectNames()
    {
        entry.submit(command(OutputKind.VENUE_NEW, 1, Side.BUY, 90, 5), responses);
        deliver(ExecutionReportDecoder.MESSAGE_TYPE, report(clOrdId(1), "E-1", ExecType.NEW, OrdStatus.NEW, false));
        assertEquals(1, samples.take(null).getTotalCount(), "the order's, at its ack");

        entry.cancel(command(OutputKind.VENUE_CANCEL, 1, Side.BUY, 90, 5), responses);
        final quickfix.fix44.OrderCancelReject cancelReject = new quickfix.fix44.OrderCancelReject(new OrderID("9"),
            new ClOrdID(clOrdId(1) + "-c1"), new OrigClOrdID(clOrdId(1)), new OrdStatus(OrdStatus.NEW),
            new CxlRejResponseTo(CxlRejResponseTo.ORDER_CANCEL_REQUEST));
        deliver(OrderCancelRejectDecoder.MESSAGE_TYPE, message(cancelReject, false));
        assertEquals(1, samples.take(null).getTotalCount(), "the cancel's, at its OrderCancelReject");

        final EngineOutput amend = command(OutputKind.VENUE_AMEND, 1, Side.BUY, 91, 5);
        amend.clientOrderIdLo = 77_000;
        entry.amend(amend, responses);
        final quickfix.fix44.BusinessMessageReject businessReject = new quickfix.fix44.BusinessMessageReject(
            new RefMsgType("G"), new BusinessRejectReason(BusinessRejectReason.OTHER));
        businessReject.set(new BusinessRejectRefID(ClientOrderIds.format(HI, 77_000)));
        deliver(BusinessMessageRejectDecoder.MESSAGE_TYPE, message(businessReject, false));
        assertEquals(1, samples.take(null).getTotalCount(), "the replace's, at the BusinessMessageReject naming it");

        entry.cancel(command(OutputKind.VENUE_CANCEL, 1, Side.BUY, 90, 5), responses);
        final quickfix.fix44.Reject sessionReject = new quickfix.fix44.Reject(new RefSeqNum(wire.seqNum));
        deliver(RejectDecoder.MESSAGE_TYPE, message(sessionReject, false));
        assertEquals(1, samples.take(null).getTotalCount(), "the second cancel's, at the session Reject of its MsgSeqNum");

        assertEquals(java.util.List.of("ack 1", "cancelRejected 1 VENUE_REJECTED", "replaceRejected 1 VENUE_REJECTED",
            "cancelRejected 1 VENUE_REJECTED"), responses.lines, "each answer applied as before");
    }

    @Test
    void shouldNotTimeAResentAnswerNorAnAnswerAfterALogonNorTheFillsAfterTheFirstAnswer()
    {
        entry.submit(command(OutputKind.VENUE_NEW, 1, Side.BUY, 90, 5), responses);
        deliver(ExecutionReportDecoder.MESSAGE_TYPE, report(clOrdId(1), "E-1", ExecType.NEW, OrdStatus.NEW, true));
        deliver(ExecutionReportDecoder.MESSAGE_TYPE, report(clOrdId(1), "E-2", ExecType.TRADE, OrdStatus.PARTIALLY_FILLED,
            false));
        assertEquals(0, samples.take(null).getTotalCount(), "a resent ack ends the round trip without a sample");

        entry.submit(command(OutputKind.VENUE_NEW, 2, Side.BUY, 90, 5), responses);
        orders.roundTrips().forgetUnanswered(orders.all());
        deliver(ExecutionReportDecoder.MESSAGE_TYPE, report(clOrdId(2), "E-3", ExecType.NEW, OrdStatus.NEW, false));
        assertEquals(0, samples.take(null).getTotalCount(), "a command sent before the logon is not timed after it");

        entry.submit(command(OutputKind.VENUE_NEW, 3, Side.BUY, 90, 5), responses);
        deliver(ExecutionReportDecoder.MESSAGE_TYPE, report(clOrdId(3), "E-4", ExecType.NEW, OrdStatus.NEW, false));
        deliver(ExecutionReportDecoder.MESSAGE_TYPE, report(clOrdId(3), "E-5", ExecType.TRADE, OrdStatus.PARTIALLY_FILLED,
            false));
        assertEquals(1, samples.take(null).getTotalCount(), "timed at the ack only");
        assertEquals(java.util.List.of("ack 1", "fill 1 1@90 leaves 4", "ack 2", "ack 3", "fill 3 1@90 leaves 4"),
            responses.lines);
    }

    private static String clOrdId(final long orderId)
    {
        return ClientOrderIds.format(HI, 5_000 + orderId);
    }

    private void deliver(final long messageType, final MutableAsciiBuffer message)
    {
        inbound.onMessage(message, 0, message.capacity(), 0, null, 0, messageType, 0, 0, valid);
    }

    private MutableAsciiBuffer report(final String clOrdId, final String execId, final char execType, final char ordStatus,
        final boolean resent)
    {
        final boolean fill = execType == ExecType.TRADE;
        final quickfix.fix44.ExecutionReport er = new quickfix.fix44.ExecutionReport(new OrderID("9"), new ExecID(execId),
            new ExecType(execType), new OrdStatus(ordStatus), new quickfix.field.Side(quickfix.field.Side.BUY),
            new LeavesQty(fill ? 4 : 5), new CumQty(fill ? 1 : 0), new AvgPx(fill ? 90 : 0));
        er.set(new ClOrdID(clOrdId));
        er.set(new Symbol("AAPL"));
        if (fill)
        {
            er.set(new LastQty(1));
            er.set(new LastPx(90));
        }
        return message(er, resent);
    }

    private MutableAsciiBuffer message(final Message m, final boolean resent)
    {
        m.getHeader().setString(SenderCompID.FIELD, "HZSIM");
        m.getHeader().setString(TargetCompID.FIELD, "HORIZON");
        m.getHeader().setInt(MsgSeqNum.FIELD, ++venueSeqNum);
        m.getHeader().setUtcTimeStamp(SendingTime.FIELD, LocalDateTime.of(2026, 12, 6, 2, 0));
        if (resent)
        {
            m.getHeader().setBoolean(PossDupFlag.FIELD, true);
        }
        return new MutableAsciiBuffer(m.toString().getBytes(StandardCharsets.US_ASCII));
    }

    /** The session's stand-in: numbers each message as the session would (its bytes do not matter here). */
    private static final class CountingWire implements OrderWire
    {
        int seqNum;

        @Override
        public OrderWire sendable(final String what)
        {
            return this;
        }

        @Override
        public long trySend(final Encoder message)
        {
            return ++seqNum;
        }

        @Override
        public int lastSentMsgSeqNum()
        {
            return seqNum;
        }
    }
}
