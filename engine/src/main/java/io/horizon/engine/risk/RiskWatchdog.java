package io.horizon.engine.risk;

import io.horizon.engine.snapshot.SnapshotState;
import io.horizon.engine.snapshot.StateReader;
import io.horizon.engine.snapshot.StateWriter;

import io.horizon.engine.event.FixedPoint;
import io.horizon.engine.event.InboundEvent;
import io.horizon.engine.killswitch.KillTrigger;
import io.horizon.engine.output.AlertKind;
import io.horizon.engine.output.EngineOutput;
import io.horizon.engine.output.Runbook;
import io.horizon.engine.position.PositionBook;
import io.horizon.engine.watchdog.FeedWatchdog;
import io.horizon.engine.watchdog.HaltReason;

/**
 * The watchdog's checks on every heartbeat, once the grace period ({@code grace_period_s}) after
 * risk's first input has passed:
 * <pre>
 *  feeds      FeedWatchdog.evaluate: degraded / stale / disconnected / recovered (alerts: FeedAlerts)
 *  accounts   loss >= start cash x max_intraday_loss_pct       -> halt the account (AccountHalts)
 *  portfolio  drop from peak >= peak x kill_switch_drawdown_pct -> kill switch (DRAWDOWN)
 *             equity < min_equity                              -> kill switch (EQUITY_MINIMUM)
 *             engaged by either, and the condition cleared      -> automatic clear, unless require_manual_reset
 *  rejects    streak >= max_consecutive_rejects                 -> kill switch (CONSECUTIVE_REJECTS)
 * </pre>
 * Feed health (heartbeat age, gaps, status) is published to the counters on every heartbeat, grace
 * period or not. Market data reaches the feed watchdog through {@link #onMarketData}.
 * <p>
 * Threading: BLP thread only. Allocation-free except the first tick of a new feed.
 */
final class RiskWatchdog implements SnapshotState
{
    private static final long NANOS_PER_MILLI = 1_000_000L;
    private static final long NANOS_PER_SECOND = 1_000_000_000L;

    private final RiskContext context;
    private final LimitTable limits;
    private final PositionBook positions;
    private final RiskCounters counters;
    private final FeedWatchdog feeds;
    private final AccountHalts halts;
    private final RejectStreak rejects;
    private final KillSwitchControl killSwitch;
    private final int accountCount;
    private long peakEquity;

    RiskWatchdog(
        final RiskContext context,
        final LimitTable limits,
        final RiskCounters counters,
        final FeedWatchdog feeds,
        final AccountHalts halts,
        final RejectStreak rejects,
        final KillSwitchControl killSwitch)
    {
        this.context = context;
        this.limits = limits;
        this.positions = context.positions();
        this.counters = counters;
        this.feeds = feeds;
        this.halts = halts;
        this.rejects = rejects;
        this.killSwitch = killSwitch;
        this.accountCount = context.referenceData().accountCount();
        long startingEquity = 0;
        for (int a = 0; a < accountCount; a++)
        {
            startingEquity += positions.startingCash(a);
        }
        this.peakEquity = startingEquity;
    }

    /**
     * @return the highest portfolio equity seen on a heartbeat (starting equity at first).
     */
    long peakEquity()
    {
        return peakEquity;
    }

    /**
     * A quote or trade: the feed watchdog notes the tick (time, sequence gaps, recovery).
     */
    void onMarketData(final InboundEvent marketData, final long nowNanos)
    {
        feeds.onMarketData(
            marketData.source, marketData.feedSequence, marketData.instrumentId, nowNanos,
            limits.global(RiskLimit.FEED_AUTO_RECOVER) != 0);
    }

    /**
     * A feed's source went down ({@code FEED_DOWN} control): the feed watchdog marks it stale now.
     *
     * @param feedId   the control's value; one outside the tracked range is ignored.
     * @param nowNanos event time.
     */
    void onFeedDown(final long feedId, final long nowNanos)
    {
        if (feedId >= 0 && feedId < FeedWatchdog.MAX_FEEDS)
        {
            feeds.onFeedDown((int)feedId, nowNanos);
        }
    }

    /**
     * @param nowNanos       event time.
     * @param sinceFirstNanos event time since risk's first input, for the grace period.
     */
    void onHeartbeat(final long nowNanos, final long sinceFirstNanos)
    {
        counters.untrackedFeedTicks.setRelease(feeds.untrackedTicks());
        if (sinceFirstNanos >= limits.global(RiskLimit.GRACE_PERIOD_S) * NANOS_PER_SECOND)
        {
            feeds.evaluate(
                nowNanos,
                limits.global(RiskLimit.FEED_DEGRADED_SECONDS) * NANOS_PER_SECOND,
                limits.global(RiskLimit.FEED_STALE_SECONDS) * NANOS_PER_SECOND,
                limits.global(RiskLimit.FEED_DISCONNECTED_SECONDS) * NANOS_PER_SECOND);
            watchAccounts();
            watchPortfolio(nowNanos);
            watchRejects(nowNanos);
        }
        publishFeedHealth(nowNanos);
    }

    private void publishFeedHealth(final long nowNanos)
    {
        for (int f = 0; f < FeedWatchdog.MAX_FEEDS; f++)
        {
            if (feeds.isKnown(f))
            {
                counters.feed(f, feeds.heartbeatAgeNanos(f, nowNanos) / NANOS_PER_MILLI, feeds.gaps(f), feeds.status(f).code());
            }
        }
    }

    private void watchAccounts()
    {
        for (int a = 0; a < accountCount; a++)
        {
            final long maxLoss = limits.account(RiskLimit.MAX_INTRADAY_LOSS_PCT, a);
            if (halts.isHalted(a) || maxLoss == 0)
            {
                continue;
            }
            final long start = positions.startingCash(a);
            final long loss = start - positions.equity(a);
            final long allowance = FixedPoint.multiply(start, maxLoss);
            if (loss > 0 && loss >= allowance)
            {
                halts.halt(a, loss, allowance);
                final EngineOutput out =
                    haltAlert(context, counters, HaltReason.INTRADAY_LOSS, Runbook.WATCHDOG_HALT, loss, allowance);
                out.accountId = a;
            }
        }
    }

    private void watchPortfolio(final long nowNanos)
    {
        long equity = 0;
        for (int a = 0; a < accountCount; a++)
        {
            equity += positions.equity(a);
        }
        peakEquity = Math.max(peakEquity, equity);
        final long drawdownLimit = limits.global(RiskLimit.KILL_SWITCH_DRAWDOWN_PCT);
        final long drop = peakEquity - equity;
        final long dropAllowed = FixedPoint.multiply(peakEquity, drawdownLimit);
        final boolean drawdownBreached = drawdownLimit > 0 && peakEquity > 0 && drop > 0 && drop >= dropAllowed;
        final long minEquity = limits.global(RiskLimit.MIN_EQUITY);
        final boolean equityBreached = minEquity > 0 && equity < minEquity;

        if (killSwitch.isEngaged())
        {
            killSwitch.clearIfCleared(drawdownBreached, equityBreached, nowNanos);
        }
        else if (drawdownBreached)
        {
            final long drawdown = FixedPoint.mulDiv(drop, FixedPoint.SCALE, peakEquity);
            haltAlert(context, counters, HaltReason.DRAWDOWN, Runbook.KILL_SWITCH, drawdown, drawdownLimit);
            killSwitch.engage(KillTrigger.DRAWDOWN, drawdown, drawdownLimit, nowNanos, null);
        }
        else if (equityBreached)
        {
            haltAlert(context, counters, HaltReason.MIN_EQUITY, Runbook.KILL_SWITCH, equity, minEquity);
            killSwitch.engage(KillTrigger.EQUITY_MINIMUM, equity, minEquity, nowNanos, null);
        }
    }

    private void watchRejects(final long nowNanos)
    {
        final long max = limits.global(RiskLimit.MAX_CONSECUTIVE_REJECTS);
        final long count = rejects.length();
        if (max > 0 && count >= max && !killSwitch.isEngaged())
        {
            rejects.restart();
            haltAlert(context, counters, HaltReason.CONSECUTIVE_REJECTS, Runbook.KILL_SWITCH, count, max);
            killSwitch.engage(KillTrigger.CONSECUTIVE_REJECTS, count, max, nowNanos, null);
        }
    }

    /**
     * Counts a watchdog halt and claims its alert: the one shape every halt (feed, account,
     * portfolio, reject streak) is reported in.
     */
    static EngineOutput haltAlert(
        final RiskContext context,
        final RiskCounters counters,
        final HaltReason reason,
        final Runbook runbook,
        final long value,
        final long limit)
    {
        counters.watchdogHalts.incrementRelease();
        final EngineOutput out = context.alert(AlertKind.WATCHDOG_HALT, runbook);
        out.alertCode = reason.code();
        out.alertValue = value;
        out.alertLimit = limit;
        return out;
    }

    @Override
    public void writeState(final StateWriter out)
    {
        out.putLong(peakEquity);
    }

    @Override
    public void readState(final StateReader in)
    {
        peakEquity = in.getLong("peak equity");
    }
}
