package io.horizon.engine.risk;

import io.horizon.engine.snapshot.SnapshotState;
import io.horizon.engine.snapshot.StateReader;
import io.horizon.engine.snapshot.StateWriter;

import java.util.Arrays;

import io.horizon.engine.event.FixedPoint;
import io.horizon.engine.event.OrderType;
import io.horizon.engine.event.RejectReason;
import io.horizon.engine.event.Side;
import io.horizon.engine.market.MarketState;
import io.horizon.engine.order.Order;
import io.horizon.engine.position.PositionBook;
import io.horizon.engine.reference.ReferenceData;
import io.horizon.engine.watchdog.FeedWatchdog;

/**
 * The pre-trade layers, in order, and what each one decides on. {@link #check} (a new order) and
 * {@link #checkAmend} (an amend of a live limit order) list the order of the layers; each layer is
 * one method below, and its Javadoc says what it reads.
 * <pre>
 *  new order ─> 1 kill switch ─> 2 account loss halt ─> 3 sanity ─> 4 price bounds ─> 5 notional
 *     ─> 6 rate limit ─> 7 orders/tick ─> 8 market orders ─> 9 stop-loss cooldown
 *     ─> 10 quote and deviation ─> 11 exposure ─> 12 dedup ──> accepted (counts against 6, 7, 12)
 *
 *  amend ─────> 1 ─> 2 (adds quantity) ─> 3 (the BLP ran it) ─> 4 ─> 5 (never shrinks)
 *     ─> 9 (adds quantity) ─> 10 ─> 11 (adds quantity) ──> accepted
 * </pre>
 * The first layer that rejects stops the chain; the reject names its {@link RiskLayer} and carries
 * the value and the limit it broke, and each layer counts its accepts and rejects in
 * {@link RiskCounters}. Amends are not new orders: they do not count against, or get checked by,
 * the rate limit, the orders-per-tick cap or the dedup window. The account loss halt and the
 * stop-loss cooldown block orders that add risk; an order that only reduces a position passes, so
 * a halted account can get flat. Position and leverage look at the position plus this order, not
 * at other open orders. Quote age is measured from when the BLP processed the quote (event time),
 * so data replayed from a file and heartbeats share one clock.
 * <p>
 * Threading: BLP thread only. Allocation-free.
 */
final class PreTradeLayers implements SnapshotState
{
    private static final long NANOS_PER_MILLI = 1_000_000L;

    private final RiskContext context;
    private final ReferenceData referenceData;
    private final MarketState market;
    private final PositionBook positions;
    private final LimitTable limits;
    private final RiskCounters counters;
    private final KillSwitchControl killSwitch;
    private final AccountHalts halts;
    private final StopOutCooldowns cooldowns;
    private final FeedWatchdog feeds;
    private final RejectStreak rejects;
    private final OrderRateWindow rates;
    private final DuplicateOrderWindow sentOrders;
    private final long[] quoteArrivalNanos;
    private final long[] tickSequence;
    private final long[] tickOrders;

    PreTradeLayers(
        final RiskContext context,
        final LimitTable limits,
        final RiskCounters counters,
        final KillSwitchControl killSwitch,
        final AccountHalts halts,
        final StopOutCooldowns cooldowns,
        final FeedWatchdog feeds,
        final RejectStreak rejects,
        final OrderRateWindow rates)
    {
        this.context = context;
        this.referenceData = context.referenceData();
        this.market = context.market();
        this.positions = context.positions();
        this.limits = limits;
        this.counters = counters;
        this.killSwitch = killSwitch;
        this.halts = halts;
        this.cooldowns = cooldowns;
        this.feeds = feeds;
        this.rejects = rejects;
        this.rates = rates;
        final int accountCount = referenceData.accountCount();
        this.sentOrders = new DuplicateOrderWindow(accountCount);
        this.quoteArrivalNanos = new long[referenceData.instrumentCount()];
        this.tickSequence = new long[accountCount];
        this.tickOrders = new long[accountCount];
        Arrays.fill(tickSequence, -1);
    }

    /**
     * A quote for a valid instrument arrived: the quote age of layer 10 starts now.
     */
    void onQuote(final int instrumentId, final long nowNanos)
    {
        quoteArrivalNanos[instrumentId] = nowNanos;
    }

    // ------------------------------------------------------------------------------------------
    // The order of the layers
    // ------------------------------------------------------------------------------------------

    /**
     * @see PreTradeRisk#check
     */
    boolean check(final Order order, final long nowNanos, final RiskVerdict verdict)
    {
        final int a = order.accountId();
        final int i = order.instrumentId();
        final Side side = order.side();
        final OrderType type = order.orderType();
        final long price = order.price();
        final long requested = order.quantity();

        if (!passes(RiskLayer.KILL_SWITCH, killSwitchArmed(killSwitch.blocksNewOrders(), verdict), verdict) ||
            !passes(RiskLayer.ACCOUNT_LOSS_HALT, notHalted(a, i, side, requested, verdict), verdict) ||
            !passes(RiskLayer.SANITY, OrderSanityCheck.check(type, price, requested, verdict), verdict) ||
            !passes(RiskLayer.PRICE_BOUNDS, type != OrderType.LIMIT || withinPriceBounds(i, price, verdict), verdict))
        {
            return false;
        }
        final long unitPrice = type == OrderType.LIMIT ? price : marketOrderPrice(i, side);
        final boolean shrinkToFit = limits.account(RiskLimit.NOTIONAL_SHRINK_TO_FIT, a) != 0;
        final long quantity = fitNotional(a, unitPrice, requested, shrinkToFit, verdict);
        return passes(RiskLayer.NOTIONAL, quantity != 0, verdict) &&
            passes(RiskLayer.RATE_LIMIT, withinRate(a, nowNanos, verdict), verdict) &&
            passes(RiskLayer.ORDERS_PER_TICK, withinTickCap(a, verdict), verdict) &&
            passes(RiskLayer.MARKET_ORDERS, marketOrdersAllowed(a, type, verdict), verdict) &&
            passes(RiskLayer.STOP_LOSS_COOLDOWN, outsideCooldown(a, i, side, quantity, nowNanos, verdict), verdict) &&
            passes(RiskLayer.QUOTE_AND_DEVIATION, quoteAndDeviation(i, type, price, nowNanos, verdict), verdict) &&
            passes(RiskLayer.EXPOSURE, withinExposure(a, i, side, unitPrice, quantity, verdict), verdict) &&
            passes(RiskLayer.DEDUP, notDuplicate(a, i, side, type, price, requested, nowNanos, verdict), verdict) &&
            sent(a, i, side, type, price, requested, nowNanos);
    }

    /**
     * @see PreTradeRisk#checkAmend
     */
    boolean checkAmend(
        final Order order, final long newPrice, final long newQuantity, final long nowNanos, final RiskVerdict verdict)
    {
        final int a = order.accountId();
        final int i = order.instrumentId();
        final Side side = order.side();
        final boolean addsQuantity = newQuantity > order.quantity();

        // Flattening never amends, so the kill switch refuses every amend while engaged.
        return passes(RiskLayer.KILL_SWITCH, killSwitchArmed(killSwitch.isEngaged(), verdict), verdict) &&
            passes(RiskLayer.ACCOUNT_LOSS_HALT, !addsQuantity || notHalted(a, i, side, Long.MAX_VALUE, verdict), verdict) &&
            // The BLP's amend path has already run the sanity check on the new terms.
            passes(RiskLayer.SANITY, true, verdict) &&
            passes(RiskLayer.PRICE_BOUNDS, withinPriceBounds(i, newPrice, verdict), verdict) &&
            passes(RiskLayer.NOTIONAL, fitNotional(a, newPrice, newQuantity, false, verdict) != 0, verdict) &&
            passes(RiskLayer.STOP_LOSS_COOLDOWN,
                !addsQuantity || outsideCooldown(a, i, side, Long.MAX_VALUE, nowNanos, verdict), verdict) &&
            passes(RiskLayer.QUOTE_AND_DEVIATION, quoteAndDeviation(i, OrderType.LIMIT, newPrice, nowNanos, verdict), verdict) &&
            passes(RiskLayer.EXPOSURE,
                !addsQuantity || withinExposure(a, i, side, newPrice, newQuantity - order.cumulativeQuantity(), verdict), verdict);
    }

    /**
     * Counts the layer's decision; a reject also extends the reject streak when its reason counts.
     */
    private boolean passes(final RiskLayer layer, final boolean passed, final RiskVerdict verdict)
    {
        if (passed)
        {
            counters.accept(layer);
            return true;
        }
        counters.reject(layer);
        rejects.onRiskReject(verdict.reason());
        return false;
    }

    /**
     * Books an accepted new order against the rate limit, the per-tick cap and the dedup window.
     */
    private boolean sent(
        final int a, final int i, final Side side, final OrderType type, final long price, final long quantity,
        final long nowNanos)
    {
        rates.record(a, nowNanos);
        tickOrders[a]++;
        sentOrders.record(a, i, side, type, price, quantity, nowNanos);
        return true;
    }

    // ------------------------------------------------------------------------------------------
    // The layers
    // ------------------------------------------------------------------------------------------

    /**
     * 1. Reads the kill switch ({@link KillSwitchControl}).
     */
    private static boolean killSwitchArmed(final boolean blocked, final RiskVerdict verdict)
    {
        return !blocked || verdict.reject(RejectReason.KILL_SWITCH, 0, 0);
    }

    /**
     * 2. Reads the watchdog's account halts ({@link AccountHalts}) and the position.
     */
    private boolean notHalted(final int a, final int i, final Side side, final long quantity, final RiskVerdict verdict)
    {
        return !halts.isHalted(a) || !addsRisk(a, i, side, quantity) ||
            verdict.reject(RejectReason.ACCOUNT_HALTED, halts.loss(a), halts.allowance(a));
    }

    /**
     * 4. Reads {@code price_min} and {@code price_max} of the instrument.
     */
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
     * 5. Reads {@code max_order_notional} and {@code notional_shrink_to_fit} of the account. An
     * order over the limit is shrunk to whole units that fit when shrinking is allowed (new orders
     * only; an amend is never shrunk), else rejected.
     *
     * @return the quantity to send, or 0 after a reject.
     */
    private long fitNotional(
        final int a, final long unitPrice, final long quantity, final boolean shrinkToFit, final RiskVerdict verdict)
    {
        final long maxNotional = limits.account(RiskLimit.MAX_ORDER_NOTIONAL, a);
        if (maxNotional == 0)
        {
            return quantity;
        }
        final long notional = FixedPoint.multiply(unitPrice, quantity);
        if (notional != FixedPoint.OVERFLOW && notional <= maxNotional)
        {
            return quantity;
        }
        if (shrinkToFit && unitPrice > 0)
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
     * 6. Reads {@code rate_limit_per_sec} of the account and the orders it sent in the last second
     * of event time ({@link OrderRateWindow}).
     */
    private boolean withinRate(final int a, final long nowNanos, final RiskVerdict verdict)
    {
        final long rateLimit = limits.account(RiskLimit.RATE_LIMIT_PER_SEC, a);
        return rates.allows(a, nowNanos, rateLimit) || verdict.reject(RejectReason.RATE_LIMIT, rateLimit, rateLimit);
    }

    /**
     * 7. Reads {@code max_orders_per_tick} of the account and the orders it sent for the inbound
     * event being processed (the BLP's current sequence).
     */
    private boolean withinTickCap(final int a, final RiskVerdict verdict)
    {
        final long sequence = context.currentSequence();
        if (tickSequence[a] != sequence)
        {
            tickSequence[a] = sequence;
            tickOrders[a] = 0;
        }
        final long perTick = limits.account(RiskLimit.MAX_ORDERS_PER_TICK, a);
        return perTick <= 0 || tickOrders[a] < perTick || verdict.reject(RejectReason.ORDERS_PER_TICK, tickOrders[a], perTick);
    }

    /**
     * 8. Reads {@code allow_market_orders} of the account.
     */
    private boolean marketOrdersAllowed(final int a, final OrderType type, final RiskVerdict verdict)
    {
        return type != OrderType.MARKET || limits.account(RiskLimit.ALLOW_MARKET_ORDERS, a) != 0 ||
            verdict.reject(RejectReason.MARKET_ORDERS_DISABLED, 0, 0);
    }

    /**
     * 9. Reads the stop-out cooldown of the account on the instrument ({@link StopOutCooldowns}),
     * {@code stop_loss_cooldown_ms} and the position.
     */
    private boolean outsideCooldown(
        final int a, final int i, final Side side, final long quantity, final long nowNanos, final RiskVerdict verdict)
    {
        final long until = cooldowns.untilNanos(a, i);
        if (nowNanos < until && addsRisk(a, i, side, quantity))
        {
            final long leftMillis = (until - nowNanos + NANOS_PER_MILLI - 1) / NANOS_PER_MILLI;
            return verdict.reject(
                RejectReason.STOP_LOSS_COOLDOWN, leftMillis, limits.account(RiskLimit.STOP_LOSS_COOLDOWN_MS, a));
        }
        return true;
    }

    /**
     * 10. Reads the feed watchdog (is the instrument's feed paused?), the market state (a crossed
     * quote refuses every order on the instrument; a two-sided quote, its mid), when the quote arrived, and {@code max_quote_age_ms} and
     * {@code max_price_deviation_pct} of the instrument. Without either limit only the paused feed
     * is checked; the deviation applies to limit orders only.
     */
    private boolean quoteAndDeviation(
        final int i, final OrderType type, final long price, final long nowNanos, final RiskVerdict verdict)
    {
        if (feeds.isPaused(i))
        {
            return verdict.reject(RejectReason.INSTRUMENT_PAUSED, feeds.feedOf(i));
        }
        if (market.isCrossed(i))
        {
            // Recorded and live data may cross; whatever an order was priced off, the book is not a price.
            return verdict.reject(RejectReason.CROSSED_QUOTE, market.bidPrice(i), market.askPrice(i));
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

    /**
     * 11. Reads the position, {@code max_position} of the instrument, and for leverage
     * {@code max_gross_leverage}, the account's equity and gross exposure and the mark price. Only
     * an order that grows the absolute position is checked.
     *
     * @param unitPrice the order's limit price, or the price a market order is valued at.
     */
    private boolean withinExposure(
        final int a, final int i, final Side side, final long unitPrice, final long quantity, final RiskVerdict verdict)
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
        final long newMark = mark > 0 ? mark : unitPrice;
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

    /**
     * 12. Reads {@code dedup_window_ms} of the account and the orders it sent within that window
     * ({@link DuplicateOrderWindow}).
     */
    private boolean notDuplicate(
        final int a, final int i, final Side side, final OrderType type, final long price, final long quantity,
        final long nowNanos, final RiskVerdict verdict)
    {
        final long dedupMillis = limits.account(RiskLimit.DEDUP_WINDOW_MS, a);
        if (dedupMillis <= 0)
        {
            return true;
        }
        final long age = sentOrders.ageOfSame(a, i, side, type, price, quantity, nowNanos, dedupMillis * NANOS_PER_MILLI);
        return age < 0 || verdict.reject(RejectReason.DUPLICATE_ORDER, age / NANOS_PER_MILLI, dedupMillis);
    }

    // ------------------------------------------------------------------------------------------
    // What several layers share
    // ------------------------------------------------------------------------------------------

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

    @Override
    public void writeState(final StateWriter out)
    {
        out.putLongs(quoteArrivalNanos);
        out.putLongs(tickSequence);
        out.putLongs(tickOrders);
        rates.writeState(out);
        sentOrders.writeState(out);
    }

    @Override
    public void readState(final StateReader in)
    {
        in.getLongs(quoteArrivalNanos, "quote arrival nanos");
        in.getLongs(tickSequence, "tick sequence");
        in.getLongs(tickOrders, "tick orders");
        rates.readState(in);
        sentOrders.readState(in);
    }
}
