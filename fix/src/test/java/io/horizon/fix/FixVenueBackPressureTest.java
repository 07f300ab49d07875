package io.horizon.fix;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.horizon.engine.counter.EngineCounters;
import io.horizon.engine.event.FixedPoint;
import io.horizon.engine.event.Side;
import io.horizon.engine.output.OutputKind;
import io.horizon.fix.sim.FixExchangeSimulator;
import io.horizon.fix.sim.FixSimSettings;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The engine stall of the FIX round-trip runs (issue 13), at a small scale: the gateway hands the
 * venue a whole batch of orders without the venue being polled in between, so the channel
 * between the Artio library and the Artio engine fills (here its term is the smallest Aeron
 * allows, 64 KiB, where the daemon's is 1 MiB) while the venue's fills wait unread on the other
 * side. Before the fix each send then parked in Artio's claim loop for about a second, nobody
 * read the library, and the order was refused as a venue error (VENUE_EXCEPTION, dead-letter
 * queue); a run of thousands of orders stalled the engine. Now the command waits and goes out
 * after the next poll, in order, and every order fills.
 * <p>
 * The simulator (QuickFIX/J, over loopback) quotes AAPL 99.00 x 10M / 100.00 x 10M, so each
 * buy 1 at 100 fills at once; the test thread polls the venue as the engine thread would.
 */
final class FixVenueBackPressureTest
{
    private static final int SMALL_TERM = 64 * 1024;
    private static final int BURST = 1_500;

    @TempDir
    Path directory;

    private FixExchangeSimulator simulator;
    private FixVenue venue;
    private EngineCounters counters;
    private final RecordingResponses responses = new RecordingResponses();

    @BeforeEach
    void startSimulatorAndLogOn()
    {
        final Map<String, Long> instruments = new LinkedHashMap<>();
        instruments.put("AAPL", FixedPoint.ofUnits(100));
        simulator = new FixExchangeSimulator(new FixSimSettings("127.0.0.1", 0, "HZSIM", "HORIZON", instruments, 42, 0,
            List.of(new FixSimSettings.FixedQuote("AAPL", FixedPoint.ofUnits(99), FixedPoint.ofUnits(10_000_000),
                FixedPoint.ofUnits(100), FixedPoint.ofUnits(10_000_000))), null, null)).start();
        simulator.tick();
        counters = new EngineCounters();
        venue = new FixVenue(new FixSessionSettings("sim", "127.0.0.1", simulator.port(), "HORIZON", "HZSIM", 30,
            100, 1_000, null, null, true), SimulatorHarness.REFERENCE_DATA, directory.resolve("fix"), counters, SMALL_TERM);
        SimulatorHarness.pollUntil(venue, responses, venue::isLoggedOn, "logged on");
    }

    @AfterEach
    void stop()
    {
        if (venue != null)
        {
            venue.close();
        }
        if (simulator != null)
        {
            simulator.close();
        }
    }

    @Test
    void shouldFillEveryOrderOfABurstThatOverflowsTheLibraryChannelWithoutAVenueError()
    {
        for (int i = 1; i <= BURST; i++)
        {
            venue.submit(SimulatorHarness.command(OutputKind.VENUE_NEW, i, Side.BUY, 100, 1), responses);
        }
        assertTrue(venue.backPressureEvents() > 0,
            "the burst should have found the 64 KiB library channel full (else this test shows nothing)");

        SimulatorHarness.pollUntil(venue, responses, () -> fills() == BURST, BURST + " fills");

        assertEquals(BURST, fills());
        assertEquals(0, responses.lines.stream().filter(l -> l.startsWith("reject") || l.startsWith("error")).count(),
            "no order refused: " + responses.lines.stream().filter(l -> !l.startsWith("ack") && !l.startsWith("fill"))
                .limit(3).toList());
        assertEquals(0, venue.deferredCommands());
        assertEquals(venue.backPressureEvents(), counter("horizon_venue_back_pressured_total{venue=\"sim\"}"));
        assertEquals(0, counter("horizon_venue_deferred_commands{venue=\"sim\"}"));
    }

    @Test
    void shouldFillEveryOrderOfABurstWithTheFramerOnAThreadOfItsOwnToo()
    {
        venue.close();
        counters = new EngineCounters();
        venue = new FixVenue(new FixSessionSettings("sim", "127.0.0.1", simulator.port(), "HORIZON", "HZSIM", 30,
            100, 1_000, null, null, true), SimulatorHarness.REFERENCE_DATA, directory.resolve("fix-thread"), counters,
            FramerPlacement.THREAD, SMALL_TERM);
        SimulatorHarness.pollUntil(venue, responses, venue::isLoggedOn, "logged on");
        responses.lines.clear();

        shouldFillEveryOrderOfABurstThatOverflowsTheLibraryChannelWithoutAVenueError();
    }

    @Test
    void shouldSendACancelThatWaitedBehindItsOrderAfterTheOrder()
    {
        for (int i = 1; i <= BURST; i++)
        {
            venue.submit(SimulatorHarness.command(OutputKind.VENUE_NEW, i, Side.BUY, 100, 1), responses);
        }
        assertTrue(venue.deferredCommands() > 0, "the burst should leave commands waiting");
        final long resting = BURST + 1;
        venue.submit(SimulatorHarness.command(OutputKind.VENUE_NEW, resting, Side.BUY, 90, 5), responses);
        venue.cancel(SimulatorHarness.command(OutputKind.VENUE_CANCEL, resting, Side.BUY, 90, 5), responses);
        assertTrue(counter("horizon_venue_deferred_commands{venue=\"sim\"}") > 0, "the gauge shows the waiting commands");

        SimulatorHarness.pollUntil(venue, responses, () -> responses.lines.contains("canceled " + resting + " leaves 5"),
            "the resting order canceled");

        assertEquals(List.of("ack " + resting, "canceled " + resting + " leaves 5"),
            responses.lines.stream().filter(l -> l.endsWith(" " + resting) || l.contains(" " + resting + " ")).toList());
    }

    @Test
    void shouldAskTheStatusOfARecoveredOrderThatFoundTheLibraryChannelFullAfterTheNextPollInsteadOfDroppingIt()
    {
        for (int i = 1; i <= BURST; i++)
        {
            venue.submit(SimulatorHarness.command(OutputKind.VENUE_NEW, i, Side.BUY, 100, 1), responses);
        }
        assertTrue(venue.deferredCommands() > 0, "the burst should leave the library channel full, commands waiting");
        final long eventsBefore = venue.backPressureEvents();

        // Recovery hands over a live order the venue does not know, while the channel is full: its
        // status request cannot go out now. Before, it was dropped until the next logon, and the
        // order stayed live here; now it waits behind the burst and the venue's answer cancels it.
        final long recovered = BURST + 1;
        venue.reconcile(SimulatorHarness.command(OutputKind.VENUE_RECONCILE, recovered, Side.SELL, 120, 3), responses);
        assertEquals(1, venue.statusRequestsDeferred(), "the status request waits");
        assertEquals(eventsBefore + 1, venue.backPressureEvents(), "counted as a back-pressure event");

        SimulatorHarness.pollUntil(venue, responses, () -> responses.lines.contains("canceled " + recovered + " leaves 3"),
            "the recovered order reconciled (canceled: the venue does not know it)");
        SimulatorHarness.pollUntil(venue, responses, () -> fills() == BURST, BURST + " fills");

        assertEquals(1, venue.statusRequests(), "the status request went out once");
        assertEquals(0, venue.deferredCommands());
        assertEquals(venue.backPressureEvents(), counter("horizon_venue_back_pressured_total{venue=\"sim\"}"));
        final int canceledAt = responses.lines.indexOf("canceled " + recovered + " leaves 3");
        final int lastBurstFillAt = indexOfFirstStartingWith("fill " + BURST + " ");
        assertTrue(lastBurstFillAt >= 0 && lastBurstFillAt < canceledAt,
            "in order: the status request went out after the orders that waited before it (fill of the last at " +
                lastBurstFillAt + ", the status answer at " + canceledAt + ")");
    }

    private int indexOfFirstStartingWith(final String prefix)
    {
        for (int i = 0; i < responses.lines.size(); i++)
        {
            if (responses.lines.get(i).startsWith(prefix))
            {
                return i;
            }
        }
        return -1;
    }

    private long fills()
    {
        return responses.lines.stream().filter(l -> l.startsWith("fill ")).count();
    }

    private long counter(final String label)
    {
        final long[] value = {-1};
        counters.reader().forEach((v, id, l) ->
        {
            if (l.equals(label))
            {
                value[0] = v;
            }
        });
        return value[0];
    }
}
