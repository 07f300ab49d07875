package io.horizon.fix;

import java.nio.file.Path;
import java.util.List;
import java.util.function.Predicate;

import io.horizon.engine.event.Side;
import io.horizon.engine.output.OutputKind;
import io.horizon.engine.pipeline.WaitStrategyKind;
import io.horizon.fix.sim.SimFaults;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * Where the Artio framer runs ({@code framer} of a FIX venue): on the thread that polls the venue
 * ({@link FramerPlacement#POLLED}), so nothing reaches the wire until the venue is
 * polled and no framer thread exists; or on a thread of its own ({@link FramerPlacement#THREAD}).
 * Either way closing the venue leaves none of its threads behind. The test thread polls the
 * venue as the engine thread would.
 */
final class FixFramerPlacementTest
{
    /** Artio's framer agent's name, in the name of the thread that runs it (with others). */
    private static final String FRAMER = "Framer";
    /** Long enough for a framer thread to have sent an order; only the polled framer waits it out. */
    private static final long UNPOLLED_MILLIS = 300;

    @TempDir
    Path directory;

    @Test
    void shouldRunTheFramerOnlyWhenTheVenueIsPolledAndStartNoFramerThread() throws InterruptedException
    {
        try (SimulatorHarness harness = new SimulatorHarness(new SimFaults()))
        {
            final RecordingResponses responses = new RecordingResponses();
            final FixVenue venue = venue(harness, FramerPlacement.POLLED);
            try
            {
                assertEquals(FramerPlacement.POLLED, venue.framerPlacement());
                SimulatorHarness.pollUntil(venue, responses, venue::isLoggedOn, "logged on");
                assertEquals(List.of(), threads(name -> name.contains(FRAMER)), "no thread runs the framer");
                assertEquals(List.of(PolledFramerScheduler.OFF_PATH_THREAD),
                    threads(name -> name.equals(PolledFramerScheduler.OFF_PATH_THREAD)));

                venue.submit(SimulatorHarness.command(OutputKind.VENUE_NEW, 1, Side.BUY, 90, 5), responses);
                Thread.sleep(UNPOLLED_MILLIS);
                assertEquals(0, harness.simulator.restingOrders(), "nothing goes out until the venue is polled");

                SimulatorHarness.pollUntil(venue, responses, () -> harness.simulator.restingOrders() == 1,
                    "the order at the venue");
                SimulatorHarness.pollUntil(venue, responses, () -> responses.lines.contains("ack 1"), "the ack");
            }
            finally
            {
                venue.close();
            }
            assertEquals(List.of(), threads(FixFramerPlacementTest::stackThread), "the stack's threads are gone");
        }
    }

    @Test
    void shouldRunTheFramerOnAThreadOfItsOwnWhenAskedTo()
    {
        try (SimulatorHarness harness = new SimulatorHarness(new SimFaults()))
        {
            final RecordingResponses responses = new RecordingResponses();
            final FixVenue venue = venue(harness, FramerPlacement.THREAD);
            try
            {
                assertEquals(FramerPlacement.THREAD, venue.framerPlacement());
                SimulatorHarness.pollUntil(venue, responses, venue::isLoggedOn, "logged on");
                assertEquals(1, threads(name -> name.contains(FRAMER)).size(), "one thread runs the framer");

                venue.submit(SimulatorHarness.command(OutputKind.VENUE_NEW, 1, Side.BUY, 90, 5), responses);
                final long deadline = System.currentTimeMillis() + SimulatorHarness.TIMEOUT_MS;
                while (harness.simulator.restingOrders() == 0 && System.currentTimeMillis() < deadline)
                {
                    Thread.onSpinWait();
                }
                assertEquals(1, harness.simulator.restingOrders(), "the framer's thread sent it, unpolled");
                SimulatorHarness.pollUntil(venue, responses, () -> responses.lines.contains("ack 1"), "the ack");
            }
            finally
            {
                venue.close();
            }
            assertEquals(List.of(), threads(FixFramerPlacementTest::stackThread), "the stack's threads are gone");
        }
    }

    @Test
    void shouldRefuseAnUnknownPlacementNamingTheChoices()
    {
        assertEquals(FramerPlacement.POLLED, FramerPlacement.parse("polled"));
        assertEquals(FramerPlacement.THREAD, FramerPlacement.parse("thread"));
        final IllegalArgumentException ex = assertThrows(IllegalArgumentException.class,
            () -> FramerPlacement.parse("spin"));
        assertEquals("framer \"spin\" is not one of \"polled\", \"thread\"", ex.getMessage());
    }

    private FixVenue venue(final SimulatorHarness harness, final FramerPlacement framer)
    {
        return new FixVenue(new FixSessionSettings("sim", "127.0.0.1", harness.simulator.port(), "HORIZON", "HZSIM", 5,
            100, 400, null, null, false), SimulatorHarness.REFERENCE_DATA, directory.resolve(framer.configName()), null,
            WaitStrategyKind.BACKOFF, framer);
    }

    /** The threads an Artio stack starts: the framer's, the off-path agents', the archive's, the driver's. */
    private static boolean stackThread(final String name)
    {
        return name.contains(FRAMER) || name.startsWith("horizon-fix-") || name.equals("archive-conductor") ||
            name.contains("driver-conductor");
    }

    private static List<String> threads(final Predicate<String> named)
    {
        return Thread.getAllStackTraces().keySet().stream()
            .filter(Thread::isAlive)
            .map(Thread::getName)
            .filter(named)
            .sorted()
            .toList();
    }
}
