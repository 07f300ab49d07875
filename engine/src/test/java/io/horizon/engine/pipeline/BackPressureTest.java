package io.horizon.engine.pipeline;

import java.util.concurrent.CountDownLatch;

import io.horizon.engine.config.EngineConfig;
import io.horizon.engine.event.OrderType;
import io.horizon.engine.event.RejectReason;
import io.horizon.engine.event.Side;
import io.horizon.engine.journal.JournalStage;
import io.horizon.engine.output.ExecType;
import io.horizon.engine.reference.ReferenceData;
import io.horizon.engine.support.RecordingReports;
import io.horizon.engine.support.TestMarkets;
import io.horizon.engine.venue.paper.PaperVenue;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static io.horizon.engine.support.TestMarkets.AAPL;
import static io.horizon.engine.support.TestMarkets.ALICE;
import static io.horizon.engine.support.TestMarkets.px;
import static io.horizon.engine.support.TestMarkets.qty;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A tiny ring under pressure: drops and rejects are counted, nothing deadlocks, shutdown is clean.
 */
final class BackPressureTest
{
    private static final int RING_SIZE = 8;

    private final ReferenceData ref = TestMarkets.referenceData();

    private EnginePipeline.Builder tinyPipeline(final ThreadingMode threading)
    {
        return EnginePipeline.builder()
            .config(EngineConfig.builder().threading(threading).ringSize(RING_SIZE).orderCapacity(64).heartbeatIntervalMillis(0).build())
            .referenceData(ref)
            .venue(new PaperVenue(ref, 64));
    }

    @ParameterizedTest
    @EnumSource(value = ThreadingMode.class, names = {"SHARED", "DEDICATED"})
    void shouldCountMarketDataDropsAndRejectOrdersWithRingFullWhenTheRingIsFull(final ThreadingMode threading) throws Exception
    {
        final CountDownLatch journalOpen = new CountDownLatch(1);
        final JournalStage stuckJournal = (event, sequence, endOfBatch) ->
        {
            journalOpen.await();
            return true;
        };
        final RecordingReports reports = new RecordingReports();
        final EnginePipeline pipeline = tinyPipeline(threading).journal(stuckJournal).reportListener(reports).build().start();
        try
        {
            int published = 0;
            int dropped = 0;
            for (int i = 0; i < 20; i++)
            {
                if (pipeline.marketData().quote(i, 1, i + 1, AAPL, px(189.99), qty(10), px(190.01), qty(10)))
                {
                    published++;
                }
                else
                {
                    dropped++;
                }
            }
            assertEquals(RING_SIZE, published);
            assertEquals(20 - RING_SIZE, dropped);
            assertEquals(dropped, pipeline.counters().marketDataDropped.get());

            final RejectReason entry = pipeline.orderEntry().newOrder(
                ALICE, AAPL, Side.BUY, OrderType.LIMIT, px(190), qty(1), 1, 1);
            assertEquals(RejectReason.RING_FULL, entry);
            assertEquals("ring full", entry.describe(0));
            assertEquals(1, pipeline.counters().rejects(RejectReason.RING_FULL));

            journalOpen.countDown();
            assertTrue(pipeline.awaitIdle(10_000));
            assertEquals(RING_SIZE, pipeline.counters().eventsProcessed.get());
            assertEquals(RING_SIZE, pipeline.counters().quotes.get());

            // With room again, order entry works.
            assertEquals(RejectReason.NONE,
                pipeline.orderEntry().newOrder(ALICE, AAPL, Side.BUY, OrderType.LIMIT, px(150), qty(1), 1, 2));
            assertTrue(pipeline.awaitIdle(10_000));
            assertEquals(ExecType.NEW, reports.last().execType);
        }
        finally
        {
            journalOpen.countDown();
            assertTrue(pipeline.drainAndStop());
        }
    }

    @ParameterizedTest
    @EnumSource(value = ThreadingMode.class, names = {"SHARED", "DEDICATED"})
    void shouldNeverLoseVenueResponsesWhenOneQuoteFillsMoreOrdersThanTheRingHolds(final ThreadingMode threading)
    {
        final RecordingReports reports = new RecordingReports();
        final EnginePipeline pipeline = tinyPipeline(threading).reportListener(reports).build().start();
        final int orders = 30;
        try
        {
            assertTrue(pipeline.marketData().quote(1, 1, 1, AAPL, px(189.99), qty(10), px(190.01), qty(10)));
            for (int i = 0; i < orders; i++)
            {
                assertEquals(RejectReason.NONE,
                    pipeline.orderEntry().newOrder(ALICE, AAPL, Side.BUY, OrderType.LIMIT, px(189.00), qty(1), 1, 100 + i));
                assertTrue(pipeline.awaitIdle(10_000));
            }
            assertEquals(orders, pipeline.counters().liveOrders.get());

            // One quote crosses every resting buy: 30 fills from one event, into an 8-slot ring.
            assertTrue(pipeline.marketData().quote(2, 1, 2, AAPL, px(188.00), qty(1000), px(188.50), qty(1000)));
            assertTrue(pipeline.awaitIdle(10_000));

            assertEquals(orders, pipeline.counters().fills.get());
            assertEquals(qty(orders), pipeline.blp().positions().position(ALICE, AAPL));
            assertEquals(0, pipeline.counters().liveOrders.get());
            assertEquals(0, pipeline.counters().venueBacklog.get());
            assertEquals(orders, reports.matching(r -> r.execType == ExecType.FILL).size());
        }
        finally
        {
            assertTrue(pipeline.drainAndStop());
        }
    }
}
