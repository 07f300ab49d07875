package io.horizon.fix;

import java.nio.file.Path;
import java.util.List;

import io.horizon.engine.event.RejectReason;
import io.horizon.engine.event.Side;
import io.horizon.engine.output.OutputKind;
import io.horizon.fix.sim.SimFaults;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static io.horizon.fix.SimulatorHarness.command;
import static io.horizon.fix.SimulatorHarness.pollFor;
import static io.horizon.fix.SimulatorHarness.pollUntil;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/**
 * The simulator's fault modes, switched on and off while it runs, against Horizon's FIX venue
 * over loopback: what the venue reports, and that it keeps working once the fault is gone.
 */
final class SimulatorFaultModesTest
{
    @TempDir
    Path directory;

    @Test
    void shouldReportEveryOrderRejectedWhileTheSimulatorRejectsOrdersThenTradeAgain()
    {
        try (SimulatorHarness harness = new SimulatorHarness(new SimFaults().rejectOrders(true)))
        {
            final FixVenue venue = harness.venue(directory);
            final RecordingResponses responses = new RecordingResponses();
            pollUntil(venue, responses, venue::isLoggedOn, "logged on");
            venue.submit(command(OutputKind.VENUE_NEW, 1, Side.BUY, 90, 1), responses);
            pollUntil(venue, responses, () -> responses.lines.size() == 1, "the reject");
            assertEquals(List.of("reject 1 " + RejectReason.VENUE_REJECTED + " 99"), responses.lines);

            harness.faults.rejectOrders(false);
            venue.submit(command(OutputKind.VENUE_NEW, 2, Side.BUY, 90, 1), responses);
            pollUntil(venue, responses, () -> responses.lines.size() == 2, "the ack");
            assertEquals("ack 2", responses.lines.get(1));
        }
    }

    @Test
    void shouldHoldEveryResponseForTheDelayThenDeliverThemInOrder()
    {
        try (SimulatorHarness harness = new SimulatorHarness(new SimFaults()))
        {
            final FixVenue venue = harness.venue(directory);
            final RecordingResponses responses = new RecordingResponses();
            pollUntil(venue, responses, venue::isLoggedOn, "logged on");
            harness.faults.delayMillis(1_500);
            venue.submit(command(OutputKind.VENUE_NEW, 1, Side.BUY, 100, 10), responses);
            pollFor(venue, responses, 300);
            assertEquals(List.of(), responses.lines, "nothing before the delay is over");
            pollUntil(venue, responses, () -> responses.lines.size() == 2, "the ack and the fill");
            assertEquals(List.of("ack 1", "fill 1 4@100 leaves 6"), responses.lines);
        }
    }

    @Test
    void shouldNameTheSessionAndTheVenuesReasonWhenItRefusesTheLogonAndLogOnOnceItAccepts()
    {
        try (SimulatorHarness harness = new SimulatorHarness(new SimFaults().rejectLogons(true)))
        {
            final FixVenue venue = harness.venue(directory);
            final RecordingResponses responses = new RecordingResponses();
            pollUntil(venue, responses, () -> venue.logonRejects() >= 2, "two refused logons (a retry)");
            assertFalse(venue.isLoggedOn());

            harness.faults.rejectLogons(false);
            pollUntil(venue, responses, venue::isLoggedOn, "logged on once the venue accepts");
            assertTheFirstOrderIsAcked(venue, responses);
        }
    }

    @Test
    void shouldLogOnAgainEachTimeTheSimulatorDropsTheLoggedOnSession()
    {
        try (SimulatorHarness harness = new SimulatorHarness(new SimFaults()))
        {
            final FixVenue venue = harness.venue(directory);
            final RecordingResponses responses = new RecordingResponses();
            for (int drop = 0; drop < 2; drop++)
            {
                // Both sides logged on before the drop: a drop during the logon is the next test's.
                pollUntil(venue, responses, () -> venue.isLoggedOn() && harness.simulator.isLoggedOn(), "logged on");
                harness.simulator.dropSession();
                pollUntil(venue, responses, () -> !venue.isLoggedOn(), "the drop");
            }
            pollUntil(venue, responses, venue::isLoggedOn, "logged on after two drops");
            assertTheFirstOrderIsAcked(venue, responses);
        }
    }

    @Test
    void shouldLogOnAgainWhenTheSimulatorDropsTheSessionBeforeAnsweringTheLogon()
    {
        try (SimulatorHarness harness = new SimulatorHarness(new SimFaults().dropBeforeLogonReply(2)))
        {
            assertRecoversFromLogonDrops(harness);
        }
    }

    @Test
    void shouldLogOnAgainWhenTheSimulatorDropsTheSessionJustAfterAnsweringTheLogon()
    {
        try (SimulatorHarness harness = new SimulatorHarness(new SimFaults().dropAfterLogonReply(2)))
        {
            assertRecoversFromLogonDrops(harness);
        }
    }

    @Test
    void shouldLogOnOnceTheSchedulesDropsLetALogonThrough()
    {
        // A drop every 300 ms lands anywhere in a logon sooner or later (the race the tests above
        // pin down); whatever it hits, the venue logs on again each time.
        try (SimulatorHarness harness = new SimulatorHarness(new SimFaults().dropEveryMillis(300)))
        {
            final FixVenue venue = harness.venue(directory);
            final RecordingResponses responses = new RecordingResponses();
            for (int drop = 0; drop < 3; drop++)
            {
                pollUntil(venue, responses, venue::isLoggedOn, "logged on");
                pollUntil(venue, responses, () -> !venue.isLoggedOn(), "the scheduled drop");
            }
        }
    }

    private void assertRecoversFromLogonDrops(final SimulatorHarness harness)
    {
        final FixVenue venue = harness.venue(directory);
        final RecordingResponses responses = new RecordingResponses();
        pollUntil(venue, responses, () -> harness.faults.logonDropsLeft() == 0, "both logons dropped");
        pollUntil(venue, responses, () -> venue.isLoggedOn() && harness.simulator.isLoggedOn(),
            "logged on after two dropped logons");
        assertTheFirstOrderIsAcked(venue, responses);
        assertEquals(0, venue.logonRejects(), "a dropped logon is not a refused one");
    }

    private static void assertTheFirstOrderIsAcked(final FixVenue venue, final RecordingResponses responses)
    {
        venue.submit(command(OutputKind.VENUE_NEW, 1, Side.BUY, 90, 1), responses);
        pollUntil(venue, responses, () -> responses.lines.size() == 1, "the ack");
        assertEquals(List.of("ack 1"), responses.lines);
    }
}
