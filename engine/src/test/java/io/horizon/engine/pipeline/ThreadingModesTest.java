package io.horizon.engine.pipeline;

import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

import io.horizon.engine.config.EngineConfig;
import io.horizon.engine.event.EventType;
import io.horizon.engine.event.InboundEvent;
import io.horizon.engine.event.OrderType;
import io.horizon.engine.event.RejectReason;
import io.horizon.engine.event.Side;
import io.horizon.engine.journal.InMemoryJournal;
import io.horizon.engine.journal.JournalStage;
import io.horizon.engine.journal.OutputJournal;
import io.horizon.engine.output.AlertKind;
import io.horizon.engine.output.EngineOutput;
import io.horizon.engine.output.ExecType;
import io.horizon.engine.reference.ReferenceData;
import io.horizon.engine.risk.RiskChain;
import io.horizon.engine.risk.RiskConfig;
import io.horizon.engine.risk.RiskProfile;
import io.horizon.engine.support.CountingVenue;
import io.horizon.engine.support.ManualClock;
import io.horizon.engine.support.RecordingReports;
import io.horizon.engine.support.TestMarkets;
import io.horizon.engine.venue.Venue;
import io.horizon.engine.venue.paper.PaperVenue;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static io.horizon.engine.support.BlpDriver.SECONDS;
import static io.horizon.engine.support.BlpDriver.T0;
import static io.horizon.engine.support.TestMarkets.AAPL;
import static io.horizon.engine.support.TestMarkets.ALICE;
import static io.horizon.engine.support.TestMarkets.MSFT;
import static io.horizon.engine.support.TestMarkets.px;
import static io.horizon.engine.support.TestMarkets.qty;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What the threading modes promise beyond the shared pipeline tests (which run in both): how
 * {@code auto} chooses, heartbeats as a duty-cycle deadline in the shared mode, and that a record
 * the journal cannot write is never acted on, in either mode, also while the pipeline stops.
 */
final class ThreadingModesTest
{
    private static final long WAIT_NANOS = TimeUnit.SECONDS.toNanos(10);

    private final ReferenceData ref = TestMarkets.referenceData();
    private final RecordingReports reports = new RecordingReports();
    private final ManualClock clock = new ManualClock(T0);
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
    void shouldChooseSharedOnFourOrFewerCpusAndDedicatedAbove()
    {
        assertEquals(ThreadingMode.SHARED, ThreadingMode.AUTO.resolve(1));
        assertEquals(ThreadingMode.SHARED, ThreadingMode.AUTO.resolve(4));
        assertEquals(ThreadingMode.DEDICATED, ThreadingMode.AUTO.resolve(5));
        assertEquals(ThreadingMode.SHARED, ThreadingMode.SHARED.resolve(64));
        assertEquals(ThreadingMode.DEDICATED, ThreadingMode.DEDICATED.resolve(2));
        assertEquals("auto: 2 CPUs available, 4 or fewer", ThreadingMode.AUTO.reason(2));
        assertEquals("auto: 16 CPUs available, more than 4", ThreadingMode.AUTO.reason(16));
        assertEquals("configured", ThreadingMode.DEDICATED.reason(2));

        final EnginePipeline small = EnginePipeline.builder().referenceData(ref).sideEffects(false).availableProcessors(2).build();
        assertEquals(ThreadingMode.SHARED, small.threading());
        final EnginePipeline big = EnginePipeline.builder().referenceData(ref).sideEffects(false).availableProcessors(8).build();
        assertEquals(ThreadingMode.DEDICATED, big.threading());
        assertEquals(1, small.counters().counter(
            "horizon_engine_threading{mode=\"shared\",configured=\"auto\",cpus=\"2\"}", 2).get());
    }

    @Test
    void shouldRefuseAnUnknownThreadingModeNamingTheChoices()
    {
        final IllegalArgumentException ex = assertThrows(IllegalArgumentException.class, () -> ThreadingMode.parse("single"));
        assertEquals("threading mode 'single' is not known; use one of: auto, shared, dedicated", ex.getMessage());
        assertEquals(ThreadingMode.DEDICATED, ThreadingMode.parse(" Dedicated "));
    }

    @Test
    void shouldPublishHeartbeatsOnTheirDeadlinesInTheSharedModeWhenNoEventArrives()
    {
        final InMemoryJournal journal = new InMemoryJournal();
        pipeline = EnginePipeline.builder()
            .config(EngineConfig.builder().threading(ThreadingMode.SHARED).ringSize(64).orderCapacity(64)
                .heartbeatIntervalMillis(100).build())
            .referenceData(ref)
            .journal(journal)
            .venue(new PaperVenue(ref, 64))
            .clock(clock)
            .timerClock(clock)
            .build()
            .start();
        assertEquals(ThreadingMode.SHARED, pipeline.threading());

        clock.advance(TimeUnit.MILLISECONDS.toNanos(100));
        await(() -> journal.size() == 1, "the first heartbeat");
        clock.advance(TimeUnit.MILLISECONDS.toNanos(50));
        clock.advance(TimeUnit.MILLISECONDS.toNanos(50));
        await(() -> journal.size() == 2, "the second heartbeat");
        assertTrue(pipeline.awaitIdle(10_000));

        final List<InboundEvent> events = journal.events();
        assertEquals(2, events.size(), "only heartbeats, one per deadline");
        assertEquals(EventType.HEARTBEAT, events.get(0).type);
        assertEquals(T0 + TimeUnit.MILLISECONDS.toNanos(100), events.get(0).timestampNanos);
        assertEquals(EventType.HEARTBEAT, events.get(1).type);
        assertEquals(T0 + TimeUnit.MILLISECONDS.toNanos(200), events.get(1).timestampNanos);
        assertEquals(2, pipeline.counters().eventsProcessed.get());
    }

    @Test
    void shouldLetTheFeedWatchdogSeeAStaleFeedThroughTheSharedModesHeartbeatDeadline()
    {
        pipeline = EnginePipeline.builder()
            .config(EngineConfig.builder().threading(ThreadingMode.SHARED).ringSize(1024).orderCapacity(256)
                .heartbeatIntervalMillis(30_000).build())
            .referenceData(ref)
            .venue(new PaperVenue(ref, 256))
            .risk(new RiskChain(RiskConfig.of(RiskProfile.MODERATE)))
            .clock(clock)
            .timerClock(clock)
            .reportListener(reports)
            .build()
            .start();
        pipeline.marketData().quote(T0, 1, 1, AAPL, px(189.99), qty(100), px(190.01), qty(100));
        for (int s = 0; s <= 30; s++)
        {
            pipeline.marketData().quote(T0 + s * SECONDS, 2, 1 + s, MSFT, px(419.99), qty(100), px(420.01), qty(100));
        }
        assertTrue(pipeline.awaitIdle(10_000));
        assertTrue(reports.matching(r -> r.alertKind == AlertKind.WATCHDOG_HALT).isEmpty(), "no heartbeat yet, no verdict");

        // Thirty seconds on, the deadline publishes the heartbeat that lets the watchdog judge feed 1 stale.
        clock.set(T0 + 30 * SECONDS);
        await(() -> !reports.matching(r -> r.alertKind == AlertKind.WATCHDOG_HALT).isEmpty(), "the watchdog halt");
        assertEquals(RejectReason.NONE, pipeline.orderEntry().newOrder(ALICE, AAPL, Side.BUY, OrderType.LIMIT, px(190), qty(1), 7, 1));
        assertEquals(RejectReason.NONE, pipeline.orderEntry().newOrder(ALICE, MSFT, Side.BUY, OrderType.LIMIT, px(420), qty(1), 7, 2));
        assertTrue(pipeline.awaitIdle(10_000));

        assertEquals(RejectReason.INSTRUMENT_PAUSED, reports.matching(r -> r.clientOrderIdLo == 1).get(0).rejectReason);
        assertEquals(ExecType.PENDING_NEW, reports.matching(r -> r.clientOrderIdLo == 2).get(0).execType);
        final List<EngineOutput> halts = reports.matching(r -> r.alertKind == AlertKind.WATCHDOG_HALT);
        assertEquals(1, halts.size());
        assertEquals("deploy/runbooks/feed-stale.md", halts.get(0).runbook.path());
    }

    @ParameterizedTest
    @EnumSource(value = ThreadingMode.class, names = {"SHARED", "DEDICATED"})
    void shouldNeverActOnAnOutputWhoseAppendKeepsFailingNotEvenWhileStopping(final ThreadingMode threading)
    {
        final AtomicInteger attempts = new AtomicInteger();
        final OutputJournal broken = out ->
        {
            attempts.incrementAndGet();
            throw new java.io.IOException("disk full");
        };
        final CountingVenue venue = new CountingVenue(new PaperVenue(ref, 64));
        startAndBuy(threading, venue, JournalStage.NONE, broken);
        await(() -> attempts.get() >= 3, "the gateway retrying the output journal");
        assertEquals(1, pipeline.counters().ordersSubmitted.get(), "the BLP decided to send");
        assertFalse(pipeline.drainAndStop(), "a stop cannot drain what cannot be journaled");
        await(() -> pipeline.abandonedRecords()[1] >= 1, "the gateway giving the outputs up");

        assertEquals(0, venue.submits(), "the venue was called for an output that is not journaled");
        assertTrue(reports.all().isEmpty(), "a report left the process unjournaled: " + reports.all());
        assertEquals(0, pipeline.counters().reportsDelivered.get());
        assertEquals(0, pipeline.abandonedRecords()[0]);
    }

    @ParameterizedTest
    @EnumSource(value = ThreadingMode.class, names = {"SHARED", "DEDICATED"})
    void shouldNeverActOnAnEventTheJournalCannotWriteNotEvenWhileStopping(final ThreadingMode threading)
    {
        final AtomicInteger attempts = new AtomicInteger();
        final JournalStage broken = (event, sequence, endOfBatch) ->
        {
            attempts.incrementAndGet();
            throw new java.io.IOException("disk full");
        };
        final CountingVenue venue = new CountingVenue(new PaperVenue(ref, 64));
        startAndBuy(threading, venue, broken, OutputJournal.NONE);
        await(() -> attempts.get() >= 3, "the journal stage retrying");
        assertFalse(pipeline.drainAndStop());
        await(() -> pipeline.abandonedRecords()[0] >= 1, "the journal stage giving the event up");

        assertEquals(0, venue.submits());
        assertEquals(0, venue.marketData(), "market data reached the venue before it was journaled");
        assertTrue(reports.all().isEmpty(), "a report left the process unjournaled: " + reports.all());
    }

    /**
     * Starts a small pipeline that stops after 200 ms of trying to drain, quotes AAPL, and sends a
     * buy that crosses the quote.
     */
    private void startAndBuy(
        final ThreadingMode threading, final Venue venue, final JournalStage journal, final OutputJournal outputJournal)
    {
        pipeline = EnginePipeline.builder()
            .config(EngineConfig.builder().threading(threading).ringSize(64).orderCapacity(64)
                .heartbeatIntervalMillis(0).drainTimeoutMillis(200).build())
            .referenceData(ref)
            .journal(journal)
            .outputJournal(outputJournal)
            .venue(venue)
            .reportListener(reports)
            .build()
            .start();
        pipeline.marketData().quote(1, 1, 1, AAPL, px(189.99), qty(100), px(190.01), qty(100));
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
