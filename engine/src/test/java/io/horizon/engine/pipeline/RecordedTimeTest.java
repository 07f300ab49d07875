package io.horizon.engine.pipeline;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.horizon.engine.config.EngineConfig;
import io.horizon.engine.event.EventType;
import io.horizon.engine.event.InboundEvent;
import io.horizon.engine.event.OrderType;
import io.horizon.engine.event.RejectReason;
import io.horizon.engine.event.Side;
import io.horizon.engine.journal.InMemoryJournal;
import io.horizon.engine.output.AlertKind;
import io.horizon.engine.output.EngineOutput;
import io.horizon.engine.output.ExecType;
import io.horizon.engine.reference.ReferenceData;
import io.horizon.engine.risk.RiskChain;
import io.horizon.engine.risk.RiskConfig;
import io.horizon.engine.risk.RiskProfile;
import io.horizon.engine.support.RecordingReports;
import io.horizon.engine.support.TestMarkets;
import io.horizon.engine.venue.paper.PaperVenue;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static io.horizon.engine.support.BlpDriver.SECONDS;
import static io.horizon.engine.support.BlpDriver.T0;
import static io.horizon.engine.support.TestMarkets.AAPL;
import static io.horizon.engine.support.TestMarkets.ALICE;
import static io.horizon.engine.support.TestMarkets.px;
import static io.horizon.engine.support.TestMarkets.qty;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The engine clock of a recorded source: heartbeats at recorded time, in order with the data,
 * whatever the wall clock does; the watchdog judging recorded silences; everything the pipeline
 * stamps carrying recorded time; the same inputs giving the same journal in both threading modes.
 */
final class RecordedTimeTest
{
    private static final long MILLIS = TimeUnit.MILLISECONDS.toNanos(1);

    private final ReferenceData ref = TestMarkets.referenceData();
    private final RecordingReports reports = new RecordingReports();
    private final InMemoryJournal journal = new InMemoryJournal();
    private EnginePipeline pipeline;

    @AfterEach
    void stop()
    {
        if (pipeline != null)
        {
            pipeline.drainAndStop();
        }
    }

    private RecordedTime start(final ThreadingMode threading)
    {
        final RecordedTime time = new RecordedTime(RecordedTime.Pacer.MAX);
        pipeline = EnginePipeline.builder()
            .config(EngineConfig.builder().threading(threading).ringSize(1024).orderCapacity(256)
                .heartbeatIntervalMillis(100).build())
            .referenceData(ref)
            .journal(journal)
            .venue(new PaperVenue(ref, 256))
            .risk(new RiskChain(RiskConfig.of(RiskProfile.MODERATE)))
            .recordedTime(time)
            .reportListener(reports)
            .build()
            .start();
        return time;
    }

    private void quote(final RecordedTime time, final long at, final long sequence)
    {
        assertTrue(time.advanceTo(at));
        assertTrue(pipeline.marketData().quote(at, 1, sequence, AAPL, px(189.99), qty(100), px(190.01), qty(100)));
    }

    @ParameterizedTest
    @EnumSource(value = ThreadingMode.class, names = {"SHARED", "DEDICATED"})
    void shouldFireHeartbeatsAtRecordedTimeInOrderWithTheDataAndJudgeARecordedSilenceStale(final ThreadingMode threading)
    {
        final RecordedTime time = start(threading);
        assertEquals("recorded", pipeline.clockName());

        quote(time, T0, 1);
        quote(time, T0 + 250 * MILLIS, 2);
        // 45 s of silence in the data: the run takes milliseconds of wall time.
        quote(time, T0 + 45 * SECONDS + 250 * MILLIS, 3);
        assertTrue(pipeline.awaitIdle(10_000));

        final List<InboundEvent> events = journal.events();
        final List<Long> heartbeats = new ArrayList<>();
        long previous = Long.MIN_VALUE;
        for (final InboundEvent e : events)
        {
            assertTrue(e.timestampNanos >= previous, "journal in recorded time order at " + e);
            previous = e.timestampNanos;
            if (e.type == EventType.HEARTBEAT)
            {
                heartbeats.add(e.timestampNanos);
            }
        }
        assertEquals(452, heartbeats.size(), "one heartbeat per 100 ms of recorded time, from T0 + 100 ms to T0 + 45.2 s");
        for (int i = 0; i < heartbeats.size(); i++)
        {
            assertEquals(T0 + (i + 1) * 100 * MILLIS, heartbeats.get(i));
        }
        assertEquals(EventType.QUOTE, events.get(3).type, "the second quote comes after the heartbeats at +100 and +200 ms");

        final List<EngineOutput> halts = reports.matching(r -> r.alertKind == AlertKind.WATCHDOG_HALT);
        assertEquals(1, halts.size(), reports.all().toString());
        // Last tick at T0 + 250 ms; the moderate profile's stale limit is 30 s: the first heartbeat past it.
        assertEquals(T0 + 30_300 * MILLIS, halts.get(0).timestampNanos);
        final List<EngineOutput> recovered = reports.matching(r -> r.alertKind == AlertKind.FEED_RECOVERED);
        assertEquals(1, recovered.size());
        assertEquals(T0 + 45 * SECONDS + 250 * MILLIS, recovered.get(0).timestampNanos, "recovered at the recorded tick");
    }

    @ParameterizedTest
    @EnumSource(value = ThreadingMode.class, names = {"SHARED", "DEDICATED"})
    void shouldStampOrderEntryAndVenueAnswersWithTheRecordedTimeOfTheStep(final ThreadingMode threading)
    {
        final RecordedTime time = start(threading);
        quote(time, T0, 1);
        assertTrue(time.advanceTo(T0 + 50 * MILLIS));
        assertEquals(T0 + 50 * MILLIS, time.nanoTime());
        assertEquals(RejectReason.NONE,
            pipeline.orderEntry().newOrder(ALICE, AAPL, Side.BUY, OrderType.LIMIT, px(190.01), qty(1), 7, 1));
        assertTrue(time.advanceTo(T0 + 60 * MILLIS), "waits for the venue's answers before time moves on");
        assertTrue(pipeline.awaitIdle(10_000));

        final List<InboundEvent> events = journal.events();
        final InboundEvent order = events.stream().filter(e -> e.type == EventType.NEW_ORDER).findFirst().orElseThrow();
        assertEquals(T0 + 50 * MILLIS, order.timestampNanos);
        final List<InboundEvent> answers = events.stream().filter(e -> e.type.isVenueResponse()).toList();
        assertFalse(answers.isEmpty(), "the paper venue answered: " + events);
        answers.forEach(a -> assertEquals(T0 + 50 * MILLIS, a.timestampNanos, "venue answer " + a));
        assertTrue(reports.matching(r -> r.execType == ExecType.FILL || r.execType == ExecType.NEW).stream()
            .allMatch(r -> r.timestampNanos == T0 + 50 * MILLIS), reports.all().toString());
    }

    @Test
    void shouldPublishNoHeartbeatWhileTheDataIsSilentOnTheWallClock() throws InterruptedException
    {
        final RecordedTime time = start(ThreadingMode.SHARED);
        quote(time, T0, 1);
        Thread.sleep(350);
        assertTrue(pipeline.awaitIdle(10_000));

        assertEquals(1, journal.size(), "recorded time has not moved, so no heartbeat is due: " + journal.events());
        assertEquals(T0, time.nanoTime());
        assertEquals(0, time.heartbeats());
    }

    @Test
    void shouldNeverMoveTimeBackAndReadTheStartTimeBeforeTheFirstEvent()
    {
        final RecordedTime time = start(ThreadingMode.SHARED);
        time.startAt(T0 - SECONDS);
        assertEquals(T0 - SECONDS, time.nanoTime());
        quote(time, T0, 1);
        assertTrue(time.advanceTo(T0 - 5 * SECONDS));
        assertEquals(T0, time.nanoTime());
    }

    @Test
    void shouldGiveTheSameJournalInBothThreadingModes()
    {
        final List<String> shared = scriptedRun(ThreadingMode.SHARED);
        final List<String> dedicated = scriptedRun(ThreadingMode.DEDICATED);

        assertEquals(shared, dedicated);
        assertTrue(shared.size() > 100, "heartbeats, quotes, orders and answers: " + shared.size());
    }

    private List<String> scriptedRun(final ThreadingMode threading)
    {
        final InMemoryJournal own = new InMemoryJournal();
        final RecordedTime time = new RecordedTime(RecordedTime.Pacer.MAX);
        try (EnginePipeline p = EnginePipeline.builder()
            .config(EngineConfig.builder().threading(threading).ringSize(1024).orderCapacity(256).heartbeatIntervalMillis(100).build())
            .referenceData(ref)
            .journal(own)
            .venue(new PaperVenue(ref, 256))
            .risk(new RiskChain(RiskConfig.of(RiskProfile.MODERATE)))
            .recordedTime(time)
            .build()
            .start())
        {
            for (int i = 0; i < 40; i++)
            {
                final long at = T0 + i * 330 * MILLIS;
                assertTrue(time.advanceTo(at));
                assertTrue(p.marketData().quote(at, 1, i + 1, AAPL, px(189.99 + i * 0.01), qty(100), px(190.01 + i * 0.01), qty(100)));
                if (i % 5 == 0)
                {
                    assertTrue(time.advanceTo(at));
                    assertEquals(RejectReason.NONE,
                        p.orderEntry().newOrder(ALICE, AAPL, Side.BUY, OrderType.LIMIT, px(190.01 + i * 0.01), qty(1), 9, i));
                }
            }
            assertTrue(p.awaitIdle(10_000));
        }
        final List<String> lines = new ArrayList<>();
        for (final InboundEvent e : own.events())
        {
            lines.add(e.toString());
        }
        return lines;
    }
}
