package io.horizon.fix;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.horizon.engine.counter.EngineLatency;
import io.horizon.engine.counter.LatencyInterval;
import io.horizon.engine.counter.LatencyRecorder;
import io.horizon.engine.event.Side;
import io.horizon.engine.output.EngineOutput;
import io.horizon.engine.output.OutputKind;
import io.horizon.fix.sim.SimFaults;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static io.horizon.fix.SimulatorHarness.command;
import static io.horizon.fix.SimulatorHarness.pollFor;
import static io.horizon.fix.SimulatorHarness.pollUntil;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The FIX venue's round trip per order command ({@link VenueRoundTrips}) against the FIX exchange
 * simulator (QuickFIX/J) over loopback: one sample per order, cancel, replace and rejected order,
 * at its first answer only, none for an answer that came only after a drop, and, when the simulator
 * holds its answers, samples no shorter than the hold (a lower bound the venue imposes, not a speed).
 * The simulator quotes AAPL 99.00 x 4 / 100.00 x 4: a buy at 90 rests, a buy at 100 fills at once.
 */
final class FixVenueRoundTripTest
{
    private static final String SERIES = "horizon_venue_round_trip_latency_seconds{venue=\"sim\"}";

    @TempDir
    Path directory;

    @Test
    void shouldTimeEachOrderCancelReplaceAndRejectOnceAtItsFirstAnswer()
    {
        try (SimulatorHarness harness = new SimulatorHarness(new SimFaults()))
        {
            final FixVenue venue = harness.venue(directory);
            final EngineLatency latency = new EngineLatency();
            final LatencyRecorder series = venue.timeRoundTrips(latency);
            assertEquals(SERIES, series.label());
            assertSame(series, latency.recorder(SERIES, LatencyRecorder.Kind.HISTOGRAM, EngineLatency.DEFAULT_HIGHEST_NANOS),
                "registered with the engine's latency series, so the export and horizon stat publish it");
            assertEquals(LatencyRecorder.Kind.HISTOGRAM, series.kind());
            final LatencyInterval samples = series.newInterval();
            final RecordingResponses responses = new RecordingResponses();
            pollUntil(venue, responses, venue::isLoggedOn, "logged on");

            for (long id = 1; id <= 5; id++)
            {
                venue.submit(command(OutputKind.VENUE_NEW, id, Side.BUY, 90, 1), responses);
            }
            pollUntil(venue, responses, () -> responses.lines.size() == 5, "five acks");
            venue.cancel(command(OutputKind.VENUE_CANCEL, 1, Side.BUY, 90, 1), responses);
            venue.amend(amend(2, 91, 2), responses);
            pollUntil(venue, responses, () -> responses.lines.size() == 7, "the cancel and the replace");
            // Acked and filled at once: its fill is not a first answer.
            venue.submit(command(OutputKind.VENUE_NEW, 6, Side.BUY, 100, 2), responses);
            pollUntil(venue, responses, () -> responses.lines.contains("fill 6 2@100 leaves 0"), "the fill");
            harness.faults.rejectOrders(true);
            venue.submit(command(OutputKind.VENUE_NEW, 7, Side.BUY, 90, 1), responses);
            pollUntil(venue, responses, () -> responses.lines.stream().anyMatch(l -> l.startsWith("reject 7 ")), "the reject");
            harness.faults.rejectOrders(false);
            pollFor(venue, responses, 200);

            assertEquals(List.of("ack 1", "ack 2", "ack 3", "ack 4", "ack 5", "canceled 1 leaves 1",
                "replaced 2 2@91 leaves 2", "ack 6", "fill 6 2@100 leaves 0"), responses.lines.subList(0, 9),
                "what was answered");
            final Histogram timed = samples.take(null);
            assertEquals(5 + 1 + 1 + 1 + 1, timed.getTotalCount(),
                "one sample per answered command: 5 orders, the cancel, the replace, the filled order, the rejected one");
            assertTrue(timed.getMinValue() > 0, "each round trip took some time: min " + timed.getMinValue() + " ns");
        }
    }

    @Test
    void shouldTimeNoLessThanTheHoldWhenTheVenueHoldsItsAnswers()
    {
        final long holdMillis = 150;
        try (SimulatorHarness harness = new SimulatorHarness(new SimFaults()))
        {
            final FixVenue venue = harness.venue(directory);
            final LatencyInterval samples = venue.timeRoundTrips(new EngineLatency()).newInterval();
            final RecordingResponses responses = new RecordingResponses();
            pollUntil(venue, responses, venue::isLoggedOn, "logged on");

            harness.faults.delayMillis(holdMillis);
            for (long id = 1; id <= 3; id++)
            {
                venue.submit(command(OutputKind.VENUE_NEW, id, Side.BUY, 90, 1), responses);
            }
            pollUntil(venue, responses, () -> responses.lines.size() == 3, "three acks, held by the venue");
            harness.faults.delayMillis(0);

            final Histogram timed = samples.take(null);
            assertEquals(3, timed.getTotalCount(), timed::toString);
            // The sample's bucket holds a value at least the true round trip, which the hold bounds below.
            assertTrue(timed.highestEquivalentValue(timed.getMinValue()) >= TimeUnit.MILLISECONDS.toNanos(holdMillis),
                "no round trip shorter than the venue's " + holdMillis + " ms hold: min " + timed.getMinValue() + " ns");
        }
    }

    @Test
    void shouldNotTimeAReplaceWhoseAnswerCameOnlyAfterTheSessionDropped()
    {
        try (SimulatorHarness harness = new SimulatorHarness(new SimFaults()))
        {
            final FixVenue venue = harness.venue(directory);
            final LatencyInterval samples = venue.timeRoundTrips(new EngineLatency()).newInterval();
            final RecordingResponses responses = new RecordingResponses();
            pollUntil(venue, responses, venue::isLoggedOn, "logged on");
            venue.submit(command(OutputKind.VENUE_NEW, 1, Side.BUY, 90, 10), responses);
            pollUntil(venue, responses, () -> responses.lines.size() == 1, "the ack");
            assertEquals(1, samples.take(null).getTotalCount(), "the order's round trip");

            // The venue applies the replace and drops the session before its report goes out.
            harness.faults.dropAfterReplace(true);
            venue.amend(amend(1, 91, 8), responses);
            pollUntil(venue, responses, () -> !venue.isLoggedOn(), "the drop");
            harness.faults.dropAfterReplace(false);
            pollUntil(venue, responses, venue::isLoggedOn, "logged on again");
            pollUntil(venue, responses, () -> responses.lines.contains("replaced 1 8@91 leaves 8"),
                "the replace, reported after the logon");
            pollFor(venue, responses, 300);
            assertEquals(0, samples.take(null).getTotalCount(), "an answer after the drop times the outage: not a sample");

            // Commands sent on the new session are timed again.
            venue.cancel(command(OutputKind.VENUE_CANCEL, 1, Side.BUY, 91, 8), responses);
            pollUntil(venue, responses, () -> responses.lines.contains("canceled 1 leaves 8"), "the cancel");
            assertEquals(1, samples.take(null).getTotalCount(), "the cancel's round trip");
        }
    }

    private static EngineOutput amend(final long orderId, final long price, final long quantity)
    {
        final EngineOutput amend = command(OutputKind.VENUE_AMEND, orderId, Side.BUY, price, quantity);
        amend.clientOrderIdLo = amend.clientOrderIdLo + 1_000_000;
        return amend;
    }
}
