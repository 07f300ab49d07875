package io.horizon.engine.counter;

import io.horizon.engine.config.EngineConfig;
import io.horizon.engine.event.OrderType;
import io.horizon.engine.event.RejectReason;
import io.horizon.engine.event.Side;
import io.horizon.engine.journal.JournalStage;
import io.horizon.engine.pipeline.EnginePipeline;
import io.horizon.engine.reference.ReferenceData;
import io.horizon.engine.support.ManualClock;
import io.horizon.engine.support.TestMarkets;
import io.horizon.engine.venue.paper.PaperVenue;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static io.horizon.engine.support.TestMarkets.AAPL;
import static io.horizon.engine.support.TestMarkets.ALICE;
import static io.horizon.engine.support.TestMarkets.BOB;
import static io.horizon.engine.support.TestMarkets.px;
import static io.horizon.engine.support.TestMarkets.qty;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The per-venue, per-account counters, the order latency recorder and the account gauges, written
 * by a real pipeline trading on the paper venue, read back by label as the exporter reads them.
 */
final class OrderFlowCountersTest
{
    private static final long IDLE_MS = 10_000;
    private static final long MICROS = 1_000L;
    private static final long MILLIS = 1_000_000L;
    private static final String ALICE_PAPER = "venue=\"paper\",account=\"alice\"";

    private final ReferenceData ref = TestMarkets.referenceData();
    private final EngineCounters counters = new EngineCounters();
    private final EngineLatency latency = new EngineLatency();
    /** Every read is a microsecond later, so each ack comes measurably after its order. */
    private final ManualClock clock = new ManualClock(1_795_910_400_000_000_000L, MICROS);
    private EnginePipeline pipeline;

    @AfterEach
    void stop()
    {
        if (pipeline != null)
        {
            pipeline.drainAndStop();
        }
    }

    @Test
    void shouldCountOrdersFillsAndRejectsPerVenueAccountAndSideAndTimeEachOrder()
    {
        pipeline = EnginePipeline.builder()
            .config(EngineConfig.builder().ringSize(1024).orderCapacity(256).heartbeatIntervalMillis(0).build())
            .referenceData(ref)
            .journal(JournalStage.NONE)
            .venue(new PaperVenue(ref, 256))
            .counters(counters)
            .latency(latency)
            .clock(clock)
            .build()
            .start();
        pipeline.goLive();
        assertTrue(pipeline.marketData().quote(1_000, 1, 1, AAPL, px(189.99), qty(100), px(190.01), qty(100)));
        assertEquals(RejectReason.NONE, pipeline.orderEntry().newOrder(ALICE, AAPL, Side.BUY, OrderType.MARKET, 0, qty(10), 7, 1));
        assertEquals(RejectReason.NONE, pipeline.orderEntry().newOrder(ALICE, AAPL, Side.SELL, OrderType.LIMIT, px(195), qty(5), 7, 2));
        assertEquals(RejectReason.NONE, pipeline.orderEntry().newOrder(ALICE, AAPL, Side.BUY, OrderType.LIMIT, px(190), qty(-1), 7, 3));
        assertTrue(pipeline.awaitIdle(IDLE_MS));
        // Equity is published every 100 ms of event time: one more event later makes the fill visible.
        clock.advance(150 * MILLIS);
        assertEquals(RejectReason.NONE, pipeline.orderEntry().newOrder(BOB, AAPL, Side.SELL, OrderType.LIMIT, px(196), qty(1), 7, 4));
        assertTrue(pipeline.awaitIdle(IDLE_MS));

        assertEquals(1, value("horizon_orders_submitted_total{" + ALICE_PAPER + ",side=\"buy\"}"));
        assertEquals(1, value("horizon_orders_submitted_total{" + ALICE_PAPER + ",side=\"sell\"}"));
        assertEquals(1, value("horizon_orders_submitted_total{venue=\"paper\",account=\"bob\",side=\"sell\"}"));
        assertEquals(1, value("horizon_fills_total{" + ALICE_PAPER + ",side=\"buy\"}"));
        assertEquals(0, value("horizon_fills_total{" + ALICE_PAPER + ",side=\"sell\"}"));
        assertEquals(1, value("horizon_order_rejects_total{" + ALICE_PAPER + ",layer=\"sanity\"}"));
        assertEquals(0, value("horizon_order_rejects_total{" + ALICE_PAPER + ",layer=\"venue\"}"));
        assertEquals(1, value("horizon_positions_open{" + ALICE_PAPER + "}"));
        assertEquals(0, value("horizon_positions_open{venue=\"paper\",account=\"bob\"}"));
        final long equity = value("horizon_equity_usd{account=\"alice\"}");
        assertTrue(Math.abs(equity - qty(1_000_000)) < qty(10), "equity near the starting cash, in fixed point: " + equity);
        assertNotEquals(qty(1_000_000), equity, "the position is marked, not left at starting cash");

        final Histogram aliceLatency = recorder("horizon_order_latency_seconds{" + ALICE_PAPER + "}").intervalHistogram(null);
        assertEquals(2, aliceLatency.getTotalCount(), "both of alice's accepted orders were acked");
        assertTrue(aliceLatency.getMinValue() > 0);
        assertTrue(recorder("horizon_stage_latency_seconds{stage=\"ring_to_gateway\"}").intervalHistogram(null).getTotalCount() > 0);
    }

    @Test
    void shouldFindAnExistingCounterByLabelInsteadOfAllocatingASecond()
    {
        final var first = counters.counter("horizon_dlq_depth{venue=\"paper\"}", EngineCounters.TYPE_GAUGE);
        first.setRelease(3);
        final var again = counters.counter("horizon_dlq_depth{venue=\"paper\"}", EngineCounters.TYPE_GAUGE);
        assertEquals(first.id(), again.id());
        assertEquals(3, again.get());
    }

    @Test
    void shouldEscapeQuotesAndBackslashesInLabelValues()
    {
        assertEquals("a\\\"b\\\\c", EngineCounters.labelValue("a\"b\\c"));
    }

    private long value(final String label)
    {
        final long[] found = {Long.MIN_VALUE};
        counters.reader().forEach((id, type, key, existing) ->
        {
            if (existing.equals(label))
            {
                found[0] = counters.reader().getCounterValue(id);
            }
        });
        assertNotEquals(Long.MIN_VALUE, found[0], () -> "no counter labelled " + label);
        return found[0];
    }

    private LatencyRecorder recorder(final String label)
    {
        for (final LatencyRecorder r : latency.recorders())
        {
            if (r.label().equals(label))
            {
                return r;
            }
        }
        throw new AssertionError("no latency recorder labelled " + label);
    }
}
