package io.horizon.fix;

import io.horizon.engine.event.FixedPoint;
import io.horizon.engine.event.RejectReason;
import io.horizon.engine.output.EngineOutput;
import io.horizon.engine.reference.ReferenceData;
import io.horizon.engine.venue.VenueResponses;
import io.horizon.fix.codecs.builder.OrderStatusRequestEncoder;
import io.horizon.fix.codecs.decoder.ExecutionReportDecoder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import uk.co.real_logic.artio.session.Session;

/**
 * Reconciliation of Horizon's orders with the venue's. After every logon (the first after a
 * restart, and each after a drop) the venue is asked for the status of every live order it
 * tracks (OrderStatusRequest, 35=H), and so is each order recovery hands over
 * ({@link #adopt}, {@link #askAfterRecovery}) once the session is up. The answer (an
 * ExecutionReport of ExecType Order Status, 150=I) is compared with what Horizon knows, and each
 * difference is logged, counted ({@code horizon_venue_reconciled_differences_total}) and reported
 * as the venue response it stands for: a fill missed while away becomes a fill (at the price the
 * venue's average price implies), an order the venue canceled or expired becomes canceled or
 * expired, an order the venue does not know becomes rejected (never acked) or canceled (acked).
 * <p>
 * Logs under the {@link FixVenue} logger, like every part of the venue.
 * <p>
 * Threading: the venue's polling thread only. Not thread-safe.
 */
final class FixReconciliation
{
    private static final Logger LOG = LoggerFactory.getLogger(FixVenue.class);

    private final ReferenceData referenceData;
    private final FixOrders orders;
    private final FixSessionLifecycle lifecycle;
    private final FixRefusals refusals;
    private final FixSessionCounters metrics;
    private final String sessionName;
    private final OrderStatusRequestEncoder statusRequest = new OrderStatusRequestEncoder();
    private long statusRequests;
    private long reconciledDifferences;
    private boolean reconcileLogged;

    FixReconciliation(
        final ReferenceData referenceData,
        final FixOrders orders,
        final FixSessionLifecycle lifecycle,
        final FixRefusals refusals,
        final FixSessionCounters metrics,
        final String sessionName)
    {
        this.referenceData = referenceData;
        this.orders = orders;
        this.lifecycle = lifecycle;
        this.refusals = refusals;
        this.metrics = metrics;
        this.sessionName = sessionName;
    }

    long statusRequests()
    {
        return statusRequests;
    }

    long reconciledDifferences()
    {
        return reconciledDifferences;
    }

    /**
     * Tracks a live order recovery hands over, so the venue's later reports apply to it.
     *
     * @param order   the recovered order.
     * @param clOrdId its ClOrdID.
     * @return the order as tracked, or {@code null} when it is tracked already (or has no side).
     */
    FixOrder adopt(final EngineOutput order, final String clOrdId)
    {
        if (orders.isTracked(order.orderId) || order.side == null)
        {
            return null;
        }
        final FixOrder tracked = new FixOrder(order.orderId, order.accountId, order.instrumentId, order.side,
            order.quantity, order.price, clOrdId);
        tracked.cumulativeQuantity = order.cumulativeQuantity;
        tracked.acked = true;
        tracked.notionalKnown = order.cumulativeQuantity == 0;
        orders.track(tracked, clOrdId);
        return tracked;
    }

    /** Asks the status of an adopted order now when logged on (else the next logon asks). */
    void askAfterRecovery(final FixOrder order)
    {
        if (lifecycle.isLoggedOn())
        {
            if (!reconcileLogged)
            {
                reconcileLogged = true;
                LOG.info("FIX session {}: reconciling recovered live orders with the venue (an OrderStatusRequest " +
                    "each, first 11={})", sessionName, order.clOrdId);
            }
            requestStatus(order);
        }
    }

    /** The session logged on: asks the status of every live order. */
    void onLogon()
    {
        int asked = 0;
        for (final FixOrder order : orders.all())
        {
            if (!order.done && requestStatus(order))
            {
                asked++;
            }
        }
        if (asked > 0)
        {
            LOG.info("FIX session {}: asked the venue for the status of {} live orders (reconciliation)", sessionName,
                asked);
        }
    }

    /**
     * Sends an OrderStatusRequest for the order's current ClOrdID.
     *
     * @return false when the session refused it (logged; the next logon asks again).
     */
    boolean requestStatus(final FixOrder order)
    {
        final Session session = lifecycle.session();
        if (session == null || !session.canSendMessage())
        {
            return false;
        }
        statusRequest.reset();
        statusRequest.clOrdID(order.clOrdId).side(FixFields.side(order.side));
        statusRequest.instrument().symbol(referenceData.instrument(order.instrumentId).symbol());
        final long position = session.trySend(statusRequest);
        if (position < 0)
        {
            LOG.warn("FIX session {}: OrderStatusRequest 11={} refused (Artio back-pressure code {}); asked again at the " +
                "next logon", sessionName, order.clOrdId, position);
            return false;
        }
        statusRequests++;
        if (metrics != null)
        {
            metrics.messagesOut.incrementRelease();
        }
        return true;
    }

    /**
     * The venue's answer to an OrderStatusRequest: every difference from what Horizon knows is
     * reported as the venue response it stands for, and logged.
     */
    void onOrderStatus(final FixOrder order, final ExecutionReportDecoder er, final String clOrdId,
        final VenueResponses responses)
    {
        if (order.done)
        {
            return;
        }
        final char status = er.ordStatus();
        if (status == '8') // Rejected: the venue does not know the order (103=5) or refused it
        {
            final int reason = er.hasOrdRejReason() ? er.ordRejReason() : 0;
            reconciled(clOrdId, "39=OrdStatus", "8 (rejected, 103=" + reason + ")", order.acked ?
                "the venue no longer has the order: canceled" : "the venue never took the order: rejected");
            if (order.acked)
            {
                responses.canceled(order.orderId, order.accountId, order.instrumentId, order.leavesQuantity());
            }
            else
            {
                responses.reject(order.orderId, order.accountId, order.instrumentId, RejectReason.VENUE_REJECTED, reason);
            }
            order.pendingRequests = 0;
            orders.finish(order);
            return;
        }
        if (!order.acked)
        {
            order.acked = true;
            reconciled(clOrdId, "39=OrdStatus", String.valueOf(status), "the venue has the order: acked");
            responses.ack(order.orderId, order.accountId, order.instrumentId, FixFields.venueOrderId(er));
        }
        final long venueCumulative = FixFields.fixedPoint(er.cumQty());
        if (venueCumulative > order.quantity)
        {
            refusals.refuse("ExecutionReport (order status)", "14=CumQty", refusals.rawField(14),
                "more than order 11=" + clOrdId + "'s quantity " + FixedPoint.format(order.quantity) + "; not applied");
            return;
        }
        if (venueCumulative > order.cumulativeQuantity)
        {
            final long missed = venueCumulative - order.cumulativeQuantity;
            final long price = missedFillPrice(order, er, venueCumulative, missed);
            reconciled(clOrdId, "14=CumQty", er.cumQty().toString(), "Horizon had " +
                FixedPoint.format(order.cumulativeQuantity) + ": a missed fill of " + FixedPoint.format(missed) + " @ " +
                FixedPoint.format(price) + (order.notionalKnown ? "" : " (the venue's average price 6=AvgPx)"));
            order.cumulativeQuantity = venueCumulative;
            order.filledNotional += FixedPoint.toDouble(price) * FixedPoint.toDouble(missed);
            responses.fill(order.orderId, order.accountId, order.instrumentId, price, missed, order.leavesQuantity());
            if (order.leavesQuantity() == 0)
            {
                orders.finish(order);
                return;
            }
        }
        if (status == '4' || status == 'C' || status == '3')
        {
            reconciled(clOrdId, "39=OrdStatus", String.valueOf(status), status == '4' ? "canceled at the venue" :
                "expired or done for the day at the venue");
            if (status == '4')
            {
                responses.canceled(order.orderId, order.accountId, order.instrumentId, order.leavesQuantity());
            }
            else
            {
                responses.expired(order.orderId, order.accountId, order.instrumentId, order.leavesQuantity());
            }
            order.pendingRequests = 0;
            orders.finish(order);
        }
    }

    /**
     * The price of fills the venue reports only as a cumulative quantity and an average price:
     * what the average implies for the missing part when Horizon knows its own fills' notional,
     * else the average price itself.
     */
    private static long missedFillPrice(final FixOrder order, final ExecutionReportDecoder er, final long venueCumulative,
        final long missed)
    {
        final double averagePrice = er.avgPx().toDouble();
        double price = averagePrice;
        if (order.notionalKnown && order.cumulativeQuantity > 0)
        {
            price = (averagePrice * FixedPoint.toDouble(venueCumulative) - order.filledNotional) / FixedPoint.toDouble(missed);
        }
        final long fixed = FixedPoint.fromDouble(price);
        return fixed > 0 ? fixed : FixedPoint.fromDouble(averagePrice);
    }

    private void reconciled(final String clOrdId, final String tag, final String value, final String what)
    {
        reconciledDifferences++;
        if (metrics != null)
        {
            metrics.reconciledDifferences.incrementRelease();
        }
        LOG.warn("FIX session {}: order status of 11={} differs: {} {}: {}; reported as a venue response", sessionName,
            clOrdId, tag, value, what);
    }
}
