package io.horizon.fix;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;

import io.horizon.engine.event.FixedPoint;
import io.horizon.engine.event.OrderType;
import io.horizon.engine.event.Side;
import io.horizon.engine.output.EngineOutput;
import io.horizon.engine.output.OutputKind;
import io.horizon.engine.reference.ReferenceData;
import io.horizon.fix.sim.FixExchangeSimulator;
import io.horizon.fix.sim.FixSimSettings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Sequence numbers survive a restart: a venue that logged out is built again on the same
 * directory (as a restarted daemon would be on its state directory) and logs on without a reset,
 * continuing its MsgSeqNum; the simulator (QuickFIX/J), which kept its own, accepts that logon
 * only because the numbers continue.
 */
final class FixSessionRestartTest
{
    private static final long TIMEOUT_MS = 20_000;

    @TempDir
    Path directory;

    @Test
    void shouldContinueSequenceNumbersAfterARestartWithoutAReset()
    {
        final Map<String, Long> instruments = new LinkedHashMap<>();
        instruments.put("AAPL", FixedPoint.ofUnits(100));
        final ReferenceData referenceData = ReferenceData.builder()
            .instrument("AAPL", FixedPoint.fromDouble(0.01), FixedPoint.ofUnits(100))
            .account("paper", FixedPoint.ofUnits(1))
            .build();
        try (FixExchangeSimulator simulator = new FixExchangeSimulator(new FixSimSettings("127.0.0.1", 0, "HZSIM", "HORIZON",
            instruments, 42, 0, List.of(), null, null)).start())
        {
            final FixSessionSettings settings = new FixSessionSettings("sim", "127.0.0.1", simulator.port(), "HORIZON", "HZSIM",
                5, 100, 1_000, null, null, false);
            final RecordingResponses responses = new RecordingResponses();

            final FixVenue first = new FixVenue(settings, referenceData, directory, null);
            final int sentBeforeRestart;
            try
            {
                pollUntil(first, responses, first::isLoggedOn);
                first.submit(order(1), responses);
                pollUntil(first, responses, () -> responses.lines.size() == 1);
                sentBeforeRestart = first.lastSentSequenceNumber();
            }
            finally
            {
                first.close();
            }
            assertEquals(List.of("ack 1"), responses.lines);

            final FixVenue second = new FixVenue(settings, referenceData, directory, null);
            try
            {
                pollUntil(second, responses, second::isLoggedOn);
                second.submit(order(2), responses);
                pollUntil(second, responses, () -> responses.lines.size() == 2);
                assertTrue(second.lastSentSequenceNumber() > sentBeforeRestart + 1,
                    "continued from " + sentBeforeRestart + " (our logout and logon came between), now " +
                        second.lastSentSequenceNumber());
                assertEquals(List.of("ack 1", "ack 2"), responses.lines);
            }
            finally
            {
                second.close();
            }
        }
    }

    private static EngineOutput order(final long orderId)
    {
        final EngineOutput out = new EngineOutput().clear();
        out.kind = OutputKind.VENUE_NEW;
        out.orderId = orderId;
        out.clientOrderIdHi = 0x0190_0000_0000_0000L;
        out.clientOrderIdLo = 1000 + orderId;
        out.instrumentId = 0;
        out.side = Side.BUY;
        out.orderType = OrderType.LIMIT;
        out.price = FixedPoint.ofUnits(50);
        out.quantity = FixedPoint.ofUnits(1);
        return out;
    }

    private static void pollUntil(final FixVenue venue, final RecordingResponses responses, final BooleanSupplier condition)
    {
        final long deadline = System.currentTimeMillis() + TIMEOUT_MS;
        while (!condition.getAsBoolean())
        {
            if (System.currentTimeMillis() > deadline)
            {
                throw new AssertionError("timed out; responses " + responses.lines);
            }
            venue.poll(responses);
            Thread.onSpinWait();
        }
    }
}
