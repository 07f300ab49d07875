package io.horizon.engine.risk;

import java.lang.management.ManagementFactory;
import java.util.List;

import io.horizon.engine.blp.BusinessLogicProcessor;
import io.horizon.engine.counter.EngineCounters;
import io.horizon.engine.event.EventType;
import io.horizon.engine.event.InboundEvent;
import io.horizon.engine.event.OrderType;
import io.horizon.engine.event.Side;
import io.horizon.engine.output.EngineOutput;
import io.horizon.engine.output.ExecType;
import io.horizon.engine.output.Outbox;
import io.horizon.engine.output.OutputKind;
import io.horizon.engine.support.TestMarkets;
import org.junit.jupiter.api.Test;

import static io.horizon.engine.support.BlpDriver.SECONDS;
import static io.horizon.engine.support.BlpDriver.T0;
import static io.horizon.engine.support.TestMarkets.AAPL;
import static io.horizon.engine.support.TestMarkets.ALICE;
import static io.horizon.engine.support.TestMarkets.px;
import static io.horizon.engine.support.TestMarkets.qty;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The order path with every risk layer and the watchdog on allocates nothing: quote, new order
 * through all twelve layers, ack, cancel, cancel ack, heartbeat, over and over. Measured with the
 * thread's allocation counter over several windows; the quietest must be zero, because the JVM
 * now and then allocates on a thread by itself.
 */
final class RiskChainAllocationTest
{
    private static final int WARM_UP = 20_000;
    private static final int WINDOW = 5_000;
    private static final int WINDOWS = 5;

    private final InboundEvent event = new InboundEvent();
    private final Outbox outbox = new Outbox(1024);
    private final RiskChain risk = new RiskChain(RiskConfig.of(RiskProfile.MODERATE));
    private final BusinessLogicProcessor blp = new BusinessLogicProcessor(
        TestMarkets.referenceData(), 256, 7, outbox, new EngineCounters(), risk, List.of());
    private long sequence;
    private long feedSequence;
    private long accepted;

    @Test
    void shouldNotAllocateOnTheOrderPathWithEveryLayerEnabled()
    {
        final com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean)ManagementFactory.getThreadMXBean();
        long k = 0;
        for (; k < WARM_UP; k++)
        {
            roundTrip(k);
        }
        long quietest = Long.MAX_VALUE;
        for (int w = 0; w < WINDOWS; w++)
        {
            final long before = threads.getCurrentThreadAllocatedBytes();
            for (int n = 0; n < WINDOW; n++, k++)
            {
                roundTrip(k);
            }
            quietest = Math.min(quietest, threads.getCurrentThreadAllocatedBytes() - before);
        }
        assertEquals(k, accepted, "every order passed the whole chain");
        assertTrue(risk.counters().accepts(RiskLayer.DEDUP) >= k);
        assertEquals(0, quietest, "bytes allocated in the quietest window of " + WINDOW + " round trips");
    }

    private void roundTrip(final long k)
    {
        final long t = T0 + k * SECONDS;
        event.setQuote(t, 1, ++feedSequence, AAPL, px(189.99), qty(500), px(190.01), qty(500));
        process();
        event.setNewOrder(t, ALICE, AAPL, Side.BUY, OrderType.LIMIT, px(189.5), qty(1 + (k & 7)), 1, k + 1);
        final long orderId = process();
        event.setVenueResponse(EventType.VENUE_ACK, t, 1, orderId, ALICE, AAPL);
        process();
        event.setCancel(t, ALICE, 1, k + 1);
        process();
        event.setVenueResponse(EventType.VENUE_CANCEL_ACK, t, 1, orderId, ALICE, AAPL);
        process();
        event.setHeartbeat(t);
        process();
    }

    /**
     * @return the order id of the last order sent to the venue by this event, or 0.
     */
    private long process()
    {
        blp.onEvent(event, sequence++, true);
        long orderId = 0;
        EngineOutput out;
        while ((out = outbox.peek()) != null)
        {
            if (out.kind == OutputKind.VENUE_NEW)
            {
                orderId = out.orderId;
                accepted++;
            }
            if (out.kind == OutputKind.EXECUTION_REPORT && out.execType == ExecType.REJECTED)
            {
                throw new AssertionError("unexpected reject: " + out);
            }
            outbox.consume();
        }
        return orderId;
    }
}
