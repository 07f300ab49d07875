package io.horizon.fix;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

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
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code when_down}: what Horizon's FIX venue does with orders the engine sends while the
 * simulator has dropped the session (over loopback, the simulator refusing logons for as long as
 * the session must stay down): refuse them at once for the dead-letter queue ({@code dlq}), or
 * hold them, oldest first and bounded, and send them once the logon completes, dead-lettering
 * those held past the limit ({@code wait}).
 */
final class FixOrdersWhileDownTest
{
    @TempDir
    Path directory;

    @Test
    void shouldRefuseAnOrderAtOnceWithTheReasonWhenTheSessionIsDownAndWhenDownIsDlq()
    {
        try (SimulatorHarness harness = new SimulatorHarness(new SimFaults()))
        {
            final FixVenue venue = harness.venue(directory);
            final RecordingResponses responses = new RecordingResponses();
            venue.ordersWhileDown(WhenDown.DLQ, 5_000, 10);
            dropAndStayDown(harness, venue, responses);
            final IllegalStateException refused = assertThrows(IllegalStateException.class,
                () -> venue.submit(command(OutputKind.VENUE_NEW, 1, Side.BUY, 90, 1), responses));
            assertTrue(refused.getMessage().startsWith("not logged on: FIX venue sim"), refused.getMessage());
            assertEquals(0, venue.heldOrders());
        }
    }

    @Test
    void shouldHoldOrdersWhileTheSessionIsDownAndSendThemOldestFirstOnceItLogsOnAgain()
    {
        try (SimulatorHarness harness = new SimulatorHarness(new SimFaults()))
        {
            final FixVenue venue = harness.venue(directory);
            final RecordingResponses responses = new RecordingResponses();
            venue.ordersWhileDown(WhenDown.WAIT, 60_000, 10);
            final List<String> journaled = new ArrayList<>();
            venue.reportHeldOrders((orderId, reason) -> journaled.add(orderId + " " + reason));
            dropAndStayDown(harness, venue, responses);
            venue.submit(command(OutputKind.VENUE_NEW, 1, Side.BUY, 90, 1), responses);
            venue.submit(command(OutputKind.VENUE_NEW, 2, Side.BUY, 91, 1), responses);
            venue.cancel(command(OutputKind.VENUE_CANCEL, 1, Side.BUY, 90, 1), responses);
            pollFor(venue, responses, 300);
            assertEquals(3, venue.heldOrders());
            assertEquals(List.of(), responses.lines, "nothing sent, nothing refused while down");
            final String session = "; FIX session sim HORIZON->HZSIM@127.0.0.1:" + harness.simulator.port() +
                " is down (when_down = \"wait\")";
            assertEquals(List.of("1 held for the logon: NewOrderSingle" + session,
                "2 held for the logon: NewOrderSingle" + session, "1 held for the logon: OrderCancelRequest" + session),
                journaled, "each held command reported to be journaled, once");

            harness.faults.rejectLogons(false);
            pollUntil(venue, responses, () -> responses.lines.size() == 3, "the held commands answered");
            assertEquals(List.of("ack 1", "ack 2", "canceled 1 leaves 1"), responses.lines,
                "sent in the order they were held");
            assertEquals(0, venue.heldOrders());
            assertEquals(1, harness.simulator.restingOrders(), "order 2 rests once; nothing sent twice");
        }
    }

    @Test
    void shouldSendAHeldOrderOnlyOnceItsHoldIsJournaled()
    {
        try (SimulatorHarness harness = new SimulatorHarness(new SimFaults()))
        {
            final FixVenue venue = harness.venue(directory);
            final RecordingResponses responses = new RecordingResponses();
            venue.ordersWhileDown(WhenDown.WAIT, 60_000, 10);
            final boolean[] ringFull = {true};
            venue.reportHeldOrders((orderId, reason) -> !ringFull[0]);
            dropAndStayDown(harness, venue, responses);
            venue.submit(command(OutputKind.VENUE_NEW, 1, Side.BUY, 90, 1), responses);
            harness.faults.rejectLogons(false);
            pollUntil(venue, responses, venue::isLoggedOn, "logged on again");
            pollFor(venue, responses, 300);
            assertEquals(List.of(), responses.lines, "not sent before its hold is journaled");
            assertEquals(1, venue.heldOrders());

            ringFull[0] = false;
            pollUntil(venue, responses, () -> responses.lines.size() == 1, "the ack");
            assertEquals(List.of("ack 1"), responses.lines);
        }
    }

    @Test
    void shouldDeadLetterAHeldOrderPastTheLimitAndOneThatFindsTheHoldFull()
    {
        try (SimulatorHarness harness = new SimulatorHarness(new SimFaults()))
        {
            final FixVenue venue = harness.venue(directory);
            final RecordingResponses responses = new RecordingResponses();
            venue.ordersWhileDown(WhenDown.WAIT, 400, 1);
            dropAndStayDown(harness, venue, responses);
            venue.submit(command(OutputKind.VENUE_NEW, 1, Side.BUY, 90, 1), responses);
            final IllegalStateException full = assertThrows(IllegalStateException.class,
                () -> venue.submit(command(OutputKind.VENUE_NEW, 2, Side.BUY, 90, 1), responses));
            assertTrue(full.getMessage().startsWith("not logged on: FIX venue sim; 1 commands already wait"),
                full.getMessage());

            pollUntil(venue, responses, () -> responses.lines.size() == 1, "the held order past the limit");
            assertTrue(responses.lines.get(0).startsWith("error 1 not logged on: FIX venue sim; held "),
                responses.lines.toString());
            assertTrue(responses.lines.get(0).contains("past wait_limit_ms 400; NewOrderSingle not sent"),
                responses.lines.toString());
            assertEquals(1, venue.expiredHeldOrders());

            harness.faults.rejectLogons(false);
            pollUntil(venue, responses, venue::isLoggedOn, "logged on again");
            pollFor(venue, responses, 300);
            assertEquals(1, responses.lines.size(), "the dead-lettered order is never sent: " + responses.lines);
            assertEquals(0, harness.simulator.restingOrders());
        }
    }

    /** Logs on, then the simulator drops the socket and refuses logons until the test lets it. */
    private static void dropAndStayDown(final SimulatorHarness harness, final FixVenue venue,
        final RecordingResponses responses)
    {
        pollUntil(venue, responses, () -> venue.isLoggedOn() && harness.simulator.isLoggedOn(), "logged on");
        harness.faults.rejectLogons(true);
        harness.simulator.dropSession();
        pollUntil(venue, responses, () -> !venue.isLoggedOn(), "the drop");
        assertFalse(venue.isLoggedOn());
    }
}
