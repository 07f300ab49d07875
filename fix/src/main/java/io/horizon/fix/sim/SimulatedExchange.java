package io.horizon.fix.sim;

import java.util.HashMap;
import java.util.Map;

import io.horizon.engine.event.EventType;
import io.horizon.engine.event.FixedPoint;
import io.horizon.engine.event.InboundEvent;
import io.horizon.engine.event.OrderType;
import io.horizon.engine.event.RejectReason;
import io.horizon.engine.event.Side;
import io.horizon.engine.feed.MarketDataSink;
import io.horizon.engine.feed.SyntheticMarket;
import io.horizon.engine.output.EngineOutput;
import io.horizon.engine.reference.Instrument;
import io.horizon.engine.reference.ReferenceData;
import io.horizon.engine.venue.VenueResponses;
import io.horizon.engine.venue.paper.PaperVenue;
import quickfix.Message;
import quickfix.SessionID;
import quickfix.field.AvgPx;
import quickfix.field.ClOrdID;
import quickfix.field.CumQty;
import quickfix.field.CxlRejReason;
import quickfix.field.CxlRejResponseTo;
import quickfix.field.ExecID;
import quickfix.field.ExecType;
import quickfix.field.LastPx;
import quickfix.field.LastQty;
import quickfix.field.LastRptRequested;
import quickfix.field.LeavesQty;
import quickfix.field.MassStatusReqID;
import quickfix.field.OrdRejReason;
import quickfix.field.OrdStatus;
import quickfix.field.OrderID;
import quickfix.field.OrderQty;
import quickfix.field.OrigClOrdID;
import quickfix.field.Price;
import quickfix.field.Symbol;
import quickfix.field.Text;
import quickfix.field.TotNumReports;
import quickfix.fix44.ExecutionReport;
import quickfix.fix44.OrderCancelReject;

/**
 * The simulator's matching: the paper venue's book and rules (price-time priority among resting
 * orders, fills at the touch of the market's quote, an amend that reprices or grows loses its
 * place), fed by a seeded synthetic market or by fixed quotes, and spoken as FIX 4.4: every
 * paper-venue response becomes an ExecutionReport or an OrderCancelReject for the session that
 * sent the order.
 * <p>
 * Threading: every method is {@code synchronized}: QuickFIX/J's session thread and the
 * simulator's market thread both call in.
 */
final class SimulatedExchange
{
    /** Where FIX messages for a session go. */
    interface Outbound
    {
        void send(Message message, SessionID session);
    }

    private final ReferenceData referenceData;
    private final PaperVenue book;
    private final SyntheticMarket market;
    private final FixSimSettings settings;
    private final Outbound outbound;
    private final SimMarketData marketData;
    private final InboundEvent marketEvent = new InboundEvent();
    private final EngineOutput command = new EngineOutput();
    private final Responses responses = new Responses();
    private final Map<Long, SimOrder> orders = new HashMap<>();
    private final Map<String, SimOrder> byClOrdId = new HashMap<>();
    private long nextOrderId = 1;
    private long nextExecId = 1;
    private int fixedQuoteIndex;
    /** The request being answered: its ClOrdID is what cancel and replace reports carry. */
    private String requestClOrdId;
    private String requestOrigClOrdId;
    private SessionID requestSession;
    private Message lastExecutionReport;
    private long filledQuantity;

    /**
     * @param settings   what it lists and where its market comes from.
     * @param outbound   where its FIX messages go.
     * @param marketData told every quote and trade of the market, to publish as FIX market data; or {@code null}.
     */
    SimulatedExchange(final FixSimSettings settings, final Outbound outbound, final SimMarketData marketData)
    {
        this.settings = settings;
        this.outbound = outbound;
        this.marketData = marketData;
        final ReferenceData.Builder builder = ReferenceData.builder();
        for (final Map.Entry<String, Long> instrument : settings.instruments().entrySet())
        {
            builder.instrument(instrument.getKey(), FixedPoint.fromDouble(0.01), instrument.getValue());
        }
        builder.account("sim", FixedPoint.ofUnits(1));
        this.referenceData = builder.build();
        this.book = new PaperVenue(referenceData, 65_536);
        this.market = new SyntheticMarket(referenceData, settings.seed(), 1);
    }

    /**
     * Moves the market one step: the next fixed quote, or one synthetic quote or trade. Resting
     * orders the new market crosses fill.
     */
    synchronized void tick()
    {
        if (!settings.fixedQuotes().isEmpty())
        {
            final FixSimSettings.FixedQuote quote = settings.fixedQuotes().get(fixedQuoteIndex);
            fixedQuoteIndex = (fixedQuoteIndex + 1) % settings.fixedQuotes().size();
            marketEvent.setQuote(0, 1, 0, referenceData.instrumentBySymbol(quote.symbol()).id(),
                quote.bidPrice(), quote.bidQuantity(), quote.askPrice(), quote.askQuantity());
            book.onMarketData(marketEvent, responses);
            publish(marketEvent);
            return;
        }
        market.next(0, new MarketDataSink()
        {
            @Override
            public boolean quote(final long timestampNanos, final int feedId, final long feedSequence, final int instrumentId,
                final long bidPrice, final long bidQuantity, final long askPrice, final long askQuantity)
            {
                marketEvent.setQuote(timestampNanos, feedId, feedSequence, instrumentId, bidPrice, bidQuantity, askPrice,
                    askQuantity);
                book.onMarketData(marketEvent, responses);
                publish(marketEvent);
                return true;
            }

            @Override
            public boolean trade(final long timestampNanos, final int feedId, final long feedSequence, final int instrumentId,
                final long price, final long quantity, final Side aggressor)
            {
                marketEvent.setTrade(timestampNanos, feedId, feedSequence, instrumentId, price, quantity, aggressor);
                book.onMarketData(marketEvent, responses);
                publish(marketEvent);
                return true;
            }
        });
    }

    private void publish(final InboundEvent event)
    {
        if (marketData == null)
        {
            return;
        }
        final String symbol = referenceData.instrument(event.instrumentId).symbol();
        if (event.type == EventType.QUOTE)
        {
            marketData.quote(symbol, event.bidPrice, event.bidQuantity, event.askPrice, event.askQuantity);
        }
        else
        {
            marketData.trade(symbol, event.price, event.quantity);
        }
    }

    /**
     * A NewOrderSingle.
     */
    synchronized void newOrder(final SessionID session, final String clOrdId, final String symbol, final Side side,
        final OrderType type, final long price, final long quantity)
    {
        final Instrument instrument = referenceData.instrumentBySymbol(symbol);
        final SimOrder order = new SimOrder(nextOrderId++, session, clOrdId, symbol, side, quantity, price);
        if (byClOrdId.containsKey(clOrdId))
        {
            reject(order, OrdRejReason.DUPLICATE_ORDER, "duplicate ClOrdID " + clOrdId);
            return;
        }
        if (instrument == null)
        {
            reject(order, OrdRejReason.UNKNOWN_SYMBOL, "unknown symbol " + symbol + "; listed: " + settings.instruments().keySet());
            return;
        }
        orders.put(order.orderId, order);
        byClOrdId.put(clOrdId, order);
        command.clear();
        command.orderId = order.orderId;
        command.accountId = 0;
        command.instrumentId = instrument.id();
        command.side = side;
        command.orderType = type;
        command.price = price;
        command.quantity = quantity;
        requestSession = session;
        requestClOrdId = clOrdId;
        requestOrigClOrdId = null;
        book.submit(command, responses);
    }

    /**
     * An OrderCancelRequest.
     */
    synchronized void cancel(final SessionID session, final String clOrdId, final String origClOrdId)
    {
        final SimOrder order = byClOrdId.get(origClOrdId);
        if (order == null || !order.session.equals(session))
        {
            cancelReject(session, clOrdId, origClOrdId, CxlRejResponseTo.ORDER_CANCEL_REQUEST,
                CxlRejReason.UNKNOWN_ORDER, "unknown OrigClOrdID " + origClOrdId);
            return;
        }
        command.clear();
        command.orderId = order.orderId;
        command.instrumentId = referenceData.instrumentBySymbol(order.symbol).id();
        requestSession = session;
        requestClOrdId = clOrdId;
        requestOrigClOrdId = origClOrdId;
        book.cancel(command, responses);
    }

    /**
     * An OrderCancelReplaceRequest.
     */
    synchronized void replace(final SessionID session, final String clOrdId, final String origClOrdId, final long price,
        final long quantity)
    {
        final SimOrder order = byClOrdId.get(origClOrdId);
        if (order == null || !order.session.equals(session))
        {
            cancelReject(session, clOrdId, origClOrdId, CxlRejResponseTo.ORDER_CANCEL_REPLACE_REQUEST,
                CxlRejReason.UNKNOWN_ORDER, "unknown OrigClOrdID " + origClOrdId);
            return;
        }
        if (byClOrdId.containsKey(clOrdId))
        {
            cancelReject(session, clOrdId, origClOrdId, CxlRejResponseTo.ORDER_CANCEL_REPLACE_REQUEST,
                CxlRejReason.DUPLICATE_CLORDID_RECEIVED, "duplicate ClOrdID " + clOrdId);
            return;
        }
        command.clear();
        command.orderId = order.orderId;
        command.instrumentId = referenceData.instrumentBySymbol(order.symbol).id();
        command.price = price;
        command.quantity = quantity;
        requestSession = session;
        requestClOrdId = clOrdId;
        requestOrigClOrdId = origClOrdId;
        book.amend(command, responses);
    }

    /**
     * A NewOrderSingle refused without reaching the book (the reject-orders fault mode): a
     * rejecting ExecutionReport, OrdRejReason 99 (Other), with the text.
     */
    synchronized void refuseNewOrder(final SessionID session, final String clOrdId, final String symbol, final Side side,
        final long quantity, final String text)
    {
        final SimOrder order = new SimOrder(nextOrderId++, session, clOrdId, symbol, side, quantity, 0);
        order.terminal = OrdStatus.REJECTED;
        byClOrdId.putIfAbsent(clOrdId, order);
        reject(order, OrdRejReason.OTHER, text);
    }

    /**
     * An OrderStatusRequest: an ExecutionReport of ExecType Order Status (I) with the order's
     * status, cumulative and open quantity and average price; for a ClOrdID it never had (or
     * another session's), OrdStatus Rejected with OrdRejReason 5 (unknown order).
     */
    synchronized void orderStatus(final SessionID session, final String clOrdId, final Side side)
    {
        final SimOrder order = byClOrdId.get(clOrdId);
        final ExecutionReport report;
        if (order == null || !order.session.equals(session))
        {
            report = new ExecutionReport(new OrderID("NONE"), new ExecID("S" + nextExecId++),
                new ExecType(ExecType.ORDER_STATUS), new OrdStatus(OrdStatus.REJECTED),
                new quickfix.field.Side(side == Side.SELL ? quickfix.field.Side.SELL : quickfix.field.Side.BUY),
                new LeavesQty(0), new CumQty(0), new AvgPx(0));
            report.set(new ClOrdID(clOrdId));
            report.set(new OrdRejReason(OrdRejReason.UNKNOWN_ORDER));
            report.set(new Text("unknown ClOrdID " + clOrdId));
        }
        else
        {
            report = statusReport(order, clOrdId);
        }
        outbound.send(report, session);
    }

    /**
     * An OrderMassStatusRequest: one ExecutionReport of ExecType Order Status (I) per live order of
     * the session (all of them for MassStatusReqType 7, those in the symbol for 1), each with the
     * MassStatusReqID, TotNumReports and, on the last, LastRptRequested=Y; with none live, one
     * report with TotNumReports 0 and no ClOrdID (OrderID NONE).
     *
     * @param symbol the symbol of a type 1 request, or {@code null} for all.
     */
    synchronized void massStatus(final SessionID session, final String requestId, final String symbol)
    {
        final java.util.List<SimOrder> live = new java.util.ArrayList<>();
        for (final SimOrder order : orders.values())
        {
            if (order.session.equals(session) && order.terminal == 0 && (symbol == null || symbol.equals(order.symbol)))
            {
                live.add(order);
            }
        }
        live.sort(java.util.Comparator.comparingLong(order -> order.orderId));
        if (live.isEmpty())
        {
            final ExecutionReport none = new ExecutionReport(new OrderID("NONE"), new ExecID("S" + nextExecId++),
                new ExecType(ExecType.ORDER_STATUS), new OrdStatus(OrdStatus.REJECTED),
                new quickfix.field.Side(quickfix.field.Side.BUY), new LeavesQty(0), new CumQty(0), new AvgPx(0));
            none.set(new MassStatusReqID(requestId));
            none.set(new TotNumReports(0));
            none.set(new LastRptRequested(true));
            none.set(new Text("no live orders"));
            outbound.send(none, session);
            return;
        }
        for (int i = 0; i < live.size(); i++)
        {
            final ExecutionReport report = statusReport(live.get(i), null);
            report.set(new MassStatusReqID(requestId));
            report.set(new TotNumReports(live.size()));
            if (i == live.size() - 1)
            {
                report.set(new LastRptRequested(true));
            }
            outbound.send(report, session);
        }
    }

    /**
     * The status of an order: ClOrdID is the one it is known by now; OrigClOrdID the one it was
     * asked by when that is an older one (a replace since), else the one before its last replace.
     */
    private ExecutionReport statusReport(final SimOrder order, final String askedClOrdId)
    {
        final ExecutionReport report = new ExecutionReport(new OrderID(String.valueOf(order.orderId)),
            new ExecID("S" + nextExecId++), new ExecType(ExecType.ORDER_STATUS), new OrdStatus(order.status()),
            new quickfix.field.Side(order.side == Side.SELL ? quickfix.field.Side.SELL : quickfix.field.Side.BUY),
            new LeavesQty(FixedPoint.toDouble(order.terminal == 0 ? order.leavesQuantity() : 0)),
            new CumQty(FixedPoint.toDouble(order.cumulativeQuantity)), new AvgPx(order.averagePrice()));
        report.set(new ClOrdID(order.clOrdId));
        if (askedClOrdId != null && !askedClOrdId.equals(order.clOrdId))
        {
            report.set(new OrigClOrdID(askedClOrdId));
        }
        else if (askedClOrdId == null && order.previousClOrdId != null)
        {
            report.set(new OrigClOrdID(order.previousClOrdId));
        }
        report.set(new Symbol(order.symbol));
        report.set(new OrderQty(FixedPoint.toDouble(order.quantity)));
        if (order.price > 0)
        {
            report.set(new Price(FixedPoint.toDouble(order.price)));
        }
        return report;
    }

    /**
     * @return a copy of the last ExecutionReport built, or {@code null}.
     */
    synchronized Message lastExecutionReport()
    {
        return lastExecutionReport == null ? null : (Message)lastExecutionReport.clone();
    }

    /**
     * Fills every resting order in full at its own limit price, as trades through the book would.
     */
    synchronized void fillRestingOrders()
    {
        for (final SimOrder order : new java.util.ArrayList<>(orders.values()))
        {
            if (orders.containsKey(order.orderId) && order.leavesQuantity() > 0 && order.price > 0)
            {
                marketEvent.setTrade(0, 1, 0, referenceData.instrumentBySymbol(order.symbol).id(), order.price,
                    order.leavesQuantity(), order.side == Side.BUY ? Side.SELL : Side.BUY);
                book.onMarketData(marketEvent, responses);
            }
        }
    }

    /**
     * @return the quantity filled so far, all orders together (fixed point).
     */
    synchronized long filledQuantity()
    {
        return filledQuantity;
    }

    /**
     * @return orders resting in the book now.
     */
    synchronized int restingOrders()
    {
        return book.restingOrderCount();
    }

    private void reject(final SimOrder order, final int reason, final String text)
    {
        final ExecutionReport report = report(order, ExecType.REJECTED, OrdStatus.REJECTED, 0);
        report.set(new OrdRejReason(reason));
        report.set(new Text(text));
        outbound.send(report, order.session);
    }

    private void cancelReject(final SessionID session, final String clOrdId, final String origClOrdId,
        final char responseTo, final int reason, final String text)
    {
        final SimOrder order = byClOrdId.get(origClOrdId);
        final OrderCancelReject reject = new OrderCancelReject(
            new OrderID(order == null ? "NONE" : String.valueOf(order.orderId)),
            new ClOrdID(clOrdId),
            new OrigClOrdID(origClOrdId),
            new OrdStatus(order == null ? OrdStatus.REJECTED : order.status()),
            new CxlRejResponseTo(responseTo));
        reject.set(new CxlRejReason(reason));
        reject.set(new Text(text));
        outbound.send(reject, session);
    }

    private ExecutionReport report(final SimOrder order, final char execType, final char status, final long leaves)
    {
        final ExecutionReport report = new ExecutionReport(
            new OrderID(String.valueOf(order.orderId)),
            new ExecID("E" + nextExecId++),
            new ExecType(execType),
            new OrdStatus(status),
            new quickfix.field.Side(order.side == Side.SELL ? quickfix.field.Side.SELL : quickfix.field.Side.BUY),
            new LeavesQty(FixedPoint.toDouble(leaves)),
            new CumQty(FixedPoint.toDouble(order.cumulativeQuantity)),
            new AvgPx(order.averagePrice()));
        lastExecutionReport = report;
        report.set(new ClOrdID(order.clOrdId));
        report.set(new Symbol(order.symbol));
        report.set(new OrderQty(FixedPoint.toDouble(order.quantity)));
        if (order.price > 0)
        {
            report.set(new Price(FixedPoint.toDouble(order.price)));
        }
        return report;
    }

    private final class Responses implements VenueResponses
    {
        @Override
        public void ack(final long orderId, final int accountId, final int instrumentId, final long venueOrderId)
        {
            final SimOrder order = orders.get(orderId);
            outbound.send(report(order, ExecType.NEW, OrdStatus.NEW, order.leavesQuantity()), order.session);
        }

        @Override
        public void reject(final long orderId, final int accountId, final int instrumentId, final RejectReason reason,
            final long reasonValue)
        {
            final SimOrder order = orders.remove(orderId);
            order.terminal = OrdStatus.REJECTED;
            SimulatedExchange.this.reject(order, reason == RejectReason.UNKNOWN_INSTRUMENT ?
                OrdRejReason.UNKNOWN_SYMBOL : OrdRejReason.OTHER, reason.name());
        }

        @Override
        public void fill(final long orderId, final int accountId, final int instrumentId, final long price,
            final long quantity, final long leavesQuantity)
        {
            final SimOrder order = orders.get(orderId);
            order.fill(price, quantity);
            filledQuantity += quantity;
            final ExecutionReport report = report(order, ExecType.TRADE,
                leavesQuantity == 0 ? OrdStatus.FILLED : OrdStatus.PARTIALLY_FILLED, leavesQuantity);
            report.set(new LastQty(FixedPoint.toDouble(quantity)));
            report.set(new LastPx(FixedPoint.toDouble(price)));
            outbound.send(report, order.session);
            if (leavesQuantity == 0)
            {
                order.terminal = OrdStatus.FILLED;
                retire(order);
            }
        }

        @Override
        public void canceled(final long orderId, final int accountId, final int instrumentId, final long leavesQuantity)
        {
            final SimOrder order = orders.get(orderId);
            final ExecutionReport report = report(order, ExecType.CANCELED, OrdStatus.CANCELED, 0);
            report.set(new ClOrdID(requestClOrdId));
            report.set(new OrigClOrdID(requestOrigClOrdId));
            outbound.send(report, order.session);
            order.terminal = OrdStatus.CANCELED;
            retire(order);
        }

        @Override
        public void cancelRejected(final long orderId, final int accountId, final int instrumentId,
            final RejectReason reason, final long reasonValue)
        {
            cancelReject(requestSession, requestClOrdId, requestOrigClOrdId,
                CxlRejResponseTo.ORDER_CANCEL_REQUEST, CxlRejReason.TOO_LATE_TO_CANCEL, reason.name());
        }

        @Override
        public void replaced(final long orderId, final int accountId, final int instrumentId, final long price,
            final long quantity, final long leavesQuantity)
        {
            final SimOrder order = orders.get(orderId);
            byClOrdId.put(requestClOrdId, order);
            order.previousClOrdId = order.clOrdId;
            order.clOrdId = requestClOrdId;
            order.price = price;
            order.quantity = quantity;
            final ExecutionReport report = report(order, ExecType.REPLACED,
                order.cumulativeQuantity > 0 ? OrdStatus.PARTIALLY_FILLED : OrdStatus.NEW, leavesQuantity);
            report.set(new OrigClOrdID(requestOrigClOrdId));
            outbound.send(report, order.session);
        }

        @Override
        public void replaceRejected(final long orderId, final int accountId, final int instrumentId,
            final RejectReason reason, final long reasonValue)
        {
            cancelReject(requestSession, requestClOrdId, requestOrigClOrdId,
                CxlRejResponseTo.ORDER_CANCEL_REPLACE_REQUEST, CxlRejReason.OTHER, reason.name());
        }

        @Override
        public void expired(final long orderId, final int accountId, final int instrumentId, final long leavesQuantity)
        {
            final SimOrder order = orders.get(orderId);
            outbound.send(report(order, ExecType.EXPIRED, OrdStatus.EXPIRED, 0), order.session);
            order.terminal = OrdStatus.EXPIRED;
            retire(order);
        }
    }

    private void retire(final SimOrder order)
    {
        orders.remove(order.orderId);
        // ClOrdIDs stay known: a late cancel gets "too late", a reused ClOrdID a duplicate reject.
    }

    /** One order at the simulator. */
    private static final class SimOrder
    {
        final long orderId;
        final SessionID session;
        final String symbol;
        final Side side;
        String clOrdId;
        /** The ClOrdID before the last replace, or {@code null}. */
        String previousClOrdId;
        long quantity;
        long price;
        long cumulativeQuantity;
        double notional;
        /** OrdStatus once the order is over (filled, canceled, expired, rejected); 0 while live. */
        char terminal;

        SimOrder(final long orderId, final SessionID session, final String clOrdId, final String symbol, final Side side,
            final long quantity, final long price)
        {
            this.orderId = orderId;
            this.session = session;
            this.clOrdId = clOrdId;
            this.symbol = symbol;
            this.side = side;
            this.quantity = quantity;
            this.price = price;
        }

        void fill(final long fillPrice, final long fillQuantity)
        {
            cumulativeQuantity += fillQuantity;
            notional += FixedPoint.toDouble(fillPrice) * FixedPoint.toDouble(fillQuantity);
        }

        long leavesQuantity()
        {
            return quantity - cumulativeQuantity;
        }

        double averagePrice()
        {
            return cumulativeQuantity == 0 ? 0 : notional / FixedPoint.toDouble(cumulativeQuantity);
        }

        char status()
        {
            if (terminal != 0)
            {
                return terminal;
            }
            return cumulativeQuantity == 0 ? OrdStatus.NEW : OrdStatus.PARTIALLY_FILLED;
        }
    }
}
