package io.horizon.engine.pipeline;

import java.util.List;

import io.horizon.engine.config.EngineConfig;
import io.horizon.engine.event.OrderType;
import io.horizon.engine.event.RejectReason;
import io.horizon.engine.event.Side;
import io.horizon.engine.journal.JournalStage;
import io.horizon.engine.killswitch.KillTrigger;
import io.horizon.engine.output.AlertKind;
import io.horizon.engine.output.EngineOutput;
import io.horizon.engine.output.ExecType;
import io.horizon.engine.output.OutputKind;
import io.horizon.engine.reference.ReferenceData;
import io.horizon.engine.risk.RiskChain;
import io.horizon.engine.risk.RiskConfig;
import io.horizon.engine.risk.RiskProfile;
import io.horizon.engine.support.ManualClock;
import io.horizon.engine.support.RecordingReports;
import io.horizon.engine.support.TestMarkets;
import io.horizon.engine.venue.paper.PaperVenue;
import org.junit.jupiter.api.AfterEach;
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
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Risk end to end through the real pipeline and the paper venue: the kill switch cancels resting
 * orders at the venue, and a feed goes stale on heartbeats the test publishes with chosen times.
 */
final class RiskPipelineTest
{
    private final ReferenceData ref = TestMarkets.referenceData();
    private final RecordingReports reports = new RecordingReports();
    private final ManualClock clock = new ManualClock(T0);
    private final RiskChain risk = new RiskChain(RiskConfig.of(RiskProfile.MODERATE));
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

    private void start(final ThreadingMode threading)
    {
        pipeline = EnginePipeline.builder()
            .config(EngineConfig.builder().threading(threading).ringSize(1024).orderCapacity(256).heartbeatIntervalMillis(0).build())
            .referenceData(ref)
            .journal(JournalStage.NONE)
            .venue(new PaperVenue(ref, 256))
            .risk(risk)
            .clock(clock)
            .reportListener(reports)
            .build()
            .start();
    }

    private long buy(final int instrument, final double price)
    {
        final long id = nextClientId++;
        assertEquals(RejectReason.NONE,
            pipeline.orderEntry().newOrder(ALICE, instrument, Side.BUY, OrderType.LIMIT, px(price), qty(1), 7, id));
        return id;
    }

    private void heartbeat(final long ts)
    {
        final long seq = pipeline.ring().next();
        pipeline.ring().get(seq).setHeartbeat(ts);
        pipeline.ring().publish(seq);
    }

    private void awaitIdle()
    {
        assertTrue(pipeline.awaitIdle(10_000), "pipeline did not go idle");
    }

    private List<ExecType> execTypes(final long clientId)
    {
        return reports.matching(r -> r.kind == OutputKind.EXECUTION_REPORT &&
            (r.clientOrderIdLo == clientId || r.origClientOrderIdLo == clientId)).stream().map(r -> r.execType).toList();
    }

    @ParameterizedTest
    @EnumSource(value = ThreadingMode.class, names = {"SHARED", "DEDICATED"})
    void shouldCancelRestingOrdersAtTheVenueRejectLaterOrdersAndTradeAgainAfterAReset(final ThreadingMode threading)
    {
        start(threading);
        pipeline.marketData().quote(T0, 1, 1, AAPL, px(189.99), qty(100), px(190.01), qty(100));
        final long first = buy(AAPL, 189.5);
        final long second = buy(AAPL, 189.6);
        awaitIdle();
        assertEquals(List.of(ExecType.PENDING_NEW, ExecType.NEW), execTypes(first));

        pipeline.orderEntry().fireKillSwitch(KillTrigger.COMPLIANCE_PAUSE, "compliance hold");
        awaitIdle();
        assertEquals(List.of(ExecType.PENDING_NEW, ExecType.NEW, ExecType.PENDING_CANCEL, ExecType.CANCELED), execTypes(first));
        assertEquals(List.of(ExecType.PENDING_NEW, ExecType.NEW, ExecType.PENDING_CANCEL, ExecType.CANCELED), execTypes(second));
        assertEquals(1, reports.matching(r -> r.kind == OutputKind.ALERT && r.alertKind == AlertKind.KILL_SWITCH_FIRED).size());

        final long refused = buy(AAPL, 189.7);
        pipeline.orderEntry().resetKillSwitch("");
        awaitIdle();
        assertEquals(List.of(ExecType.REJECTED), execTypes(refused));
        assertEquals("kill switch engaged", reports.matching(r -> r.clientOrderIdLo == refused).get(0).rejectReason.describe(0));
        assertEquals(1, reports.matching(r -> r.alertKind == AlertKind.KILL_SWITCH_RESET_REFUSED).size());

        pipeline.orderEntry().resetKillSwitch("compliance released the hold");
        final long after = buy(AAPL, 189.8);
        awaitIdle();
        assertEquals(List.of(ExecType.PENDING_NEW, ExecType.NEW), execTypes(after));
        pipeline.drainAndStop();
        assertFalse(risk.killSwitch().isEngaged());
        assertEquals("compliance released the hold", risk.killSwitch().resetReason());
    }

    @ParameterizedTest
    @EnumSource(value = ThreadingMode.class, names = {"SHARED", "DEDICATED"})
    void shouldPauseOnlyTheStaleFeedsInstrumentsOnHeartbeats(final ThreadingMode threading)
    {
        start(threading);
        pipeline.marketData().quote(T0, 1, 1, AAPL, px(189.99), qty(100), px(190.01), qty(100));
        pipeline.marketData().quote(T0, 2, 1, MSFT, px(419.99), qty(100), px(420.01), qty(100));
        for (int s = 1; s < 30; s++)
        {
            pipeline.marketData().quote(T0 + s * SECONDS, 2, 1 + s, MSFT, px(419.99), qty(100), px(420.01), qty(100));
        }
        heartbeat(T0 + 30 * SECONDS);
        pipeline.marketData().quote(T0 + 30 * SECONDS, 2, 31, MSFT, px(419.99), qty(100), px(420.01), qty(100));
        awaitIdle();

        clock.set(T0 + 30 * SECONDS);
        final long aapl = buy(AAPL, 190);
        final long msft = buy(MSFT, 420);
        awaitIdle();

        final EngineOutput paused = reports.matching(r -> r.clientOrderIdLo == aapl).get(0);
        assertEquals(RejectReason.INSTRUMENT_PAUSED, paused.rejectReason);
        assertEquals(ExecType.PENDING_NEW, execTypes(msft).get(0));
        final List<EngineOutput> halts = reports.matching(r -> r.alertKind == AlertKind.WATCHDOG_HALT);
        assertEquals(1, halts.size());
        assertEquals("deploy/runbooks/feed-stale.md", halts.get(0).runbook.path());
    }
}
