package io.horizon.engine.risk;

import java.util.List;

import io.horizon.engine.event.ControlAction;
import io.horizon.engine.event.OrderType;
import io.horizon.engine.event.RejectReason;
import io.horizon.engine.event.Side;
import io.horizon.engine.killswitch.KillTrigger;
import io.horizon.engine.output.AlertKind;
import io.horizon.engine.output.EngineOutput;
import io.horizon.engine.output.ExecType;
import io.horizon.engine.output.OutputKind;
import io.horizon.engine.output.Runbook;
import io.horizon.engine.support.BlpDriver;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

import static io.horizon.engine.support.BlpDriver.MILLIS;
import static io.horizon.engine.support.BlpDriver.SECONDS;
import static io.horizon.engine.support.BlpDriver.T0;
import static io.horizon.engine.support.TestMarkets.AAPL;
import static io.horizon.engine.support.TestMarkets.ALICE;
import static io.horizon.engine.support.TestMarkets.MSFT;
import static io.horizon.engine.support.TestMarkets.qty;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The kill switch inside the BLP: every trigger fires it, it cancels what is open, rejects what
 * comes, flattens when asked, and only a reset with a reason (or, when allowed, its trigger
 * clearing) disarms it.
 */
final class KillSwitchBehaviourTest
{
    private static final long AFTER_GRACE = T0 + 11 * SECONDS;

    private BlpDriver driver;
    private RiskChain risk;

    private void start(final RiskConfig config)
    {
        risk = new RiskChain(config);
        driver = new BlpDriver(risk);
        quotes(T0);
    }

    private void quotes(final long ts)
    {
        driver.quote(ts, AAPL, 189.99, 190.01);
        driver.quote(ts, MSFT, 419.99, 420.01);
    }

    private static RiskConfig.Builder moderate()
    {
        return RiskConfig.builder(RiskProfile.MODERATE);
    }

    private EngineOutput onlyAlert(final AlertKind kind)
    {
        final List<EngineOutput> alerts = driver.alerts(kind);
        assertEquals(1, alerts.size(), () -> kind + " alerts: " + alerts);
        return alerts.get(0);
    }

    @ParameterizedTest
    @EnumSource(value = KillTrigger.class, names = {"MANUAL", "FEED_CORRUPTION", "COMPLIANCE_PAUSE", "EXTERNAL"})
    void shouldFireOnEveryTriggerThatArrivesAsAControlEvent(final KillTrigger trigger)
    {
        start(RiskConfig.of(RiskProfile.MODERATE));
        driver.control(T0, ControlAction.KILL, trigger.code(), "because " + trigger.label());

        assertTrue(risk.killSwitch().isEngaged());
        assertSame(trigger, risk.killSwitch().trigger());
        assertEquals("because " + trigger.label(), risk.killSwitch().reason());
        final EngineOutput alert = onlyAlert(AlertKind.KILL_SWITCH_FIRED);
        assertEquals(trigger.code(), alert.alertCode);
        assertEquals(Runbook.KILL_SWITCH, alert.runbook);
        assertEquals("deploy/runbooks/kill-switch.md", alert.runbook.path());
        assertEquals(1, risk.counters().killSwitchEngaged.get());
        assertEquals(1, risk.counters().killSwitchFires.get());
    }

    @Test
    void shouldFailSafeOnAKillWithAnUnknownTriggerCode()
    {
        start(RiskConfig.of(RiskProfile.MODERATE));
        driver.control(T0, ControlAction.KILL, 42, "dlq depth 10000");
        assertTrue(risk.killSwitch().isEngaged());
        assertSame(KillTrigger.EXTERNAL, risk.killSwitch().trigger());
        assertEquals(42, risk.killSwitch().triggerValue());
    }

    @Test
    void shouldFireOnPortfolioDrawdownExactlyAtTheThreshold()
    {
        start(moderate().set("kill_switch_drawdown_pct", "0.01").set(RiskLimit.MAX_INTRADAY_LOSS_PCT, 0).build());
        driver.trade(T0, AAPL, Side.BUY, 190, 200);
        driver.quote(T0 + SECONDS, AAPL, 89.9901, 90.0101);
        driver.heartbeat(AFTER_GRACE);
        assertFalse(risk.killSwitch().isEngaged(), "19999.98 down on 2,000,000 is under 1 %");

        driver.quote(AFTER_GRACE, AAPL, 89.99, 90.01);
        driver.heartbeat(AFTER_GRACE + SECONDS);
        assertTrue(risk.killSwitch().isEngaged());
        assertSame(KillTrigger.DRAWDOWN, risk.killSwitch().trigger());
        final EngineOutput alert = onlyAlert(AlertKind.KILL_SWITCH_FIRED);
        assertEquals(10_000, alert.alertValue);
        assertEquals(10_000, alert.alertLimit);
        assertEquals("kill switch fired: drawdown (drawdown 1%, kill_switch_drawdown_pct 1%); every new order is rejected " +
            "until a reset with a reason (journal sequence " + alert.causeSequence + "); runbook deploy/runbooks/kill-switch.md",
            RiskAlerts.describe(alert));
        assertEquals(1, driver.alerts(AlertKind.WATCHDOG_HALT).size());
    }

    @Test
    void shouldFireWhenEquityFallsBelowTheMinimum()
    {
        start(moderate().set("min_equity", "1990000").set(RiskLimit.MAX_INTRADAY_LOSS_PCT, 0).build());
        driver.trade(T0, AAPL, Side.BUY, 190, 100);
        driver.quote(T0 + SECONDS, AAPL, 89.99, 90.01);
        driver.heartbeat(AFTER_GRACE);
        assertFalse(risk.killSwitch().isEngaged(), "equity exactly at the minimum is allowed");

        driver.quote(AFTER_GRACE, AAPL, 89.98, 90.00);
        driver.heartbeat(AFTER_GRACE + SECONDS);
        assertSame(KillTrigger.EQUITY_MINIMUM, risk.killSwitch().trigger());
    }

    @Test
    void shouldFireAfterMaxConsecutiveRejectsOnTheNextHeartbeat()
    {
        start(RiskConfig.of(RiskProfile.MODERATE));
        for (int k = 0; k < 4; k++)
        {
            driver.buy(T0, AAPL, 0.001, 1);
        }
        driver.heartbeat(AFTER_GRACE);
        assertFalse(risk.killSwitch().isEngaged(), "four in a row is inside the limit of five");

        quotes(AFTER_GRACE);
        driver.buy(AFTER_GRACE, AAPL, 0.001, 1);
        assertEquals(5, risk.consecutiveRejects());
        driver.heartbeat(AFTER_GRACE + SECONDS);
        assertSame(KillTrigger.CONSECUTIVE_REJECTS, risk.killSwitch().trigger());
        final EngineOutput halt = onlyAlert(AlertKind.WATCHDOG_HALT);
        assertEquals("watchdog halt: 5 rejects in a row (max_consecutive_rejects 5): kill switch; " +
            "runbook deploy/runbooks/kill-switch.md", RiskAlerts.describe(halt));
    }

    @Test
    void shouldCountVenueRejectsAndRestartTheCountWhenTheVenueAccepts()
    {
        start(RiskConfig.of(RiskProfile.MODERATE));
        for (int k = 0; k < 4; k++)
        {
            driver.reject(T0, driver.buy(T0, AAPL, 190 - k * 0.01, 1).orderId);
        }
        final EngineOutput ok = driver.buy(T0, AAPL, 189, 1);
        driver.ack(T0, ok.orderId);
        assertEquals(0, risk.consecutiveRejects());
        for (int k = 0; k < 5; k++)
        {
            driver.reject(T0 + 2 * SECONDS, driver.buy(T0 + 2 * SECONDS, AAPL, 190 - k * 0.01, 1).orderId);
        }
        quotes(AFTER_GRACE);
        driver.heartbeat(AFTER_GRACE);
        assertSame(KillTrigger.CONSECUTIVE_REJECTS, risk.killSwitch().trigger());
    }

    @Test
    void shouldNotCountThrottlesTowardConsecutiveRejects()
    {
        start(RiskConfig.of(RiskProfile.MODERATE));
        driver.buy(T0, AAPL, 190, 1);
        for (int k = 0; k < 20; k++)
        {
            driver.buy(T0, AAPL, 190, 1);
        }
        assertEquals(20, driver.counters().rejects(RejectReason.DUPLICATE_ORDER));
        driver.heartbeat(AFTER_GRACE);
        assertFalse(risk.killSwitch().isEngaged());
    }

    @Test
    void shouldCancelOpenOrdersAndThoseStillPendingWhenTheVenueAnswers()
    {
        start(RiskConfig.of(RiskProfile.MODERATE));
        final EngineOutput a = driver.buy(T0, AAPL, 189, 1);
        final EngineOutput b = driver.sell(T0, MSFT, 421, 2);
        final EngineOutput pending = driver.buy(T0, MSFT, 419, 3);
        driver.ack(T0, a.orderId);
        driver.ack(T0, b.orderId);
        driver.fill(T0, b.orderId, 421, 1);

        final List<EngineOutput> fired = driver.control(T0 + MILLIS, ControlAction.KILL, 0, "runaway");
        assertEquals(List.of(a.orderId, b.orderId), fired.stream().filter(o -> o.kind == OutputKind.VENUE_CANCEL)
            .map(o -> o.orderId).toList());
        assertEquals(OutputKind.ALERT, fired.get(0).kind, "the alert comes first");

        final List<EngineOutput> acked = driver.ack(T0 + 2 * MILLIS, pending.orderId);
        assertEquals(List.of(pending.orderId), acked.stream().filter(o -> o.kind == OutputKind.VENUE_CANCEL)
            .map(o -> o.orderId).toList());
        driver.canceled(T0 + 3 * MILLIS, a.orderId);
        driver.canceled(T0 + 3 * MILLIS, b.orderId);
        driver.canceled(T0 + 3 * MILLIS, pending.orderId);
        assertEquals(0, driver.blp().ledger().size());
    }

    @Test
    void shouldRejectEveryNewOrderAndAmendWhileEngaged()
    {
        start(RiskConfig.of(RiskProfile.MODERATE));
        final EngineOutput open = driver.buy(T0, AAPL, 189, 1);
        driver.ack(T0, open.orderId);
        final EngineOutput pendingCancel = driver.buy(T0, AAPL, 188, 1);
        driver.control(T0, ControlAction.KILL, 0, "stop");

        assertEquals(RejectReason.KILL_SWITCH, driver.buy(T0, AAPL, 190, 1).rejectReason);
        assertEquals(RejectReason.KILL_SWITCH, driver.order(T0, ALICE, MSFT, Side.SELL, OrderType.MARKET, 0, 1).rejectReason);
        assertEquals(ExecType.REPLACE_REJECTED, driver.amend(T0, pendingCancel, 188.5, 1).execType);
    }

    @Test
    void shouldRestoreTradingAfterAResetWithAReason()
    {
        start(RiskConfig.of(RiskProfile.MODERATE));
        driver.control(T0, ControlAction.KILL, 0, "stop");
        driver.control(T0 + MILLIS, ControlAction.RESET, 0, "root cause fixed, approved by desk head");

        assertFalse(risk.killSwitch().isEngaged());
        assertEquals(ExecType.PENDING_NEW, driver.buy(T0 + MILLIS, AAPL, 190, 1).execType);
        final EngineOutput reset = onlyAlert(AlertKind.KILL_SWITCH_RESET);
        assertEquals(KillTrigger.MANUAL.code(), reset.alertCode);
        assertEquals(AlertKind.ResetBy.OPERATOR.code(), reset.alertDetail);
        assertEquals("kill switch reset by an operator; it had fired on manual; runbook deploy/runbooks/kill-switch.md",
            RiskAlerts.describe(reset));
        assertEquals(0, risk.counters().killSwitchEngaged.get());
        assertEquals(1, risk.counters().killSwitchResets.get());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "  "})
    void shouldRefuseAResetWithoutAReasonAndStayEngaged(final String reason)
    {
        start(RiskConfig.of(RiskProfile.MODERATE));
        driver.control(T0, ControlAction.KILL, 0, "stop");
        driver.control(T0 + MILLIS, ControlAction.RESET, 0, reason);

        assertTrue(risk.killSwitch().isEngaged());
        assertEquals(RejectReason.KILL_SWITCH, driver.buy(T0 + MILLIS, AAPL, 190, 1).rejectReason);
        final EngineOutput refused = onlyAlert(AlertKind.KILL_SWITCH_RESET_REFUSED);
        assertEquals(AlertKind.ResetRefusal.NO_REASON.code(), refused.alertDetail);
        assertEquals("kill switch reset refused: a reset must carry a reason; runbook deploy/runbooks/kill-switch.md",
            RiskAlerts.describe(refused));
        assertEquals(1, risk.counters().killSwitchResetRefusals.get());
    }

    @Test
    void shouldFlattenPositionsBypassingOnlyTheKillSwitchLayer()
    {
        start(moderate().set("flatten_on_kill", "true").build());
        driver.trade(T0, AAPL, Side.BUY, 190, 100);
        driver.trade(T0, MSFT, Side.SELL, 420, 100);
        driver.trade(T0 + SECONDS, MSFT, Side.SELL, 420, 100);
        quotes(T0 + SECONDS);

        final List<EngineOutput> fired = driver.control(T0 + SECONDS, ControlAction.KILL, 0, "flatten");

        final List<EngineOutput> flattens = fired.stream()
            .filter(o -> o.kind == OutputKind.EXECUTION_REPORT && o.strategyId == RiskContext.FLATTEN_STRATEGY_ID).toList();
        assertEquals(2, flattens.size(), flattens::toString);
        final EngineOutput aapl = flattens.get(0);
        assertEquals(ExecType.PENDING_NEW, aapl.execType);
        assertEquals(Side.SELL, aapl.side);
        assertEquals(OrderType.MARKET, aapl.orderType);
        assertEquals(qty(100), aapl.quantity);
        // Buying back 200 MSFT at 420.01 is 84002 of notional: the notional layer still applies.
        final EngineOutput msft = flattens.get(1);
        assertEquals(ExecType.REJECTED, msft.execType);
        assertEquals("notional 84002 exceeds max_order_notional 50000", BlpDriver.describe(msft));

        // The venue's ack of the flatten order must not be met with a cancel.
        final List<EngineOutput> acked = driver.ack(T0 + SECONDS, aapl.orderId);
        assertTrue(acked.stream().noneMatch(o -> o.kind == OutputKind.VENUE_CANCEL), acked::toString);
        driver.fill(T0 + SECONDS, aapl.orderId, 189.99, 100);
        assertEquals(0, driver.blp().positions().position(ALICE, AAPL));
    }

    @Test
    void shouldClearByItselfWhenItsTriggerClearsIfManualResetIsNotRequired()
    {
        start(moderate().set("min_equity", "1990000").set("require_manual_reset", "false")
            .set(RiskLimit.MAX_INTRADAY_LOSS_PCT, 0).build());
        driver.trade(T0, AAPL, Side.BUY, 190, 100);
        driver.quote(T0 + SECONDS, AAPL, 89, 89.02);
        driver.heartbeat(AFTER_GRACE);
        assertTrue(risk.killSwitch().isEngaged());

        driver.quote(AFTER_GRACE, AAPL, 189.99, 190.01);
        driver.heartbeat(AFTER_GRACE + SECONDS);
        assertFalse(risk.killSwitch().isEngaged());
        assertEquals(AlertKind.ResetBy.AUTOMATIC.code(), onlyAlert(AlertKind.KILL_SWITCH_RESET).alertDetail, "an automatic reset");
    }

    @Test
    void shouldStayEngagedWhenItsTriggerClearsIfManualResetIsRequired()
    {
        start(moderate().set("min_equity", "1990000").set(RiskLimit.MAX_INTRADAY_LOSS_PCT, 0).build());
        driver.trade(T0, AAPL, Side.BUY, 190, 100);
        driver.quote(T0 + SECONDS, AAPL, 89, 89.02);
        driver.heartbeat(AFTER_GRACE);
        driver.quote(AFTER_GRACE, AAPL, 189.99, 190.01);
        driver.heartbeat(AFTER_GRACE + SECONDS);
        assertTrue(risk.killSwitch().isEngaged());
    }

    @Test
    void shouldEndInTheSameStateWhenTheSameInputIsProcessedAgain()
    {
        final RiskChain[] chains = new RiskChain[2];
        final List<List<EngineOutput>> outputs = new java.util.ArrayList<>();
        for (int run = 0; run < 2; run++)
        {
            start(moderate().set("flatten_on_kill", "true").build());
            driver.trade(T0, AAPL, Side.BUY, 190, 10);
            final EngineOutput open = driver.buy(T0, MSFT, 419, 1);
            driver.ack(T0, open.orderId);
            driver.control(T0 + SECONDS, ControlAction.KILL, KillTrigger.FEED_CORRUPTION.code(), "bad ticks");
            driver.control(T0 + 2 * SECONDS, ControlAction.RESET, 0, "");
            driver.heartbeat(AFTER_GRACE);
            chains[run] = risk;
            outputs.add(driver.outputs());
        }
        assertEquals(outputs.get(0).size(), outputs.get(1).size());
        for (int k = 0; k < outputs.get(0).size(); k++)
        {
            assertTrue(outputs.get(0).get(k).sameAs(outputs.get(1).get(k)), "output " + k);
        }
        assertEquals(chains[0].killSwitch().toString(), chains[1].killSwitch().toString());
        assertTrue(chains[1].killSwitch().isEngaged());
    }
}
