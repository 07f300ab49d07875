package io.horizon.engine.blp;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.Consumer;

import com.lmax.disruptor.EventHandler;
import com.lmax.disruptor.Sequence;
import io.horizon.engine.counter.AccountGauges;
import io.horizon.engine.counter.EngineCounters;
import io.horizon.engine.event.ControlAction;
import io.horizon.engine.event.EventType;
import io.horizon.engine.event.InboundEvent;
import io.horizon.engine.event.OrderState;
import io.horizon.engine.event.OrderTrigger;
import io.horizon.engine.event.OrderType;
import io.horizon.engine.event.RejectReason;
import io.horizon.engine.event.Side;
import io.horizon.engine.market.MarketState;
import io.horizon.engine.order.ClientOrderIdGenerator;
import io.horizon.engine.order.LiveOrders;
import io.horizon.engine.order.Order;
import io.horizon.engine.order.OrderLifecycle;
import io.horizon.engine.order.OrderLedger;
import io.horizon.engine.output.AlertKind;
import io.horizon.engine.output.EngineOutput;
import io.horizon.engine.output.ExecType;
import io.horizon.engine.output.Outbox;
import io.horizon.engine.output.OutputKind;
import io.horizon.engine.output.Runbook;
import io.horizon.engine.position.PositionBook;
import io.horizon.engine.reference.ReferenceData;
import io.horizon.engine.risk.OrderSanityCheck;
import io.horizon.engine.risk.PreTradeRisk;
import io.horizon.engine.risk.RiskContext;
import io.horizon.engine.risk.RiskLimit;
import io.horizon.engine.risk.RiskVerdict;
import io.horizon.engine.journal.StateEnums;
import io.horizon.engine.snapshot.SnapshotFormatException;
import io.horizon.engine.snapshot.SnapshotState;
import io.horizon.engine.snapshot.SnapshotTaker;
import io.horizon.engine.snapshot.StateReader;
import io.horizon.engine.snapshot.StateWriter;
import io.horizon.engine.strategy.Strategy;
import io.horizon.engine.strategy.StrategyContext;
import io.horizon.engine.venue.RefusedCommand;

/**
 * The business-logic processor (BLP): risk, then the order lifecycle, then positions and PnL,
 * then strategies, for each inbound event in ring order.
 * <p>
 * It is a pure function of the journaled input sequence. Time is the events' own timestamps
 * (never allowed to run backwards); randomness is seeded; there is no I/O and no allocation per
 * event. Everything it wants done outside the process (venue commands, execution reports) goes
 * to the {@link Outbox}, stamped with the inbound sequence that caused it, and the venue gateway
 * acts on it only once that event is journaled.
 * <p>
 * An exception while processing one event is caught, counted, and reported as an
 * {@link OutputKind#ENGINE_ERROR} carrying the event type; the pipeline carries on.
 * <p>
 * Risk sits in front of the order path: every new order and amend is checked by the
 * {@link PreTradeRisk} before it is booked for the venue, and risk is lent a {@link RiskContext}
 * (this BLP's state and a few actions: cancel, flatten, alert) once, at construction.
 * <p>
 * Strategies are lent a {@link StrategyContext} of their own (submit, cancel, amend, and read
 * access to orders, market and positions), never the BLP itself.
 * <p>
 * Every refusal of a request (a new order, a cancel or an amend, from a client, a strategy or
 * risk) goes through one path that takes the reason explicitly: it is counted by reason,
 * remembered for {@link StrategyContext#lastRejectReason()}, and reported.
 * <p>
 * Threading: one thread, the BLP's, via the Disruptor.
 */
public final class BusinessLogicProcessor implements EventHandler<InboundEvent>, SnapshotState
{
    private static final int SECTION_BLP = 1;
    private static final int SECTION_ORDERS = 2;
    private static final int SECTION_CLIENT_ORDER_IDS = 3;
    private static final int SECTION_MARKET = 4;
    private static final int SECTION_POSITIONS = 5;
    private static final int SECTION_RISK = 6;
    private static final int SECTION_STRATEGIES = 7;

    private final ReferenceData referenceData;
    private final StampedOutbox outputs;
    private final EngineCounters counters;
    private final PreTradeRisk risk;
    private final Strategy[] strategies;
    private final OrderLedger ledger;
    private final MarketState market;
    private final PositionBook positions;
    private final ClientOrderIdGenerator clientOrderIds;
    private final RiskVerdict verdict = new RiskVerdict();
    private final EngineOutput strategyReport = new EngineOutput();
    private final Consumer<Order> cancelIfLive = this::cancelIfLive;
    private final Consumer<Order> reconcileOrder = this::reconcileOrder;
    private final StrategyContext strategyContext;
    private final AccountGauges accountGauges;
    private long accountGaugesPublishedNanos;

    private long currentSequence = -1;
    private long nowNanos;
    private int currentStrategyId = -1;
    /** The last refusal, for {@link StrategyContext#lastRejectReason()}; written only by {@link #countRefusal}. */
    private RejectReason lastRejectReason = RejectReason.NONE;
    private long lastRejectValue;
    private boolean started;
    private int cancelsSent;
    private SnapshotTaker snapshots;

    /**
     * @param referenceData  instruments and accounts.
     * @param orderCapacity  most live orders at once.
     * @param seed           seed for client order ids of strategy orders.
     * @param outbox         where outputs go; its capacity must exceed the outputs one event can
     *                       cause (at least {@code 4 * orderCapacity}).
     * @param counters       engine counters.
     * @param risk           the pre-trade risk hook.
     * @param strategies     strategies, in the order they are called; a strategy's id is its index.
     */
    public BusinessLogicProcessor(
        final ReferenceData referenceData,
        final int orderCapacity,
        final long seed,
        final Outbox outbox,
        final EngineCounters counters,
        final PreTradeRisk risk,
        final List<Strategy> strategies)
    {
        this(referenceData, orderCapacity, seed, outbox, counters, risk, strategies, null);
    }

    /**
     * As above, and publishes each account's equity and open positions to {@code accountGauges}
     * every {@link AccountGauges#INTERVAL_NANOS} of event time.
     *
     * @param accountGauges where equity and open positions are published, or {@code null} for nowhere.
     */
    public BusinessLogicProcessor(
        final ReferenceData referenceData,
        final int orderCapacity,
        final long seed,
        final Outbox outbox,
        final EngineCounters counters,
        final PreTradeRisk risk,
        final List<Strategy> strategies,
        final AccountGauges accountGauges)
    {
        if (outbox.capacity() < 4L * orderCapacity)
        {
            throw new IllegalArgumentException("outbox capacity " + outbox.capacity() +
                " must be at least 4 x order capacity " + orderCapacity + ", or cancelling every order could deadlock");
        }
        this.referenceData = referenceData;
        this.outputs = new StampedOutbox(outbox, counters);
        this.counters = counters;
        this.risk = risk;
        this.strategies = strategies.toArray(new Strategy[0]);
        this.ledger = new OrderLedger(orderCapacity);
        this.market = new MarketState(referenceData.instrumentCount());
        this.positions = new PositionBook(referenceData, market);
        this.clientOrderIds = new ClientOrderIdGenerator(seed);
        this.strategyContext = new StrategyActions();
        risk.attach(new RiskActions());
        this.accountGauges = accountGauges;
    }

    @Override
    public void setSequenceCallback(final Sequence sequenceCallback)
    {
        outputs.sequenceCallback(sequenceCallback);
    }

    @Override
    public void onEvent(final InboundEvent event, final long sequence, final boolean endOfBatch)
    {
        currentSequence = sequence;
        if (event.timestampNanos > nowNanos)
        {
            nowNanos = event.timestampNanos;
        }
        outputs.cause(sequence, event.type, nowNanos);
        if (!started)
        {
            started = true;
            startStrategies();
        }
        try
        {
            dispatch(event);
        }
        catch (final Throwable t)
        {
            counters.handlerErrors.increment();
            outputs.error(t);
        }
        finally
        {
            currentStrategyId = -1;
            outputs.publish();
            counters.eventsProcessed.incrementRelease();
            counters.liveOrders.setRelease(ledger.size());
            if (accountGauges != null && nowNanos - accountGaugesPublishedNanos >= AccountGauges.INTERVAL_NANOS)
            {
                // Event time, not the wall clock: a replay publishes the same values at the same events.
                accountGaugesPublishedNanos = nowNanos;
                accountGauges.publish(positions);
            }
            if (snapshots != null)
            {
                // Between two events: the state is whole, and the next event waits for the copy.
                snapshots.afterEvent(this, sequence + 1, nowNanos, ledger.size());
            }
        }
    }

    private void startStrategies()
    {
        for (int i = 0; i < strategies.length; i++)
        {
            currentStrategyId = i;
            strategies[i].onStart(strategyContext);
        }
        currentStrategyId = -1;
    }

    private void dispatch(final InboundEvent event)
    {
        switch (event.type)
        {
            case QUOTE:
            case TRADE:
                onMarketData(event);
                break;
            case NEW_ORDER:
                onNewOrder(event);
                break;
            case CANCEL_ORDER:
                onCancelOrder(event);
                break;
            case AMEND_ORDER:
                onAmendOrder(event);
                break;
            case VENUE_ACK:
            case VENUE_REJECT:
            case VENUE_FILL:
            case VENUE_CANCEL_ACK:
            case VENUE_CANCEL_REJECT:
            case VENUE_REPLACE_ACK:
            case VENUE_REPLACE_REJECT:
            case VENUE_EXPIRED:
            case VENUE_ERROR:
                onVenueResponse(event);
                break;
            case HEARTBEAT:
                onHeartbeat();
                break;
            case CONTROL:
                if (event.controlAction == ControlAction.RECONCILE)
                {
                    reconcileWithVenue();
                }
                else
                {
                    risk.onControl(event);
                }
                break;
            default:
                break;
        }
    }

    private void onMarketData(final InboundEvent event)
    {
        if (!referenceData.isInstrument(event.instrumentId))
        {
            counters.handlerErrors.increment();
            return;
        }
        market.apply(event);
        final boolean quote = event.type == EventType.QUOTE;
        if (quote)
        {
            counters.quotes.incrementRelease();
        }
        else
        {
            counters.trades.incrementRelease();
        }
        risk.onMarketData(event, nowNanos);
        for (int i = 0; i < strategies.length; i++)
        {
            currentStrategyId = i;
            if (quote)
            {
                strategies[i].onQuote(event, strategyContext);
            }
            else
            {
                strategies[i].onTrade(event, strategyContext);
            }
        }
        currentStrategyId = -1;
    }

    private void onHeartbeat()
    {
        risk.onHeartbeat(nowNanos);
        for (int i = 0; i < strategies.length; i++)
        {
            currentStrategyId = i;
            strategies[i].onTimer(nowNanos, strategyContext);
        }
        currentStrategyId = -1;
    }

    // ------------------------------------------------------------------------------------------
    // Orders from outside the BLP
    // ------------------------------------------------------------------------------------------

    private void onNewOrder(final InboundEvent e)
    {
        newOrder(e.accountId, e.instrumentId, -1, e.side, e.orderType, e.price, e.quantity, e.clientOrderIdHi, e.clientOrderIdLo);
    }

    private void onCancelOrder(final InboundEvent e)
    {
        final Order order = ledger.byClientOrderId(e.origClientOrderIdHi, e.origClientOrderIdLo);
        if (order == null || order.accountId() != e.accountId)
        {
            refuseUnbooked(ExecType.CANCEL_REJECTED, RejectReason.UNKNOWN_ORDER, e.origClientOrderIdLo,
                e.accountId, e.instrumentId, e.side, e.orderType, e.price, e.quantity, e.origClientOrderIdHi, e.origClientOrderIdLo);
            return;
        }
        requestCancel(order);
    }

    private void onAmendOrder(final InboundEvent e)
    {
        final Order order = ledger.byClientOrderId(e.origClientOrderIdHi, e.origClientOrderIdLo);
        if (order == null || order.accountId() != e.accountId)
        {
            final EngineOutput out = refuseUnbooked(ExecType.REPLACE_REJECTED, RejectReason.UNKNOWN_ORDER, e.origClientOrderIdLo,
                e.accountId, e.instrumentId, e.side, e.orderType, e.price, e.quantity, e.clientOrderIdHi, e.clientOrderIdLo);
            out.origClientOrderIdHi = e.origClientOrderIdHi;
            out.origClientOrderIdLo = e.origClientOrderIdLo;
            out.amendPrice = e.price;
            out.amendQuantity = e.quantity;
            return;
        }
        requestAmend(order, e.clientOrderIdHi, e.clientOrderIdLo, e.price, e.quantity);
    }

    // ------------------------------------------------------------------------------------------
    // The shared order path: clients and strategies
    // ------------------------------------------------------------------------------------------

    private long newOrder(
        final int accountId,
        final int instrumentId,
        final int strategyId,
        final Side side,
        final OrderType orderType,
        final long price,
        final long quantity,
        final long clientHi,
        final long clientLo)
    {
        counters.ordersReceived.incrementRelease();
        RejectReason reason = RejectReason.NONE;
        long value = 0;
        if (!referenceData.isAccount(accountId))
        {
            reason = RejectReason.UNKNOWN_ACCOUNT;
            value = accountId;
        }
        else if (!referenceData.isInstrument(instrumentId))
        {
            reason = RejectReason.UNKNOWN_INSTRUMENT;
            value = instrumentId;
        }
        else if (side == null)
        {
            reason = RejectReason.MISSING_SIDE;
        }
        else if (orderType == null)
        {
            reason = RejectReason.MISSING_ORDER_TYPE;
        }
        else if (ledger.containsClientOrderId(clientHi, clientLo))
        {
            reason = RejectReason.DUPLICATE_CLIENT_ORDER_ID;
            value = clientLo;
        }
        else if (ledger.isFull())
        {
            reason = RejectReason.ORDER_CAPACITY;
            value = ledger.capacity();
        }
        if (reason != RejectReason.NONE)
        {
            final EngineOutput out = refuseUnbooked(ExecType.REJECTED, reason, value,
                accountId, instrumentId, side, orderType, price, quantity, clientHi, clientLo);
            out.state = OrderState.REJECTED;
            out.strategyId = strategyId;
            return 0;
        }

        final Order order = ledger.create(
            clientHi, clientLo, accountId, instrumentId, strategyId, side, orderType,
            orderType == OrderType.MARKET ? 0 : price, quantity, nowNanos);
        verdict.accept();
        // Risk first, so its layer order decides which reject wins (the kill switch before
        // sanity); the engine's own sanity check stays as a backstop for any risk hook.
        if (!risk.check(order, nowNanos, verdict) || !OrderSanityCheck.check(orderType, price, quantity, verdict))
        {
            ledger.transition(order, OrderTrigger.RISK_REJECT);
            refuseBooked(order, ExecType.REJECTED, verdict.reason(), verdict.value(), verdict.limit());
            ledger.release(order);
            return 0;
        }
        if (verdict.adjustedQuantity() > 0 && verdict.adjustedQuantity() < quantity)
        {
            ledger.reduceQuantity(order, verdict.adjustedQuantity());
        }

        ledger.transition(order, OrderTrigger.SUBMIT);
        counters.ordersSubmitted.incrementRelease();
        outputs.ofOrder(order, OutputKind.VENUE_NEW);
        outputs.report(order, ExecType.PENDING_NEW, RejectReason.NONE, 0, 0, 0);
        return order.orderId();
    }

    private boolean requestCancel(final Order order)
    {
        counters.cancelsRequested.incrementRelease();
        if (!ledger.transition(order, OrderTrigger.CANCEL_REQUEST))
        {
            refuseBooked(order, ExecType.CANCEL_REJECTED, RejectReason.ILLEGAL_TRANSITION,
                OrderTrigger.packTransition(order.state(), OrderTrigger.CANCEL_REQUEST), 0);
            return false;
        }
        outputs.ofOrder(order, OutputKind.VENUE_CANCEL);
        outputs.report(order, ExecType.PENDING_CANCEL, RejectReason.NONE, 0, 0, 0);
        return true;
    }

    private boolean requestAmend(
        final Order order, final long newHi, final long newLo, final long newPrice, final long newQuantity)
    {
        counters.amendsRequested.incrementRelease();
        RejectReason reason = RejectReason.NONE;
        long value = 0;
        long limit = 0;
        if (order.orderType() == OrderType.MARKET)
        {
            reason = RejectReason.MARKET_ORDER_NOT_AMENDABLE;
        }
        else if (!OrderLifecycle.isLegal(order.state(), OrderTrigger.REPLACE_REQUEST))
        {
            reason = RejectReason.ILLEGAL_TRANSITION;
            value = OrderTrigger.packTransition(order.state(), OrderTrigger.REPLACE_REQUEST);
        }
        else if (newQuantity <= 0)
        {
            reason = RejectReason.INVALID_QUANTITY;
            value = newQuantity;
        }
        else if (newPrice <= 0)
        {
            reason = RejectReason.INVALID_PRICE;
            value = newPrice;
        }
        else if (newQuantity <= order.cumulativeQuantity())
        {
            reason = RejectReason.AMEND_QUANTITY_BELOW_FILLED;
            value = newQuantity;
        }
        else if (ledger.containsClientOrderId(newHi, newLo))
        {
            reason = RejectReason.DUPLICATE_CLIENT_ORDER_ID;
            value = newLo;
        }
        else
        {
            verdict.accept();
            if (!OrderSanityCheck.check(OrderType.LIMIT, newPrice, newQuantity, verdict) ||
                !risk.checkAmend(order, newPrice, newQuantity, nowNanos, verdict))
            {
                reason = verdict.reason();
                value = verdict.value();
                limit = verdict.limit();
            }
        }
        if (reason != RejectReason.NONE)
        {
            final EngineOutput out = refuseBooked(order, ExecType.REPLACE_REJECTED, reason, value, limit);
            out.origClientOrderIdHi = order.clientOrderIdHi();
            out.origClientOrderIdLo = order.clientOrderIdLo();
            out.clientOrderIdHi = newHi;
            out.clientOrderIdLo = newLo;
            // The report's price and quantity are the order's; what was asked is kept beside them.
            out.amendPrice = newPrice;
            out.amendQuantity = newQuantity;
            return false;
        }

        ledger.transition(order, OrderTrigger.REPLACE_REQUEST);
        ledger.beginReplace(order, newHi, newLo, newPrice, newQuantity);
        final EngineOutput cmd = outputs.ofOrder(order, OutputKind.VENUE_AMEND);
        cmd.price = newPrice;
        cmd.quantity = newQuantity;
        cmd.origClientOrderIdHi = order.clientOrderIdHi();
        cmd.origClientOrderIdLo = order.clientOrderIdLo();
        cmd.clientOrderIdHi = newHi;
        cmd.clientOrderIdLo = newLo;
        final EngineOutput out = outputs.report(order, ExecType.PENDING_REPLACE, RejectReason.NONE, 0, 0, 0);
        out.origClientOrderIdHi = order.clientOrderIdHi();
        out.origClientOrderIdLo = order.clientOrderIdLo();
        out.clientOrderIdHi = newHi;
        out.clientOrderIdLo = newLo;
        return true;
    }

    /**
     * After recovery: tells the venue about every live order and sends again the command of each
     * order that was still pending when the process stopped (its answer was never journaled).
     * Order states do not change here; the venue's answers complete them as usual.
     */
    private void reconcileWithVenue()
    {
        ledger.forEachOrder(reconcileOrder);
    }

    private void reconcileOrder(final Order order)
    {
        if (order.state() == OrderState.PENDING_NEW)
        {
            outputs.ofOrder(order, OutputKind.VENUE_NEW);
            return;
        }
        outputs.ofOrder(order, OutputKind.VENUE_RECONCILE);
        if (order.state() == OrderState.PENDING_CANCEL)
        {
            outputs.ofOrder(order, OutputKind.VENUE_CANCEL);
        }
        else if (order.state() == OrderState.PENDING_REPLACE)
        {
            final EngineOutput cmd = outputs.ofOrder(order, OutputKind.VENUE_AMEND);
            cmd.price = order.pendingPrice();
            cmd.quantity = order.pendingQuantity();
            cmd.origClientOrderIdHi = order.clientOrderIdHi();
            cmd.origClientOrderIdLo = order.clientOrderIdLo();
            cmd.clientOrderIdHi = order.pendingClientOrderIdHi();
            cmd.clientOrderIdLo = order.pendingClientOrderIdLo();
        }
    }

    // ------------------------------------------------------------------------------------------
    // Venue responses
    // ------------------------------------------------------------------------------------------

    private void onVenueResponse(final InboundEvent e)
    {
        final Order order = ledger.byOrderId(e.orderId);
        if (e.type == EventType.VENUE_ERROR && RefusedCommand.of(e) != null && !refuses(order, e))
        {
            onLateVenueError(order, e);
            return;
        }
        if (order == null)
        {
            counters.unknownOrderResponses.incrementRelease();
            return;
        }
        final EngineOutput out;
        switch (e.type)
        {
            case VENUE_ACK:
                if (!apply(order, OrderTrigger.VENUE_ACK))
                {
                    return;
                }
                ledger.setVenueOrderId(order, e.venueOrderId);
                out = outputs.report(order, ExecType.NEW, RejectReason.NONE, 0, 0, 0);
                break;

            case VENUE_REJECT:
                if (!apply(order, OrderTrigger.VENUE_REJECT))
                {
                    return;
                }
                counters.reject(e.rejectReason == RejectReason.NONE ? RejectReason.VENUE_REJECTED : e.rejectReason);
                out = outputs.report(order, ExecType.REJECTED,
                    e.rejectReason == RejectReason.NONE ? RejectReason.VENUE_REJECTED : e.rejectReason, e.rejectValue, 0, 0);
                break;

            case VENUE_FILL:
                out = onFill(order, e);
                if (out == null)
                {
                    return;
                }
                break;

            case VENUE_CANCEL_ACK:
                if (!apply(order, OrderTrigger.CANCEL_ACK))
                {
                    return;
                }
                out = outputs.report(order, ExecType.CANCELED, RejectReason.NONE, 0, 0, 0);
                break;

            case VENUE_CANCEL_REJECT:
                if (!apply(order, OrderTrigger.CANCEL_REJECT))
                {
                    return;
                }
                out = outputs.report(order, ExecType.CANCEL_REJECTED, e.rejectReason, e.rejectValue, 0, 0);
                break;

            case VENUE_REPLACE_ACK:
            {
                final long origHi = order.clientOrderIdHi();
                final long origLo = order.clientOrderIdLo();
                if (!apply(order, OrderTrigger.REPLACE_ACK))
                {
                    return;
                }
                ledger.completeReplace(order, e.price, e.quantity);
                out = outputs.report(order, ExecType.REPLACED, RejectReason.NONE, 0, 0, 0);
                out.origClientOrderIdHi = origHi;
                out.origClientOrderIdLo = origLo;
                break;
            }

            case VENUE_REPLACE_REJECT:
                if (!apply(order, OrderTrigger.REPLACE_REJECT))
                {
                    return;
                }
                ledger.abandonReplace(order);
                out = outputs.report(order, ExecType.REPLACE_REJECTED, e.rejectReason, e.rejectValue, 0, 0);
                break;

            case VENUE_EXPIRED:
                if (!apply(order, OrderTrigger.EXPIRE))
                {
                    return;
                }
                out = outputs.report(order, ExecType.EXPIRED, RejectReason.NONE, 0, 0, 0);
                break;

            case VENUE_ERROR:
                out = onVenueError(order);
                if (out == null)
                {
                    return;
                }
                break;

            default:
                return;
        }

        notifyStrategy(order, out);
        risk.onOrderUpdate(e, order);
        if (order.state().isTerminal())
        {
            ledger.release(order);
        }
    }

    private EngineOutput onFill(final Order order, final InboundEvent e)
    {
        final long fillQuantity = e.quantity;
        if (fillQuantity <= 0)
        {
            counters.handlerErrors.increment();
            return null;
        }
        final long remaining = order.quantity() - order.cumulativeQuantity();
        final long applied = Math.min(fillQuantity, remaining);
        final OrderTrigger trigger = applied >= remaining ? OrderTrigger.FULL_FILL : OrderTrigger.PARTIAL_FILL;
        if (applied <= 0 || !apply(order, trigger))
        {
            return null;
        }
        ledger.addFill(order, applied);
        positions.onFill(order.accountId(), order.instrumentId(), order.side(), e.price, applied);
        counters.fills.incrementRelease();
        return outputs.report(order, trigger == OrderTrigger.FULL_FILL ? ExecType.FILL : ExecType.PARTIAL_FILL,
            RejectReason.NONE, 0, e.price, applied);
    }

    /**
     * @return true when the venue error refuses the request the order is pending on now: the
     *         command it names is the order's pending one (for an amend, with the same new client
     *         order id).
     */
    private static boolean refuses(final Order order, final InboundEvent e)
    {
        if (order == null)
        {
            return false;
        }
        switch (RefusedCommand.of(e))
        {
            case VENUE_NEW:
                return order.state() == OrderState.PENDING_NEW;
            case VENUE_CANCEL:
                return order.state() == OrderState.PENDING_CANCEL;
            default:
                return order.state() == OrderState.PENDING_REPLACE &&
                    order.pendingClientOrderIdHi() == e.clientOrderIdHi && order.pendingClientOrderIdLo() == e.clientOrderIdLo;
        }
    }

    /**
     * A venue error for a command its order is no longer pending on: the order filled, was
     * cancelled or was answered while the command waited (a FIX venue holds commands while its
     * session is down and refuses them later). The order stays as it is and its strategy is not
     * told (it knows the order's fate already), but the refusal is still reported, for the
     * command it names and with that command's terms, so the dead-letter queue and the audit log
     * keep every refused command with its reason: an order rejected, a cancel or a replace refused.
     */
    private void onLateVenueError(final Order order, final InboundEvent e)
    {
        counters.reject(RejectReason.VENUE_EXCEPTION);
        counters.unknownOrderResponses.incrementRelease();
        final OutputKind command = RefusedCommand.of(e);
        final ExecType execType = command == OutputKind.VENUE_NEW ? ExecType.REJECTED :
            command == OutputKind.VENUE_CANCEL ? ExecType.CANCEL_REJECTED : ExecType.REPLACE_REJECTED;
        final EngineOutput out;
        if (order != null)
        {
            out = outputs.report(order, execType, RejectReason.VENUE_EXCEPTION, 0, 0, 0);
        }
        else
        {
            // Done and forgotten here: the report names the order (for an amend, by the client
            // order id it had, as a replace reject does) and carries the command's terms.
            final boolean amend = command == OutputKind.VENUE_AMEND;
            out = outputs.unbookedReport(execType, RejectReason.VENUE_EXCEPTION, 0, e.accountId, e.instrumentId, e.side,
                e.orderType, e.price, e.quantity,
                amend ? e.origClientOrderIdHi : e.clientOrderIdHi, amend ? e.origClientOrderIdLo : e.clientOrderIdLo);
            out.orderId = e.orderId;
        }
    }

    /**
     * A venue error that refuses the order's pending request, or one that does not name its
     * command (journals written before events named it), which is taken to refuse whatever the
     * order is pending on, as those journals were processed.
     */
    private EngineOutput onVenueError(final Order order)
    {
        counters.reject(RejectReason.VENUE_EXCEPTION);
        switch (order.state())
        {
            case PENDING_NEW:
                ledger.transition(order, OrderTrigger.VENUE_REJECT);
                return outputs.report(order, ExecType.REJECTED, RejectReason.VENUE_EXCEPTION, 0, 0, 0);
            case PENDING_CANCEL:
                ledger.transition(order, OrderTrigger.CANCEL_REJECT);
                return outputs.report(order, ExecType.CANCEL_REJECTED, RejectReason.VENUE_EXCEPTION, 0, 0, 0);
            case PENDING_REPLACE:
                ledger.transition(order, OrderTrigger.REPLACE_REJECT);
                ledger.abandonReplace(order);
                return outputs.report(order, ExecType.REPLACE_REJECTED, RejectReason.VENUE_EXCEPTION, 0, 0, 0);
            default:
                counters.unknownOrderResponses.incrementRelease();
                return null;
        }
    }

    /**
     * Applies a venue-driven transition; an illegal one (a venue out of step with us) is reported
     * as an engine error on the order, never thrown.
     */
    private boolean apply(final Order order, final OrderTrigger trigger)
    {
        if (ledger.transition(order, trigger))
        {
            return true;
        }
        final long packed = OrderTrigger.packTransition(order.state(), trigger);
        counters.reject(RejectReason.ILLEGAL_TRANSITION);
        final EngineOutput out = outputs.ofOrder(order, OutputKind.ENGINE_ERROR);
        out.rejectReason = RejectReason.ILLEGAL_TRANSITION;
        out.rejectValue = packed;
        return false;
    }

    private void notifyStrategy(final Order order, final EngineOutput out)
    {
        final int strategyId = order.strategyId();
        if (strategyId < 0 || strategyId >= strategies.length)
        {
            return;
        }
        // A private copy: the outbox slot may be consumed while the strategy still reads it.
        strategyReport.copyFrom(out);
        currentStrategyId = strategyId;
        if (out.execType == ExecType.FILL || out.execType == ExecType.PARTIAL_FILL)
        {
            strategies[strategyId].onFill(strategyReport, strategyContext);
        }
        else
        {
            strategies[strategyId].onOrderUpdate(strategyReport, strategyContext);
        }
        currentStrategyId = -1;
    }

    // ------------------------------------------------------------------------------------------
    // Refusals: the one path every refused request takes
    // ------------------------------------------------------------------------------------------

    /**
     * Counts a refused request by its reason and remembers it for the strategy that asked.
     */
    private void countRefusal(final RejectReason reason, final long value)
    {
        counters.reject(reason);
        lastRejectReason = reason;
        lastRejectValue = value;
    }

    /**
     * Refuses a request that never became, or never found, an order ({@link StampedOutbox#unbookedReport}).
     *
     * @return the report, for the caller to add what only it knows.
     */
    private EngineOutput refuseUnbooked(
        final ExecType execType,
        final RejectReason reason,
        final long value,
        final int accountId,
        final int instrumentId,
        final Side side,
        final OrderType orderType,
        final long price,
        final long quantity,
        final long clientHi,
        final long clientLo)
    {
        countRefusal(reason, value);
        return outputs.unbookedReport(
            execType, reason, value, accountId, instrumentId, side, orderType, price, quantity, clientHi, clientLo);
    }

    /**
     * Refuses a request on a booked order: the report describes the order as it is now.
     *
     * @return the report, for the caller to add what only it knows.
     */
    private EngineOutput refuseBooked(
        final Order order, final ExecType execType, final RejectReason reason, final long value, final long limit)
    {
        countRefusal(reason, value);
        final EngineOutput out = outputs.report(order, execType, reason, value, 0, 0);
        out.rejectLimit = limit;
        return out;
    }

    // ------------------------------------------------------------------------------------------
    // StrategyContext: what strategies may see and ask for
    // ------------------------------------------------------------------------------------------

    private long strategySubmit(
        final int accountId, final int instrumentId, final Side side, final OrderType type, final long price, final long quantity)
    {
        clientOrderIds.next(nowNanos / 1_000_000L);
        final long hi = clientOrderIds.hi();
        final long lo = clientOrderIds.lo();
        return newOrder(accountId, instrumentId, currentStrategyId, side, type, price, quantity, hi, lo);
    }

    /**
     * @return the live order of the strategy being called back, or {@code null} (then the
     *         refusal is counted) when it is not live or belongs to another strategy.
     */
    private Order ownLiveOrder(final long orderId)
    {
        final Order order = ledger.byOrderId(orderId);
        if (order == null || order.strategyId() != currentStrategyId)
        {
            countRefusal(RejectReason.UNKNOWN_ORDER, orderId);
            return null;
        }
        return order;
    }

    /**
     * The state both strategies and risk read, the same for both.
     */
    private abstract class EngineState
    {
        // Copied once, so that a strategy's or risk's read is one hop, as when it was lent the BLP.
        private final ReferenceData referenceData = BusinessLogicProcessor.this.referenceData;
        private final MarketState market = BusinessLogicProcessor.this.market;
        private final PositionBook positions = BusinessLogicProcessor.this.positions;

        public final ReferenceData referenceData()
        {
            return referenceData;
        }

        public final MarketState market()
        {
            return market;
        }

        public final PositionBook positions()
        {
            return positions;
        }

        public final long nowNanos()
        {
            return nowNanos;
        }
    }

    /**
     * The BLP as strategies see it: their orders go through the same path as clients' orders,
     * and they read orders, market and positions, but never reach the BLP itself.
     */
    private final class StrategyActions extends EngineState implements StrategyContext
    {
        @Override
        public long submitLimit(final int accountId, final int instrumentId, final Side side, final long price, final long quantity)
        {
            return strategySubmit(accountId, instrumentId, side, OrderType.LIMIT, price, quantity);
        }

        @Override
        public long submitMarket(final int accountId, final int instrumentId, final Side side, final long quantity)
        {
            return strategySubmit(accountId, instrumentId, side, OrderType.MARKET, 0, quantity);
        }

        @Override
        public boolean cancel(final long orderId)
        {
            final Order order = ownLiveOrder(orderId);
            return order != null && requestCancel(order);
        }

        @Override
        public boolean amend(final long orderId, final long newPrice, final long newQuantity)
        {
            final Order order = ownLiveOrder(orderId);
            if (order == null)
            {
                return false;
            }
            clientOrderIds.next(nowNanos / 1_000_000L);
            return requestAmend(order, clientOrderIds.hi(), clientOrderIds.lo(), newPrice, newQuantity);
        }

        @Override
        public RejectReason lastRejectReason()
        {
            return lastRejectReason;
        }

        @Override
        public long lastRejectValue()
        {
            return lastRejectValue;
        }

        @Override
        public Order order(final long orderId)
        {
            return ledger.byOrderId(orderId);
        }

        @Override
        public long accountLimit(final RiskLimit limit, final int accountId)
        {
            if (!referenceData.isAccount(accountId))
            {
                throw new IllegalArgumentException("unknown account id " + accountId);
            }
            return risk.accountLimit(limit, accountId);
        }

    }

    // ------------------------------------------------------------------------------------------
    // RiskContext: what risk may see and ask for
    // ------------------------------------------------------------------------------------------

    private void cancelIfLive(final Order order)
    {
        final OrderState state = order.state();
        if (state == OrderState.ACCEPTED || state == OrderState.PARTIALLY_FILLED || state == OrderState.REPLACED)
        {
            cancelsSent++;
            requestCancel(order);
        }
    }

    /**
     * The BLP as risk sees it. A separate object from the {@link StrategyContext} so each side
     * sees only its own surface.
     */
    private final class RiskActions extends EngineState implements RiskContext
    {
        @Override
        public LiveOrders liveOrders()
        {
            return ledger.view();
        }

        @Override
        public EngineCounters counters()
        {
            return counters;
        }

        @Override
        public long currentSequence()
        {
            return currentSequence;
        }

        @Override
        public int cancelAllOrders()
        {
            cancelsSent = 0;
            // Ledger order is pool order: the same on every replay. requestCancel neither
            // creates nor releases orders, as forEachOrder requires.
            ledger.forEachOrder(cancelIfLive);
            return cancelsSent;
        }

        @Override
        public boolean cancel(final Order order)
        {
            return requestCancel(order);
        }

        @Override
        public long submitFlatten(final int accountId, final int instrumentId, final Side side, final long quantity)
        {
            clientOrderIds.next(nowNanos / 1_000_000L);
            return newOrder(accountId, instrumentId, FLATTEN_STRATEGY_ID, side, OrderType.MARKET, 0, quantity,
                clientOrderIds.hi(), clientOrderIds.lo());
        }

        @Override
        public EngineOutput alert(final AlertKind kind, final Runbook runbook)
        {
            return outputs.alert(kind, runbook);
        }
    }

    // ------------------------------------------------------------------------------------------
    // Snapshots
    // ------------------------------------------------------------------------------------------

    /**
     * Takes snapshots with {@code taker} after events. Before the pipeline starts.
     *
     * @param taker decides when and hands them on; {@code null} for none.
     */
    public void snapshotTaker(final SnapshotTaker taker)
    {
        this.snapshots = taker;
    }

    /**
     * Writes the whole state the BLP decides by, section by section (each tagged and
     * length-prefixed): its own clock and refusal memory, the order ledger, the client order id
     * generator, the market, positions and cash, risk (limits in force, kill switch, watchdog,
     * windows), and each strategy by name. BLP thread, between events.
     */
    @Override
    public void writeState(final StateWriter out)
    {
        int slot = beginSection(out, SECTION_BLP);
        out.putLong(nowNanos);
        out.putBoolean(started);
        StateEnums.putRejectReason(out, lastRejectReason);
        out.putLong(lastRejectValue);
        out.putLong(accountGaugesPublishedNanos);
        out.endLength(slot);
        slot = beginSection(out, SECTION_ORDERS);
        ledger.writeState(out);
        out.endLength(slot);
        slot = beginSection(out, SECTION_CLIENT_ORDER_IDS);
        clientOrderIds.writeState(out);
        out.endLength(slot);
        slot = beginSection(out, SECTION_MARKET);
        market.writeState(out);
        out.endLength(slot);
        slot = beginSection(out, SECTION_POSITIONS);
        positions.writeState(out);
        out.endLength(slot);
        slot = beginSection(out, SECTION_RISK);
        risk.writeState(out);
        out.endLength(slot);
        slot = beginSection(out, SECTION_STRATEGIES);
        out.putInt(strategies.length);
        for (final Strategy strategy : strategies)
        {
            final byte[] name = strategy.name().getBytes(StandardCharsets.UTF_8);
            out.putBytes(name, name.length);
            final int body = out.beginLength();
            if (started)
            {
                strategy.writeState(out);
            }
            out.endLength(body);
        }
        out.endLength(slot);
    }

    private static int beginSection(final StateWriter out, final int section)
    {
        out.putInt(section);
        return out.beginLength();
    }

    /**
     * Restores a state {@link #writeState} wrote into this freshly built BLP, before any event.
     * Strategies that had started are restored instead of started again. Afterwards call
     * {@link #resumeAt} with the snapshot's journal index.
     *
     * @throws SnapshotFormatException when the state does not fit this engine; discard the BLP then.
     */
    @Override
    public void readState(final StateReader in)
    {
        if (started || currentSequence != -1)
        {
            throw new IllegalStateException("restore a snapshot into a fresh BLP, before any event");
        }
        int end = enterSection(in, SECTION_BLP, "engine clock");
        nowNanos = in.getLong("engine time");
        final boolean wasStarted = in.getBoolean("strategies started");
        lastRejectReason = StateEnums.getRejectReason(in, "last reject reason");
        lastRejectValue = in.getLong("last reject value");
        accountGaugesPublishedNanos = in.getLong("account gauges published");
        in.endLength(end, "engine clock section");
        end = enterSection(in, SECTION_ORDERS, "orders");
        ledger.readState(in);
        in.endLength(end, "orders section");
        end = enterSection(in, SECTION_CLIENT_ORDER_IDS, "client order ids");
        clientOrderIds.readState(in);
        in.endLength(end, "client order ids section");
        end = enterSection(in, SECTION_MARKET, "market");
        market.readState(in);
        in.endLength(end, "market section");
        end = enterSection(in, SECTION_POSITIONS, "positions");
        positions.readState(in);
        in.endLength(end, "positions section");
        end = enterSection(in, SECTION_RISK, "risk");
        risk.readState(in);
        in.endLength(end, "risk section");
        end = enterSection(in, SECTION_STRATEGIES, "strategies");
        final int count = in.getInt("strategy count");
        if (count != strategies.length)
        {
            throw new SnapshotFormatException("the snapshot has " + count + " strategies but this engine runs " + strategies.length);
        }
        final byte[] name = new byte[256];
        for (int i = 0; i < count; i++)
        {
            final int n = in.getBytes(name, "strategy name");
            final String written = new String(name, 0, n, StandardCharsets.UTF_8);
            if (!written.equals(strategies[i].name()))
            {
                throw new SnapshotFormatException("strategy " + i + " is '" + written + "' in the snapshot but '" +
                    strategies[i].name() + "' in this engine");
            }
            final int bodyEnd = in.beginLength("strategy " + written);
            if (wasStarted)
            {
                currentStrategyId = i;
                strategies[i].readState(in, strategyContext);
                currentStrategyId = -1;
            }
            in.endLength(bodyEnd, "strategy " + written);
        }
        in.endLength(end, "strategies section");
        if (in.remaining() != 0)
        {
            throw new SnapshotFormatException("the state has " + in.remaining() + " bytes after its last section");
        }
        started = wasStarted;
        counters.liveOrders.setRelease(ledger.size());
    }

    private static int enterSection(final StateReader in, final int section, final String what)
    {
        final int code = in.getInt(what + " section");
        if (code != section)
        {
            throw new SnapshotFormatException("expected the " + what + " section (" + section + ") but found section " + code);
        }
        return in.beginLength(what);
    }

    /**
     * After {@link #readState}: the next event this BLP processes is journal index {@code journalIndex}.
     *
     * @param journalIndex the snapshot's journal index.
     */
    public void resumeAt(final long journalIndex)
    {
        currentSequence = journalIndex - 1;
    }

    /**
     * @return the order ledger; BLP thread only (tests and recovery read it after the BLP stops).
     */
    public OrderLedger ledger()
    {
        return ledger;
    }

    /**
     * @return positions and PnL; BLP thread only (tests, recovery and the run summary read them
     *         after the BLP stops).
     */
    public PositionBook positions()
    {
        return positions;
    }

    /**
     * @return the sequence of the last event processed.
     */
    public long lastSequence()
    {
        return currentSequence;
    }
}
