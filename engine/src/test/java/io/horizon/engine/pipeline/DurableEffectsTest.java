package io.horizon.engine.pipeline;

import java.io.IOException;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import io.horizon.engine.config.EngineConfig;
import io.horizon.engine.counter.EngineCounters;
import io.horizon.engine.event.OrderType;
import io.horizon.engine.event.RejectReason;
import io.horizon.engine.event.Side;
import io.horizon.engine.journal.OutputJournal;
import io.horizon.engine.output.ExecType;
import io.horizon.engine.reference.ReferenceData;
import io.horizon.engine.support.CountingVenue;
import io.horizon.engine.support.HeldSyncJournal;
import io.horizon.engine.support.RecordingReports;
import io.horizon.engine.support.TestMarkets;
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
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Group commit: the journal writes and its syncer makes durable off the engine's threads, and the
 * gateway acts on an event only once the journal says it is durable, in both threading modes. The
 * journal here is one whose sync the test holds back, releases or fails.
 */
final class DurableEffectsTest
{
    private static final long WAIT_NANOS = TimeUnit.SECONDS.toNanos(10);

    private final ReferenceData ref = TestMarkets.referenceData();
    private final RecordingReports reports = new RecordingReports();
    private final HeldSyncJournal journal = new HeldSyncJournal();
    private final CountingVenue venue = new CountingVenue(new PaperVenue(ref, 64));
    private EnginePipeline pipeline;

    @AfterEach
    void stop()
    {
        if (pipeline != null)
        {
            pipeline.drainAndStop();
        }
    }

    @ParameterizedTest
    @EnumSource(value = ThreadingMode.class, names = {"SHARED", "DEDICATED"})
    void shouldActOnNothingBeforeItsCauseIsDurableAndOnEverythingOnceItIs(final ThreadingMode threading)
    {
        start(threading, 2_000);
        quote();
        await(() -> journal.written() >= 0, "the quote being written");
        assertEquals(0, venue.marketData(), "market data reached the venue before it was durable");
        journal.release();
        await(() -> venue.marketData() == 1, "the quote reaching the venue once durable");

        buy();
        await(() -> journal.written() >= 1, "the order being written");
        await(() -> pipeline.counters().ordersSubmitted.get() >= 1, "the BLP deciding to send");
        assertEquals(0, venue.submits(), "an order went to the venue before its cause was durable");
        assertTrue(reports.all().isEmpty(), "a report left the process before its cause was durable: " + reports.all());
        assertFalse(pipeline.isIdle(), "effects that wait for durability are work still to do");

        journal.release();
        await(() -> venue.submits() == 1, "the order reaching the venue once durable");
        await(() -> !reports.matching(r -> r.execType == ExecType.PENDING_NEW).isEmpty(), "the acknowledgement");
        // The paper venue's fill comes back through the ring as an event of its own: it waits for its own sync.
        assertTrue(reports.matching(r -> r.execType == ExecType.FILL).isEmpty(), "the fill was reported before it was durable");
        await(() ->
        {
            journal.release();
            return !reports.matching(r -> r.execType == ExecType.FILL).isEmpty();
        }, "the fill once durable");
        assertTrue(pipeline.awaitIdle(10_000));
        assertEquals(0, pipeline.abandonedRecords()[1]);
    }

    @ParameterizedTest
    @EnumSource(value = ThreadingMode.class, names = {"SHARED", "DEDICATED"})
    void shouldStopEveryEffectCountAndGiveUpWhatWaitsWhenASyncFails(final ThreadingMode threading)
    {
        start(threading, 200);
        quote();
        await(() -> journal.written() >= 0, "the quote being written");
        journal.release();
        await(() -> venue.marketData() == 1, "the quote reaching the venue once durable");
        buy();
        await(() -> pipeline.counters().ordersSubmitted.get() >= 1, "the BLP deciding to send");
        final long handlerErrors = pipeline.counters().handlerErrors.get();

        journal.fail(new IOException("fdatasync: Input/output error"));
        assertEquals(1, pipeline.counters().counter("horizon_journal_sync_failures_total", EngineCounters.TYPE_PLAIN).get());
        assertEquals(handlerErrors + 1, pipeline.counters().handlerErrors.get());
        journal.release();
        assertFalse(pipeline.drainAndStop(), "a stop cannot drain what can never be durable");
        await(() -> pipeline.abandonedRecords()[1] >= 1, "the gateway giving the outputs up");

        assertEquals(0, venue.submits(), "the venue was called after the sync failed");
        assertTrue(reports.all().isEmpty(), "a report left the process though its cause is not durable: " + reports.all());
        assertEquals(0, pipeline.counters().reportsDelivered.get());
    }

    @ParameterizedTest
    @EnumSource(value = ThreadingMode.class, names = {"SHARED", "DEDICATED"})
    void shouldSyncEverythingWrittenBeforeTheStopReturns(final ThreadingMode threading)
    {
        start(threading, 200);
        quote();
        buy();
        await(() -> journal.written() >= 1, "the quote and the order being written");

        pipeline.drainAndStop();

        assertTrue(journal.shutDown(), "the pipeline said it stopped before the journal's sync at shutdown ran");
        assertEquals(journal.written(), journal.durableUpTo());
    }

    private void start(final ThreadingMode threading, final long drainTimeoutMillis)
    {
        pipeline = EnginePipeline.builder()
            .config(EngineConfig.builder().threading(threading).ringSize(64).orderCapacity(64)
                .heartbeatIntervalMillis(0).drainTimeoutMillis(drainTimeoutMillis).build())
            .referenceData(ref)
            .journal(journal)
            .outputJournal(OutputJournal.NONE)
            .venue(venue)
            .reportListener(reports)
            .build()
            .start();
    }

    private void quote()
    {
        assertTrue(pipeline.marketData().quote(1, 1, 1, AAPL, px(189.99), qty(100), px(190.01), qty(100)));
    }

    private void buy()
    {
        assertEquals(RejectReason.NONE,
            pipeline.orderEntry().newOrder(ALICE, AAPL, Side.BUY, OrderType.LIMIT, px(190.05), qty(1), 7, 1));
    }

    private static void await(final BooleanSupplier condition, final String what)
    {
        final long deadline = System.nanoTime() + WAIT_NANOS;
        while (!condition.getAsBoolean())
        {
            assertTrue(System.nanoTime() < deadline, "timed out waiting for " + what);
            Thread.onSpinWait();
            Thread.yield();
        }
    }
}
