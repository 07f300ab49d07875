package io.horizon.engine.risk;

import java.util.List;

import io.horizon.engine.counter.EngineCounters;
import io.horizon.engine.event.ControlAction;
import io.horizon.engine.event.RejectReason;
import io.horizon.engine.event.Side;
import io.horizon.engine.output.AlertKind;
import io.horizon.engine.output.EngineOutput;
import io.horizon.engine.output.ExecType;
import io.horizon.engine.output.Runbook;
import io.horizon.engine.support.BlpDriver;
import io.horizon.engine.watchdog.FeedStatus;
import io.horizon.engine.watchdog.HaltReason;
import org.junit.jupiter.api.Test;

import static io.horizon.engine.support.BlpDriver.SECONDS;
import static io.horizon.engine.support.BlpDriver.T0;
import static io.horizon.engine.support.BlpDriver.alertsIn;
import static io.horizon.engine.support.TestMarkets.AAPL;
import static io.horizon.engine.support.TestMarkets.ALICE;
import static io.horizon.engine.support.TestMarkets.MSFT;
import static io.horizon.engine.support.TestMarkets.qty;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The watchdog inside the BLP, on heartbeats: feeds going stale and recovering, and the
 * account and reject halts. AAPL is fed by feed 1, MSFT by feed 2.
 */
final class WatchdogBehaviourTest
{
    private static final int FEED_AAPL = 1;
    private static final int FEED_MSFT = 2;

    private BlpDriver driver;
    private RiskChain risk;
    private long seqAapl;
    private long seqMsft;

    private void start(final RiskConfig config)
    {
        risk = new RiskChain(config);
        driver = new BlpDriver(risk);
    }

    private void tickAapl(final long ts)
    {
        driver.quoteFrom(ts, FEED_AAPL, ++seqAapl, AAPL, 189.99, 190.01);
    }

    private void tickMsft(final long ts)
    {
        driver.quoteFrom(ts, FEED_MSFT, ++seqMsft, MSFT, 419.99, 420.01);
    }

    @Test
    void shouldPauseOnlyTheInstrumentsOfAFeedThatStopsTickingExactlyAtTheStaleTime()
    {
        start(RiskConfig.builder(RiskProfile.MODERATE).set(RiskLimit.MAX_QUOTE_AGE_MS, 0).build());
        tickAapl(T0);
        tickMsft(T0);
        final long lastAapl = T0 + 5 * SECONDS;
        tickAapl(lastAapl);
        // Event time never runs backwards in the BLP, so the other feed ticks only up to the heartbeat.
        for (long t = T0 + SECONDS; t < lastAapl + 30 * SECONDS; t += SECONDS)
        {
            tickMsft(t);
        }

        final List<EngineOutput> before = driver.heartbeat(lastAapl + 30 * SECONDS - 1);
        assertTrue(alertsIn(before, AlertKind.WATCHDOG_HALT).isEmpty(), before::toString);
        assertEquals(ExecType.PENDING_NEW, driver.buy(lastAapl + 30 * SECONDS - 1, AAPL, 190, 1).execType);

        final List<EngineOutput> at = driver.heartbeat(lastAapl + 30 * SECONDS);
        final List<EngineOutput> halts = alertsIn(at, AlertKind.WATCHDOG_HALT);
        assertEquals(1, halts.size(), at::toString);
        final EngineOutput halt = halts.get(0);
        assertEquals(HaltReason.FEED_STALE.code(), halt.alertCode);
        assertEquals(FEED_AAPL, halt.alertDetail);
        assertEquals(30_000, halt.alertValue);
        assertEquals(Runbook.FEED_STALE, halt.runbook);
        assertEquals("watchdog halt: feed 1 stale: no tick for 30000 ms (limit 30000 ms); new orders on its instruments " +
            "pause; runbook deploy/runbooks/feed-stale.md", RiskAlerts.describe(halt));
        assertEquals(FeedStatus.STALE, risk.feeds().status(FEED_AAPL));

        final EngineOutput paused = driver.buy(lastAapl + 30 * SECONDS, AAPL, 190, 2);
        assertEquals(RejectReason.INSTRUMENT_PAUSED, paused.rejectReason);
        assertEquals("instrument paused by the watchdog: its feed is stale or disconnected; feed id 1",
            BlpDriver.describe(paused));
        assertEquals(ExecType.PENDING_NEW, driver.buy(lastAapl + 30 * SECONDS, MSFT, 420, 1).execType);
        assertEquals(1, risk.counters().watchdogHalts.get());
    }

    @Test
    void shouldRecoverWhenTicksResume()
    {
        start(RiskConfig.of(RiskProfile.MODERATE));
        tickAapl(T0);
        driver.heartbeat(T0 + 30 * SECONDS);
        assertTrue(risk.feeds().isPaused(AAPL));

        final List<EngineOutput> resumed = driver.quoteFrom(T0 + 31 * SECONDS, FEED_AAPL, ++seqAapl, AAPL, 189.99, 190.01);
        final List<EngineOutput> recovered = alertsIn(resumed, AlertKind.FEED_RECOVERED);
        assertEquals(1, recovered.size());
        assertEquals("feed 1 recovered from stale; runbook deploy/runbooks/feed-stale.md", RiskAlerts.describe(recovered.get(0)));
        assertFalse(risk.feeds().isPaused(AAPL));
        assertEquals(ExecType.PENDING_NEW, driver.buy(T0 + 31 * SECONDS, AAPL, 190, 1).execType);
    }

    @Test
    void shouldPauseAFeedsInstrumentsAtOnceWhenAFeedDownControlSaysItsSessionDroppedAndRecoverWithItsNextTick()
    {
        start(RiskConfig.builder(RiskProfile.MODERATE).set(RiskLimit.MAX_QUOTE_AGE_MS, 0).build());
        tickAapl(T0);
        tickMsft(T0);
        driver.heartbeat(T0 + 11 * SECONDS);

        final List<EngineOutput> down = driver.control(T0 + 11 * SECONDS + 250_000_000L, ControlAction.FEED_DOWN, FEED_AAPL,
            "FIX market data session sim dropped");
        final List<EngineOutput> halts = alertsIn(down, AlertKind.WATCHDOG_HALT);
        assertEquals(1, halts.size(), down::toString);
        assertEquals("watchdog halt: feed 1 stale: its source went down (last tick 11250 ms ago, limit 30000 ms); new " +
            "orders on its instruments pause; runbook deploy/runbooks/feed-stale.md", RiskAlerts.describe(halts.get(0)));
        assertEquals(RejectReason.INSTRUMENT_PAUSED, driver.buy(T0 + 12 * SECONDS, AAPL, 190, 1).rejectReason);
        assertEquals(ExecType.PENDING_NEW, driver.buy(T0 + 12 * SECONDS, MSFT, 420, 1).execType);
        tickMsft(T0 + 13 * SECONDS);
        driver.heartbeat(T0 + 13 * SECONDS);
        assertTrue(risk.feeds().isPaused(AAPL), "a heartbeat does not lift it: the feed has not ticked since");

        final List<EngineOutput> resumed = driver.quoteFrom(T0 + 14 * SECONDS, FEED_AAPL, ++seqAapl, AAPL, 189.99, 190.01);
        assertEquals(1, alertsIn(resumed, AlertKind.FEED_RECOVERED).size(), resumed::toString);
        assertEquals(ExecType.PENDING_NEW, driver.buy(T0 + 14 * SECONDS, AAPL, 190, 1).execType);
    }

    @Test
    void shouldHaltAStaleFeedForTheRestOfTheRunWhenAutoRecoveryIsOff()
    {
        start(RiskConfig.builder(RiskProfile.MODERATE).set("feed_auto_recover", "false").build());
        tickAapl(T0);
        driver.heartbeat(T0 + 30 * SECONDS);
        tickAapl(T0 + 31 * SECONDS);
        driver.heartbeat(T0 + 32 * SECONDS);

        assertTrue(risk.feeds().isPaused(AAPL));
        assertEquals(RejectReason.INSTRUMENT_PAUSED, driver.buy(T0 + 32 * SECONDS, AAPL, 190, 1).rejectReason);
    }

    @Test
    void shouldJudgeNothingDuringTheGracePeriod()
    {
        start(RiskConfig.builder(RiskProfile.MODERATE).set("feed_stale_seconds", "3").set("feed_degraded_seconds", "1").build());
        tickAapl(T0);
        driver.heartbeat(T0 + 10 * SECONDS - 1);
        assertFalse(risk.feeds().isPaused(AAPL), "still in the 10 s grace period");
        driver.heartbeat(T0 + 10 * SECONDS);
        assertTrue(risk.feeds().isPaused(AAPL));
    }

    @Test
    void shouldKeepDrainingFillsOfInFlightOrdersWhileAFeedIsPaused()
    {
        start(RiskConfig.of(RiskProfile.MODERATE));
        tickAapl(T0);
        final EngineOutput order = driver.buy(T0, AAPL, 190, 5);
        driver.ack(T0, order.orderId);
        driver.heartbeat(T0 + 30 * SECONDS);
        assertTrue(risk.feeds().isPaused(AAPL));

        final List<EngineOutput> filled = driver.fill(T0 + 30 * SECONDS, order.orderId, 190, 5);
        assertEquals(ExecType.FILL, filled.get(0).execType);
        assertEquals(qty(5), driver.blp().positions().position(ALICE, AAPL));
    }

    @Test
    void shouldDisconnectAFeedSilentForLongerStill()
    {
        start(RiskConfig.of(RiskProfile.MODERATE));
        tickAapl(T0);
        driver.heartbeat(T0 + 30 * SECONDS);
        driver.heartbeat(T0 + 120 * SECONDS);
        assertEquals(FeedStatus.DISCONNECTED, risk.feeds().status(FEED_AAPL));
        final List<EngineOutput> halts = driver.alerts(AlertKind.WATCHDOG_HALT);
        assertEquals(HaltReason.FEED_DISCONNECTED.code(), halts.get(halts.size() - 1).alertCode);
    }

    @Test
    void shouldReportGapsAndADegradedFeed()
    {
        start(RiskConfig.of(RiskProfile.MODERATE));
        driver.quoteFrom(T0, FEED_AAPL, 1, AAPL, 189.99, 190.01);
        driver.quoteFrom(T0, FEED_AAPL, 4, AAPL, 189.99, 190.01);
        final List<EngineOutput> out = driver.heartbeat(T0 + 10 * SECONDS);
        final EngineOutput degraded = alertsIn(out, AlertKind.FEED_DEGRADED).get(0);
        assertEquals(2, degraded.alertDetail);
        assertEquals(2, risk.feeds().gaps(FEED_AAPL));
        assertEquals(2, risk.feeds().instrumentGaps(AAPL));
        driver.quoteFrom(T0 + 10 * SECONDS, FEED_AAPL, 5, AAPL, 189.99, 190.01);
        assertEquals(ExecType.PENDING_NEW, driver.buy(T0 + 10 * SECONDS, AAPL, 190, 1).execType, "degraded still trades");
    }

    @Test
    void shouldKeepWatchingFeedsWhoseMetricsNoLongerFitTheCounterBuffers()
    {
        // Counter buffers with room for the engine's and risk's own counters but not 64 feeds x 3.
        final int slots = 160;
        final EngineCounters small = new EngineCounters(
            new org.agrona.concurrent.UnsafeBuffer(java.nio.ByteBuffer.allocateDirect(
                slots * org.agrona.concurrent.status.CountersReader.METADATA_LENGTH)),
            new org.agrona.concurrent.UnsafeBuffer(java.nio.ByteBuffer.allocateDirect(
                slots * org.agrona.concurrent.status.CountersReader.COUNTER_LENGTH)));
        risk = new RiskChain(RiskConfig.of(RiskProfile.MODERATE));
        driver = new BlpDriver(io.horizon.engine.support.TestMarkets.referenceData(), small, risk);
        for (int feed = 0; feed < io.horizon.engine.watchdog.FeedWatchdog.MAX_FEEDS; feed++)
        {
            driver.quoteFrom(T0, feed, 1, AAPL, 189.99, 190.01);
        }
        driver.heartbeat(T0 + 30 * SECONDS);

        assertEquals(0, driver.counters().handlerErrors.get());
        assertTrue(risk.counters().feedsWithoutMetrics() > 0, slots + " counter slots cannot hold 64 feeds x 3 metrics");
        assertEquals(FeedStatus.STALE, risk.feeds().status(io.horizon.engine.watchdog.FeedWatchdog.MAX_FEEDS - 1));
    }

    @Test
    void shouldHaltAnAccountOnIntradayLossWithTheWatchdogRunbook()
    {
        start(RiskConfig.of(RiskProfile.MODERATE));
        tickAapl(T0);
        driver.trade(T0, AAPL, Side.BUY, 190, 200);
        driver.quoteFrom(T0 + SECONDS, FEED_AAPL, ++seqAapl, AAPL, 39.99, 40.01);
        final List<EngineOutput> out = driver.heartbeat(T0 + 11 * SECONDS);

        final EngineOutput halt = alertsIn(out, AlertKind.WATCHDOG_HALT).get(0);
        assertEquals(HaltReason.INTRADAY_LOSS.code(), halt.alertCode);
        assertEquals(ALICE, halt.accountId);
        assertEquals(Runbook.WATCHDOG_HALT, halt.runbook);
        assertEquals("watchdog halt: account 0 halted: intraday loss 30000 reached its allowance 30000 " +
            "(max_intraday_loss_pct); runbook deploy/runbooks/watchdog-halt.md", RiskAlerts.describe(halt));
        assertFalse(risk.killSwitch().isEngaged(), "an account halt blocks new risk but cancels nothing");
    }

    @Test
    void shouldLiftAccountHaltsOnAResetWithAReason()
    {
        start(RiskConfig.of(RiskProfile.MODERATE));
        tickAapl(T0);
        driver.trade(T0, AAPL, Side.BUY, 190, 200);
        driver.quoteFrom(T0 + SECONDS, FEED_AAPL, ++seqAapl, AAPL, 39.99, 40.01);
        driver.heartbeat(T0 + 11 * SECONDS);
        assertTrue(risk.isAccountHalted(ALICE));

        driver.control(T0 + 12 * SECONDS, io.horizon.engine.event.ControlAction.RESET, 0, "loss reviewed, resume");
        assertFalse(risk.isAccountHalted(ALICE));
    }
}
