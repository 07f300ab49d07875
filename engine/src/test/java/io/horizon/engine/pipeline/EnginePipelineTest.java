package io.horizon.engine.pipeline;

import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.horizon.engine.config.EngineConfig;
import io.horizon.engine.event.InboundEvent;
import io.horizon.engine.event.OrderState;
import io.horizon.engine.event.OrderType;
import io.horizon.engine.event.RejectReason;
import io.horizon.engine.event.Side;
import io.horizon.engine.journal.JournalStage;
import io.horizon.engine.output.EngineOutput;
import io.horizon.engine.output.ExecType;
import io.horizon.engine.output.OutputKind;
import io.horizon.engine.reference.ReferenceData;
import io.horizon.engine.strategy.Strategy;
import io.horizon.engine.strategy.StrategyContext;
import io.horizon.engine.support.CountingVenue;
import io.horizon.engine.support.RecordingReports;
import io.horizon.engine.support.TestMarkets;
import io.horizon.engine.venue.Venue;
import io.horizon.engine.venue.VenueResponses;
import io.horizon.engine.venue.paper.PaperVenue;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static io.horizon.engine.support.TestMarkets.AAPL;
import static io.horizon.engine.support.TestMarkets.ALICE;
import static io.horizon.engine.support.TestMarkets.px;
import static io.horizon.engine.support.TestMarkets.qty;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * End to end through the real pipeline, in both threading modes: orders in, execution reports out.
 */
final class EnginePipelineTest
{
    private static final long IDLE_TIMEOUT_MS = 10_000;

    private final ReferenceData ref = TestMarkets.referenceData();
    private final RecordingReports reports = new RecordingReports();
    private EnginePipeline pipeline;
    private long nextClientId = 1;

    @AfterEach
    void stop()
    {
        if (pipeline != null)
        {
            pipeline.drainAndStop();
        }
    }

    private EnginePipeline start(
        final ThreadingMode threading, final Venue venue, final JournalStage journal, final Strategy... strategies)
    {
        final EnginePipeline.Builder b = EnginePipeline.builder()
            .config(EngineConfig.builder().threading(threading).ringSize(1024).orderCapacity(256).heartbeatIntervalMillis(0).build())
            .referenceData(ref)
            .journal(journal)
            .venue(venue)
            .reportListener(reports);
        for (final Strategy s : strategies)
        {
            b.strategy(s);
        }
        pipeline = b.build().start();
        return pipeline;
    }

    private long submit(final Side side, final OrderType type, final double price, final long quantityUnits)
    {
        final long clientLo = nextClientId++;
        assertEquals(RejectReason.NONE,
            pipeline.orderEntry().newOrder(ALICE, AAPL, side, type, px(price), qty(quantityUnits), 7, clientLo));
        return clientLo;
    }

    private void quote(final double bid, final long bidSize, final double ask, final long askSize)
    {
        assertTrue(pipeline.marketData().quote(1_000, 1, 1, AAPL, px(bid), qty(bidSize), px(ask), qty(askSize)));
    }

    private List<EngineOutput> reportsForClientId(final long clientLo)
    {
        return reports.matching(r -> r.clientOrderIdLo == clientLo || r.origClientOrderIdLo == clientLo);
    }

    private static String describe(final EngineOutput report)
    {
        return report.rejectReason.describe(report.rejectValue);
    }

    private void awaitIdle()
    {
        assertTrue(pipeline.awaitIdle(IDLE_TIMEOUT_MS), "pipeline did not go idle");
    }

    @ParameterizedTest
    @EnumSource(value = ThreadingMode.class, names = {"SHARED", "DEDICATED"})
    void shouldAcknowledgeAndFillOrderCrossingTheQuote(final ThreadingMode threading)
    {
        start(threading, new PaperVenue(ref, 256), JournalStage.NONE);
        quote(189.99, 100, 190.01, 100);
        final long id = submit(Side.BUY, OrderType.LIMIT, 190.05, 10);
        awaitIdle();

        final List<EngineOutput> out = reportsForClientId(id);
        assertEquals(List.of(ExecType.PENDING_NEW, ExecType.NEW, ExecType.FILL), out.stream().map(r -> r.execType).toList());
        final EngineOutput fill = out.get(2);
        assertEquals(px(190.01), fill.lastPrice);
        assertEquals(qty(10), fill.lastQuantity);
        assertEquals(OrderState.FILLED, fill.state);
        assertEquals(qty(10), pipeline.blp().positions().position(ALICE, AAPL));
        assertEquals(1, pipeline.counters().fills.get());
        assertEquals(1, pipeline.counters().ordersSubmitted.get());
    }

    @ParameterizedTest
    @EnumSource(value = ThreadingMode.class, names = {"SHARED", "DEDICATED"})
    void shouldRestLimitOrderAndFillWhenTheFeedCrossesIt(final ThreadingMode threading)
    {
        start(threading, new PaperVenue(ref, 256), JournalStage.NONE);
        quote(189.99, 100, 190.01, 100);
        final long id = submit(Side.BUY, OrderType.LIMIT, 189.50, 30);
        awaitIdle();
        assertEquals(List.of(ExecType.PENDING_NEW, ExecType.NEW), reportsForClientId(id).stream().map(r -> r.execType).toList());

        quote(189.00, 100, 189.40, 20);
        awaitIdle();
        quote(189.00, 100, 189.45, 50);
        awaitIdle();

        final List<EngineOutput> out = reportsForClientId(id);
        assertEquals(List.of(ExecType.PENDING_NEW, ExecType.NEW, ExecType.PARTIAL_FILL, ExecType.FILL),
            out.stream().map(r -> r.execType).toList());
        assertEquals(qty(20), out.get(2).lastQuantity);
        assertEquals(qty(10), out.get(3).lastQuantity);
        assertEquals(px(189.50), out.get(3).lastPrice);
    }

    @ParameterizedTest
    @EnumSource(value = ThreadingMode.class, names = {"SHARED", "DEDICATED"})
    void shouldRejectUnknownInstrumentWithTheIdInTheReason(final ThreadingMode threading)
    {
        start(threading, new PaperVenue(ref, 256), JournalStage.NONE);
        pipeline.orderEntry().newOrder(ALICE, 99, Side.BUY, OrderType.LIMIT, px(10), qty(1), 7, 500);
        awaitIdle();

        final EngineOutput reject = reportsForClientId(500).get(0);
        assertEquals(ExecType.REJECTED, reject.execType);
        assertEquals(RejectReason.UNKNOWN_INSTRUMENT, reject.rejectReason);
        assertEquals("unknown instrument id 99", reject.rejectReason.describe(reject.rejectValue));
        assertEquals(1, pipeline.counters().rejects(RejectReason.UNKNOWN_INSTRUMENT));
    }

    @ParameterizedTest
    @EnumSource(value = ThreadingMode.class, names = {"SHARED", "DEDICATED"})
    void shouldRejectUnknownAccount(final ThreadingMode threading)
    {
        start(threading, new PaperVenue(ref, 256), JournalStage.NONE);
        pipeline.orderEntry().newOrder(42, AAPL, Side.BUY, OrderType.LIMIT, px(10), qty(1), 7, 501);
        awaitIdle();
        assertEquals("unknown account id 42", describe(reportsForClientId(501).get(0)));
    }

    @ParameterizedTest
    @EnumSource(value = ThreadingMode.class, names = {"SHARED", "DEDICATED"})
    void shouldRejectZeroAndNegativeQuantityNamingTheValue(final ThreadingMode threading)
    {
        start(threading, new PaperVenue(ref, 256), JournalStage.NONE);
        final long zero = submit(Side.BUY, OrderType.LIMIT, 190, 0);
        final long negative = submit(Side.SELL, OrderType.LIMIT, 190, -5);
        awaitIdle();
        assertEquals("quantity must be > 0, got 0", describe(reportsForClientId(zero).get(0)));
        assertEquals("quantity must be > 0, got -5", describe(reportsForClientId(negative).get(0)));
        assertEquals(2, pipeline.counters().rejects(RejectReason.INVALID_QUANTITY));
        assertEquals(0, pipeline.counters().venueCommands.get());
    }

    @ParameterizedTest
    @EnumSource(value = ThreadingMode.class, names = {"SHARED", "DEDICATED"})
    void shouldRejectNonPositiveLimitPrice(final ThreadingMode threading)
    {
        start(threading, new PaperVenue(ref, 256), JournalStage.NONE);
        final long id = submit(Side.BUY, OrderType.LIMIT, -1.5, 10);
        awaitIdle();
        assertEquals("limit price must be finite and > 0, got -1.5", describe(reportsForClientId(id).get(0)));
    }

    @ParameterizedTest
    @EnumSource(value = ThreadingMode.class, names = {"SHARED", "DEDICATED"})
    void shouldRejectDuplicateClientOrderId(final ThreadingMode threading)
    {
        start(threading, new PaperVenue(ref, 256), JournalStage.NONE);
        quote(189.99, 100, 190.01, 100);
        pipeline.orderEntry().newOrder(ALICE, AAPL, Side.BUY, OrderType.LIMIT, px(180), qty(1), 7, 900);
        pipeline.orderEntry().newOrder(ALICE, AAPL, Side.BUY, OrderType.LIMIT, px(181), qty(1), 7, 900);
        awaitIdle();
        final List<EngineOutput> rejects = reports.matching(r -> r.execType == ExecType.REJECTED);
        assertEquals(1, rejects.size());
        assertEquals(RejectReason.DUPLICATE_CLIENT_ORDER_ID, rejects.get(0).rejectReason);
    }

    @ParameterizedTest
    @EnumSource(value = ThreadingMode.class, names = {"SHARED", "DEDICATED"})
    void shouldCancelRestingOrder(final ThreadingMode threading)
    {
        start(threading, new PaperVenue(ref, 256), JournalStage.NONE);
        quote(189.99, 100, 190.01, 100);
        final long id = submit(Side.BUY, OrderType.LIMIT, 180, 10);
        awaitIdle();
        pipeline.orderEntry().cancel(ALICE, 7, id);
        awaitIdle();
        assertEquals(List.of(ExecType.PENDING_NEW, ExecType.NEW, ExecType.PENDING_CANCEL, ExecType.CANCELED),
            reportsForClientId(id).stream().map(r -> r.execType).toList());
        assertEquals(0, pipeline.counters().liveOrders.get());
    }

    @ParameterizedTest
    @EnumSource(value = ThreadingMode.class, names = {"SHARED", "DEDICATED"})
    void shouldRejectCancelOfUnknownOrder(final ThreadingMode threading)
    {
        start(threading, new PaperVenue(ref, 256), JournalStage.NONE);
        pipeline.orderEntry().cancel(ALICE, 7, 12345);
        awaitIdle();
        final EngineOutput reject = reports.last();
        assertEquals(ExecType.CANCEL_REJECTED, reject.execType);
        assertEquals(RejectReason.UNKNOWN_ORDER, reject.rejectReason);
    }

    @ParameterizedTest
    @EnumSource(value = ThreadingMode.class, names = {"SHARED", "DEDICATED"})
    void shouldRejectCancelOfFilledOrderAsIllegalTransition(final ThreadingMode threading)
    {
        start(threading, new PaperVenue(ref, 256), JournalStage.NONE);
        quote(189.99, 100, 190.01, 100);
        final long id = submit(Side.BUY, OrderType.LIMIT, 190.05, 10);
        awaitIdle();
        pipeline.orderEntry().cancel(ALICE, 7, id);
        awaitIdle();
        // The filled order is gone from the live book, so the cancel finds nothing to cancel.
        assertEquals(RejectReason.UNKNOWN_ORDER, reports.last().rejectReason);
    }

    @ParameterizedTest
    @EnumSource(value = ThreadingMode.class, names = {"SHARED", "DEDICATED"})
    void shouldAmendRestingOrderUnderNewClientOrderId(final ThreadingMode threading)
    {
        start(threading, new PaperVenue(ref, 256), JournalStage.NONE);
        quote(189.99, 100, 190.01, 100);
        final long id = submit(Side.BUY, OrderType.LIMIT, 180, 10);
        awaitIdle();
        pipeline.orderEntry().amend(ALICE, 7, id, 7, 777, px(181), qty(20));
        awaitIdle();
        final EngineOutput replaced = reports.last();
        assertEquals(ExecType.REPLACED, replaced.execType);
        assertEquals(OrderState.REPLACED, replaced.state);
        assertEquals(777, replaced.clientOrderIdLo);
        assertEquals(id, replaced.origClientOrderIdLo);
        assertEquals(px(181), replaced.price);
        assertEquals(qty(20), replaced.quantity);

        // The amended order answers to its new id only.
        pipeline.orderEntry().cancel(ALICE, 7, id);
        pipeline.orderEntry().cancel(ALICE, 7, 777);
        awaitIdle();
        final List<EngineOutput> tail = reports.all().subList(reports.all().size() - 3, reports.all().size());
        assertEquals(ExecType.CANCEL_REJECTED, tail.get(0).execType);
        assertEquals(ExecType.PENDING_CANCEL, tail.get(1).execType);
        assertEquals(ExecType.CANCELED, tail.get(2).execType);
    }

    @ParameterizedTest
    @EnumSource(value = ThreadingMode.class, names = {"SHARED", "DEDICATED"})
    void shouldFillMarketOrderAtTheTouchAndExpireTheRest(final ThreadingMode threading)
    {
        start(threading, new PaperVenue(ref, 256), JournalStage.NONE);
        quote(189.99, 100, 190.01, 5);
        final long id = pipeline.orderEntry().newOrder(ALICE, AAPL, Side.BUY, OrderType.MARKET, 0, qty(8), 7, 42) ==
            RejectReason.NONE ? 42 : -1;
        awaitIdle();
        assertEquals(List.of(ExecType.PENDING_NEW, ExecType.NEW, ExecType.PARTIAL_FILL, ExecType.EXPIRED),
            reportsForClientId(id).stream().map(r -> r.execType).toList());
        assertEquals(qty(5), pipeline.blp().positions().position(ALICE, AAPL));
    }

    @ParameterizedTest
    @EnumSource(value = ThreadingMode.class, names = {"SHARED", "DEDICATED"})
    void shouldTurnVenueExceptionIntoRejectAndKeepGoing(final ThreadingMode threading)
    {
        final Venue failing = new Venue()
        {
            @Override
            public String name()
            {
                return "failing";
            }

            @Override
            public void onMarketData(final InboundEvent marketData, final VenueResponses responses)
            {
            }

            @Override
            public void submit(final EngineOutput order, final VenueResponses responses)
            {
                throw new IllegalStateException("session down");
            }

            @Override
            public void cancel(final EngineOutput cancel, final VenueResponses responses)
            {
            }

            @Override
            public void amend(final EngineOutput amend, final VenueResponses responses)
            {
            }
        };
        start(threading, failing, JournalStage.NONE);
        final long first = submit(Side.BUY, OrderType.LIMIT, 190, 1);
        final long second = submit(Side.BUY, OrderType.LIMIT, 190, 1);
        awaitIdle();
        for (final long id : new long[]{first, second})
        {
            final EngineOutput last = reportsForClientId(id).get(reportsForClientId(id).size() - 1);
            assertEquals(ExecType.REJECTED, last.execType);
            assertEquals(RejectReason.VENUE_EXCEPTION, last.rejectReason);
            assertEquals("venue_exception", last.rejectReason.layer());
        }
        assertEquals(2, pipeline.counters().venueErrors.get());
        assertEquals(0, pipeline.counters().liveOrders.get());
    }

    @ParameterizedTest
    @EnumSource(value = ThreadingMode.class, names = {"SHARED", "DEDICATED"})
    void shouldCatchStrategyExceptionReportItAndKeepProcessing(final ThreadingMode threading)
    {
        final AtomicInteger calls = new AtomicInteger();
        final Strategy throwing = new Strategy()
        {
            @Override
            public String name()
            {
                return "throws-once";
            }

            @Override
            public void onQuote(final InboundEvent quote, final StrategyContext context)
            {
                if (calls.getAndIncrement() == 0)
                {
                    throw new IllegalStateException("bad strategy");
                }
            }
        };
        start(threading, new PaperVenue(ref, 256), JournalStage.NONE, throwing);
        quote(189.99, 100, 190.01, 100);
        quote(189.98, 100, 190.02, 100);
        final long id = submit(Side.BUY, OrderType.LIMIT, 180, 1);
        awaitIdle();

        final List<EngineOutput> errors = reports.matching(r -> r.kind == OutputKind.ENGINE_ERROR);
        assertEquals(1, errors.size());
        assertNotNull(errors.get(0).error);
        assertEquals("bad strategy", errors.get(0).error.getMessage());
        assertEquals(io.horizon.engine.event.EventType.QUOTE, errors.get(0).causeType);
        assertEquals(1, pipeline.counters().handlerErrors.get());
        assertEquals(2, calls.get());
        assertEquals(ExecType.NEW, reportsForClientId(id).get(1).execType);
    }

    @ParameterizedTest
    @EnumSource(value = ThreadingMode.class, names = {"SHARED", "DEDICATED"})
    void shouldNotReachTheVenueBeforeTheCauseIsJournaled(final ThreadingMode threading) throws Exception
    {
        final CountDownLatch journalOpen = new CountDownLatch(1);
        final CountDownLatch journalEntered = new CountDownLatch(1);
        final JournalStage slowJournal = (event, sequence, endOfBatch) ->
        {
            journalEntered.countDown();
            journalOpen.await();
            return true;
        };
        final CountingVenue counting = new CountingVenue(new PaperVenue(ref, 256));
        start(threading, counting, slowJournal);
        submit(Side.BUY, OrderType.LIMIT, 180, 1);

        assertTrue(journalEntered.await(5, TimeUnit.SECONDS));
        if (threading == ThreadingMode.DEDICATED)
        {
            // The BLP runs beside the journal: it has decided to send; the journal has not recorded the cause yet.
            final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            while (pipeline.counters().ordersSubmitted.get() == 0 && System.nanoTime() < deadline)
            {
                Thread.onSpinWait();
            }
            assertEquals(1, pipeline.counters().ordersSubmitted.get());
        }
        else
        {
            // One engine thread: the BLP decides only once the journal has the batch.
            assertEquals(0, pipeline.counters().ordersSubmitted.get());
        }
        Thread.sleep(200);
        assertEquals(0, counting.submits(), "the venue was called before the journal recorded the order");
        assertTrue(reports.all().isEmpty(), "a report left the process before its cause was journaled");

        journalOpen.countDown();
        awaitIdle();
        assertEquals(1, counting.submits());
        assertFalse(reports.all().isEmpty());
    }
}
