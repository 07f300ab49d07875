package io.horizon.engine.pipeline;

import java.util.List;
import java.util.function.Consumer;

import io.horizon.engine.config.EngineConfig;
import io.horizon.engine.event.ControlAction;
import io.horizon.engine.event.InboundEvent;
import io.horizon.engine.event.Side;
import io.horizon.engine.feed.MarketDataSink;
import io.horizon.engine.feed.SyntheticMarket;
import io.horizon.engine.journal.InMemoryJournal;
import io.horizon.engine.killswitch.KillTrigger;
import io.horizon.engine.output.AlertKind;
import io.horizon.engine.output.EngineOutput;
import io.horizon.engine.output.ExecType;
import io.horizon.engine.reference.ReferenceData;
import io.horizon.engine.risk.RiskChain;
import io.horizon.engine.risk.RiskConfig;
import io.horizon.engine.risk.RiskLayer;
import io.horizon.engine.risk.RiskProfile;
import io.horizon.engine.strategy.MarketMaker;
import io.horizon.engine.support.JournalReplay;
import io.horizon.engine.support.ManualClock;
import io.horizon.engine.support.RecordingReports;
import io.horizon.engine.support.TestMarkets;
import io.horizon.engine.venue.paper.PaperVenue;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static io.horizon.engine.support.TestMarkets.ALICE;
import static io.horizon.engine.support.TestMarkets.qty;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Risk is part of the pure function: a live run with the market maker trading under the moderate
 * profile, heartbeats, a feed outage, a limit change, a kill, a refused reset and a real reset is
 * replayed from its journal into fresh pipelines with no venue; outputs (alerts included) and the
 * kill switch's state come out identical.
 */
final class RiskReplayTest
{
    private static final long BASE = 1_795_910_400_000_000_000L;
    private static final long MS = 1_000_000L;

    private final ReferenceData ref = TestMarkets.referenceData();

    private static RiskChain risk()
    {
        return new RiskChain(RiskConfig.builder(RiskProfile.MODERATE).set("grace_period_s", "1").build());
    }

    private static EngineConfig config(final ThreadingMode threading)
    {
        return EngineConfig.builder().threading(threading).ringSize(1024).orderCapacity(1024).heartbeatIntervalMillis(0).seed(5).build();
    }

    @ParameterizedTest
    @EnumSource(value = ThreadingMode.class, names = {"SHARED", "DEDICATED"})
    void shouldReproduceOutputsAndKillSwitchStateFromTheJournal(final ThreadingMode threading)
    {
        final InMemoryJournal journal = new InMemoryJournal();
        final RecordingReports live = new RecordingReports();
        final ManualClock clock = new ManualClock(BASE);
        final RiskChain liveRisk = risk();
        final EnginePipeline pipeline = EnginePipeline.builder()
            .config(config(threading))
            .referenceData(ref)
            .journal(journal)
            .venue(new PaperVenue(ref, 1024))
            .strategy(new MarketMaker(ALICE, 1, qty(5), qty(40), 1))
            .risk(liveRisk)
            .clock(clock)
            .reportListener(live)
            .build()
            .start();
        try
        {
            final SyntheticMarket market = new SyntheticMarket(ref, 3, 1);
            final MarketDataSink sink = new RingSink(pipeline);
            long t = BASE;
            for (int i = 0; i < 6_000; i++)
            {
                if (i == 3_000)
                {
                    // The feed falls silent for 31 s while the timer keeps ticking.
                    for (int s = 1; s <= 31; s++)
                    {
                        publish(pipeline, t + s * 1_000 * MS, e -> e.setHeartbeat(e.timestampNanos));
                    }
                    t += 31_000 * MS;
                }
                t += MS;
                clock.set(t);
                market.next(t, sink);
                if (i % 100 == 0)
                {
                    publish(pipeline, t, e -> e.setHeartbeat(e.timestampNanos));
                }
                if (i == 1_000)
                {
                    publish(pipeline, t, e -> e.setControl(e.timestampNanos, ControlAction.LIMIT_CHANGE, 100, "rate_limit_per_sec"));
                }
                if (i == 2_000)
                {
                    publish(pipeline, t, e -> e.setControl(e.timestampNanos, ControlAction.KILL, KillTrigger.EXTERNAL.code(), "dlq"));
                }
                if (i == 2_200)
                {
                    publish(pipeline, t, e -> e.setControl(e.timestampNanos, ControlAction.RESET, 0, " "));
                }
                if (i == 2_500)
                {
                    publish(pipeline, t, e -> e.setControl(e.timestampNanos, ControlAction.RESET, 0, "dlq drained"));
                }
                if (i == 5_000)
                {
                    publish(pipeline, t, e -> e.setControl(e.timestampNanos, ControlAction.KILL, 0, "end of day"));
                }
            }
            assertTrue(pipeline.awaitIdle(30_000));
        }
        finally
        {
            assertTrue(pipeline.drainAndStop());
        }

        final List<EngineOutput> expected = live.all();
        assertTrue(expected.stream().anyMatch(r -> r.execType == ExecType.FILL), "the run should trade");
        for (final AlertKind kind : new AlertKind[]{AlertKind.KILL_SWITCH_FIRED, AlertKind.KILL_SWITCH_RESET,
            AlertKind.KILL_SWITCH_RESET_REFUSED, AlertKind.WATCHDOG_HALT, AlertKind.FEED_RECOVERED, AlertKind.LIMIT_CHANGED})
        {
            assertTrue(expected.stream().anyMatch(r -> r.alertKind == kind), "the run should raise " + kind);
        }
        assertTrue(liveRisk.killSwitch().isEngaged());
        assertEquals(2, liveRisk.killSwitch().fires());

        for (int run = 0; run < 2; run++)
        {
            final RiskChain replayRisk = risk();
            final List<EngineOutput> replayed = replay(journal.events(), replayRisk, DeterminismTest.other(threading));
            JournalReplay.assertSameOutputs(expected, replayed);
            assertEquals(liveRisk.killSwitch().toString(), replayRisk.killSwitch().toString());
            assertEquals(liveRisk.killSwitch().isEngaged(), replayRisk.killSwitch().isEngaged());
            assertEquals(liveRisk.killSwitch().trigger(), replayRisk.killSwitch().trigger());
            assertEquals(liveRisk.killSwitch().fires(), replayRisk.killSwitch().fires());
            assertEquals(liveRisk.killSwitch().firedAtNanos(), replayRisk.killSwitch().firedAtNanos());
            for (final RiskLayer layer : RiskLayer.values())
            {
                assertEquals(liveRisk.counters().accepts(layer), replayRisk.counters().accepts(layer), layer.label());
                assertEquals(liveRisk.counters().rejects(layer), replayRisk.counters().rejects(layer), layer.label());
            }
            assertFalse(replayRisk.feeds().isPaused(TestMarkets.AAPL));
        }
    }

    private List<EngineOutput> replay(
        final List<InboundEvent> input, final RiskChain replayRisk, final ThreadingMode threading)
    {
        final RecordingReports replayed = new RecordingReports();
        final EnginePipeline pipeline = EnginePipeline.builder()
            .config(config(threading))
            .referenceData(ref)
            .sideEffects(false)
            .strategy(new MarketMaker(ALICE, 1, qty(5), qty(40), 1))
            .risk(replayRisk)
            .reportListener(replayed)
            .build();
        return JournalReplay.replay(pipeline, replayed, input);
    }

    private static void publish(final EnginePipeline pipeline, final long ts, final Consumer<InboundEvent> fill)
    {
        final long seq = pipeline.ring().next();
        final InboundEvent e = pipeline.ring().get(seq);
        e.clear();
        e.timestampNanos = ts;
        fill.accept(e);
        pipeline.ring().publish(seq);
    }

    /**
     * Publishes market data with a blocking claim: a replay test must not lose input.
     */
    private static final class RingSink implements MarketDataSink
    {
        private final EnginePipeline pipeline;

        RingSink(final EnginePipeline pipeline)
        {
            this.pipeline = pipeline;
        }

        @Override
        public boolean quote(
            final long ts, final int feedId, final long feedSeq, final int instrumentId,
            final long bid, final long bidQty, final long ask, final long askQty)
        {
            publish(pipeline, ts, e -> e.setQuote(ts, feedId, feedSeq, instrumentId, bid, bidQty, ask, askQty));
            return true;
        }

        @Override
        public boolean trade(
            final long ts, final int feedId, final long feedSeq, final int instrumentId,
            final long price, final long quantity, final Side aggressor)
        {
            publish(pipeline, ts, e -> e.setTrade(ts, feedId, feedSeq, instrumentId, price, quantity, aggressor));
            return true;
        }
    }
}
