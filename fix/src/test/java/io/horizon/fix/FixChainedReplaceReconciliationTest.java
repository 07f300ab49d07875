package io.horizon.fix;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import io.horizon.engine.event.FixedPoint;
import io.horizon.engine.event.Side;
import io.horizon.engine.output.EngineOutput;
import io.horizon.engine.output.OutputKind;
import io.horizon.fix.sim.SimFaults;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import static io.horizon.fix.SimulatorHarness.command;
import static io.horizon.fix.SimulatorHarness.pollFor;
import static io.horizon.fix.SimulatorHarness.pollUntil;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * A chain of replaces, A to B to C (each OrderCancelReplaceRequest naming the one before as
 * OrigClOrdID), broken by a restart or a drop after the last replace went out: the venue applied
 * it (and filled the order while Horizon was away), Horizon never got its report. Reconciliation
 * maps the venue's status (11=C, 41=B) back to Horizon's order and reports the venue's truth
 * (price, quantity, leaves, cumulative quantity) once, whether the venue resends what it sent
 * meanwhile (PossDupFlag) or gap-fills over it; the replace sent again after the restart (as the
 * engine does for an order pending replace at a crash) changes nothing more.
 * <p>
 * BUY 10 @ 90 rests below the simulator's ask (100 x 4); B is 10 @ 92; C is 8 @ 95.
 */
final class FixChainedReplaceReconciliationTest
{
    private static final long B = 1_000_000;
    private static final long C = 2_000_000;

    @TempDir
    Path directory;

    @ParameterizedTest(name = "venue gap-fills its resends: {0}, filled C meanwhile: {1}")
    @CsvSource({"false,false", "false,true", "true,false", "true,true"})
    void shouldMapTheVenuesStatusOfTheLastReplaceBackToTheOrderAndReportItsTruthOnceAfterARestart(
        final boolean gapFill, final boolean filled)
    {
        final SimFaults faults = new SimFaults().gapFillResends(gapFill);
        try (SimulatorHarness harness = new SimulatorHarness(faults))
        {
            final RecordingResponses before = new RecordingResponses();
            final FixVenue first = harness.venue(directory);
            replaceTwiceLosingTheSecondReport(harness, first, before);
            first.close();
            // Horizon is down: the venue may fill C in full.
            if (filled)
            {
                harness.simulator.fillRestingOrders();
            }
            harness.faults.rejectLogons(false);

            // The restart: the journal has the order as B (10 @ 92), pending a replace to C.
            final RecordingResponses after = new RecordingResponses();
            final List<String> refused = new ArrayList<>();
            final FixVenue second = harness.venue(directory);
            second.holdReportsMillis(500);
            second.refusedMessages((venueName, session, messageType, tag, value, reason, raw) ->
                refused.add(messageType + " " + tag + " " + value + ": " + reason));
            pollUntil(second, after, second::isLoggedOn, "logged on again");
            final EngineOutput recovered = replaceCommand(OutputKind.VENUE_RECONCILE, B, 92, 10);
            second.reconcile(recovered, after);
            second.amend(replaceCommand(OutputKind.VENUE_AMEND, C, 95, 8), after);
            pollUntil(second, after, () -> after.lines.size() >= (filled ? 2 : 1), "the replace");
            pollFor(second, after, 1_500);

            assertEquals(filled ? List.of("replaced 1 8@95 leaves 8", "fill 1 8@95 leaves 0") :
                List.of("replaced 1 8@95 leaves 8"), after.lines, "the venue's truth, once; no replace rejected");
            assertEquals(FixedPoint.ofUnits(filled ? 8 : 0), harness.simulator.filledQuantity());
            assertEquals(List.of(), refused);
        }
    }

    @ParameterizedTest(name = "the venue filled C meanwhile: {0}")
    @ValueSource(booleans = {false, true})
    void shouldTakeTheVenuesDuplicateClOrdIdRejectOfTheReplaceSentAgainAfterARestartAsTheReplaceItAlreadyHas(
        final boolean filled)
    {
        final SimFaults faults = new SimFaults().gapFillResends(true);
        try (SimulatorHarness harness = new SimulatorHarness(faults))
        {
            final RecordingResponses before = new RecordingResponses();
            final FixVenue first = harness.venue(directory);
            replaceTwiceLosingTheSecondReport(harness, first, before);
            first.close();
            if (filled)
            {
                harness.simulator.fillRestingOrders();
            }
            harness.faults.rejectLogons(false);

            // Recovery hands the order over (as B) and sends the pending replace to C again before
            // the session is up; held for the logon (when_down = "wait"), the replace goes out
            // before the status request, and the venue, which applied it already, rejects it as a
            // duplicate ClOrdID (102=6): that is the replace it has, not a reject.
            final RecordingResponses after = new RecordingResponses();
            final FixVenue second = harness.venue(directory);
            second.ordersWhileDown(WhenDown.WAIT, 10_000, 16);
            second.reconcile(replaceCommand(OutputKind.VENUE_RECONCILE, B, 92, 10), after);
            second.amend(replaceCommand(OutputKind.VENUE_AMEND, C, 95, 8), after);
            pollUntil(second, after, second::isLoggedOn, "logged on again");
            pollUntil(second, after, () -> after.lines.size() >= (filled ? 2 : 1), "the replace");
            pollFor(second, after, 1_000);

            assertEquals(filled ? List.of("replaced 1 8@95 leaves 8", "fill 1 8@95 leaves 0") :
                List.of("replaced 1 8@95 leaves 8"), after.lines, "the venue's truth, once; no replace rejected");
            if (!filled)
            {
                // The order stands as C at the venue and here: a cancel of it works.
                second.cancel(replaceCommand(OutputKind.VENUE_CANCEL, C, 95, 8), after);
                pollUntil(second, after, () -> after.lines.size() == 2, "the cancel");
                assertEquals("canceled 1 leaves 8", after.lines.get(1));
            }
        }
    }

    @ParameterizedTest(name = "venue gap-fills its resends: {0}")
    @ValueSource(booleans = {false, true})
    void shouldMapTheVenuesStatusOfTheLastReplaceBackToTheOrderAndReportItsTruthOnceAfterADrop(final boolean gapFill)
    {
        final SimFaults faults = new SimFaults().gapFillResends(gapFill);
        try (SimulatorHarness harness = new SimulatorHarness(faults))
        {
            final RecordingResponses responses = new RecordingResponses();
            final List<String> refused = new ArrayList<>();
            final FixVenue venue = harness.venue(directory);
            venue.refusedMessages((venueName, session, messageType, tag, value, reason, raw) ->
                refused.add(messageType + " " + tag + " " + value + ": " + reason));
            replaceTwiceLosingTheSecondReport(harness, venue, responses);
            harness.simulator.fillRestingOrders();
            harness.faults.rejectLogons(false);
            pollUntil(venue, responses, venue::isLoggedOn, "logged on again");
            pollUntil(venue, responses, () -> responses.lines.size() >= 4, "the replace and the fill");
            pollFor(venue, responses, 1_000);

            assertEquals(List.of("ack 1", "replaced 1 10@92 leaves 10", "replaced 1 8@95 leaves 8",
                "fill 1 8@95 leaves 0"), responses.lines, "the venue's truth, once");
            assertEquals(List.of(), refused);
        }
    }

    /**
     * Logs on, sends A (BUY 10 @ 90), replaces it by B (10 @ 92, answered), then by C (8 @ 95),
     * which the venue applies and drops the session before its report goes out; the venue keeps
     * Horizon out until {@code rejectLogons(false)}.
     */
    private static void replaceTwiceLosingTheSecondReport(final SimulatorHarness harness, final FixVenue venue,
        final RecordingResponses responses)
    {
        pollUntil(venue, responses, venue::isLoggedOn, "logged on");
        venue.submit(command(OutputKind.VENUE_NEW, 1, Side.BUY, 90, 10), responses);
        pollUntil(venue, responses, () -> responses.lines.size() == 1, "the ack");
        venue.amend(replaceCommand(OutputKind.VENUE_AMEND, B, 92, 10), responses);
        pollUntil(venue, responses, () -> responses.lines.size() == 2, "the first replace");
        harness.faults.rejectLogons(true).dropAfterReplace(true);
        venue.amend(replaceCommand(OutputKind.VENUE_AMEND, C, 95, 8), responses);
        pollUntil(venue, responses, () -> !venue.isLoggedOn(), "the drop");
        harness.faults.dropAfterReplace(false);
        assertEquals(List.of("ack 1", "replaced 1 10@92 leaves 10"), responses.lines);
    }

    /** A command for order 1 under the ClOrdID {@code offset} past A's, at these terms. */
    private static EngineOutput replaceCommand(final OutputKind kind, final long offset, final long price,
        final long quantity)
    {
        final EngineOutput out = command(kind, 1, Side.BUY, price, quantity);
        out.clientOrderIdLo = out.clientOrderIdLo + offset;
        return out;
    }
}
