package io.horizon.engine.counter;

import io.horizon.engine.event.RejectReason;
import io.horizon.engine.event.Side;
import io.horizon.engine.output.EngineOutput;
import io.horizon.engine.output.ExecutionReportListener;
import io.horizon.engine.output.OutputKind;
import io.horizon.engine.reference.Account;
import io.horizon.engine.reference.ReferenceData;
import org.agrona.collections.Long2LongHashMap;
import org.agrona.concurrent.EpochNanoClock;
import org.agrona.concurrent.status.AtomicCounter;

/**
 * Counts the order flow per venue, account and side from the execution reports the venue gateway
 * delivers, and records each order's latency, for the metrics exporter:
 * <ul>
 *   <li>{@code horizon_orders_submitted_total{venue,account,side}}: orders that passed risk
 *       (their {@code PENDING_NEW} report);</li>
 *   <li>{@code horizon_fills_total{venue,account,side}}: fills and partial fills;</li>
 *   <li>{@code horizon_order_rejects_total{venue,account,layer}}: rejected orders, cancels and
 *       amends that a client was told about, by the layer of the reason (rejects of requests for
 *       an unknown account are counted only engine-wide);</li>
 *   <li>{@code horizon_order_latency_seconds{venue,account}}: from the order's event time to its
 *       first ack or fill report at the gateway, read on the pipeline's clock. Only orders stamped
 *       after this object was built are timed, so orders replayed from the journal, or stamped
 *       with a historical feed's time, never produce a bogus sample. On recorded time (no clock
 *       given) nothing is timed: the difference would be the data's time, not the engine's speed
 *       (the paper venue answers at the time of the order), so the histogram stays empty rather
 *       than filling with zeros.</li>
 * </ul>
 * Every counter and recorder is allocated at construction, one per account and side (or layer),
 * so the hot path is array reads, {@code incrementRelease} and an allocation-free map of pending
 * orders sized to the order capacity.
 * <p>
 * Threading: {@link #onReport} on the venue-gateway thread only (it is the single writer of every
 * counter here); construction on the owner thread.
 */
public final class OrderFlowCounters implements ExecutionReportListener
{
    private static final long NOT_PENDING = Long.MIN_VALUE;
    private static final Side[] SIDES = Side.values();

    private final ReferenceData referenceData;
    private final EpochNanoClock clock;
    private final AtomicCounter[] submitted;
    private final AtomicCounter[] fills;
    private final AtomicCounter[] rejects;
    private final int[] layerOfReason;
    private final int layerCount;
    private final LatencyRecorder[] orderLatency;
    private final Long2LongHashMap pendingSince;
    private final int pendingCapacity;
    private final long startedNanos;

    /**
     * @param counters      where the counters are allocated.
     * @param latency       where the order latency series are registered.
     * @param referenceData the accounts.
     * @param venue         the venue's name, for the {@code venue} label.
     * @param orderCapacity most live orders at once: the size of the pending-order map.
     * @param clock         the pipeline's clock, the one that stamps order entry; {@code null} on
     *                      recorded time, where latency is not timed.
     */
    public OrderFlowCounters(
        final EngineCounters counters,
        final EngineLatency latency,
        final ReferenceData referenceData,
        final String venue,
        final int orderCapacity,
        final EpochNanoClock clock)
    {
        this.referenceData = referenceData;
        this.clock = clock;
        final int accounts = referenceData.accountCount();
        final String venueLabel = EngineCounters.labelValue(venue);

        final RejectReason[] reasons = RejectReason.values();
        layerOfReason = new int[reasons.length];
        final java.util.List<String> layers = new java.util.ArrayList<>();
        for (final RejectReason reason : reasons)
        {
            int index = layers.indexOf(reason.layer());
            if (index < 0)
            {
                index = layers.size();
                layers.add(reason.layer());
            }
            layerOfReason[reason.ordinal()] = index;
        }
        layerCount = layers.size();

        submitted = new AtomicCounter[accounts * SIDES.length];
        fills = new AtomicCounter[accounts * SIDES.length];
        rejects = new AtomicCounter[accounts * layerCount];
        orderLatency = new LatencyRecorder[accounts];
        for (final Account account : referenceData.accounts())
        {
            final String labels = "venue=\"" + venueLabel + "\",account=\"" + EngineCounters.labelValue(account.name()) + "\"";
            for (final Side side : SIDES)
            {
                final String sideLabel = ",side=\"" + side.name().toLowerCase(java.util.Locale.ROOT) + "\"}";
                final int i = account.id() * SIDES.length + side.ordinal();
                submitted[i] = counters.counter("horizon_orders_submitted_total{" + labels + sideLabel, EngineCounters.TYPE_PLAIN);
                fills[i] = counters.counter("horizon_fills_total{" + labels + sideLabel, EngineCounters.TYPE_PLAIN);
            }
            for (int layer = 0; layer < layerCount; layer++)
            {
                if (!RejectReason.NONE.layer().equals(layers.get(layer)))
                {
                    rejects[account.id() * layerCount + layer] = counters.counter(
                        "horizon_order_rejects_total{" + labels + ",layer=\"" + EngineCounters.labelValue(layers.get(layer)) + "\"}",
                        EngineCounters.TYPE_PLAIN);
                }
            }
            orderLatency[account.id()] = latency.recorder(
                "horizon_order_latency_seconds{" + labels + "}", LatencyRecorder.Kind.HISTOGRAM, EngineLatency.DEFAULT_HIGHEST_NANOS);
        }
        pendingCapacity = Math.max(16, orderCapacity);
        pendingSince = new Long2LongHashMap(pendingCapacity * 2, 0.65f, NOT_PENDING);
        startedNanos = clock == null ? Long.MAX_VALUE : clock.nanoTime();
    }

    @Override
    public void onReport(final EngineOutput report)
    {
        final int account = report.accountId;
        if (!referenceData.isAccount(account))
        {
            return;
        }
        if (report.kind != OutputKind.EXECUTION_REPORT)
        {
            // An engine error about an order (a venue out of step) still tells its client "no".
            countReject(account, report.rejectReason);
            return;
        }
        if (report.execType == null)
        {
            return;
        }
        switch (report.execType)
        {
            case PENDING_NEW:
                if (report.side != null)
                {
                    submitted[account * SIDES.length + report.side.ordinal()].incrementRelease();
                }
                if (report.timestampNanos >= startedNanos && pendingSince.size() < pendingCapacity)
                {
                    pendingSince.put(report.orderId, report.timestampNanos);
                }
                break;
            case NEW:
                recordLatency(account, report.orderId);
                break;
            case PARTIAL_FILL:
            case FILL:
                if (report.side != null)
                {
                    fills[account * SIDES.length + report.side.ordinal()].incrementRelease();
                }
                recordLatency(account, report.orderId);
                break;
            case REJECTED:
                countReject(account, report.rejectReason);
                pendingSince.remove(report.orderId);
                break;
            case CANCEL_REJECTED:
            case REPLACE_REJECTED:
                countReject(account, report.rejectReason);
                break;
            case CANCELED:
            case EXPIRED:
            case DONE_FOR_DAY:
                pendingSince.remove(report.orderId);
                break;
            default:
                break;
        }
    }

    private void countReject(final int account, final RejectReason reason)
    {
        if (reason != null && reason != RejectReason.NONE)
        {
            final AtomicCounter counter = rejects[account * layerCount + layerOfReason[reason.ordinal()]];
            if (counter != null)
            {
                counter.incrementRelease();
            }
        }
    }

    private void recordLatency(final int account, final long orderId)
    {
        final long since = pendingSince.remove(orderId);
        if (since != NOT_PENDING)
        {
            orderLatency[account].record(clock.nanoTime() - since);
        }
    }

    /**
     * @return orders waiting for their first ack or fill; gateway thread, or after stop.
     */
    public int pendingOrders()
    {
        return pendingSince.size();
    }
}
