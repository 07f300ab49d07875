package io.horizon.engine.risk;

import io.horizon.engine.snapshot.StateReader;
import io.horizon.engine.snapshot.StateWriter;

import io.horizon.engine.event.EventType;
import io.horizon.engine.event.InboundEvent;
import io.horizon.engine.killswitch.KillSwitch;
import io.horizon.engine.order.Order;
import io.horizon.engine.watchdog.FeedWatchdog;

/**
 * Horizon's pre-trade risk, behind the {@link PreTradeRisk} seam: it routes each input the BLP
 * hands it to the part that owns the decision.
 * <pre>
 *  NEW_ORDER / strategy / amend ──> PreTradeLayers     the ordered layers (read the order there)
 *  QUOTE / TRADE ─────────────────> RiskWatchdog       feed watchdog: tick time, gaps, recovery
 *                                   PreTradeLayers     quote arrival time
 *  HEARTBEAT ─────────────────────> RiskWatchdog       feed staleness, account intraday loss,
 *                                                      portfolio drawdown / equity, reject streak
 *  CONTROL KILL / RESET ──────────> KillSwitchControl  fire (cancel all, flatten), reset (reason required)
 *  CONTROL LIMIT_CHANGE ──────────> LimitChanges
 *  CONTROL FEED_DOWN ─────────────> RiskWatchdog       the feed stale at once (its session dropped)
 *  venue response ────────────────> RejectStreak       venue rejects, acks and fills
 *                                   StopOutCooldowns   fills that realise a stop-out loss
 *                                   KillSwitchControl  cancelling orders the kill switch missed
 *  feed status changes ───────────> FeedAlerts         alerts; halts pause the feed's instruments
 * </pre>
 * State the parts share lives in small classes of its own: the limits in force ({@link LimitTable}),
 * halted accounts ({@link AccountHalts}), stop-out cooldowns ({@link StopOutCooldowns}) and the
 * reject streak ({@link RejectStreak}). Alerts carry codes only; {@link RiskAlerts} renders them.
 * <p>
 * The grace period of the watchdog ({@code grace_period_s}) starts at the first input risk sees.
 * Allocation-free per order and per event; control events (rare operator actions) and the first
 * tick of a new feed may allocate.
 * <p>
 * Threading: BLP thread only, after {@link #attach}. State accessors may be read from another
 * thread only after the pipeline has stopped.
 */
public final class RiskChain implements PreTradeRisk
{
    private static final long NOT_STARTED = Long.MIN_VALUE;

    private final RiskConfig config;
    private final KillSwitch killSwitchState = new KillSwitch();

    private RiskContext context;
    private LimitTable limits;
    private RiskCounters counters;
    private FeedWatchdog feeds;
    private AccountHalts halts;
    private StopOutCooldowns cooldowns;
    private RejectStreak rejects;
    private KillSwitchControl killSwitch;
    private PreTradeLayers layers;
    private RiskWatchdog watchdog;
    private LimitChanges limitChanges;
    private long startNanos = NOT_STARTED;

    /**
     * @param config the limits to start with.
     */
    public RiskChain(final RiskConfig config)
    {
        this.config = config;
    }

    @Override
    public void attach(final RiskContext context)
    {
        if (this.context != null)
        {
            throw new IllegalStateException("this risk chain is already attached to a business-logic processor");
        }
        final int accountCount = context.referenceData().accountCount();
        final int instrumentCount = context.referenceData().instrumentCount();
        this.limits = new LimitTable(config, accountCount, instrumentCount);
        this.counters = new RiskCounters(context.counters());
        this.feeds = new FeedWatchdog(instrumentCount, new FeedAlerts(context, limits, counters));
        this.halts = new AccountHalts(accountCount);
        this.cooldowns = new StopOutCooldowns(limits, context.positions(), accountCount, instrumentCount);
        this.rejects = new RejectStreak(counters);
        this.killSwitch = new KillSwitchControl(killSwitchState, context, limits, counters, halts, rejects);
        final OrderRateWindow rates = new OrderRateWindow(accountCount, limits.highest(RiskLimit.RATE_LIMIT_PER_SEC));
        this.layers = new PreTradeLayers(context, limits, counters, killSwitch, halts, cooldowns, feeds, rejects, rates);
        this.watchdog = new RiskWatchdog(context, limits, counters, feeds, halts, rejects, killSwitch);
        this.limitChanges = new LimitChanges(context, limits, counters, rates);
        this.context = context;
    }

    @Override
    public boolean check(final Order order, final long nowNanos, final RiskVerdict verdict)
    {
        markStart(nowNanos);
        return layers.check(order, nowNanos, verdict);
    }

    @Override
    public boolean checkAmend(
        final Order order, final long newPrice, final long newQuantity, final long nowNanos, final RiskVerdict verdict)
    {
        markStart(nowNanos);
        return layers.checkAmend(order, newPrice, newQuantity, nowNanos, verdict);
    }

    @Override
    public void onMarketData(final InboundEvent marketData, final long nowNanos)
    {
        markStart(nowNanos);
        watchdog.onMarketData(marketData, nowNanos);
        if (marketData.type == EventType.QUOTE)
        {
            layers.onQuote(marketData.instrumentId, nowNanos);
        }
    }

    @Override
    public void onOrderUpdate(final InboundEvent response, final Order order)
    {
        switch (response.type)
        {
            case VENUE_REJECT:
                rejects.onVenueReject();
                break;
            case VENUE_ACK:
                rejects.restart();
                break;
            case VENUE_FILL:
                rejects.restart();
                cooldowns.onFill(order, context.nowNanos());
                break;
            default:
                break;
        }
        killSwitch.onOrderUpdate(response, order);
    }

    @Override
    public void onHeartbeat(final long nowNanos)
    {
        markStart(nowNanos);
        watchdog.onHeartbeat(nowNanos, nowNanos - startNanos);
    }

    @Override
    public void onControl(final InboundEvent control)
    {
        final long nowNanos = context.nowNanos();
        markStart(nowNanos);
        switch (control.controlAction)
        {
            case KILL:
                killSwitch.onKill(control, nowNanos);
                break;
            case RESET:
                killSwitch.onReset(control, nowNanos);
                break;
            case LIMIT_CHANGE:
                limitChanges.onLimitChange(control);
                break;
            case FEED_DOWN:
                watchdog.onFeedDown(control.controlValue, nowNanos);
                break;
            default:
                break;
        }
    }

    @Override
    public long accountLimit(final RiskLimit limit, final int accountId)
    {
        if (limit.scope() != RiskLimit.Scope.ACCOUNT)
        {
            throw new IllegalArgumentException(limit.key() + " is not a per-account limit");
        }
        return limits.account(limit, accountId);
    }

    private void markStart(final long nowNanos)
    {
        if (startNanos == NOT_STARTED)
        {
            startNanos = nowNanos;
        }
    }

    /**
     * Writes every part's state: limits in force (run-time changes included), the kill switch,
     * halts, cooldowns, the reject streak, feed health, rate and dedup windows, and when the
     * watchdog's grace period started.
     */
    @Override
    public void writeState(final StateWriter out)
    {
        out.putLong(startNanos);
        limits.writeState(out);
        killSwitchState.writeState(out);
        killSwitch.writeState(out);
        halts.writeState(out);
        cooldowns.writeState(out);
        rejects.writeState(out);
        feeds.writeState(out);
        layers.writeState(out);
        watchdog.writeState(out);
    }

    @Override
    public void readState(final StateReader in)
    {
        if (context == null)
        {
            throw new IllegalStateException("attach the risk chain before restoring its state");
        }
        startNanos = in.getLong("risk start time");
        limits.readState(in);
        killSwitchState.readState(in);
        killSwitch.readState(in);
        halts.readState(in);
        cooldowns.readState(in);
        rejects.readState(in);
        feeds.readState(in);
        layers.readState(in);
        watchdog.readState(in);
        counters.killSwitchEngaged.setRelease(killSwitchState.isEngaged() ? 1 : 0);
    }

    // ------------------------------------------------------------------------------------------
    // State, for tests, the run summary and snapshots (BLP thread, or after the pipeline stopped)
    // ------------------------------------------------------------------------------------------

    /**
     * @return the kill switch.
     */
    public KillSwitch killSwitch()
    {
        return killSwitchState;
    }

    /**
     * @return the limits in force.
     */
    public LimitTable limits()
    {
        return limits;
    }

    /**
     * @return per-feed health.
     */
    public FeedWatchdog feeds()
    {
        return feeds;
    }

    /**
     * @return risk's counters; {@code null} before attach.
     */
    public RiskCounters counters()
    {
        return counters;
    }

    /**
     * @param accountId a valid account id.
     * @return true while the watchdog has the account halted for its intraday loss.
     */
    public boolean isAccountHalted(final int accountId)
    {
        return halts.isHalted(accountId);
    }

    /**
     * @return rejects in a row as counted toward {@code max_consecutive_rejects}.
     */
    public long consecutiveRejects()
    {
        return rejects.length();
    }

    /**
     * @return the highest portfolio equity seen on a heartbeat (starting equity at first).
     */
    public long peakEquity()
    {
        return watchdog.peakEquity();
    }

    /**
     * @return the starting configuration.
     */
    public RiskConfig config()
    {
        return config;
    }
}
