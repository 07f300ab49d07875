package io.horizon.fix;

import io.horizon.engine.event.RejectReason;
import io.horizon.engine.venue.VenueResponses;
import io.horizon.fix.codecs.decoder.BusinessMessageRejectDecoder;
import io.horizon.fix.codecs.decoder.OrderCancelRejectDecoder;
import io.horizon.fix.codecs.decoder.RejectDecoder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The venue's refusals of our messages, mapped to venue responses: OrderCancelReject (35=9) to
 * cancel-rejected or replace-rejected (too late when the order is unknown or done, 102=0/1, else
 * venue-rejected); BusinessMessageReject (35=j), by its BusinessRejectRefID (379, our ClOrdID), and
 * session Reject (35=3), by the MsgType of our message its RefSeqNum (45) names, to the reject of
 * that order, cancel or replace. One that names an order already over here is counted as late
 * ({@link LateReports}); one that names no order known here is itself refused (or held, for a
 * resent OrderCancelReject, like a report: {@link HeldReports}). An OrderCancelReject of the replace
 * in flight for a duplicate ClOrdID (102=6) says the venue has that replace already (it was sent
 * again after a restart): the order's status is asked instead ({@link FixReconciliation}), never a
 * replace-rejected.
 * <p>
 * Logs under the {@link FixVenue} logger, like every part of the venue.
 * <p>
 * Threading: the venue's polling thread only. Not thread-safe.
 */
final class OrderRejects
{
    private static final Logger LOG = LoggerFactory.getLogger(FixVenue.class);
    /** CxlRejReason (102) 6: duplicate ClOrdID received. */
    private static final int CXL_REJ_DUPLICATE_CLORDID = 6;

    private final FixOrders orders;
    private final SentMessages sent;
    private final HeldReports held;
    private final FixRefusals refusals;
    private final LateReports late;
    private final FixReconciliation reconciliation;
    private final String sessionName;

    OrderRejects(final FixOrders orders, final SentMessages sent, final HeldReports held, final FixRefusals refusals,
        final LateReports late, final FixReconciliation reconciliation, final String sessionName)
    {
        this.reconciliation = reconciliation;
        this.late = late;
        this.orders = orders;
        this.sent = sent;
        this.held = held;
        this.refusals = refusals;
        this.sessionName = sessionName;
    }

    void onCancelReject(final OrderCancelRejectDecoder reject, final VenueResponses responses)
    {
        final String clOrdId = reject.clOrdIDAsString();
        FixOrder order = orders.byClOrdId(clOrdId);
        if (order == null)
        {
            order = orders.byClOrdId(reject.origClOrdIDAsString());
        }
        if (order == null)
        {
            if (orders.wasFinished(clOrdId) || orders.wasFinished(reject.origClOrdIDAsString()))
            {
                late.late("OrderCancelReject", clOrdId);
                return;
            }
            if (!held.hold(reject.origClOrdIDAsString(),
                reject.header().hasPossDupFlag() && reject.header().possDupFlag(), refusals))
            {
                refusals.refuse("OrderCancelReject", "11=ClOrdID", clOrdId, "no live order has that ClOrdID; ignored");
            }
            return;
        }
        orders.roundTrips().answered(order, clOrdId, reject.header().hasPossDupFlag() && reject.header().possDupFlag());
        final int reason = reject.hasCxlRejReason() ? reject.cxlRejReason() : -1;
        final RejectReason why = reason == 0 || reason == 1 ? RejectReason.TOO_LATE : RejectReason.VENUE_REJECTED;
        if (reject.cxlRejResponseTo() == '2' && reason == CXL_REJ_DUPLICATE_CLORDID &&
            order.pendingReplaceClOrdId != null && order.pendingReplaceClOrdId.toString().equals(clOrdId))
        {
            // The venue has this replace already: recovery sent a replace pending at the crash
            // again (or a chain A to B to C was broken by a restart after C went out). Not a
            // reject: its status says what the venue did, and reports the replace.
            LOG.info("FIX session {}: OrderCancelReplaceRequest 11={} rejected as a duplicate ClOrdID (102=6): the " +
                "venue has it from before the restart; asking for the order's status", sessionName, clOrdId);
            reconciliation.requestStatus(order);
            return;
        }
        if (reject.cxlRejResponseTo() == '2' && reason == CXL_REJ_DUPLICATE_CLORDID && clOrdId.contentEquals(order.clOrdId))
        {
            // The same, answered after reconciliation already reported the replace (the order
            // stands on it under this ClOrdID): nothing to apply.
            late.late("OrderCancelReject (102=6, a replace already reconciled)", clOrdId);
            return;
        }
        if (reject.cxlRejResponseTo() == '2')
        {
            order.pendingReplaceClOrdId = null;
            responses.replaceRejected(order.orderId, order.accountId, order.instrumentId, why, reason);
        }
        else
        {
            responses.cancelRejected(order.orderId, order.accountId, order.instrumentId, why, reason);
        }
        orders.answered(order);
    }

    void onBusinessReject(final BusinessMessageRejectDecoder reject, final VenueResponses responses)
    {
        if (reject.refMsgTypeLength() == 2 && reject.refMsgType()[0] == 'A' && reject.refMsgType()[1] == 'F')
        {
            // The venue does not take OrderMassStatusRequest: reconciliation asks order by order.
            reconciliation.onMassStatusRejected(reject.businessRejectReason(),
                reject.hasText() ? reject.textAsString() : "");
            return;
        }
        final String refId = reject.hasBusinessRejectRefID() ? reject.businessRejectRefIDAsString() : null;
        final FixOrder order = refId == null ? null : orders.byClOrdId(refId);
        if (order == null && orders.wasFinished(refId))
        {
            late.late("BusinessMessageReject", refId);
            return;
        }
        if (order == null)
        {
            refusals.refuse("BusinessMessageReject", "379=BusinessRejectRefID", refId,
                "no live order has that ClOrdID; ignored");
            return;
        }
        orders.roundTrips().answered(order, refId, reject.header().hasPossDupFlag() && reject.header().possDupFlag());
        refused(order, reject.refMsgTypeAsString(), RejectReason.VENUE_REJECTED, reject.businessRejectReason(),
            responses);
    }

    void onSessionReject(final RejectDecoder reject, final VenueResponses responses)
    {
        final int refSeqNum = reject.refSeqNum();
        final FixOrder order = sent.remembers(refSeqNum) ? orders.byOrderId(sent.orderId(refSeqNum)) : null;
        LOG.warn("FIX session {}: session Reject of our 34=MsgSeqNum {}: 373=SessionRejectReason {} 58=Text {}",
            sessionName, refSeqNum, reject.hasSessionRejectReason() ? reject.sessionRejectReason() : -1,
            reject.hasText() ? reject.textAsString() : "");
        if (order == null)
        {
            return;
        }
        orders.roundTrips().answeredSeqNum(order, refSeqNum,
            reject.header().hasPossDupFlag() && reject.header().possDupFlag());
        refused(order, String.valueOf(sent.type(refSeqNum)), RejectReason.VENUE_REJECTED,
            reject.hasSessionRejectReason() ? reject.sessionRejectReason() : 0, responses);
    }

    private void refused(final FixOrder order, final String refMsgType, final RejectReason reason, final long value,
        final VenueResponses responses)
    {
        if ("F".equals(refMsgType))
        {
            responses.cancelRejected(order.orderId, order.accountId, order.instrumentId, reason, value);
            orders.answered(order);
        }
        else if ("G".equals(refMsgType))
        {
            order.pendingReplaceClOrdId = null;
            responses.replaceRejected(order.orderId, order.accountId, order.instrumentId, reason, value);
            orders.answered(order);
        }
        else
        {
            responses.reject(order.orderId, order.accountId, order.instrumentId, reason, value);
            orders.finish(order);
        }
    }
}
