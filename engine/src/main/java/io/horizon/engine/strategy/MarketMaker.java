package io.horizon.engine.strategy;

import io.horizon.engine.snapshot.StateReader;
import io.horizon.engine.snapshot.StateWriter;

import io.horizon.engine.event.InboundEvent;
import io.horizon.engine.event.OrderState;
import io.horizon.engine.event.Side;
import io.horizon.engine.order.Order;
import io.horizon.engine.output.EngineOutput;
import io.horizon.engine.reference.Instrument;
import io.horizon.engine.risk.OrderRateWindow;
import io.horizon.engine.risk.RiskLimit;

/**
 * The sample strategy of the default run: quotes one bid and one ask around the mid of every
 * instrument, a fixed number of ticks away, and stops quoting the side that would take its
 * inventory beyond a limit. When the mid moves it amends its quotes to follow (a price change
 * loses queue priority, which is why it waits for a move of at least {@code requoteTicks}).
 * <p>
 * When risk rejects a new quote, it leaves that side alone for {@code retryAfterNanos} of event
 * time before trying again: re-sending a refused order on every tick would only hammer the rate
 * limit and fill the reject counters, and risk refuses for a reason that rarely clears within a
 * tick.
 * <p>
 * <b>Pacing.</b> With {@code paceOrders}, it keeps its new orders within its account's
 * {@code rate_limit_per_sec} and outside its {@code dedup_window_ms}, both read from risk on every
 * quote (so a run-time limit change applies at once): a side that would break the rate limit, or
 * send again the order it sent last within the dedup window, waits for a later quote instead of
 * being refused. It counts the orders risk accepted in the same sliding second of event time as
 * the rate-limit layer ({@link OrderRateWindow}). Amends are not new orders and are not paced.
 * Risk still enforces both limits: orders the account sends from elsewhere share them.
 * Without {@code paceOrders} it sends as before (journals written by it replay identically).
 * <p>
 * Deterministic and allocation-free: it reacts only to events, holding one bid and one ask
 * order id per instrument (a run-time raise of the rate limit grows its window once).
 * <p>
 * Threading: BLP thread only, as every strategy.
 */
public final class MarketMaker implements Strategy
{
    private final int accountId;
    private final long halfSpreadTicks;
    private final long quoteQuantity;
    private final long maxInventory;
    private final long requoteTicks;
    private final long retryAfterNanos;
    private final boolean paceOrders;
    private final OrderRateWindow sent = new OrderRateWindow(1, 0);
    private Quotes bids;
    private Quotes asks;

    /** How long a side rests after risk refused its quote, unless told otherwise: 250 ms of event time. */
    public static final long DEFAULT_RETRY_AFTER_NANOS = 250_000_000L;

    /**
     * A market maker that waits {@link #DEFAULT_RETRY_AFTER_NANOS} after a refused quote.
     *
     * @param accountId       the account it trades for.
     * @param halfSpreadTicks distance of each quote from the mid, in ticks, > 0.
     * @param quoteQuantity   size of each quote, fixed point, > 0.
     * @param maxInventory    most absolute position per instrument, fixed point, > 0.
     * @param requoteTicks    how far the ideal price must move before it amends, in ticks, > 0.
     */
    public MarketMaker(
        final int accountId,
        final long halfSpreadTicks,
        final long quoteQuantity,
        final long maxInventory,
        final long requoteTicks)
    {
        this(accountId, halfSpreadTicks, quoteQuantity, maxInventory, requoteTicks, DEFAULT_RETRY_AFTER_NANOS, false);
    }

    /**
     * A market maker that waits {@link #DEFAULT_RETRY_AFTER_NANOS} after a refused quote.
     *
     * @param accountId       the account it trades for.
     * @param halfSpreadTicks distance of each quote from the mid, in ticks, > 0.
     * @param quoteQuantity   size of each quote, fixed point, > 0.
     * @param maxInventory    most absolute position per instrument, fixed point, > 0.
     * @param requoteTicks    how far the ideal price must move before it amends, in ticks, > 0.
     * @param paceOrders      keep new orders within the account's {@code rate_limit_per_sec} and dedup window.
     */
    public MarketMaker(
        final int accountId,
        final long halfSpreadTicks,
        final long quoteQuantity,
        final long maxInventory,
        final long requoteTicks,
        final boolean paceOrders)
    {
        this(accountId, halfSpreadTicks, quoteQuantity, maxInventory, requoteTicks, DEFAULT_RETRY_AFTER_NANOS, paceOrders);
    }

    /**
     * @param accountId       the account it trades for.
     * @param halfSpreadTicks distance of each quote from the mid, in ticks, > 0.
     * @param quoteQuantity   size of each quote, fixed point, > 0.
     * @param maxInventory    most absolute position per instrument, fixed point, > 0.
     * @param requoteTicks    how far the ideal price must move before it amends, in ticks, > 0.
     * @param retryAfterNanos event time a side waits after risk refused its quote, >= 0.
     */
    public MarketMaker(
        final int accountId,
        final long halfSpreadTicks,
        final long quoteQuantity,
        final long maxInventory,
        final long requoteTicks,
        final long retryAfterNanos)
    {
        this(accountId, halfSpreadTicks, quoteQuantity, maxInventory, requoteTicks, retryAfterNanos, false);
    }

    /**
     * @param accountId       the account it trades for.
     * @param halfSpreadTicks distance of each quote from the mid, in ticks, > 0.
     * @param quoteQuantity   size of each quote, fixed point, > 0.
     * @param maxInventory    most absolute position per instrument, fixed point, > 0.
     * @param requoteTicks    how far the ideal price must move before it amends, in ticks, > 0.
     * @param retryAfterNanos event time a side waits after risk refused its quote, >= 0.
     * @param paceOrders      keep new orders within the account's {@code rate_limit_per_sec} and dedup window.
     */
    public MarketMaker(
        final int accountId,
        final long halfSpreadTicks,
        final long quoteQuantity,
        final long maxInventory,
        final long requoteTicks,
        final long retryAfterNanos,
        final boolean paceOrders)
    {
        if (halfSpreadTicks <= 0 || quoteQuantity <= 0 || maxInventory <= 0 || requoteTicks <= 0 || retryAfterNanos < 0)
        {
            throw new IllegalArgumentException("market maker settings must be > 0: half_spread_ticks=" + halfSpreadTicks +
                " quote_quantity=" + quoteQuantity + " max_inventory=" + maxInventory + " requote_ticks=" + requoteTicks +
                " (and retry_after_ns >= 0: " + retryAfterNanos + ")");
        }
        this.accountId = accountId;
        this.halfSpreadTicks = halfSpreadTicks;
        this.quoteQuantity = quoteQuantity;
        this.maxInventory = maxInventory;
        this.requoteTicks = requoteTicks;
        this.retryAfterNanos = retryAfterNanos;
        this.paceOrders = paceOrders;
    }

    @Override
    public String name()
    {
        return "market-maker";
    }

    @Override
    public void onStart(final StrategyContext context)
    {
        final int instruments = context.referenceData().instrumentCount();
        bids = new Quotes(Side.BUY, instruments);
        asks = new Quotes(Side.SELL, instruments);
    }

    @Override
    public void writeState(final StateWriter out)
    {
        sent.writeState(out);
        bids.writeState(out);
        asks.writeState(out);
    }

    @Override
    public void readState(final StateReader in, final StrategyContext context)
    {
        onStart(context);
        sent.readState(in);
        bids.readState(in);
        asks.readState(in);
    }

    @Override
    public void onQuote(final InboundEvent quote, final StrategyContext context)
    {
        final int instrumentId = quote.instrumentId;
        if (!context.market().hasTwoSidedQuote(instrumentId))
        {
            return;
        }
        final Instrument instrument = context.referenceData().instrument(instrumentId);
        final long tick = instrument.tickSize();
        final long mid = (context.market().bidPrice(instrumentId) + context.market().askPrice(instrumentId)) / 2;
        final long position = context.positions().position(accountId, instrumentId);
        final long rateLimit = paceOrders ? context.accountLimit(RiskLimit.RATE_LIMIT_PER_SEC, accountId) : 0;
        if (rateLimit > 0)
        {
            sent.ensureCapacity(rateLimit);
        }
        final long dedupNanos = paceOrders ? context.accountLimit(RiskLimit.DEDUP_WINDOW_MS, accountId) * 1_000_000L : 0;

        final long bidPrice = Math.floorDiv(mid, tick) * tick - halfSpreadTicks * tick;
        final long askPrice = Math.floorDiv(mid + tick - 1, tick) * tick + halfSpreadTicks * tick;

        workSide(context, bids, instrumentId, bidPrice, position < maxInventory, tick, rateLimit, dedupNanos);
        workSide(context, asks, instrumentId, askPrice, position > -maxInventory, tick, rateLimit, dedupNanos);
    }

    private void workSide(
        final StrategyContext context,
        final Quotes quotes,
        final int instrumentId,
        final long targetPrice,
        final boolean allowed,
        final long tick,
        final long rateLimit,
        final long dedupNanos)
    {
        if (targetPrice > 0)
        {
            quotes.orderIds[instrumentId] =
                work(context, quotes, instrumentId, quotes.orderIds[instrumentId], targetPrice, allowed, tick, rateLimit, dedupNanos);
        }
    }

    private long work(
        final StrategyContext context,
        final Quotes quotes,
        final int instrumentId,
        final long orderId,
        final long targetPrice,
        final boolean allowed,
        final long tick,
        final long rateLimit,
        final long dedupNanos)
    {
        final Order order = orderId == 0 ? null : context.order(orderId);
        if (order == null)
        {
            final long now = context.nowNanos();
            if (!allowed || now < quotes.retryAtNanos[instrumentId] || !sent.allows(0, now, rateLimit) ||
                (targetPrice == quotes.lastSentPrice[instrumentId] && now - quotes.lastSentNanos[instrumentId] < dedupNanos))
            {
                return 0;
            }
            final long newOrderId = context.submitLimit(accountId, instrumentId, quotes.side, targetPrice, quoteQuantity);
            if (newOrderId == 0)
            {
                quotes.retryAtNanos[instrumentId] = now + retryAfterNanos;
            }
            else if (paceOrders)
            {
                sent.record(0, now);
                quotes.lastSentPrice[instrumentId] = targetPrice;
                quotes.lastSentNanos[instrumentId] = now;
            }
            return newOrderId;
        }
        if (order.isPending())
        {
            return orderId;
        }
        if (!allowed)
        {
            context.cancel(orderId);
            return orderId;
        }
        if (Math.abs(order.price() - targetPrice) >= requoteTicks * tick)
        {
            context.amend(orderId, targetPrice, order.quantity());
        }
        return orderId;
    }

    @Override
    public void onFill(final EngineOutput report, final StrategyContext context)
    {
        forgetIfDone(report);
    }

    @Override
    public void onOrderUpdate(final EngineOutput report, final StrategyContext context)
    {
        forgetIfDone(report);
    }

    private void forgetIfDone(final EngineOutput report)
    {
        final OrderState state = report.state;
        if (state == null || !state.isTerminal() || report.instrumentId < 0 || report.instrumentId >= bids.orderIds.length)
        {
            return;
        }
        bids.forget(report.instrumentId, report.orderId);
        asks.forget(report.instrumentId, report.orderId);
    }

    /**
     * One side's quotes per instrument: the live order, when a refused quote may be retried, and
     * the last order sent (for the dedup window).
     */
    private static final class Quotes
    {
        final Side side;
        final long[] orderIds;
        final long[] retryAtNanos;
        final long[] lastSentPrice;
        final long[] lastSentNanos;

        Quotes(final Side side, final int instruments)
        {
            this.side = side;
            orderIds = new long[instruments];
            retryAtNanos = new long[instruments];
            lastSentPrice = new long[instruments];
            lastSentNanos = new long[instruments];
        }

        void writeState(final StateWriter out)
        {
            out.putLongs(orderIds);
            out.putLongs(retryAtNanos);
            out.putLongs(lastSentPrice);
            out.putLongs(lastSentNanos);
        }

        void readState(final StateReader in)
        {
            in.getLongs(orderIds, side + " quote order ids");
            in.getLongs(retryAtNanos, side + " quote retry times");
            in.getLongs(lastSentPrice, side + " quote last prices");
            in.getLongs(lastSentNanos, side + " quote last send times");
        }

        void forget(final int instrumentId, final long orderId)
        {
            if (orderIds[instrumentId] == orderId)
            {
                orderIds[instrumentId] = 0;
            }
        }
    }
}
