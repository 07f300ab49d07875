package io.horizon.fix;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import io.horizon.engine.event.FixedPoint;
import io.horizon.engine.event.Side;
import io.horizon.engine.order.ClientOrderIds;
import io.horizon.engine.output.EngineOutput;
import io.horizon.engine.output.OutputKind;
import io.horizon.fix.sim.SimFaults;
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

import static io.horizon.fix.SimulatorHarness.command;
import static io.horizon.fix.SimulatorHarness.pollFor;
import static io.horizon.fix.SimulatorHarness.pollUntil;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Order-status reconciliation (OrderStatusRequest, answered by the simulator with ExecType Order
 * Status) after a reconnect and after a restart: what the venue did while Horizon was away comes
 * back as venue responses, once, and nothing already applied is applied again.
 * <p>
 * A BUY 10 @ 100 against the simulator's ask 100 x 4 fills 4 at once and 4 more at each tick.
 */
final class FixReconciliationTest
{
    @TempDir
    Path directory;

    @Test
    void shouldReportAFillTheVenueSentWhileTheSessionWasDownAndThenGapFilled()
    {
        try (SimulatorHarness harness = new SimulatorHarness(new SimFaults().gapFillResends(true)))
        {
            final FixVenue venue = harness.venue(directory);
            final RecordingResponses responses = new RecordingResponses();
            pollUntil(venue, responses, venue::isLoggedOn, "logged on");
            venue.submit(command(OutputKind.VENUE_NEW, 1, Side.BUY, 100, 10), responses);
            pollUntil(venue, responses, () -> responses.lines.size() == 2, "ack and first fill");

            // The venue drops us and refuses us back until it has filled more, which it sends
            // while we are away and, asked to resend, gap-fills over.
            harness.faults.rejectLogons(true);
            harness.simulator.dropSession();
            pollUntil(venue, responses, () -> !venue.isLoggedOn(), "the drop");
            harness.simulator.tick();
            harness.faults.rejectLogons(false);
            pollUntil(venue, responses, venue::isLoggedOn, "logged on again");
            pollUntil(venue, responses, () -> responses.lines.size() == 3, "the reconciled fill");
            pollFor(venue, responses, 300);

            assertEquals(List.of("ack 1", "fill 1 4@100 leaves 6", "fill 1 4@100 leaves 2"), responses.lines);
            assertEquals(1, venue.reconciledDifferences());
            assertEquals(2, venue.massStatusRequests(), "one at each logon; the order is listed live");
        }
    }

    @Test
    void shouldApplyAFillSentWhileHorizonWasStoppedExactlyOnceAfterTheRestart()
    {
        try (SimulatorHarness harness = new SimulatorHarness(new SimFaults()))
        {
            final RecordingResponses before = new RecordingResponses();
            harness.runThenStop(directory, command(OutputKind.VENUE_NEW, 1, Side.BUY, 100, 10), before, 2);
            harness.simulator.tick();

            // Restarted: recovery hands the live order over (4 of 10 filled), the venue resends
            // what it sent meanwhile, and the status request reports the same fill: one fill.
            final RecordingResponses after = new RecordingResponses();
            final FixVenue second = harness.venue(directory);
            final EngineOutput live = command(OutputKind.VENUE_RECONCILE, 1, Side.BUY, 100, 10);
            live.cumulativeQuantity = FixedPoint.ofUnits(4);
            second.reconcile(live, after);
            pollUntil(second, after, second::isLoggedOn, "logged on again");
            pollUntil(second, after, () -> second.massStatusRequests() >= 1 && after.lines.size() >= 1, "the fill");
            pollFor(second, after, 500);
            assertEquals(List.of("fill 1 4@100 leaves 2"), after.lines);
        }
    }

    @Test
    void shouldCancelALiveOrderTheVenueDoesNotKnowAfterARestart()
    {
        try (SimulatorHarness harness = new SimulatorHarness(new SimFaults()))
        {
            final RecordingResponses responses = new RecordingResponses();
            final FixVenue venue = harness.venue(directory);
            pollUntil(venue, responses, venue::isLoggedOn, "logged on");
            venue.reconcile(command(OutputKind.VENUE_RECONCILE, 7, Side.SELL, 120, 3), responses);
            pollUntil(venue, responses, () -> responses.lines.size() == 1, "the correction");
            assertEquals(List.of("canceled 7 leaves 3"), responses.lines);
            assertEquals(1, venue.reconciledDifferences());
        }
    }

    @Test
    void shouldCountAReportForAnOrderReconciliationAlreadySettledQuietlyAndApplyNothing()
    {
        try (SimulatorHarness harness = new SimulatorHarness(new SimFaults()))
        {
            final RecordingResponses responses = new RecordingResponses();
            final List<String> refused = new ArrayList<>();
            final FixVenue venue = harness.venue(directory);
            venue.refusedMessages((venueName, session, messageType, tag, value, reason, raw) -> refused.add(tag + " " + value));
            pollUntil(venue, responses, venue::isLoggedOn, "logged on");
            venue.reconcile(command(OutputKind.VENUE_RECONCILE, 8, Side.SELL, 120, 3), responses);
            pollUntil(venue, responses, () -> responses.lines.size() == 1, "the correction");

            // The venue's late word on the order reconciliation canceled: a fill, then a cancel.
            final String clOrdId = ClientOrderIds.format(0x0190_0000_0000_0000L, 5_008);
            harness.simulator.sendToClient(report(clOrdId, "L1", ExecType.TRADE, 1));
            harness.simulator.sendToClient(report(clOrdId, "L2", ExecType.CANCELED, 0));
            pollUntil(venue, responses, () -> venue.lateReports() == 2, "both late reports counted");
            pollFor(venue, responses, 200);

            assertEquals(List.of("canceled 8 leaves 3"), responses.lines, "nothing applied after the correction");
            assertEquals(List.of(), refused, "late reports are not refusals (no audit row, no alert)");
        }
    }

    private static ExecutionReport report(final String clOrdId, final String execId, final char execType,
        final double lastQty)
    {
        final ExecutionReport report = new ExecutionReport(new OrderID("1"), new ExecID(execId), new ExecType(execType),
            new OrdStatus(OrdStatus.PARTIALLY_FILLED), new quickfix.field.Side(quickfix.field.Side.SELL),
            new LeavesQty(0), new CumQty(lastQty), new AvgPx(120));
        report.set(new ClOrdID(clOrdId));
        report.set(new LastQty(lastQty));
        report.set(new LastPx(120));
        return report;
    }

    @Test
    void shouldAskForTheStatusOfAnOrderSentAgainAfterACrashInsteadOfRejectingIt()
    {
        try (SimulatorHarness harness = new SimulatorHarness(new SimFaults()))
        {
            final RecordingResponses before = new RecordingResponses();
            harness.runThenStop(directory, command(OutputKind.VENUE_NEW, 1, Side.BUY, 90, 2), before, 1);

            // The order was pending at the crash (its ack never journaled): recovery sends it again.
            final RecordingResponses after = new RecordingResponses();
            final FixVenue second = harness.venue(directory);
            pollUntil(second, after, second::isLoggedOn, "logged on again");
            second.submit(command(OutputKind.VENUE_NEW, 1, Side.BUY, 90, 2), after);
            pollUntil(second, after, () -> after.lines.size() == 1, "the status");
            pollFor(second, after, 300);
            assertEquals(List.of("ack 1"), after.lines, "acked from its status, not rejected as a duplicate");

            second.cancel(command(OutputKind.VENUE_CANCEL, 1, Side.BUY, 90, 2), after);
            pollUntil(second, after, () -> after.lines.size() == 2, "the cancel");
            assertEquals("canceled 1 leaves 2", after.lines.get(1));
        }
    }
}
