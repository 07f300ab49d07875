package io.horizon.fix;

import io.aeron.Publication;
import io.horizon.engine.event.FixedPoint;
import io.horizon.engine.event.RejectReason;
import io.horizon.engine.output.EngineOutput;
import io.horizon.engine.reference.ReferenceData;
import io.horizon.engine.venue.VenueResponses;
import io.horizon.fix.codecs.builder.MassStatusRequestEncoder;
import io.horizon.fix.codecs.builder.OrderStatusRequestEncoder;
import io.horizon.fix.codecs.decoder.ExecutionReportDecoder;
import org.agrona.collections.LongHashSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import uk.co.real_logic.artio.session.Session;

/**
 * Reconciliation of Horizon's orders with the venue's.
 * <p>
 * After every logon (the first after a restart, and each after a drop) the venue is asked for
 * all its live orders at once: an OrderMassStatusRequest (35=AF, MassStatusReqType 7, all
 * orders), answered by one ExecutionReport of ExecType Order Status (150=I) per live order, each
 * carrying the request's MassStatusReqID (584), TotNumReports (911) and, on the last,
 * LastRptRequested (912=Y). Each report is compared with what Horizon knows ({@link #onOrderStatus});
 * a live order the venue lists that Horizon does not track is logged, counted and kept with the
 * refused messages ({@link #onUnknownVenueOrder}), never cancelled on Horizon's own initiative;
 * each order Horizon had live when it asked that the venue does not list is asked about one by one
 * (OrderStatusRequest, 35=H), so a fill or cancel the venue made while Horizon was away is found.
 * When the venue rejects the mass request (a BusinessMessageReject naming RefMsgType AF) or does
 * not finish answering within {@value #MASS_STATUS_TIMEOUT_MILLIS} ms, every live order is asked
 * about one by one instead, now and at every later logon of this process; with
 * {@code mass_status = "off"} ({@link MassStatus#OFF}) that is how every logon reconciles.
 * <p>
 * Each order recovery hands over ({@link #adopt}, {@link #askAfterRecovery}) once the session is
 * up is asked about one by one. A status answer is compared with what Horizon knows, and each
 * difference is logged, counted ({@code horizon_venue_reconciled_differences_total}) and reported
 * as the venue response it stands for: a replace the venue applied while its report was lost
 * becomes replaced (the venue's ClOrdID, price and quantity), a fill missed while away becomes a
 * fill (at the price the venue's average price implies; never counted twice, as only CumQty past
 * what Horizon has is reported), an order the venue canceled or expired becomes canceled or
 * expired, an order the venue does not know becomes rejected (never acked) or canceled (acked).
 * <p>
 * A status request Artio refuses for back-pressure (its library publication full, or busy with an
 * admin action) is not lost until the next logon: it waits in {@link BackPressuredSends}, behind
 * the commands already waiting, and goes out after the next poll ({@link #sendDeferredStatus},
 * {@link #sendDeferredMassStatus}); each is logged with the session and the ClOrdID (584 for the
 * mass request), counted ({@link #statusRequestsDeferred()}, and in
 * {@code horizon_venue_back_pressured_total}). While anything waits there, a new status request
 * queues behind it, so requests go out in the order they were made.
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
    private final BackPressuredSends deferred;
    private final String sessionName;
    /** How long the venue has to finish answering an OrderMassStatusRequest before the per-order fallback. */
    static final long MASS_STATUS_TIMEOUT_MILLIS = 10_000;

    private final OrderStatusRequestEncoder statusRequest = new OrderStatusRequestEncoder();
    private final MassStatusRequestEncoder massStatusRequest = new MassStatusRequestEncoder();
    /** Orders live here when the open mass request went out, and those the venue listed since. */
    private final LongHashSet askedInRound = new LongHashSet();
    private final LongHashSet listedInRound = new LongHashSet();
    private final WireId massStatusReqId = new WireId();
    private long statusRequests;
    private long statusRequestsDeferred;
    /** An OrderMassStatusRequest waits in {@link #deferred}: a later logon does not queue another. */
    private boolean massStatusDeferred;
    private long massStatusRequests;
    private long reconciledDifferences;
    private long unknownVenueOrders;
    private boolean reconcileLogged;
    /** The venue rejected (or never finished answering) a mass request: per-order requests only. */
    private boolean massStatusRefused;
    /** {@code mass_status}: {@link MassStatus#OFF} never sends a mass request. */
    private MassStatus massStatusMode = MassStatus.AUTO;
    private boolean massStatusOpen;
    private long massStatusSentNanos;
    private int massStatusRounds;
    private int reportsInRound;
    private long massStatusTimeoutNanos = MASS_STATUS_TIMEOUT_MILLIS * 1_000_000L;
    /** Runs at each logon before the venue is asked anything (tests: {@link #atLogon}); usually none. */
    private Runnable atLogon;

    FixReconciliation(
        final ReferenceData referenceData,
        final FixOrders orders,
        final FixSessionLifecycle lifecycle,
        final FixRefusals refusals,
        final FixSessionCounters metrics,
        final BackPressuredSends deferred,
        final String sessionName)
    {
        this.referenceData = referenceData;
        this.orders = orders;
        this.lifecycle = lifecycle;
        this.refusals = refusals;
        this.metrics = metrics;
        this.deferred = deferred;
        this.sessionName = sessionName;
    }

    long statusRequests()
    {
        return statusRequests;
    }

    /** @return status requests (per order or mass) Artio refused for back-pressure, sent again after a poll. */
    long statusRequestsDeferred()
    {
        return statusRequestsDeferred;
    }

    long reconciledDifferences()
    {
        return reconciledDifferences;
    }

    long massStatusRequests()
    {
        return massStatusRequests;
    }

    long unknownVenueOrders()
    {
        return unknownVenueOrders;
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

    /**
     * The session logged on: asks the venue for all its live orders (OrderMassStatusRequest), or,
     * when it rejected that before, for the status of every live order one by one.
     */
    void onLogon(final long nowNanos)
    {
        if (atLogon != null)
        {
            atLogon.run();
        }
        massStatusOpen = false;
        if (massStatusMode == MassStatus.OFF || massStatusRefused || !requestMassStatus(nowNanos))
        {
            askEachLiveOrder(false);
        }
    }

    /**
     * Sets what runs at each logon before the venue is asked about its orders, on the polling
     * thread (tests: commands sent there meet the session before the status requests do). Polling thread.
     *
     * @param hook what runs, or {@code null} for nothing.
     */
    void atLogon(final Runnable hook)
    {
        atLogon = hook;
    }

    /**
     * Sets how live orders are asked about at each logon ({@code mass_status}). Before the first poll.
     */
    void massStatus(final MassStatus mode)
    {
        massStatusMode = mode;
        if (mode == MassStatus.OFF)
        {
            LOG.info("FIX session {}: mass_status = \"off\": live orders are reconciled with an OrderStatusRequest " +
                "each at every logon, never an OrderMassStatusRequest", sessionName);
        }
    }

    /**
     * Sends an OrderStatusRequest for each live order: all of them, or only those live when the
     * open mass request went out that the venue did not list.
     */
    private void askEachLiveOrder(final boolean unlistedOnly)
    {
        int asked = 0;
        for (final FixOrder order : orders.all())
        {
            if (order.done || (unlistedOnly &&
                (!askedInRound.contains(order.orderId) || listedInRound.contains(order.orderId))))
            {
                continue;
            }
            if (requestStatus(order))
            {
                asked++;
            }
        }
        if (asked > 0)
        {
            LOG.info("FIX session {}: asked the venue for the status of {} {}live order(s) one by one (reconciliation)",
                sessionName, asked, unlistedOnly ? "unlisted " : "");
        }
    }

    /**
     * Sends an OrderMassStatusRequest for all orders, or, when Artio is back-pressured (or commands
     * wait already), queues it to go out after the next poll.
     *
     * @return false when the session refused it for good (logged; the caller asks order by order).
     */
    private boolean requestMassStatus(final long nowNanos)
    {
        if (massStatusDeferred)
        {
            return true;
        }
        final Session session = lifecycle.session();
        if (session == null || !session.canSendMessage())
        {
            return false;
        }
        // One MassStatusReqID a request, kept while it waits: the id in the log is the one on the wire.
        massStatusReqId.set("HZMS-" + ++massStatusRounds);
        if (!deferred.isEmpty())
        {
            deferMassStatus("commands wait for the back-pressured session already");
            return true;
        }
        return sendMassStatus(session, nowNanos);
    }

    /**
     * Sends the OrderMassStatusRequest that waited for back-pressure to pass (its turn in
     * {@link BackPressuredSends}); dropped when the session can no longer send (the next logon asks).
     *
     * @return false when Artio is still back-pressured (it keeps waiting, first in line).
     */
    boolean sendDeferredMassStatus(final long nowNanos)
    {
        final Session session = lifecycle.session();
        if (session == null || !session.canSendMessage())
        {
            massStatusDeferred = false;
            LOG.warn("FIX session {}: the OrderMassStatusRequest 584={} that waited for back-pressure is dropped: the " +
                "session went down meanwhile; the next logon asks again", sessionName, massStatusReqId);
            return true;
        }
        final long position = trySendMassStatus(session);
        if (isBackPressure(position))
        {
            return false;
        }
        massStatusDeferred = false;
        if (position < 0)
        {
            LOG.warn("FIX session {}: OrderMassStatusRequest 584={} refused (Artio code {}); asking order by order",
                sessionName, massStatusReqId, position);
            askEachLiveOrder(false);
            return true;
        }
        massStatusSent(nowNanos);
        return true;
    }

    private boolean sendMassStatus(final Session session, final long nowNanos)
    {
        final long position = trySendMassStatus(session);
        if (isBackPressure(position))
        {
            deferMassStatus("Artio back-pressure code " + position);
            return true;
        }
        if (position < 0)
        {
            LOG.warn("FIX session {}: OrderMassStatusRequest 584={} refused (Artio code {}); asking order " +
                "by order", sessionName, massStatusReqId, position);
            return false;
        }
        massStatusSent(nowNanos);
        return true;
    }

    private long trySendMassStatus(final Session session)
    {
        massStatusRequest.reset();
        massStatusRequest.requestId(massStatusReqId);
        return session.trySend(massStatusRequest);
    }

    private void deferMassStatus(final String why)
    {
        massStatusDeferred = true;
        statusRequestsDeferred++;
        deferred.deferMassStatus();
        LOG.warn("FIX session {}: OrderMassStatusRequest 584={} not sent now ({}); it goes out after the next poll, " +
            "in order", sessionName, massStatusReqId, why);
    }

    private void massStatusSent(final long nowNanos)
    {
        massStatusRequests++;
        if (metrics != null)
        {
            metrics.messagesOut.incrementRelease();
        }
        askedInRound.clear();
        listedInRound.clear();
        for (final FixOrder order : orders.all())
        {
            if (!order.done)
            {
                askedInRound.add(order.orderId);
            }
        }
        reportsInRound = 0;
        massStatusOpen = true;
        massStatusSentNanos = nowNanos;
        LOG.info("FIX session {}: asked the venue for all its live orders (OrderMassStatusRequest 584={}, 585=7); {} " +
            "live here", sessionName, massStatusReqId, askedInRound.size());
    }

    /**
     * A report of the open mass request ({@code er} carries its MassStatusReqID): counts it, and
     * when it is the last, asks one by one about the orders live here the venue did not list.
     * Reports of an earlier request are not counted (their status is still compared).
     *
     * @param order the order it is for, or {@code null} when Horizon does not track it.
     */
    void onMassStatusReport(final FixOrder order, final ExecutionReportDecoder er)
    {
        if (!massStatusOpen || !er.hasMassStatusReqID() ||
            !massStatusReqId.contentEquals(er.massStatusReqID(), er.massStatusReqIDLength()))
        {
            return;
        }
        if (order != null)
        {
            listedInRound.add(order.orderId);
        }
        reportsInRound++;
        final boolean last = (er.hasLastRptRequested() && er.lastRptRequested()) ||
            (er.hasTotNumReports() && reportsInRound >= er.totNumReports());
        if (last)
        {
            massStatusOpen = false;
            LOG.info("FIX session {}: the venue listed {} live order(s) (584={}); {} of the {} live here when asked",
                sessionName, er.hasTotNumReports() ? er.totNumReports() : reportsInRound, massStatusReqId,
                listedInRound.size(), askedInRound.size());
            askEachLiveOrder(true);
        }
    }

    /**
     * The venue rejected the OrderMassStatusRequest (BusinessMessageReject, RefMsgType AF): every
     * live order is asked about one by one, now and at every later logon.
     */
    void onMassStatusRejected(final int reason, final String text)
    {
        massStatusRefused = true;
        LOG.warn("FIX session {}: the venue rejected OrderMassStatusRequest (BusinessMessageReject 380={} 58={}); " +
            "reconciling with an OrderStatusRequest per live order from now on", sessionName, reason, text);
        if (massStatusOpen)
        {
            massStatusOpen = false;
            askEachLiveOrder(true);
        }
    }

    /** @return true while a mass request waits for the rest of its answer. */
    boolean isMassStatusOpen()
    {
        return massStatusOpen;
    }

    /** Sets how long the venue has to finish answering a mass request (tests). */
    void massStatusTimeoutMillis(final long millis)
    {
        massStatusTimeoutNanos = millis * 1_000_000L;
    }

    /** Falls back to per-order requests when the open mass request has gone unanswered too long. */
    void poll(final long nowNanos)
    {
        if (massStatusOpen && nowNanos - massStatusSentNanos >= massStatusTimeoutNanos)
        {
            massStatusOpen = false;
            massStatusRefused = true;
            LOG.warn("FIX session {}: OrderMassStatusRequest 584={} not answered in full within {} ms ({} report(s)); " +
                "reconciling with an OrderStatusRequest per live order from now on", sessionName, massStatusReqId,
                massStatusTimeoutNanos / 1_000_000L, reportsInRound);
            askEachLiveOrder(true);
        }
    }

    /**
     * The venue lists a live order Horizon does not track (not in this process, not handed over
     * by recovery): it is not Horizon's to act on, so it is logged, counted as a difference and
     * kept with the refused messages (the raw report), for an operator to settle at the venue.
     */
    void onUnknownVenueOrder(final ExecutionReportDecoder er, final String clOrdId)
    {
        unknownVenueOrders++;
        countDifference();
        refusals.refuse("ExecutionReport (mass status)", "11=ClOrdID", clOrdId,
            "a live order at the venue (37=OrderID " + er.orderIDAsString() + ", 39=OrdStatus " + er.ordStatus() +
            ", 151=LeavesQty " + er.leavesQty() + ") that Horizon does not track; not applied, left at the venue: " +
            "cancel it there if it is not wanted");
    }

    /**
     * Sends an OrderStatusRequest for the order's current ClOrdID, or, when Artio is
     * back-pressured (or commands wait already), queues it to go out after the next poll.
     *
     * @return true when sent or queued; false when the session cannot send (logged when refused
     *         for good; the next logon asks again).
     */
    boolean requestStatus(final FixOrder order)
    {
        final Session session = lifecycle.session();
        if (session == null || !session.canSendMessage())
        {
            return false;
        }
        if (!deferred.isEmpty())
        {
            deferStatus(order, "commands wait for the back-pressured session already");
            return true;
        }
        final long position = trySendStatus(session, order);
        if (isBackPressure(position))
        {
            deferStatus(order, "Artio back-pressure code " + position);
            return true;
        }
        return position >= 0;
    }

    /**
     * Sends the OrderStatusRequest that waited for back-pressure to pass (its turn in
     * {@link BackPressuredSends}), for the order's ClOrdID now; nothing when the order is done or
     * no longer tracked, dropped when the session can no longer send (the next logon asks).
     *
     * @return false when Artio is still back-pressured (it keeps waiting, first in line).
     */
    boolean sendDeferredStatus(final long orderId)
    {
        final FixOrder order = orders.byOrderId(orderId);
        if (order == null || order.done)
        {
            return true;
        }
        final Session session = lifecycle.session();
        if (session == null || !session.canSendMessage())
        {
            LOG.warn("FIX session {}: the OrderStatusRequest 11={} that waited for back-pressure is dropped: the " +
                "session went down meanwhile; the next logon asks again", sessionName, order.clOrdId);
            return true;
        }
        return !isBackPressure(trySendStatus(session, order));
    }

    /** @return the position, negative when refused (logged, unless for back-pressure). */
    private long trySendStatus(final Session session, final FixOrder order)
    {
        statusRequest.reset();
        statusRequest.clOrdID(order.clOrdId).side(FixFields.side(order.side));
        statusRequest.instrument().symbol(referenceData.instrument(order.instrumentId).symbol());
        final long position = session.trySend(statusRequest);
        if (position >= 0)
        {
            statusRequests++;
            if (metrics != null)
            {
                metrics.messagesOut.incrementRelease();
            }
        }
        else if (!isBackPressure(position))
        {
            LOG.warn("FIX session {}: OrderStatusRequest 11={} refused (Artio code {}); asked again at the next logon",
                sessionName, order.clOrdId, position);
        }
        return position;
    }

    private void deferStatus(final FixOrder order, final String why)
    {
        statusRequestsDeferred++;
        deferred.deferOrderStatus(order.orderId);
        LOG.warn("FIX session {}: OrderStatusRequest 11={} not sent now ({}); it goes out after the next poll, in order",
            sessionName, order.clOrdId, why);
    }

    /** @return true for Artio's refusals that pass (its publication full, or busy with an admin action). */
    private static boolean isBackPressure(final long position)
    {
        return position == Publication.BACK_PRESSURED || position == Publication.ADMIN_ACTION;
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
        if (isReplacedThere(order, er, clOrdId))
        {
            onReplacedThere(order, er, clOrdId, responses);
        }
        else if (clOrdId != null && er.hasOrigClOrdID() && !clOrdId.contentEquals(order.clOrdId) &&
            orders.byClOrdId(clOrdId) != order)
        {
            // Known at the venue by a later ClOrdID with the terms Horizon has (a replace recovery
            // already applied): its later reports name that one.
            orders.track(order, clOrdId);
            order.clOrdId.set(clOrdId);
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
     * @return true when the status names the order by a ClOrdID other than the one Horizon knows it
     *         by now, for a replace: the one in flight, or (after a restart) one whose price or
     *         quantity differ from Horizon's.
     */
    private static boolean isReplacedThere(final FixOrder order, final ExecutionReportDecoder er, final String clOrdId)
    {
        if (clOrdId == null || clOrdId.contentEquals(order.clOrdId) || !er.hasOrderQty())
        {
            return false;
        }
        if (order.pendingReplaceClOrdId != null && order.pendingReplaceClOrdId.toString().equals(clOrdId))
        {
            return true;
        }
        final long quantity = FixFields.fixedPoint(er.orderQty());
        final long price = er.hasPrice() ? FixFields.fixedPoint(er.price()) : order.price;
        return er.hasOrigClOrdID() && (quantity != order.quantity || price != order.price);
    }

    /**
     * The venue applied a replace whose report Horizon never got (the session dropped after the
     * OrderCancelReplaceRequest went out, and the report was gap-filled): reported as replaced
     * with the venue's price and quantity, the order known by the venue's ClOrdID from now on.
     */
    private void onReplacedThere(final FixOrder order, final ExecutionReportDecoder er, final String clOrdId,
        final VenueResponses responses)
    {
        final long quantity = FixFields.fixedPoint(er.orderQty());
        final long price = er.hasPrice() ? FixFields.fixedPoint(er.price()) : order.price;
        if (quantity <= 0 || price <= 0)
        {
            refusals.refuse("ExecutionReport (order status)", "38=OrderQty/44=Price",
                refusals.rawField(38) + "/" + refusals.rawField(44), "a replaced order needs a positive quantity and " +
                    "price; 11=" + clOrdId + " not applied");
            return;
        }
        reconciled(clOrdId, "11=ClOrdID", clOrdId + " (41=OrigClOrdID " + (er.hasOrigClOrdID() ?
            er.origClOrdIDAsString() : order.clOrdId.toString()) + ")", "Horizon knew the order as 11=" + order.clOrdId +
            " " + FixedPoint.format(order.quantity) + " @ " + FixedPoint.format(order.price) + ": replaced at the venue " +
            "to " + FixedPoint.format(quantity) + " @ " + FixedPoint.format(price));
        final boolean wasPending = order.pendingReplaceClOrdId != null &&
            order.pendingReplaceClOrdId.toString().equals(clOrdId);
        if (orders.byClOrdId(clOrdId) != order)
        {
            orders.track(order, clOrdId);
        }
        order.quantity = quantity;
        order.price = price;
        order.clOrdId.set(clOrdId);
        order.pendingReplaceClOrdId = null;
        responses.replaced(order.orderId, order.accountId, order.instrumentId, price, quantity,
            Math.max(0, order.leavesQuantity()));
        if (wasPending)
        {
            orders.answered(order);
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
        countDifference();
        LOG.warn("FIX session {}: order status of 11={} differs: {} {}: {}; reported as a venue response", sessionName,
            clOrdId, tag, value, what);
    }

    private void countDifference()
    {
        reconciledDifferences++;
        if (metrics != null)
        {
            metrics.reconciledDifferences.incrementRelease();
        }
    }
}
