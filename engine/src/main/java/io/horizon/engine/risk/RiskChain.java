package io.horizon.engine.risk;

import java.util.Arrays;

import io.horizon.engine.event.EventType;
import io.horizon.engine.event.FixedPoint;
import io.horizon.engine.event.InboundEvent;
import io.horizon.engine.event.OrderState;
import io.horizon.engine.event.OrderType;
import io.horizon.engine.event.RejectReason;
import io.horizon.engine.event.Side;
import io.horizon.engine.killswitch.KillSwitch;
import io.horizon.engine.killswitch.KillTrigger;
import io.horizon.engine.market.MarketState;
import io.horizon.engine.order.Order;
import io.horizon.engine.output.AlertKind;
import io.horizon.engine.output.EngineOutput;
import io.horizon.engine.output.Runbook;
import io.horizon.engine.position.PositionBook;
import io.horizon.engine.reference.ReferenceData;
import io.horizon.engine.watchdog.FeedStatus;
import io.horizon.engine.watchdog.FeedWatchdog;
import io.horizon.engine.watchdog.HaltReason;

/**
 * Horizon's pre-trade risk: the ordered chain of {@link RiskLayer}s every new order passes, the
 * {@link KillSwitch}, and the watchdog (per-feed health, account loss, portfolio drawdown and
 * equity, consecutive rejects), all inside the business-logic processor.
 * <pre>
 *  NEW_ORDER / strategy ──> 1 kill switch ─> 2 drawdown ─> 3 sanity ─> 4 price bounds ─> 5 notional
 *     ─> 6 rate limit ─> 7 orders/tick ─> 8 market orders ─> 9 stop-loss cooldown ─> 10 fat finger
 *     ─> 11 exposure ─> 12 dedup ──> accepted (counts against 6, 7, 12)
 *
 *  QUOTE / TRADE ──> feed watchdog (tick time, gaps, recovery), quote arrival time
 *  HEARTBEAT ──────> feed staleness, account intraday loss, portfolio drawdown / equity,
 *                    consecutive rejects ──> halts, kill switch
 *  CONTROL ────────> KILL (trigger in controlValue), RESET (reason required), LIMIT_CHANGE
 *  venue response ─> consecutive rejects, stop-outs, cancelling orders the kill switch missed
 * </pre>
 * The first layer that rejects stops the chain; the reject names its layer and carries the value
 * and the limit it broke. Each layer counts its accepts and rejects.
 * <p>
 * <b>Decisions worth knowing.</b>
 * <ul>
 *   <li>Time is the BLP's event time. Quote age and feed age are measured from when the BLP
 *   processed the tick, not from the feed's own timestamp, so data replayed from a file and
 *   heartbeats from the timer share one clock.</li>
 *   <li>The rate limit, orders-per-tick cap and dedup window count orders that were sent; a
 *   rejected order uses none of them. Amends are not new orders: they pass the kill switch,
 *   drawdown halt (when they add quantity), price bounds, notional, cooldown (when they add
 *   quantity), fat finger and exposure (when they add quantity), but do not count against the
 *   rate limit, the orders-per-tick cap or the dedup window.</li>
 *   <li>The drawdown halt and the stop-loss cooldown block orders that add risk; an order that
 *   only reduces a position still passes, so a halted account can get flat.</li>
 *   <li>Only rejects that say an order was wrong (sanity, price bounds, notional, market orders
 *   off, fat finger, exposure) and venue rejects count toward {@code max_consecutive_rejects}.
 *   Throttles and halts (kill switch, drawdown, rate, per-tick, cooldown, paused feed, stale or
 *   missing quote, dedup) reject in bursts by design and would otherwise turn every throttle into
 *   a kill. The count restarts when the venue acknowledges or fills an order.</li>
 *   <li>Position and leverage look at the position plus this order, not at other open orders.</li>
 *   <li>When the kill switch fires: an alert, a cancel for every order that can be cancelled, then
 *   (with {@code flatten_on_kill}) a market order per open position, which bypasses only the kill
 *   switch layer. Orders that were still pending at the venue are cancelled as soon as the venue
 *   answers for them.</li>
 *   <li>A reset (with a reason) also lifts account halts and restarts the reject count.</li>
 * </ul>
 * Allocation-free per order and per event; control events (rare operator actions) and the first
 * tick of a new feed may allocate.
 * <p>
 * Threading: BLP thread only, after {@link #attach}. State accessors may be read from another
 * thread only after the pipeline has stopped.
 */
public final class RiskChain implements PreTradeRisk
{
    private static final long NANOS_PER_MILLI = 1_000_000L;
    private static final long NANOS_PER_SECOND = 1_000_000_000L;
    private static final long NOT_STARTED = Long.MIN_VALUE;
    private static final int RESET_BY_OPERATOR = 1;
    private static final int RESET_AUTOMATIC = 2;
    private static final int REFUSED_NO_REASON = 1;
    private static final boolean[] COUNTS_TOWARD_CONSECUTIVE = new boolean[RejectReason.values().length];

    static
    {
        final RejectReason[] counted = {
            RejectReason.INVALID_QUANTITY, RejectReason.INVALID_PRICE, RejectReason.PRICE_OVERFLOW,
            RejectReason.PRICE_BELOW_MIN, RejectReason.PRICE_ABOVE_MAX, RejectReason.NOTIONAL_LIMIT,
            RejectReason.MARKET_ORDERS_DISABLED, RejectReason.PRICE_DEVIATION, RejectReason.POSITION_LIMIT,
            RejectReason.LEVERAGE_LIMIT};
        for (final RejectReason r : counted)
        {
            COUNTS_TOWARD_CONSECUTIVE[r.ordinal()] = true;
        }
    }

    private final RiskConfig config;
    private final KillSwitch killSwitch = new KillSwitch();
    private final FeedAlerts feedAlerts = new FeedAlerts();

    private RiskContext context;
    private ReferenceData referenceData;
    private MarketState market;
    private PositionBook positions;
    private LimitTable limits;
    private RiskCounters counters;
    private FeedWatchdog feeds;
    private OrderRateWindow rates;
    private DuplicateOrderWindow sentOrders;
    private int accountCount;
    private int instrumentCount;
    private long[] quoteArrivalNanos;
    private long[] cooldownUntilNanos;
    private long[] lastRealisedPnl;
    private boolean[] accountHalted;
    private long[] haltLoss;
    private long[] haltAllowance;
    private long[] tickSequence;
    private long[] tickOrders;
    private long startNanos = NOT_STARTED;
    private long peakEquity;
    private long consecutiveRejects;
    private boolean flattening;

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
        this.referenceData = context.referenceData();
        this.market = context.market();
        this.positions = context.positions();
        this.accountCount = referenceData.accountCount();
        this.instrumentCount = referenceData.instrumentCount();
        this.limits = new LimitTable(config, accountCount, instrumentCount);
        this.counters = new RiskCounters(context.counters());
        this.feeds = new FeedWatchdog(instrumentCount, feedAlerts);
        this.rates = new OrderRateWindow(accountCount, limits.highest(RiskLimit.RATE_LIMIT_PER_SEC));
        this.sentOrders = new DuplicateOrderWindow(accountCount);
        this.quoteArrivalNanos = new long[instrumentCount];
        this.cooldownUntilNanos = new long[accountCount * instrumentCount];
        this.lastRealisedPnl = new long[accountCount];
        this.accountHalted = new boolean[accountCount];
        this.haltLoss = new long[accountCount];
        this.haltAllowance = new long[accountCount];
        this.tickSequence = new long[accountCount];
        this.tickOrders = new long[accountCount];
        Arrays.fill(tickSequence, -1);
        long startingEquity = 0;
        for (int a = 0; a < accountCount; a++)
        {
            startingEquity += positions.startingCash(a);
        }
        this.peakEquity = startingEquity;
        this.context = context;
    }

    // ------------------------------------------------------------------------------------------
    // The chain
    // ------------------------------------------------------------------------------------------

    @Override
    public boolean check(final Order order, final long nowNanos, final RiskVerdict verdict)
    {
        markStart(nowNanos);
        final int a = order.accountId();
        final int i = order.instrumentId();
        final Side side = order.side();
        final OrderType type = order.orderType();
        final long price = order.price();
        final long requested = order.quantity();

        if (killSwitch.isEngaged() && !flattening)
        {
            return reject(RiskLayer.KILL_SWITCH, verdict, RejectReason.KILL_SWITCH, 0, 0);
        }
        counters.accept(RiskLayer.KILL_SWITCH);

        if (accountHalted[a] && addsRisk(a, i, side, requested))
        {
            return reject(RiskLayer.DRAWDOWN, verdict, RejectReason.ACCOUNT_HALTED, haltLoss[a], haltAllowance[a]);
        }
        counters.accept(RiskLayer.DRAWDOWN);

        if (!OrderSanityCheck.check(type, price, requested, verdict))
        {
            return rejected(RiskLayer.SANITY, verdict);
        }
        counters.accept(RiskLayer.SANITY);

        if (type == OrderType.LIMIT && !withinPriceBounds(i, price, verdict))
        {
            return rejected(RiskLayer.PRICE_BOUNDS, verdict);
        }
        counters.accept(RiskLayer.PRICE_BOUNDS);

        final long quantity = fitNotional(a, i, side, type, price, requested, verdict);
        if (quantity == 0)
        {
            return rejected(RiskLayer.NOTIONAL, verdict);
        }
        counters.accept(RiskLayer.NOTIONAL);

        final long rateLimit = limits.account(RiskLimit.RATE_LIMIT_PER_SEC, a);
        if (!rates.allows(a, nowNanos, rateLimit))
        {
            return reject(RiskLayer.RATE_LIMIT, verdict, RejectReason.RATE_LIMIT, rateLimit, rateLimit);
        }
        counters.accept(RiskLayer.RATE_LIMIT);

        final long sequence = context.currentSequence();
        if (tickSequence[a] != sequence)
        {
            tickSequence[a] = sequence;
            tickOrders[a] = 0;
        }
        final long perTick = limits.account(RiskLimit.MAX_ORDERS_PER_TICK, a);
        if (perTick > 0 && tickOrders[a] >= perTick)
        {
            return reject(RiskLayer.ORDERS_PER_TICK, verdict, RejectReason.ORDERS_PER_TICK, tickOrders[a], perTick);
        }
        counters.accept(RiskLayer.ORDERS_PER_TICK);

        if (type == OrderType.MARKET && limits.account(RiskLimit.ALLOW_MARKET_ORDERS, a) == 0)
        {
            return reject(RiskLayer.MARKET_ORDERS, verdict, RejectReason.MARKET_ORDERS_DISABLED, 0, 0);
        }
        counters.accept(RiskLayer.MARKET_ORDERS);

        if (!outsideCooldown(a, i, side, quantity, nowNanos, verdict))
        {
            return rejected(RiskLayer.STOP_LOSS_COOLDOWN, verdict);
        }
        counters.accept(RiskLayer.STOP_LOSS_COOLDOWN);

        if (!passesMarketChecks(i, type, price, nowNanos, verdict))
        {
            return rejected(RiskLayer.FAT_FINGER, verdict);
        }
        counters.accept(RiskLayer.FAT_FINGER);

        if (!withinExposure(a, i, side, type, price, quantity, verdict))
        {
            return rejected(RiskLayer.EXPOSURE, verdict);
        }
        counters.accept(RiskLayer.EXPOSURE);

        final long dedupMillis = limits.account(RiskLimit.DEDUP_WINDOW_MS, a);
        if (dedupMillis > 0)
        {
            final long age = sentOrders.ageOfSame(a, i, side, type, price, requested, nowNanos, dedupMillis * NANOS_PER_MILLI);
            if (age >= 0)
            {
                return reject(RiskLayer.DEDUP, verdict, RejectReason.DUPLICATE_ORDER, age / NANOS_PER_MILLI, dedupMillis);
            }
        }
        counters.accept(RiskLayer.DEDUP);

        rates.record(a, nowNanos);
        tickOrders[a]++;
        sentOrders.record(a, i, side, type, price, requested, nowNanos);
        return true;
    }

    @Override
    public boolean checkAmend(
        final Order order, final long newPrice, final long newQuantity, final long nowNanos, final RiskVerdict verdict)
    {
        markStart(nowNanos);
        final int a = order.accountId();
        final int i = order.instrumentId();
        final Side side = order.side();
        final boolean addsQuantity = newQuantity > order.quantity();

        if (killSwitch.isEngaged())
        {
            return reject(RiskLayer.KILL_SWITCH, verdict, RejectReason.KILL_SWITCH, 0, 0);
        }
        counters.accept(RiskLayer.KILL_SWITCH);

        if (accountHalted[a] && addsQuantity)
        {
            return reject(RiskLayer.DRAWDOWN, verdict, RejectReason.ACCOUNT_HALTED, haltLoss[a], haltAllowance[a]);
        }
        counters.accept(RiskLayer.DRAWDOWN);

        // The BLP's amend path has already run the sanity check on the new terms.
        counters.accept(RiskLayer.SANITY);

        if (!withinPriceBounds(i, newPrice, verdict))
        {
            return rejected(RiskLayer.PRICE_BOUNDS, verdict);
        }
        counters.accept(RiskLayer.PRICE_BOUNDS);

        final long maxNotional = limits.account(RiskLimit.MAX_ORDER_NOTIONAL, a);
        if (maxNotional > 0)
        {
            final long notional = FixedPoint.multiply(newPrice, newQuantity);
            if (notional == FixedPoint.OVERFLOW || notional > maxNotional)
            {
                return reject(RiskLayer.NOTIONAL, verdict, RejectReason.NOTIONAL_LIMIT,
                    notional == FixedPoint.OVERFLOW ? Long.MAX_VALUE : notional, maxNotional);
            }
        }
        counters.accept(RiskLayer.NOTIONAL);

        if (addsQuantity && !outsideCooldown(a, i, side, Long.MAX_VALUE, nowNanos, verdict))
        {
            return rejected(RiskLayer.STOP_LOSS_COOLDOWN, verdict);
        }
        counters.accept(RiskLayer.STOP_LOSS_COOLDOWN);

        if (!passesMarketChecks(i, OrderType.LIMIT, newPrice, nowNanos, verdict))
        {
            return rejected(RiskLayer.FAT_FINGER, verdict);
        }
        counters.accept(RiskLayer.FAT_FINGER);

        if (addsQuantity &&
            !withinExposure(a, i, side, OrderType.LIMIT, newPrice, newQuantity - order.cumulativeQuantity(), verdict))
        {
            return rejected(RiskLayer.EXPOSURE, verdict);
        }
        counters.accept(RiskLayer.EXPOSURE);
        return true;
    }

    private boolean withinPriceBounds(final int i, final long price, final RiskVerdict verdict)
    {
        final long min = limits.instrument(RiskLimit.PRICE_MIN, i);
        if (price < min)
        {
            return verdict.reject(RejectReason.PRICE_BELOW_MIN, price, min);
        }
        final long max = limits.instrument(RiskLimit.PRICE_MAX, i);
        if (max > 0 && price > max)
        {
            return verdict.reject(RejectReason.PRICE_ABOVE_MAX, price, max);
        }
        return true;
    }

    /**
     * @return the quantity to send (shrunk when allowed and needed), or 0 after a reject.
     */
    private long fitNotional(
        final int a, final int i, final Side side, final OrderType type, final long price, final long quantity,
        final RiskVerdict verdict)
    {
        final long maxNotional = limits.account(RiskLimit.MAX_ORDER_NOTIONAL, a);
        if (maxNotional == 0)
        {
            return quantity;
        }
        final long unitPrice = type == OrderType.LIMIT ? price : marketOrderPrice(i, side);
        final long notional = FixedPoint.multiply(unitPrice, quantity);
        if (notional != FixedPoint.OVERFLOW && notional <= maxNotional)
        {
            return quantity;
        }
        if (limits.account(RiskLimit.NOTIONAL_SHRINK_TO_FIT, a) != 0 && unitPrice > 0)
        {
            // Whole units only: without lot sizes in the reference data, a fractional child order
            // would be a surprise at most venues.
            long fit = FixedPoint.mulDiv(maxNotional, FixedPoint.SCALE, unitPrice);
            fit -= fit % FixedPoint.SCALE;
            if (fit > 0 && fit < quantity)
            {
                verdict.adjustQuantity(fit);
                return fit;
            }
        }
        verdict.reject(RejectReason.NOTIONAL_LIMIT, notional == FixedPoint.OVERFLOW ? Long.MAX_VALUE : notional, maxNotional);
        return 0;
    }

    /**
     * The price a market order is valued at: the touch it would take, else the last trade, else
     * the instrument's reference price.
     */
    private long marketOrderPrice(final int i, final Side side)
    {
        final long touch = side == Side.BUY ? market.askPrice(i) : market.bidPrice(i);
        if (touch > 0)
        {
            return touch;
        }
        final long last = market.lastTradePrice(i);
        return last > 0 ? last : referenceData.instrument(i).referencePrice();
    }

    private boolean outsideCooldown(
        final int a, final int i, final Side side, final long quantity, final long nowNanos, final RiskVerdict verdict)
    {
        final long until = cooldownUntilNanos[a * instrumentCount + i];
        if (nowNanos < until && addsRisk(a, i, side, quantity))
        {
            final long leftMillis = (until - nowNanos + NANOS_PER_MILLI - 1) / NANOS_PER_MILLI;
            return verdict.reject(
                RejectReason.STOP_LOSS_COOLDOWN, leftMillis, limits.account(RiskLimit.STOP_LOSS_COOLDOWN_MS, a));
        }
        return true;
    }

    private boolean passesMarketChecks(
        final int i, final OrderType type, final long price, final long nowNanos, final RiskVerdict verdict)
    {
        if (feeds.isPaused(i))
        {
            return verdict.reject(RejectReason.INSTRUMENT_PAUSED, feeds.feedOf(i));
        }
        final long maxAgeMillis = limits.instrument(RiskLimit.MAX_QUOTE_AGE_MS, i);
        final long maxDeviation = type == OrderType.LIMIT ? limits.instrument(RiskLimit.MAX_PRICE_DEVIATION_PCT, i) : 0;
        if (maxAgeMillis == 0 && maxDeviation == 0)
        {
            return true;
        }
        if (!market.hasTwoSidedQuote(i))
        {
            return verdict.reject(RejectReason.NO_QUOTE, i);
        }
        if (maxAgeMillis > 0)
        {
            final long age = nowNanos - quoteArrivalNanos[i];
            if (age > maxAgeMillis * NANOS_PER_MILLI)
            {
                return verdict.reject(RejectReason.STALE_QUOTE, (age + NANOS_PER_MILLI - 1) / NANOS_PER_MILLI, maxAgeMillis);
            }
        }
        if (maxDeviation > 0)
        {
            final long mid = market.markPrice(i);
            final long distance = Math.abs(price - mid);
            if (distance > FixedPoint.multiply(mid, maxDeviation))
            {
                // Shown rounded so that it never reads as equal to the limit it broke.
                final long deviation = Math.max(FixedPoint.mulDiv(distance, FixedPoint.SCALE, mid), maxDeviation + 1);
                return verdict.reject(RejectReason.PRICE_DEVIATION, deviation, maxDeviation);
            }
        }
        return true;
    }

    private boolean withinExposure(
        final int a, final int i, final Side side, final OrderType type, final long price, final long quantity,
        final RiskVerdict verdict)
    {
        final long position = positions.position(a, i);
        final long projected = position + (side == Side.BUY ? quantity : -quantity);
        if (Math.abs(projected) <= Math.abs(position))
        {
            return true;
        }
        final long maxPosition = limits.instrument(RiskLimit.MAX_POSITION, i);
        if (maxPosition > 0 && Math.abs(projected) > maxPosition)
        {
            return verdict.reject(RejectReason.POSITION_LIMIT, projected, maxPosition);
        }
        final long maxLeverage = limits.account(RiskLimit.MAX_GROSS_LEVERAGE, a);
        if (maxLeverage == 0)
        {
            return true;
        }
        // Value the instrument the way PositionBook.grossExposure does, so the projection is
        // that sum with this instrument's term replaced.
        final long mark = market.markPrice(i);
        final long currentMark = mark > 0 ? mark : positions.averagePrice(a, i);
        final long newMark = mark > 0 ? mark : type == OrderType.LIMIT ? price : marketOrderPrice(i, side);
        final long gross = saturatingAdd(
            positions.grossExposure(a) - absNotional(currentMark, position), absNotional(newMark, projected));
        final long equity = positions.equity(a);
        final long allowed = equity <= 0 ? 0 : FixedPoint.multiply(equity, maxLeverage);
        if (allowed == FixedPoint.OVERFLOW || gross <= allowed)
        {
            return true;
        }
        final long leverage = equity <= 0 ? Long.MAX_VALUE : Math.max(FixedPoint.mulDiv(gross, FixedPoint.SCALE, equity), maxLeverage + 1);
        return verdict.reject(RejectReason.LEVERAGE_LIMIT, leverage, maxLeverage);
    }

    private static long absNotional(final long price, final long quantity)
    {
        if (quantity == 0)
        {
            return 0;
        }
        final long n = FixedPoint.multiply(price, quantity);
        return n == FixedPoint.OVERFLOW ? Long.MAX_VALUE : Math.abs(n);
    }

    private static long saturatingAdd(final long x, final long y)
    {
        final long r = x + y;
        return ((x ^ r) & (y ^ r)) < 0 ? Long.MAX_VALUE : r;
    }

    /**
     * @return false when the order only reduces the account's position in the instrument.
     */
    private boolean addsRisk(final int a, final int i, final Side side, final long quantity)
    {
        final long position = positions.position(a, i);
        if (side == Side.SELL)
        {
            return position <= 0 || quantity > position;
        }
        return position >= 0 || quantity > -position;
    }

    private boolean reject(
        final RiskLayer layer, final RiskVerdict verdict, final RejectReason reason, final long value, final long limit)
    {
        verdict.reject(reason, value, limit);
        return rejected(layer, verdict);
    }

    private boolean rejected(final RiskLayer layer, final RiskVerdict verdict)
    {
        counters.reject(layer);
        if (COUNTS_TOWARD_CONSECUTIVE[verdict.reason().ordinal()])
        {
            setConsecutiveRejects(consecutiveRejects + 1);
        }
        return false;
    }

    private void setConsecutiveRejects(final long n)
    {
        consecutiveRejects = n;
        counters.consecutiveRejects.setRelease(n);
    }

    private void markStart(final long nowNanos)
    {
        if (startNanos == NOT_STARTED)
        {
            startNanos = nowNanos;
        }
    }

    // ------------------------------------------------------------------------------------------
    // Inputs risk judges by
    // ------------------------------------------------------------------------------------------

    @Override
    public void onMarketData(final InboundEvent marketData, final long nowNanos)
    {
        markStart(nowNanos);
        feeds.onMarketData(
            marketData.source, marketData.feedSequence, marketData.instrumentId, nowNanos,
            limits.global(RiskLimit.FEED_AUTO_RECOVER) != 0);
        if (marketData.type == EventType.QUOTE)
        {
            quoteArrivalNanos[marketData.instrumentId] = nowNanos;
        }
    }

    @Override
    public void onOrderUpdate(final InboundEvent response, final Order order)
    {
        switch (response.type)
        {
            case VENUE_REJECT:
                setConsecutiveRejects(consecutiveRejects + 1);
                break;
            case VENUE_ACK:
                setConsecutiveRejects(0);
                break;
            case VENUE_FILL:
                setConsecutiveRejects(0);
                detectStopOut(order);
                break;
            default:
                break;
        }
        if (killSwitch.isEngaged() &&
            order.strategyId() != RiskContext.FLATTEN_STRATEGY_ID &&
            response.type != EventType.VENUE_CANCEL_REJECT &&
            response.type != EventType.VENUE_ERROR &&
            isCancellable(order.state()))
        {
            // Pending at the venue when the switch fired (or its cancel crossed an amend): cancel
            // it now that the venue has answered. Never after a refused cancel, which would loop.
            context.cancel(order);
        }
    }

    private static boolean isCancellable(final OrderState state)
    {
        return state == OrderState.ACCEPTED || state == OrderState.PARTIALLY_FILLED || state == OrderState.REPLACED;
    }

    private void detectStopOut(final Order order)
    {
        final int a = order.accountId();
        final long realised = positions.realisedPnl(a);
        final long change = realised - lastRealisedPnl[a];
        lastRealisedPnl[a] = realised;
        final long stopOutLoss = limits.account(RiskLimit.STOP_OUT_LOSS, a);
        final long cooldownMillis = limits.account(RiskLimit.STOP_LOSS_COOLDOWN_MS, a);
        if (stopOutLoss > 0 && cooldownMillis > 0 && -change >= stopOutLoss)
        {
            cooldownUntilNanos[a * instrumentCount + order.instrumentId()] = context.nowNanos() + cooldownMillis * NANOS_PER_MILLI;
        }
    }

    @Override
    public void onHeartbeat(final long nowNanos)
    {
        markStart(nowNanos);
        counters.untrackedFeedTicks.setRelease(feeds.untrackedTicks());
        final long graceNanos = limits.global(RiskLimit.GRACE_PERIOD_S) * NANOS_PER_SECOND;
        if (nowNanos - startNanos >= graceNanos)
        {
            feeds.evaluate(
                nowNanos,
                limits.global(RiskLimit.FEED_DEGRADED_SECONDS) * NANOS_PER_SECOND,
                limits.global(RiskLimit.FEED_STALE_SECONDS) * NANOS_PER_SECOND,
                limits.global(RiskLimit.FEED_DISCONNECTED_SECONDS) * NANOS_PER_SECOND,
                limits.global(RiskLimit.FEED_AUTO_RECOVER) != 0);
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
            if (accountHalted[a] || maxLoss == 0)
            {
                continue;
            }
            final long start = positions.startingCash(a);
            final long loss = start - positions.equity(a);
            final long allowance = FixedPoint.multiply(start, maxLoss);
            if (loss > 0 && loss >= allowance)
            {
                accountHalted[a] = true;
                haltLoss[a] = loss;
                haltAllowance[a] = allowance;
                counters.watchdogHalts.incrementRelease();
                final EngineOutput out = watchdogHalt(HaltReason.INTRADAY_LOSS, Runbook.WATCHDOG_HALT, loss, allowance);
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

        if (!killSwitch.isEngaged())
        {
            if (drawdownBreached)
            {
                final long drawdown = FixedPoint.mulDiv(drop, FixedPoint.SCALE, peakEquity);
                counters.watchdogHalts.incrementRelease();
                watchdogHalt(HaltReason.DRAWDOWN, Runbook.KILL_SWITCH, drawdown, drawdownLimit);
                engage(KillTrigger.DRAWDOWN, drawdown, drawdownLimit, nowNanos, null);
            }
            else if (equityBreached)
            {
                counters.watchdogHalts.incrementRelease();
                watchdogHalt(HaltReason.MIN_EQUITY, Runbook.KILL_SWITCH, equity, minEquity);
                engage(KillTrigger.EQUITY_MINIMUM, equity, minEquity, nowNanos, null);
            }
            return;
        }
        if (limits.global(RiskLimit.REQUIRE_MANUAL_RESET) == 0 && killSwitch.trigger().conditionCanClear())
        {
            final boolean cleared = killSwitch.trigger() == KillTrigger.DRAWDOWN ? !drawdownBreached : !equityBreached;
            if (cleared)
            {
                final KillTrigger was = killSwitch.trigger();
                killSwitch.clear(nowNanos);
                counters.killSwitchResets.incrementRelease();
                counters.killSwitchEngaged.setRelease(0);
                final EngineOutput out = context.alert(AlertKind.KILL_SWITCH_RESET, Runbook.KILL_SWITCH);
                out.alertCode = was.code();
                out.alertDetail = RESET_AUTOMATIC;
            }
        }
    }

    private void watchRejects(final long nowNanos)
    {
        final long max = limits.global(RiskLimit.MAX_CONSECUTIVE_REJECTS);
        if (max > 0 && consecutiveRejects >= max && !killSwitch.isEngaged())
        {
            final long count = consecutiveRejects;
            setConsecutiveRejects(0);
            counters.watchdogHalts.incrementRelease();
            watchdogHalt(HaltReason.CONSECUTIVE_REJECTS, Runbook.KILL_SWITCH, count, max);
            engage(KillTrigger.CONSECUTIVE_REJECTS, count, max, nowNanos, null);
        }
    }

    private EngineOutput watchdogHalt(final HaltReason reason, final Runbook runbook, final long value, final long limit)
    {
        final EngineOutput out = context.alert(AlertKind.WATCHDOG_HALT, runbook);
        out.alertCode = reason.code();
        out.alertValue = value;
        out.alertLimit = limit;
        return out;
    }

    // ------------------------------------------------------------------------------------------
    // Control: kill, reset, limit change
    // ------------------------------------------------------------------------------------------

    @Override
    public void onControl(final InboundEvent control)
    {
        final long nowNanos = context.nowNanos();
        markStart(nowNanos);
        switch (control.controlAction)
        {
            case KILL:
                fireFromControl(control, nowNanos);
                break;
            case RESET:
                reset(control, nowNanos);
                break;
            case LIMIT_CHANGE:
                changeLimit(control);
                break;
            default:
                break;
        }
    }

    private void fireFromControl(final InboundEvent control, final long nowNanos)
    {
        KillTrigger trigger = KillTrigger.fromCode(control.controlValue);
        if (trigger == null || !trigger.isFiredByControl())
        {
            // Fail safe: a KILL always engages, whatever code it carries; the raw code is kept.
            trigger = KillTrigger.EXTERNAL;
        }
        engage(trigger, control.controlValue, 0, nowNanos, control);
    }

    private void engage(
        final KillTrigger trigger, final long value, final long limit, final long nowNanos, final InboundEvent control)
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

    private void reset(final InboundEvent control, final long nowNanos)
    {
        final boolean wasEngaged = killSwitch.isEngaged();
        final KillTrigger was = killSwitch.trigger();
        final KillSwitch.ResetOutcome outcome = killSwitch.reset(control, nowNanos);
        if (outcome == KillSwitch.ResetOutcome.REFUSED_NO_REASON)
        {
            counters.killSwitchResetRefusals.incrementRelease();
            context.alert(AlertKind.KILL_SWITCH_RESET_REFUSED, Runbook.KILL_SWITCH).alertDetail = REFUSED_NO_REASON;
            return;
        }
        if (outcome == KillSwitch.ResetOutcome.RESET)
        {
            counters.killSwitchResets.incrementRelease();
            counters.killSwitchEngaged.setRelease(0);
        }
        Arrays.fill(accountHalted, false);
        setConsecutiveRejects(0);
        final EngineOutput out = context.alert(AlertKind.KILL_SWITCH_RESET, Runbook.KILL_SWITCH);
        out.alertCode = wasEngaged ? was.code() : -1;
        out.alertDetail = RESET_BY_OPERATOR;
    }

    private void changeLimit(final InboundEvent control)
    {
        // Cold path: decoding the key allocates, which an operator's rare action may.
        final RiskLimit limit = RiskLimit.fromKey(control.text());
        final LimitRefusal refusal = limit == null ? LimitRefusal.UNKNOWN_KEY :
            limits.change(limit, control.accountId, control.instrumentId, control.controlValue);
        final EngineOutput out;
        if (refusal != null)
        {
            counters.limitChangesRefused.incrementRelease();
            out = context.alert(AlertKind.LIMIT_CHANGE_REFUSED, Runbook.RISK_LIMITS);
            out.alertCode = limit == null ? -1 : limit.code();
            out.alertDetail = refusal.code();
            out.alertValue = control.controlValue;
            out.alertLimit = limit == null ? 0 : limits.refusedBound();
        }
        else
        {
            if (limit == RiskLimit.RATE_LIMIT_PER_SEC)
            {
                rates.ensureCapacity(control.controlValue);
            }
            counters.limitChangesApplied.incrementRelease();
            out = context.alert(AlertKind.LIMIT_CHANGED, Runbook.RISK_LIMITS);
            out.alertCode = limit.code();
            out.alertValue = control.controlValue;
            out.alertLimit = limits.previousValue();
        }
        out.accountId = control.accountId;
        out.instrumentId = control.instrumentId;
    }

    // ------------------------------------------------------------------------------------------
    // Feed transitions become alerts
    // ------------------------------------------------------------------------------------------

    /**
     * Turns feed status changes into alerts and keeps per-feed counters.
     */
    private final class FeedAlerts implements FeedWatchdog.Listener
    {
        @Override
        public void onFeedSeen(final int feedId)
        {
            counters.registerFeed(feedId);
        }

        @Override
        public void onFeedStatusChange(
            final int feedId, final FeedStatus from, final FeedStatus to, final long ageNanos, final long gapsSinceLast)
        {
            final EngineOutput out;
            switch (to)
            {
                case STALE:
                case DISCONNECTED:
                    counters.watchdogHalts.incrementRelease();
                    out = watchdogHalt(
                        to == FeedStatus.STALE ? HaltReason.FEED_STALE : HaltReason.FEED_DISCONNECTED,
                        Runbook.FEED_STALE,
                        ageNanos / NANOS_PER_MILLI,
                        (to == FeedStatus.STALE ?
                            limits.global(RiskLimit.FEED_STALE_SECONDS) : limits.global(RiskLimit.FEED_DISCONNECTED_SECONDS)) * 1_000);
                    out.alertDetail = feedId;
                    break;
                case DEGRADED:
                    out = context.alert(AlertKind.FEED_DEGRADED, Runbook.FEED_STALE);
                    out.alertCode = feedId;
                    out.alertDetail = (int)Math.min(Integer.MAX_VALUE, gapsSinceLast);
                    out.alertValue = ageNanos / NANOS_PER_MILLI;
                    out.alertLimit = limits.global(RiskLimit.FEED_DEGRADED_SECONDS) * 1_000;
                    break;
                default:
                    out = context.alert(AlertKind.FEED_RECOVERED, Runbook.FEED_STALE);
                    out.alertCode = feedId;
                    out.alertDetail = from.code();
                    out.alertValue = ageNanos / NANOS_PER_MILLI;
                    break;
            }
        }
    }

    // ------------------------------------------------------------------------------------------
    // State, for tests, the run summary and snapshots (BLP thread, or after the pipeline stopped)
    // ------------------------------------------------------------------------------------------

    /**
     * @return the kill switch.
     */
    public KillSwitch killSwitch()
    {
        return killSwitch;
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
        return accountHalted[accountId];
    }

    /**
     * @return rejects in a row as counted toward {@code max_consecutive_rejects}.
     */
    public long consecutiveRejects()
    {
        return consecutiveRejects;
    }

    /**
     * @return the highest portfolio equity seen on a heartbeat (starting equity at first).
     */
    public long peakEquity()
    {
        return peakEquity;
    }

    /**
     * @return the starting configuration.
     */
    public RiskConfig config()
    {
        return config;
    }
}
