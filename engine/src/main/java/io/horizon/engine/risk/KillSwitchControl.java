package io.horizon.engine.risk;

import io.horizon.engine.snapshot.SnapshotState;
import io.horizon.engine.snapshot.StateReader;
import io.horizon.engine.snapshot.StateWriter;

import io.horizon.engine.event.EventType;
import io.horizon.engine.event.InboundEvent;
import io.horizon.engine.event.OrderState;
import io.horizon.engine.event.Side;
import io.horizon.engine.killswitch.KillSwitch;
import io.horizon.engine.killswitch.KillTrigger;
import io.horizon.engine.order.Order;
import io.horizon.engine.output.AlertKind;
import io.horizon.engine.output.EngineOutput;
import io.horizon.engine.output.Runbook;
import io.horizon.engine.position.PositionBook;

/**
 * What the kill switch does, around its state machine ({@link KillSwitch}): firing it (from a KILL
 * control event or a watchdog trigger), cancelling every open order, flattening positions, catching
 * orders that were still pending at the venue when it fired, an operator's reset, and the automatic
 * clear of a trigger whose condition cleared.
 * <ul>
 *   <li>When it fires: an alert, a cancel for every order that can be cancelled, then (with
 *   {@code flatten_on_kill}) a market order per open position, which bypasses only the kill switch
 *   layer ({@link #blocksNewOrders()} is false while flattening).</li>
 *   <li>Orders still pending at the venue when it fired are cancelled as soon as the venue answers
 *   for them, never after a refused cancel, which would loop.</li>
 *   <li>A reset must carry a reason; it also lifts account halts and restarts the reject streak,
 *   even when the switch was not engaged.</li>
 *   <li>Without {@code require_manual_reset}, a drawdown or minimum-equity kill clears itself once
 *   its condition has cleared (the watchdog tells it, {@link #clearIfCleared}).</li>
 * </ul>
 * Control events are rare operator actions and may allocate; the rest does not.
 * <p>
 * Threading: BLP thread only.
 */
final class KillSwitchControl implements SnapshotState
{
    private final KillSwitch killSwitch;
    private final RiskContext context;
    private final LimitTable limits;
    private final PositionBook positions;
    private final RiskCounters counters;
    private final AccountHalts halts;
    private final RejectStreak rejects;
    private final int accountCount;
    private final int instrumentCount;
    private boolean flattening;

    KillSwitchControl(
        final KillSwitch killSwitch,
        final RiskContext context,
        final LimitTable limits,
        final RiskCounters counters,
        final AccountHalts halts,
        final RejectStreak rejects)
    {
        this.killSwitch = killSwitch;
        this.context = context;
        this.limits = limits;
        this.positions = context.positions();
        this.counters = counters;
        this.halts = halts;
        this.rejects = rejects;
        this.accountCount = context.referenceData().accountCount();
        this.instrumentCount = context.referenceData().instrumentCount();
    }

    boolean isEngaged()
    {
        return killSwitch.isEngaged();
    }

    /**
     * @return true while new orders are refused: engaged, and not sending its own flattening orders.
     */
    boolean blocksNewOrders()
    {
        return killSwitch.isEngaged() && !flattening;
    }

    /**
     * A KILL control event: engages with the trigger it names. A KILL always engages, whatever code
     * it carries (fail safe); an unknown or non-control code engages as EXTERNAL, the raw code kept.
     */
    void onKill(final InboundEvent control, final long nowNanos)
    {
        KillTrigger trigger = KillTrigger.fromCode(control.controlValue);
        if (trigger == null || !trigger.isFiredByControl())
        {
            trigger = KillTrigger.EXTERNAL;
        }
        engage(trigger, control.controlValue, 0, nowNanos, control);
    }

    /**
     * Engages the switch, unless it is engaged already: alert, cancel everything, flatten.
     *
     * @param control the control event that carries the reason, or {@code null} for a watchdog trigger.
     */
    void engage(final KillTrigger trigger, final long value, final long limit, final long nowNanos, final InboundEvent control)
    {
        if (!killSwitch.fire(trigger, value, limit, nowNanos, control))
        {
            return;
        }
        counters.killSwitchFires.incrementRelease();
        counters.killSwitchEngaged.setRelease(1);
        final EngineOutput out = context.alert(AlertKind.KILL_SWITCH_FIRED, Runbook.KILL_SWITCH);
        out.alertCode = trigger.code();
        out.alertValue = value;
        out.alertLimit = limit;
        context.cancelAllOrders();
        if (limits.global(RiskLimit.FLATTEN_ON_KILL) != 0)
        {
            flattenAll();
        }
    }

    private void flattenAll()
    {
        flattening = true;
        try
        {
            for (int a = 0; a < accountCount; a++)
            {
                for (int i = 0; i < instrumentCount; i++)
                {
                    final long position = positions.position(a, i);
                    if (position != 0)
                    {
                        context.submitFlatten(a, i, position > 0 ? Side.SELL : Side.BUY, Math.abs(position));
                    }
                }
            }
        }
        finally
        {
            flattening = false;
        }
    }

    /**
     * A RESET control event: refused without a reason; otherwise arms the switch (when engaged),
     * lifts account halts and restarts the reject streak.
     */
    void onReset(final InboundEvent control, final long nowNanos)
    {
        final boolean wasEngaged = killSwitch.isEngaged();
        final KillTrigger was = killSwitch.trigger();
        final KillSwitch.ResetOutcome outcome = killSwitch.reset(control, nowNanos);
        if (outcome == KillSwitch.ResetOutcome.REFUSED_NO_REASON)
        {
            counters.killSwitchResetRefusals.incrementRelease();
            context.alert(AlertKind.KILL_SWITCH_RESET_REFUSED, Runbook.KILL_SWITCH).alertDetail =
                AlertKind.ResetRefusal.NO_REASON.code();
            return;
        }
        if (outcome == KillSwitch.ResetOutcome.RESET)
        {
            counters.killSwitchResets.incrementRelease();
            counters.killSwitchEngaged.setRelease(0);
        }
        halts.liftAll();
        rejects.restart();
        final EngineOutput out = context.alert(AlertKind.KILL_SWITCH_RESET, Runbook.KILL_SWITCH);
        out.alertCode = wasEngaged ? was.code() : AlertKind.RESET_WHILE_ARMED;
        out.alertDetail = AlertKind.ResetBy.OPERATOR.code();
    }

    /**
     * Clears an engaged switch by itself when manual resets are not required and the condition of
     * its trigger (drawdown or minimum equity) no longer holds.
     */
    void clearIfCleared(final boolean drawdownBreached, final boolean equityBreached, final long nowNanos)
    {
        if (limits.global(RiskLimit.REQUIRE_MANUAL_RESET) != 0 || !killSwitch.trigger().conditionCanClear())
        {
            return;
        }
        final KillTrigger was = killSwitch.trigger();
        final boolean cleared = was == KillTrigger.DRAWDOWN ? !drawdownBreached : !equityBreached;
        if (cleared)
        {
            killSwitch.clear(nowNanos);
            counters.killSwitchResets.incrementRelease();
            counters.killSwitchEngaged.setRelease(0);
            final EngineOutput out = context.alert(AlertKind.KILL_SWITCH_RESET, Runbook.KILL_SWITCH);
            out.alertCode = was.code();
            out.alertDetail = AlertKind.ResetBy.AUTOMATIC.code();
        }
    }

    /**
     * A venue answered for an order: while engaged, cancels it if it was pending at the venue when
     * the switch fired (or its cancel crossed an amend), except the switch's own flattening orders
     * and after a refused cancel or a venue error, which would loop.
     */
    void onOrderUpdate(final InboundEvent response, final Order order)
    {
        if (killSwitch.isEngaged() &&
            order.strategyId() != RiskContext.FLATTEN_STRATEGY_ID &&
            response.type != EventType.VENUE_CANCEL_REJECT &&
            response.type != EventType.VENUE_ERROR &&
            isCancellable(order.state()))
        {
            context.cancel(order);
        }
    }

    private static boolean isCancellable(final OrderState state)
    {
        return state == OrderState.ACCEPTED || state == OrderState.PARTIALLY_FILLED || state == OrderState.REPLACED;
    }

    @Override
    public void writeState(final StateWriter out)
    {
        out.putBoolean(flattening);
    }

    @Override
    public void readState(final StateReader in)
    {
        flattening = in.getBoolean("flattening");
    }
}
