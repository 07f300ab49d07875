package io.horizon.fix;

import io.horizon.engine.event.FixedPoint;
import io.horizon.engine.event.RejectReason;
import io.horizon.engine.venue.VenueResponses;
import io.horizon.fix.codecs.decoder.ExecutionReportDecoder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * ExecutionReports (35=8) mapped to the venue responses the engine understands: New to ack,
 * Trade (and FIX 4.2 partial fill / fill) to fill, Canceled, Replaced, Rejected and Expired to
 * theirs; pending states, Done for day and Restated change nothing. Order Status (150=I) goes to
 * {@link FixReconciliation}.
 * <p>
 * A duplicate ExecID is logged, counted and kept with the refused messages, never applied twice;
 * a fill for more than the order's open quantity, or without a positive quantity and price, is
 * refused; a fill whose CumQty reconciliation already counted is not applied again. A report for
 * an order already over here is counted as late ({@link LateReports}), not applied. A report for
 * a ClOrdID nobody tracks is held ({@link HeldReports}) when it may be for an order recovery has
 * not handed over yet, else refused; an Order Status report answering an OrderMassStatusRequest
 * for such a ClOrdID is a live venue order Horizon does not track
 * ({@link FixReconciliation#onUnknownVenueOrder}). A Replaced report for terms the order already
 * stands on under that ClOrdID (reconciliation reported the replace) is late, not applied again. A NewOrderSingle rejected as a duplicate ClOrdID (103=6),
 * which is what a venue says to an order Horizon sent again after a crash, is answered with a
 * status request, not applied as a reject.
 * <p>
 * Logs under the {@link FixVenue} logger, like every part of the venue.
 * <p>
 * Threading: the venue's polling thread only. Not thread-safe.
 */
final class ExecutionReports
{
    private static final Logger LOG = LoggerFactory.getLogger(FixVenue.class);
    private static final int ORD_REJ_DUPLICATE_ORDER = 6;

    private final FixOrders orders;
    private final HeldReports held;
    private final FixRefusals refusals;
    private final FixReconciliation reconciliation;
    private final LateReports late;
    private final FixSessionCounters metrics;
    private final String sessionName;
    private long duplicateExecIds;
    /** The report's ClOrdID, read without a String. */
    private final WireId reportClOrdId = new WireId();
    private final WireId probeOrig = new WireId();

    ExecutionReports(
        final FixOrders orders,
        final HeldReports held,
        final FixRefusals refusals,
        final FixReconciliation reconciliation,
        final LateReports late,
        final FixSessionCounters metrics,
        final String sessionName)
    {
        this.orders = orders;
        this.held = held;
        this.refusals = refusals;
        this.reconciliation = reconciliation;
        this.late = late;
        this.metrics = metrics;
        this.sessionName = sessionName;
    }

    /** @return ExecutionReports dropped because their ExecID was already applied. */
    long duplicateExecIds()
    {
        return duplicateExecIds;
    }

    /** Applies the decoded report (the message {@link FixRefusals#handling} names). */
    void onExecutionReport(final ExecutionReportDecoder er, final VenueResponses responses)
    {
        final WireId clOrdId = er.hasClOrdID() ? reportClOrdId.set(er.clOrdID(), er.clOrdIDLength()) : null;
        FixOrder order = clOrdId == null ? null : orders.byClOrdId(clOrdId);
        if (order == null && er.hasOrigClOrdID())
        {
            order = orders.byClOrdId(er.origClOrdID(), er.origClOrdIDLength());
        }
        final boolean massStatus = er.execType() == 'I' && er.hasMassStatusReqID();
        if (massStatus)
        {
            reconciliation.onMassStatusReport(order, er);
        }
        if (order == null)
        {
            if (massStatus && (clOrdId == null || !isLive(er.ordStatus())))
            {
                // The "no live orders" answer (911=0), or a done order the venue listed: nothing to settle.
                return;
            }
            if (orders.wasFinished(clOrdId) ||
                (er.hasOrigClOrdID() && orders.wasFinished(probeOrig.set(er.origClOrdID(), er.origClOrdIDLength()))))
            {
                late.late("ExecutionReport", clOrdId);
                return;
            }
            final String text = clOrdId == null ? null : clOrdId.toString();
            // A mass status report for an untracked order may be for one recovery has not handed over yet.
            if (held.hold(text, massStatus || (er.header().hasPossDupFlag() && er.header().possDupFlag()), refusals))
            {
                return;
            }
            if (massStatus)
            {
                reconciliation.onUnknownVenueOrder(er, text);
            }
            else
            {
                refusals.refuse("ExecutionReport", "11=ClOrdID", text, "no live order has that ClOrdID; ignored");
            }
            return;
        }
        if (er.execType() == 'I')
        {
            // Order status: not an execution, never deduplicated by ExecID.
            reconciliation.onOrderStatus(order, er, clOrdId == null ? null : clOrdId.toString(), responses);
            return;
        }
        // The first answer for this ClOrdID ends its command's round trip.
        orders.roundTrips().answered(order, clOrdId, er.header().hasPossDupFlag() && er.header().possDupFlag());
        if (!order.execIds.add(er.execID(), er.execIDLength()))
        {
            final String execId = er.execIDAsString();
            duplicateExecIds++;
            if (metrics != null)
            {
                metrics.duplicateExecIds.incrementRelease();
            }
            LOG.warn("FIX session {}: ExecutionReport 17=ExecID {} for 11={} was already applied; duplicate ignored",
                sessionName, execId, clOrdId);
            refusals.keep("ExecutionReport", "17=ExecID", execId,
                "duplicate: already applied to 11=" + clOrdId + "; not applied twice");
            return;
        }
        final char execType = er.execType();
        switch (execType)
        {
            case '0': // New
                order.acked = true;
                responses.ack(order.orderId, order.accountId, order.instrumentId, FixFields.venueOrderId(er));
                break;
            case '1': // Partial fill (FIX 4.2 style)
            case '2': // Fill (FIX 4.2 style)
            case 'F': // Trade
                onFill(order, er, clOrdId, responses);
                break;
            case '4': // Canceled
                responses.canceled(order.orderId, order.accountId, order.instrumentId, order.leavesQuantity());
                order.pendingRequests = 0;
                orders.finish(order);
                break;
            case '5': // Replaced
                onReplaced(order, er, clOrdId, responses);
                break;
            case '8': // Rejected
                if (er.hasOrdRejReason() && er.ordRejReason() == ORD_REJ_DUPLICATE_ORDER)
                {
                    // A copy of an order the venue has: resent on its ResendRequest (acked), or sent
                    // again after a crash (not acked here yet: ask what became of it). Never a reject.
                    order.execIds.remove(er.execID(), er.execIDLength());
                    if (order.acked)
                    {
                        LOG.info("FIX session {}: a resent copy of NewOrderSingle 11={} was rejected as a duplicate " +
                            "(103=6); the order stands", sessionName, clOrdId);
                    }
                    else
                    {
                        LOG.info("FIX session {}: NewOrderSingle 11={} rejected as a duplicate (103=6): the venue has it " +
                            "from before the restart; asking for its status", sessionName, clOrdId);
                        reconciliation.requestStatus(order);
                    }
                    break;
                }
                responses.reject(order.orderId, order.accountId, order.instrumentId, RejectReason.VENUE_REJECTED,
                    er.hasOrdRejReason() ? er.ordRejReason() : 0);
                orders.finish(order);
                break;
            case 'C': // Expired
                responses.expired(order.orderId, order.accountId, order.instrumentId, order.leavesQuantity());
                orders.finish(order);
                break;
            default:
                // Pending New/Cancel/Replace, Done for day, Restated, Order status: the engine keeps
                // its own pending states; nothing to apply.
                break;
        }
    }

    /** @return true for an OrdStatus of an order still working at the venue. */
    private static boolean isLive(final char ordStatus)
    {
        return ordStatus == '0' || ordStatus == '1' || ordStatus == '5' || ordStatus == '6' || ordStatus == 'A' ||
            ordStatus == 'D' || ordStatus == 'E';
    }

    private void onFill(final FixOrder order, final ExecutionReportDecoder er, final CharSequence clOrdId,
        final VenueResponses responses)
    {
        final long quantity = FixFields.fixedPoint(er.lastQty());
        final long price = FixFields.fixedPoint(er.lastPx());
        if (quantity <= 0 || price <= 0)
        {
            refusals.refuse("ExecutionReport", "32=LastQty/31=LastPx", refusals.rawField(32) + "/" + refusals.rawField(31),
                "a fill needs a positive quantity and price; 11=" + clOrdId + " not applied");
            order.execIds.remove(er.execID(), er.execIDLength());
            return;
        }
        final long reportedCumulative = FixFields.fixedPoint(er.cumQty());
        if (reportedCumulative > 0 && reportedCumulative <= order.cumulativeQuantity)
        {
            // Its CumQty is already counted: a fill reconciliation reported before this report came.
            LOG.info("FIX session {}: ExecutionReport 17=ExecID {} for 11={}: 14=CumQty {} already counted " +
                "(reconciled); not applied again", sessionName, er.execIDAsString(), clOrdId, er.cumQty());
            return;
        }
        if (quantity > order.leavesQuantity())
        {
            refusals.refuse("ExecutionReport", "32=LastQty", refusals.rawField(32),
                "overfill: order 11=" + clOrdId + " has only " + FixedPoint.format(order.leavesQuantity()) +
                    " open; not applied");
            return;
        }
        order.cumulativeQuantity += quantity;
        order.filledNotional += FixedPoint.toDouble(price) * FixedPoint.toDouble(quantity);
        final long leaves = order.leavesQuantity();
        responses.fill(order.orderId, order.accountId, order.instrumentId, price, quantity, leaves);
        if (leaves == 0)
        {
            orders.finish(order);
        }
    }

    private void onReplaced(final FixOrder order, final ExecutionReportDecoder er, final CharSequence clOrdId,
        final VenueResponses responses)
    {
        final long quantity = FixFields.fixedPoint(er.orderQty());
        final long price = FixFields.fixedPoint(er.price());
        if (quantity <= 0 || price <= 0)
        {
            refusals.refuse("ExecutionReport", "38=OrderQty/44=Price", refusals.rawField(38) + "/" + refusals.rawField(44),
                "a replace needs a positive quantity and price; 11=" + clOrdId + " not applied");
            return;
        }
        if (clOrdId != null && order.clOrdId.equals(clOrdId) && quantity == order.quantity && price == order.price)
        {
            // The order already stands on these terms under this ClOrdID: reconciliation reported
            // this replace (its report was late, or resent after a drop). Applying it again would
            // answer a later replace in flight, if any, with the wrong terms.
            late.late("ExecutionReport (Replaced, already reconciled)", clOrdId);
            return;
        }
        order.quantity = quantity;
        order.price = price;
        if (clOrdId != null)
        {
            order.clOrdId.set(clOrdId);
        }
        order.pendingReplaceClOrdId = null;
        responses.replaced(order.orderId, order.accountId, order.instrumentId, price, quantity,
            Math.max(0, order.leavesQuantity()));
        orders.answered(order);
    }
}
