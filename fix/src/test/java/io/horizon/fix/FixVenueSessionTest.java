package io.horizon.fix;

import java.nio.file.Path;
import java.util.List;
import java.util.function.BooleanSupplier;

import io.horizon.engine.event.FixedPoint;
import io.horizon.engine.event.OrderType;
import io.horizon.engine.event.RejectReason;
import io.horizon.engine.event.Side;
import io.horizon.engine.output.EngineOutput;
import io.horizon.engine.output.OutputKind;
import io.horizon.engine.reference.ReferenceData;
import io.horizon.fix.sim.FixExchangeSimulator;
import io.horizon.fix.sim.SimFaults;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import quickfix.field.AvgPx;
import quickfix.field.ClOrdID;
import quickfix.field.CumQty;
import quickfix.field.ExecID;
import quickfix.field.ExecType;
import quickfix.field.LastPx;
import quickfix.field.LastQty;
import quickfix.field.LeavesQty;
import quickfix.field.OrdStatus;
import quickfix.field.OrderID;
import quickfix.fix44.ExecutionReport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The FIX venue (Artio, our side) against the FIX exchange simulator (QuickFIX/J, an independent
 * implementation) over a real loopback socket: one simulator and one session for the class
 * ({@link SimulatorHarness}), the test thread polling the venue as the engine thread would.
 * <p>
 * The simulator quotes AAPL 99.00 x 4 / 100.00 x 4 and re-publishes that quote when told to
 * ({@code tick()}), so fills come at known moments. ZZZ is known to Horizon but not listed there.
 */
final class FixVenueSessionTest
{
    @TempDir
    static Path directory;

    private static SimulatorHarness harness;
    private static FixExchangeSimulator simulator;
    private static FixVenue venue;
    private static RecordingResponses responses;
    private static long nextOrderId = 1;

    @BeforeAll
    static void startSimulatorAndLogOn()
    {
        harness = new SimulatorHarness(new SimFaults());
        simulator = harness.simulator;
        final ReferenceData referenceData = ReferenceData.builder()
            .instrument("AAPL", FixedPoint.fromDouble(0.01), FixedPoint.ofUnits(100))
            .instrument("ZZZ", FixedPoint.fromDouble(0.01), FixedPoint.ofUnits(10))
            .account("paper", FixedPoint.ofUnits(1_000_000))
            .build();
        venue = harness.venue(directory.resolve("fix-sim"), referenceData, true);
        responses = new RecordingResponses();
        pollUntil(venue::isLoggedOn, "logged on");
    }

    @AfterAll
    static void stop()
    {
        if (harness != null)
        {
            harness.close();
        }
    }

    @BeforeEach
    void refreshTheQuoteAndDrain()
    {
        simulator.tick();
        drain();
        responses.lines.clear();
    }

    @Test
    void shouldAckThenPartiallyFillThenFillANewOrder()
    {
        final long id = submit("AAPL", Side.BUY, 100, 10);
        awaitLines(2);
        assertEquals(List.of("ack " + id, "fill " + id + " 4@100 leaves 6"), responses.lines);

        simulator.tick();
        awaitLines(3);
        simulator.tick();
        awaitLines(4);
        assertEquals(List.of("ack " + id, "fill " + id + " 4@100 leaves 6", "fill " + id + " 4@100 leaves 2",
            "fill " + id + " 2@100 leaves 0"), responses.lines);
    }

    @Test
    void shouldCancelARestingOrder()
    {
        final long id = submit("AAPL", Side.BUY, 90, 5);
        awaitLines(1);
        venue.cancel(command(OutputKind.VENUE_CANCEL, id, "AAPL", Side.BUY, 90, 5), responses);
        awaitLines(2);
        assertEquals(List.of("ack " + id, "canceled " + id + " leaves 5"), responses.lines);
    }

    @Test
    void shouldReplaceARestingOrder()
    {
        final long id = submit("AAPL", Side.SELL, 110, 5);
        awaitLines(1);
        final EngineOutput amend = command(OutputKind.VENUE_AMEND, id, "AAPL", Side.SELL, 105, 6);
        amend.clientOrderIdLo = amend.clientOrderIdLo + 1_000_000;
        venue.amend(amend, responses);
        awaitLines(2);
        assertEquals(List.of("ack " + id, "replaced " + id + " 6@105 leaves 6"), responses.lines);
    }

    @Test
    void shouldReportTheVenuesRejectOfAnUnlistedSymbol()
    {
        final long id = submit("ZZZ", Side.BUY, 10, 1);
        awaitLines(1);
        assertEquals(List.of("reject " + id + " " + RejectReason.VENUE_REJECTED + " 1"), responses.lines);
    }

    @Test
    void shouldReportAReplaceRejectedByTheVenue()
    {
        final long id = submit("AAPL", Side.BUY, 100, 10);
        awaitLines(2);
        final EngineOutput amend = command(OutputKind.VENUE_AMEND, id, "AAPL", Side.BUY, 100, 3);
        amend.clientOrderIdLo = amend.clientOrderIdLo + 1_000_000;
        venue.amend(amend, responses);
        awaitLines(3);
        assertEquals("replaceRejected " + id + " " + RejectReason.VENUE_REJECTED, responses.lines.get(2));
        cancelAndAwait(id, 100, 10);
    }

    @Test
    void shouldApplyADuplicateExecIdOnlyOnce()
    {
        final long id = submit("AAPL", Side.BUY, 100, 10);
        awaitLines(2);
        assertTrue(simulator.repeatLastExecutionReport());
        final long duplicatesBefore = venue.duplicateExecIds();
        pollUntil(() -> venue.duplicateExecIds() > duplicatesBefore, "the duplicate seen");
        assertEquals(List.of("ack " + id, "fill " + id + " 4@100 leaves 6"), responses.lines);
        cancelAndAwait(id, 100, 10);
    }

    @Test
    void shouldRefuseAnOverfillAndAnUnknownClOrdIdAndKeepWorking()
    {
        final long id = submit("AAPL", Side.BUY, 90, 2);
        awaitLines(1);
        final long refusedBefore = venue.refusedMessages();
        simulator.sendToClient(report(clOrdId(id), "X1", 5));
        simulator.sendToClient(report("hzn_NOSUCHORDER", "X2", 1));
        pollUntil(() -> venue.refusedMessages() >= refusedBefore + 2, "both refused");
        assertEquals(List.of("ack " + id), responses.lines);

        venue.cancel(command(OutputKind.VENUE_CANCEL, id, "AAPL", Side.BUY, 90, 2), responses);
        awaitLines(2);
        assertEquals("canceled " + id + " leaves 2", responses.lines.get(1));
    }

    @Test
    void shouldTurnABusinessMessageRejectOfANewOrderIntoAReject()
    {
        final long id = submit("AAPL", Side.BUY, 80, 1);
        awaitLines(1);
        final quickfix.fix44.BusinessMessageReject reject = new quickfix.fix44.BusinessMessageReject(
            new quickfix.field.RefMsgType("D"), new quickfix.field.BusinessRejectReason(0));
        reject.set(new quickfix.field.BusinessRejectRefID(clOrdId(id)));
        simulator.sendToClient(reject);
        awaitLines(2);
        assertEquals(List.of("ack " + id, "reject " + id + " " + RejectReason.VENUE_REJECTED + " 0"), responses.lines);
    }

    @Test
    void shouldTurnASessionRejectOfOurNewOrderIntoAReject()
    {
        final long id = submit("AAPL", Side.BUY, 80, 1);
        awaitLines(1);
        final long sentBefore = venue.lastSentSequenceNumber();
        final quickfix.fix44.Reject reject = new quickfix.fix44.Reject(new quickfix.field.RefSeqNum((int)sentBefore));
        reject.set(new quickfix.field.SessionRejectReason(5));
        simulator.sendToClient(reject);
        awaitLines(2);
        assertEquals("reject " + id + " " + RejectReason.VENUE_REJECTED + " 5", responses.lines.get(1));
    }

    @Test
    void shouldLogOnAgainAfterTheVenueDropsTheSessionAndKeepTrading()
    {
        simulator.dropSession();
        pollUntil(() -> !venue.isLoggedOn(), "the drop seen");
        pollUntil(venue::isLoggedOn, "logged on again");
        final long id = submit("AAPL", Side.BUY, 90, 1);
        awaitLines(1);
        assertEquals(List.of("ack " + id), responses.lines);
        venue.cancel(command(OutputKind.VENUE_CANCEL, id, "AAPL", Side.BUY, 90, 1), responses);
        awaitLines(2);
    }

    @Test
    void shouldRefuseToSendWhenTheSessionIsDownSoTheOrderIsDeadLettered()
    {
        final FixVenue offline = new FixVenue(new FixSessionSettings("offline", "127.0.0.1", 1, "HORIZON", "NOBODY", 5,
            10_000, 10_000, null, null, true), ReferenceData.builder()
            .instrument("AAPL", FixedPoint.fromDouble(0.01), FixedPoint.ofUnits(100))
            .account("paper", FixedPoint.ofUnits(1)).build(),
            directory.resolve("offline"), null);
        try
        {
            final IllegalStateException refused = assertThrows(IllegalStateException.class,
                () -> offline.submit(command(OutputKind.VENUE_NEW, 99, "AAPL", Side.BUY, 1, 1), responses));
            assertTrue(refused.getMessage().contains("not logged on: FIX venue offline"), refused.getMessage());
        }
        finally
        {
            offline.close();
        }
    }

    private static ExecutionReport report(final String clOrdId, final String execId, final double lastQty)
    {
        final ExecutionReport report = new ExecutionReport(new OrderID("1"), new ExecID(execId),
            new ExecType(ExecType.TRADE), new OrdStatus(OrdStatus.PARTIALLY_FILLED),
            new quickfix.field.Side(quickfix.field.Side.BUY), new LeavesQty(0), new CumQty(lastQty), new AvgPx(90));
        report.set(new ClOrdID(clOrdId));
        report.set(new LastQty(lastQty));
        report.set(new LastPx(90));
        return report;
    }

    private static long submit(final String symbol, final Side side, final long price, final long quantity)
    {
        final long id = nextOrderId++;
        venue.submit(command(OutputKind.VENUE_NEW, id, symbol, side, price, quantity), responses);
        return id;
    }

    private static EngineOutput command(final OutputKind kind, final long orderId, final String symbol, final Side side,
        final long price, final long quantity)
    {
        final EngineOutput out = new EngineOutput().clear();
        out.kind = kind;
        out.orderId = orderId;
        out.clientOrderIdHi = 0x0190_0000_0000_0000L;
        out.clientOrderIdLo = orderId;
        out.accountId = 0;
        out.instrumentId = "AAPL".equals(symbol) ? 0 : 1;
        out.side = side;
        out.orderType = OrderType.LIMIT;
        out.price = FixedPoint.ofUnits(price);
        out.quantity = FixedPoint.ofUnits(quantity);
        return out;
    }

    private static String clOrdId(final long orderId)
    {
        return io.horizon.engine.order.ClientOrderIds.format(0x0190_0000_0000_0000L, orderId);
    }

    private static void cancelAndAwait(final long id, final long price, final long quantity)
    {
        final int before = responses.lines.size();
        venue.cancel(command(OutputKind.VENUE_CANCEL, id, "AAPL", Side.BUY, price, quantity), responses);
        awaitLines(before + 1);
        assertTrue(responses.lines.get(before).startsWith("canceled " + id), responses.lines.toString());
    }

    /** Polls until nothing has arrived for 300 ms: what earlier tests caused is in, and no later. */
    private static void drain()
    {
        int seen = -1;
        long quietSince = System.currentTimeMillis();
        while (System.currentTimeMillis() - quietSince < 300)
        {
            if (venue.poll(responses) == 0)
            {
                SimulatorHarness.idle();
            }
            if (responses.lines.size() != seen)
            {
                seen = responses.lines.size();
                quietSince = System.currentTimeMillis();
            }
        }
    }

    private static void awaitLines(final int count)
    {
        pollUntil(() -> responses.lines.size() >= count, count + " responses, have " + responses.lines);
    }

    private static void pollUntil(final BooleanSupplier condition, final String what)
    {
        SimulatorHarness.pollUntil(venue, responses, condition, what);
    }
}
