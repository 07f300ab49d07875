package io.horizon.fix;

import io.aeron.Publication;
import io.horizon.engine.event.FixedPoint;
import io.horizon.engine.event.OrderType;
import io.horizon.engine.event.RejectReason;
import io.horizon.engine.order.ClientOrderIds;
import io.horizon.engine.output.EngineOutput;
import io.horizon.engine.reference.Instrument;
import io.horizon.engine.reference.ReferenceData;
import io.horizon.engine.venue.VenueResponses;
import io.horizon.fix.codecs.HandlInst;
import io.horizon.fix.codecs.OrdType;
import io.horizon.fix.codecs.builder.NewOrderSingleEncoder;
import io.horizon.fix.codecs.builder.OrderCancelReplaceRequestEncoder;
import io.horizon.fix.codecs.builder.OrderCancelRequestEncoder;
import uk.co.real_logic.artio.builder.Encoder;
import uk.co.real_logic.artio.fields.UtcTimestampEncoder;

/**
 * Outbound order entry: the engine's new orders, cancels and amends encoded as NewOrderSingle
 * (35=D), OrderCancelRequest (35=F) and OrderCancelReplaceRequest (35=G) and sent on the session;
 * each order is tracked under the ClOrdIDs it is sent with, and each message sent is remembered
 * by MsgSeqNum for a session Reject, and stamped with the moment it was handed to Artio for the
 * venue's round trip ({@link VenueRoundTrips}). The ClOrdID of an order or an amend is its client order id;
 * a cancel's is the order's ClOrdID with {@code -c} and a count.
 * <p>
 * The caller sends only commands whose cause is journaled. When Artio's library publication is
 * back-pressured the command is not sent and nothing about it changes: the call returns
 * {@code false} and the caller sends it again after polling the library ({@link DeferredCommands}).
 * A command that cannot be sent otherwise (the session is down, or Artio refuses it for good)
 * throws {@link IllegalStateException} with the reason first: the gateway turns that into a venue
 * error for the order, which the dead-letter queue keeps. An order for an instrument the reference
 * data does not know is rejected; a cancel or an amend of an order no longer tracked is answered
 * as too late.
 * <p>
 * Threading: the venue's polling thread only. Not thread-safe.
 */
final class FixOrderEntry
{
    static final char MSG_NEW = 'D';
    static final char MSG_CANCEL = 'F';
    static final char MSG_REPLACE = 'G';

    private final ReferenceData referenceData;
    private final FixOrders orders;
    private final SentMessages sent;
    private final OrderWire wire;
    private final FixSessionCounters metrics;
    private final String sessionName;
    private final NewOrderSingleEncoder newOrder = new NewOrderSingleEncoder();
    private final OrderCancelRequestEncoder cancelRequest = new OrderCancelRequestEncoder();
    private final OrderCancelReplaceRequestEncoder replaceRequest = new OrderCancelReplaceRequestEncoder();
    private final UtcTimestampEncoder transactTime = new UtcTimestampEncoder();
    /** The ClOrdID being sent: written in place, so sending allocates nothing. */
    private final WireId clOrdIdText = new WireId();
    /** When the last message sent was handed to Artio ({@link VenueRoundTrips#now()}). */
    private long handedNanos;

    FixOrderEntry(
        final ReferenceData referenceData,
        final FixOrders orders,
        final SentMessages sent,
        final OrderWire wire,
        final FixSessionCounters metrics,
        final String sessionName)
    {
        this.referenceData = referenceData;
        this.orders = orders;
        this.sent = sent;
        this.wire = wire;
        this.metrics = metrics;
        this.sessionName = sessionName;
    }

    /**
     * Sends a NewOrderSingle for the order, unless it is tracked already (sent again after recovery).
     *
     * @return false when the library was back-pressured: nothing sent, nothing tracked; send it again later.
     */
    boolean submit(final EngineOutput order, final VenueResponses responses)
    {
        final OrderWire session = wire.sendable("NewOrderSingle");
        final Instrument instrument = referenceData.isInstrument(order.instrumentId) ?
            referenceData.instrument(order.instrumentId) : null;
        if (instrument == null)
        {
            responses.reject(order.orderId, order.accountId, order.instrumentId, RejectReason.UNKNOWN_INSTRUMENT,
                order.instrumentId);
            return true;
        }
        if (orders.isTracked(order.orderId))
        {
            // Sent again after recovery (it was pending at the crash): the venue knows it by ClOrdID.
            return true;
        }
        final WireId clOrdId = clOrdIdText.setClientOrderId(order.clientOrderIdHi, order.clientOrderIdLo);
        newOrder.reset();
        newOrder.clOrdID(clOrdId)
            .side(FixFields.side(order.side))
            .transactTime(transactTime.buffer(), transactTime.encode(System.currentTimeMillis()))
            .ordType(order.orderType == OrderType.MARKET ? OrdType.MARKET : OrdType.LIMIT)
            .handlInst(HandlInst.AUTOMATED_EXECUTION_ORDER_PRIVATE);
        newOrder.instrument().symbol(instrument.symbol());
        newOrder.orderQtyData().orderQty(order.quantity, FixedPoint.DECIMALS);
        if (order.orderType != OrderType.MARKET)
        {
            newOrder.price(order.price, FixedPoint.DECIMALS);
        }
        if (!send(session, newOrder, MSG_NEW, order.orderId, "NewOrderSingle", clOrdId))
        {
            return false;
        }
        final FixOrder tracked = orders.newOrder(order.orderId, order.accountId, order.instrumentId, order.side,
            order.quantity, order.price, clOrdId);
        orders.track(tracked, clOrdId);
        orders.roundTrips().handed(tracked, handedNanos, session.lastSentMsgSeqNum());
        return true;
    }

    /**
     * Sends an OrderCancelRequest for the order.
     *
     * @return false when the library was back-pressured: nothing sent; send it again later.
     */
    boolean cancel(final EngineOutput cancel, final VenueResponses responses)
    {
        final FixOrder order = orders.byOrderId(cancel.orderId);
        if (order == null)
        {
            responses.cancelRejected(cancel.orderId, cancel.accountId, cancel.instrumentId, RejectReason.TOO_LATE, 0);
            return true;
        }
        final OrderWire session = wire.sendable("OrderCancelRequest");
        final WireId clOrdId = clOrdIdText.setSuffixed(order.clOrdId, "-c", order.cancelCount + 1);
        cancelRequest.reset();
        cancelRequest.clOrdID(clOrdId)
            .origClOrdID(order.clOrdId)
            .side(FixFields.side(order.side))
            .transactTime(transactTime.buffer(), transactTime.encode(System.currentTimeMillis()));
        cancelRequest.instrument().symbol(referenceData.instrument(order.instrumentId).symbol());
        cancelRequest.orderQtyData().orderQty(order.quantity, FixedPoint.DECIMALS);
        if (!send(session, cancelRequest, MSG_CANCEL, order.orderId, "OrderCancelRequest", clOrdId))
        {
            return false;
        }
        order.cancelCount++;
        order.pendingRequests++;
        orders.track(order, clOrdId);
        orders.roundTrips().handed(order, handedNanos, session.lastSentMsgSeqNum());
        return true;
    }

    /**
     * Sends an OrderCancelReplaceRequest with the amend's price and quantity.
     *
     * @return false when the library was back-pressured: nothing sent; send it again later.
     */
    boolean amend(final EngineOutput amend, final VenueResponses responses)
    {
        final FixOrder order = orders.byOrderId(amend.orderId);
        if (order == null)
        {
            responses.replaceRejected(amend.orderId, amend.accountId, amend.instrumentId, RejectReason.TOO_LATE, 0);
            return true;
        }
        final OrderWire session = wire.sendable("OrderCancelReplaceRequest");
        final WireId clOrdId = clOrdIdText.setClientOrderId(amend.clientOrderIdHi, amend.clientOrderIdLo);
        replaceRequest.reset();
        replaceRequest.clOrdID(clOrdId)
            .origClOrdID(order.clOrdId)
            .side(FixFields.side(order.side))
            .ordType(OrdType.LIMIT)
            .price(amend.price, FixedPoint.DECIMALS)
            .handlInst(HandlInst.AUTOMATED_EXECUTION_ORDER_PRIVATE)
            .transactTime(transactTime.buffer(), transactTime.encode(System.currentTimeMillis()));
        replaceRequest.instrument().symbol(referenceData.instrument(order.instrumentId).symbol());
        replaceRequest.orderQtyData().orderQty(amend.quantity, FixedPoint.DECIMALS);
        if (!send(session, replaceRequest, MSG_REPLACE, order.orderId, "OrderCancelReplaceRequest", clOrdId))
        {
            return false;
        }
        order.pendingRequests++;
        order.pendingReplaceClOrdId = orders.track(order, clOrdId);
        orders.roundTrips().handed(order, handedNanos, session.lastSentMsgSeqNum());
        return true;
    }

    /** @return the ClOrdID (11) of a client order id (allocates: recovery only). */
    String clOrdId(final long hi, final long lo)
    {
        return ClientOrderIds.format(hi, lo);
    }

    /** @return false when Artio's publication was back-pressured (nothing sent); throws when it refused for good. */
    private boolean send(
        final OrderWire session, final Encoder message, final char type, final long orderId, final String what,
        final CharSequence clOrdId)
    {
        handedNanos = orders.roundTrips().now();
        final long position = session.trySend(message);
        if (position == Publication.BACK_PRESSURED || position == Publication.ADMIN_ACTION)
        {
            return false;
        }
        if (position < 0)
        {
            throw new IllegalStateException("FIX session " + sessionName + " refused " + what + " 11=" + clOrdId +
                " (Artio back-pressure code " + position + ")");
        }
        if (metrics != null)
        {
            metrics.messagesOut.incrementRelease();
        }
        sent.sent(session.lastSentMsgSeqNum(), orderId, type);
        return true;
    }
}
