package io.horizon.fix;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import io.horizon.engine.event.FixedPoint;
import io.horizon.engine.event.Side;
import io.horizon.engine.output.EngineOutput;
import io.horizon.engine.output.OutputKind;
import io.horizon.fix.sim.SimFaults;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static io.horizon.fix.SimulatorHarness.command;
import static io.horizon.fix.SimulatorHarness.pollFor;
import static io.horizon.fix.SimulatorHarness.pollUntil;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Reconciliation by OrderMassStatusRequest (35=AF, all orders) after each logon, answered by the
 * simulator with one Order Status report per live order (584/911/912), with the per-order
 * fallback when the venue rejects AF (BusinessMessageReject); and a replace the venue applied
 * while Horizon missed its report because the session dropped right after the
 * OrderCancelReplaceRequest went out.
 * <p>
 * The simulator quotes AAPL 99 x 4 / 100 x 4: a BUY 10 @ 100 fills 4 at once and rests 6; a
 * replace to 8 @ 98 rests its 4 open below the ask.
 */
final class FixMassStatusReconciliationTest
{
    @TempDir
    Path directory;

    @ParameterizedTest(name = "venue rejects mass status: {0}")
    @ValueSource(booleans = {false, true})
    void shouldEndWithTheVenuesReplacedOrderAndItsMissedFillOnceWhenTheSessionDroppedRightAfterTheReplace(
        final boolean venueRejectsMassStatus)
    {
        final SimFaults faults = new SimFaults().gapFillResends(true).rejectMassStatus(venueRejectsMassStatus);
        try (SimulatorHarness harness = new SimulatorHarness(faults))
        {
            final FixVenue venue = harness.venue(directory);
            final RecordingResponses responses = new RecordingResponses();
            // The venue applies the replace and drops the session before its report goes out;
            // it keeps Horizon out while it fills the replaced order, and gap-fills over both reports.
            replaceMissedInADrop(harness, venue, responses, harness.simulator::fillRestingOrders);
            pollUntil(venue, responses, () -> responses.lines.size() == 4, "the reconciled replace and fill");
            pollFor(venue, responses, 500);

            assertEquals(List.of("ack 1", "fill 1 4@100 leaves 6", "replaced 1 8@98 leaves 4", "fill 1 4@98 leaves 0"),
                responses.lines, "the venue's truth, each fill once");
            assertEquals(FixedPoint.ofUnits(8), harness.simulator.filledQuantity());
            assertEquals(2, venue.reconciledDifferences(), "the replace and the fill");
            // Mass status at the first logon; at the second only while the venue takes it.
            assertEquals(venueRejectsMassStatus ? 1 : 2, venue.massStatusRequests());
            assertTrue(venue.statusRequests() >= 1, "the filled order is no longer listed live: asked by itself");
        }
    }

    @Test
    void shouldApplyAReplaceOnceWhenItsReportIsResentAsWellAsReconciled()
    {
        final SimFaults faults = new SimFaults();
        try (SimulatorHarness harness = new SimulatorHarness(faults))
        {
            final FixVenue venue = harness.venue(directory);
            final RecordingResponses responses = new RecordingResponses();
            final List<String> refused = new ArrayList<>();
            venue.refusedMessages((venueName, session, messageType, tag, value, reason, raw) -> refused.add(tag + " " + value));
            // The replace's report is resent after the reconnect (PossDupFlag) and the mass
            // status reports the replaced order too: whichever comes first applies it.
            replaceMissedInADrop(harness, venue, responses, null);
            pollUntil(venue, responses, () -> responses.lines.size() == 3, "the replace");
            pollFor(venue, responses, 800);

            assertEquals(List.of("ack 1", "fill 1 4@100 leaves 6", "replaced 1 8@98 leaves 4"), responses.lines);
            assertEquals(List.of(), refused);

            // The order is known by its new ClOrdID: a cancel of it works.
            venue.cancel(command(OutputKind.VENUE_CANCEL, 1, Side.BUY, 98, 8), responses);
            pollUntil(venue, responses, () -> responses.lines.size() == 4, "the cancel");
            assertEquals("canceled 1 leaves 4", responses.lines.get(3));
        }
    }

    @Test
    void shouldNotApplyAReplacedReportThatArrivesAfterReconciliationReportedTheReplace()
    {
        final SimFaults faults = new SimFaults().gapFillResends(true);
        try (SimulatorHarness harness = new SimulatorHarness(faults))
        {
            final FixVenue venue = harness.venue(directory);
            final RecordingResponses responses = new RecordingResponses();
            replaceMissedInADrop(harness, venue, responses, null);
            pollUntil(venue, responses, () -> responses.lines.size() == 3, "the reconciled replace");

            // The venue's own Replaced report (the last report it built) turns up after all,
            // a late copy: not applied again.
            assertTrue(harness.simulator.repeatLastExecutionReport());
            pollUntil(venue, responses, () -> venue.lateReports() == 1, "the late Replaced report counted");
            pollFor(venue, responses, 300);

            assertEquals(List.of("ack 1", "fill 1 4@100 leaves 6", "replaced 1 8@98 leaves 4"), responses.lines);
            assertEquals(1, venue.reconciledDifferences());
        }
    }

    @Test
    void shouldAskAboutAnOrderTheVenueDoesNotListAndCancelItWhenTheVenueNoLongerHasIt()
    {
        try (SimulatorHarness harness = new SimulatorHarness(new SimFaults()))
        {
            final RecordingResponses responses = new RecordingResponses();
            final FixVenue venue = harness.venue(directory);
            // Recovery hands the order over before the session is up: the logon's mass status
            // answer (no live orders, 911=0) does not list it, so it is asked about by itself.
            venue.reconcile(command(OutputKind.VENUE_RECONCILE, 7, Side.SELL, 120, 3), responses);
            pollUntil(venue, responses, () -> responses.lines.size() == 1, "the correction");
            pollFor(venue, responses, 300);

            assertEquals(List.of("canceled 7 leaves 3"), responses.lines);
            assertEquals(1, venue.massStatusRequests());
            assertEquals(1, venue.statusRequests());
            assertEquals(1, venue.reconciledDifferences());
        }
    }

    @Test
    void shouldNeverSendAMassStatusRequestAndAskEachLiveOrderAtEveryLogonWhenMassStatusIsOff()
    {
        try (SimulatorHarness harness = new SimulatorHarness(new SimFaults()))
        {
            final RecordingResponses responses = new RecordingResponses();
            final FixVenue venue = harness.venue(directory);
            venue.massStatus(MassStatus.OFF);
            // Handed over before the logon: the logon asks about it by itself (no AF at all).
            venue.reconcile(command(OutputKind.VENUE_RECONCILE, 7, Side.SELL, 120, 3), responses);
            pollUntil(venue, responses, venue::isLoggedOn, "logged on");
            venue.submit(command(OutputKind.VENUE_NEW, 1, Side.BUY, 90, 2), responses);
            pollUntil(venue, responses, () -> responses.lines.size() == 2, "the correction and the ack");
            assertEquals(1, venue.statusRequests(), "the recovered order asked by itself at the logon");

            // A reconnect asks about the live order one by one again.
            harness.simulator.dropSession();
            pollUntil(venue, responses, () -> !venue.isLoggedOn(), "the drop");
            pollUntil(venue, responses, venue::isLoggedOn, "logged on again");
            pollUntil(venue, responses, () -> venue.statusRequests() == 2, "the live order asked at the reconnect");
            pollFor(venue, responses, 300);

            assertEquals(List.of("canceled 7 leaves 3", "ack 1"), responses.lines);
            assertEquals(0, venue.massStatusRequests());
            assertEquals(0, harness.simulator.massStatusRequests(), "the venue never got an OrderMassStatusRequest");
        }
    }

    @Test
    void shouldAskOrderByOrderFromThenOnWhenTheVenueDoesNotFinishAnsweringTheMassStatusInTime()
    {
        // Every application message the venue sends waits 1 s: its mass status answer is too late.
        try (SimulatorHarness harness = new SimulatorHarness(new SimFaults().delayMillis(1_000)))
        {
            final RecordingResponses responses = new RecordingResponses();
            final FixVenue venue = harness.venue(directory);
            venue.massStatusTimeoutMillis(200);
            venue.reconcile(command(OutputKind.VENUE_RECONCILE, 7, Side.SELL, 120, 3), responses);
            pollUntil(venue, responses, () -> responses.lines.size() == 1, "the correction");
            assertEquals(1, venue.statusRequests(), "asked by itself once the mass request timed out");

            // The late mass status answer changes nothing; the next logon asks order by order only.
            harness.simulator.dropSession();
            pollUntil(venue, responses, () -> !venue.isLoggedOn(), "the drop");
            pollUntil(venue, responses, venue::isLoggedOn, "logged on again");
            pollFor(venue, responses, 1_500);

            assertEquals(List.of("canceled 7 leaves 3"), responses.lines);
            assertEquals(1, venue.massStatusRequests());
            assertEquals(1, venue.reconciledDifferences());
        }
    }

    @Test
    void shouldReportALiveOrderTheVenueListsThatHorizonDoesNotTrackAndLeaveItAlone()
    {
        try (SimulatorHarness harness = new SimulatorHarness(new SimFaults()))
        {
            final RecordingResponses before = new RecordingResponses();
            harness.runThenStop(directory, command(OutputKind.VENUE_NEW, 1, Side.BUY, 90, 2), before, 1);

            // Restarted without that order (recovery never hands it over): the venue lists it live.
            final RecordingResponses after = new RecordingResponses();
            final List<String> refused = new ArrayList<>();
            final FixVenue second = harness.venue(directory);
            second.holdReportsMillis(300);
            second.refusedMessages((venueName, session, messageType, tag, value, reason, raw) ->
                refused.add(messageType + " " + tag + " " + value + ": " + reason));
            pollUntil(second, after, () -> second.unknownVenueOrders() == 1, "the unknown venue order");
            pollFor(second, after, 300);

            assertEquals(List.of(), after.lines, "nothing applied to any order");
            assertEquals(1, refused.size(), refused.toString());
            assertTrue(refused.get(0).contains("11=ClOrdID") && refused.get(0).contains("does not track"),
                refused.get(0));
            assertEquals(1, harness.simulator.restingOrders(), "left alone at the venue");
        }
    }

    /**
     * Logs on, sends BUY 10 @ 100 (acked, 4 filled), then a replace to 8 @ 98 that the venue
     * applies before dropping the session; runs {@code whileDown} (when given) while the venue
     * keeps Horizon out, and returns once logged on again.
     */
    private static void replaceMissedInADrop(final SimulatorHarness harness, final FixVenue venue,
        final RecordingResponses responses, final Runnable whileDown)
    {
        pollUntil(venue, responses, venue::isLoggedOn, "logged on");
        venue.submit(command(OutputKind.VENUE_NEW, 1, Side.BUY, 100, 10), responses);
        pollUntil(venue, responses, () -> responses.lines.size() == 2, "ack and first fill");
        harness.faults.rejectLogons(whileDown != null).dropAfterReplace(true);
        venue.amend(amend(1, 98, 8), responses);
        pollUntil(venue, responses, () -> !venue.isLoggedOn(), "the drop");
        if (whileDown != null)
        {
            whileDown.run();
        }
        harness.faults.rejectLogons(false).dropAfterReplace(false);
        pollUntil(venue, responses, venue::isLoggedOn, "logged on again");
    }

    private static EngineOutput amend(final long orderId, final long price, final long quantity)
    {
        final EngineOutput amend = command(OutputKind.VENUE_AMEND, orderId, Side.BUY, price, quantity);
        amend.clientOrderIdLo = amend.clientOrderIdLo + 1_000_000;
        return amend;
    }
}
