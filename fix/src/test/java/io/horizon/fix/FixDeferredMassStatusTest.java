package io.horizon.fix;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

import io.horizon.engine.counter.EngineCounters;
import io.horizon.engine.event.Side;
import io.horizon.engine.output.OutputKind;
import io.horizon.fix.sim.SimFaults;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static io.horizon.fix.SimulatorHarness.command;
import static io.horizon.fix.SimulatorHarness.pollFor;
import static io.horizon.fix.SimulatorHarness.pollUntil;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The OrderMassStatusRequest (35=AF) a logon sends meets Artio back-pressure, against the real
 * simulator (QuickFIX/J) over loopback: it waits in the venue's queue (BackPressuredSends) behind
 * the commands already waiting, goes out once when its turn comes, and the reconciliation it
 * starts completes; when the session drops while it waits, it is dropped, never sent on the next
 * session, and the next logon asks afresh, once.
 * <p>
 * How the back-pressure is made: the channel between the Artio library and engine is 64 KiB (the
 * daemon's is 1 MiB), and at the logon after a drop, before reconciliation asks anything, the
 * test hands the venue a burst of orders as a gateway batch would ({@link FixVenue#atLogon}, a
 * test hook), so the channel is full and orders wait when the mass request is made. The test also
 * holds what waits for a moment ({@link FixVenue#holdDeferredCommands}, a test hook), to look at the
 * queue before anything of it goes out, or to let the session drop while the request waits.
 * <p>
 * Why dropping is right: the marker in the queue is not a message yet (no MsgSeqNum, nothing in
 * Artio's archive), and the next logon makes its own request, so sending the old one on the new
 * session would only ask twice. A request that did reach the publication before the drop is the
 * session's like any message: Artio resends it (43=Y) if the venue asks, and its reports, naming
 * an older 584, are compared (a difference is reported once: only what Horizon lacks is reported)
 * but do not count for the new logon's round; only a venue order Horizon does not track would be
 * kept with the refused messages a second time.
 * <p>
 * The simulator quotes AAPL 99.00 x 10M / 100.00 x 10M: each burst order (BUY 1 @ 100) fills at
 * once, and a BUY 5 @ 90 rests, the one live order the venue holds when asked.
 */
final class FixDeferredMassStatusTest
{
    private static final int SMALL_TERM = 64 * 1024;
    private static final int BURST = 1_500;
    private static final long RESTING = 1;
    private static final String DEFERRED = "horizon_venue_deferred_commands{venue=\"sim\"}";

    @TempDir
    Path directory;

    private SimulatorHarness harness;
    private FixVenue venue;
    private final EngineCounters counters = new EngineCounters();
    private final RecordingResponses responses = new RecordingResponses();

    @BeforeEach
    void logOnWithAnOrderRestingAtTheVenue()
    {
        harness = new SimulatorHarness(new SimFaults(), 10_000_000);
        venue = harness.venue(directory.resolve("fix"), counters, SMALL_TERM);
        pollUntil(venue, responses, () -> venue.massStatusRequests() == 1 && !venue.isReconcilingMassStatus(),
            "the first logon's mass status answered");
        venue.submit(command(OutputKind.VENUE_NEW, RESTING, Side.BUY, 90, 5), responses);
        pollUntil(venue, responses, () -> responses.lines.contains("ack " + RESTING), "the resting order acked");
    }

    @AfterEach
    void stop()
    {
        if (harness != null)
        {
            harness.close();
        }
    }

    @Test
    void shouldSendAMassStatusRequestThatMetBackPressureAtTheLogonOnceAfterTheOrdersBeforeItAndFinishReconciling()
    {
        final int waitingAtLogon = reconnectWithTheChannelFull();

        // It waits, behind the burst: nothing of it has reached the venue.
        assertEquals(1, venue.statusRequestsDeferred(), "the mass request waits");
        assertEquals(waitingAtLogon, venue.deferredCommands(), "behind the orders that wait");
        assertEquals(waitingAtLogon, SimulatorHarness.counter(counters, DEFERRED), "the gauge shows it");
        pollFor(venue, responses, 200);
        assertEquals(List.of("584=HZMS-1 585=7"), harness.simulator.massStatusRequestsSeen(),
            "only the first logon's request has reached the venue");
        assertEquals(1, venue.massStatusRequests());

        venue.holdDeferredCommands(false);
        pollUntil(venue, responses, () -> fills() == BURST && venue.massStatusRequests() == 2 &&
            !venue.isReconcilingMassStatus() && venue.deferredCommands() == 0, "the burst filled and the venue's answer");
        pollFor(venue, responses, 500);

        assertEquals(List.of("584=HZMS-1 585=7", "584=HZMS-2 585=7"), harness.simulator.massStatusRequestsSeen(),
            "sent once, with the id it was made with, for all orders (585=7), and never resent");
        assertEquals(2, venue.massStatusRequests());
        assertEquals(1, venue.statusRequestsDeferred());
        // The venue listed the resting order under 584=HZMS-2 (else it would be asked about by
        // itself, or the round would still be open) and its status agrees with Horizon's.
        assertEquals(0, venue.statusRequests(), "every order live when asked was listed or done");
        assertEquals(0, venue.reconciledDifferences());
        assertEquals(List.of("ack " + RESTING), linesFor(RESTING), "the resting order stays live, unchanged");
        assertEquals(1, harness.simulator.restingOrders());
        assertEquals(0, responses.lines.stream().filter(l -> l.startsWith("reject") || l.startsWith("error")).count());
        assertEquals(0, SimulatorHarness.counter(counters, DEFERRED), "the gauge is back to 0");
        assertEquals(venue.backPressureEvents(),
            SimulatorHarness.counter(counters, "horizon_venue_back_pressured_total{venue=\"sim\"}"));
    }

    @Test
    void shouldDropAMassStatusRequestThatWaitedWhenTheSessionDroppedAndAskOnceAfterTheNextLogon()
    {
        final int waitingAtLogon = reconnectWithTheChannelFull();
        assertEquals(1, venue.statusRequestsDeferred(), "the mass request waits");
        final long sentBeforeTheDrop = BURST - (waitingAtLogon - 1);

        // The venue drops the session while the request (and orders) wait.
        harness.simulator.dropSession();
        pollUntil(venue, responses, () -> !venue.isLoggedOn(), "the drop seen");
        assertEquals(waitingAtLogon, venue.deferredCommands(), "still waiting when the drop is seen");

        // Their turn comes with the session down: the orders are refused (the dead-letter queue
        // keeps them), the request is dropped.
        venue.holdDeferredCommands(false);
        final String log = stderrOf(() -> venue.poll(responses));
        assertEquals(0, venue.deferredCommands());
        assertEquals(waitingAtLogon - 1, errors(), "each order that waited is a venue error");
        // The log says so once, with the count, not once per order (here over a thousand).
        final List<String> refusedLines = log.lines().filter(l -> l.contains("cannot be sent")).toList();
        assertEquals(1, refusedLines.size(), log);
        assertTrue(refusedLines.get(0).contains((waitingAtLogon - 1) + " command(s) that waited"), refusedLines.get(0));

        pollUntil(venue, responses, () -> venue.isLoggedOn() && venue.massStatusRequests() == 2 &&
            !venue.isReconcilingMassStatus(), "the next logon's mass status answered");
        pollUntil(venue, responses, () -> fills() == sentBeforeTheDrop, "the orders sent before the drop filled");
        pollFor(venue, responses, 500);

        assertEquals(List.of("584=HZMS-1 585=7", "584=HZMS-3 585=7"), harness.simulator.massStatusRequestsSeen(),
            "the request that waited (HZMS-2) never went out, not even as a resend; the next logon asked once");
        assertEquals(2, venue.massStatusRequests());
        assertEquals(List.of("ack " + RESTING), linesFor(RESTING), "the resting order stays live, unchanged");
        assertEquals(1, harness.simulator.restingOrders());
        assertEquals(BURST, fills() + errors(), "every burst order filled or went to the dead-letter queue");
        assertEquals(0, SimulatorHarness.counter(counters, DEFERRED), "the gauge is back to 0");
    }

    /**
     * Drops the session at the venue and, at the next logon, fills the library channel with a
     * burst before reconciliation asks, holding what waits.
     *
     * @return the commands waiting after the logon: the burst orders that found the channel full, and the mass request.
     */
    private int reconnectWithTheChannelFull()
    {
        venue.atLogon(() ->
        {
            venue.atLogon(null);
            for (int i = 1; i <= BURST; i++)
            {
                final long orderId = RESTING + i;
                venue.submit(command(OutputKind.VENUE_NEW, orderId, Side.BUY, 100, 1), responses);
            }
            venue.holdDeferredCommands(true);
        });
        harness.simulator.dropSession();
        pollUntil(venue, responses, () -> !venue.isLoggedOn(), "the drop seen");
        pollUntil(venue, responses, venue::isLoggedOn, "logged on again");
        final int waiting = venue.deferredCommands();
        assertTrue(waiting > 1, "the burst should have found the 64 KiB library channel full, and orders wait " +
            "(else this test shows nothing): " + waiting);
        return waiting;
    }

    private List<String> linesFor(final long orderId)
    {
        return responses.lines.stream().filter(l -> l.split(" ")[1].equals(Long.toString(orderId))).toList();
    }

    private long fills()
    {
        return responses.lines.stream().filter(l -> l.startsWith("fill ")).count();
    }

    private long errors()
    {
        return responses.lines.stream().filter(l -> l.startsWith("error ")).count();
    }

    /**
     * @return what the logger wrote to standard error while {@code action} ran (slf4j-simple, the
     *         tests' binding, looks {@code System.err} up at each line).
     */
    private static String stderrOf(final Runnable action)
    {
        final PrintStream before = System.err;
        final ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try
        {
            action.run();
        }
        finally
        {
            System.setErr(before);
        }
        return captured.toString(StandardCharsets.UTF_8);
    }
}
