package io.horizon.engine.counter;

import java.nio.ByteBuffer;

import io.horizon.engine.event.RejectReason;
import org.agrona.concurrent.AtomicBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.status.AtomicCounter;
import org.agrona.concurrent.status.CountersManager;
import org.agrona.concurrent.status.CountersReader;

/**
 * The engine's plain counters, held in Agrona counter buffers so another thread, or another
 * process when the buffers are a memory-mapped file, can read them without locks.
 * <p>
 * Counters written by one thread only (the BLP, the journal stage, the gateway) use
 * {@code incrementRelease}: a plain store with release ordering, no atomic instruction. Counters
 * that several producer threads bump (ring-full drops and rejects) use {@code increment}, which is
 * atomic. The owning thread of each counter is named in its Javadoc.
 * <p>
 * Labels are the Prometheus names the metrics exporter publishes, with their labels in Prometheus
 * text form ({@code name{key="value",...}}); the exporter turns every counter in this buffer into a
 * meter, so a component outside the engine (audit, DLQ, feeds, risk) publishes a metric simply by
 * allocating a counter here with {@link #counter(String, int)} and writing it. The type id says
 * how the value is read: {@link #TYPE_PLAIN} a running total, {@link #TYPE_GAUGE} a level,
 * {@link #TYPE_GAUGE_FIXED} a {@link io.horizon.engine.event.FixedPoint} level,
 * {@link #TYPE_EPOCH_NANOS} an instant whose age is published, {@link #TYPE_NANOS} a duration.
 * Reject counters carry the reason code as their type id and the layer in the label.
 * <p>
 * The engine-wide order counters are named {@code horizon_engine_*}: the names without that prefix
 * ({@code horizon_orders_submitted_total}, {@code horizon_fills_total},
 * {@code horizon_order_rejects_total}) carry per venue, account and side labels and are written by
 * {@link OrderFlowCounters}; Prometheus needs one label set per name.
 */
public final class EngineCounters
{
    /** Type id of ordinary counters. */
    public static final int TYPE_PLAIN = 1;
    /** Type id of counters that are gauges (a level, not a running total). */
    public static final int TYPE_GAUGE = 2;
    /** Type id of gauges holding a {@link io.horizon.engine.event.FixedPoint} value (6 decimals), such as equity. */
    public static final int TYPE_GAUGE_FIXED = 3;
    /** Type id of counters holding an instant in epoch nanoseconds (0: never); its age in seconds is published. */
    public static final int TYPE_EPOCH_NANOS = 4;
    /** Type id of gauges holding a duration in nanoseconds; published in seconds. */
    public static final int TYPE_NANOS = 5;
    /**
     * Type id of gauges whose value is in milliseconds while their label names seconds (for
     * example {@code horizon_feed_heartbeat_age_seconds}): exporters divide by 1000.
     */
    public static final int TYPE_GAUGE_MILLIS = 6;
    /** Type ids from this value upward are reject counters: {@code TYPE_REJECT_BASE + reason code}. */
    public static final int TYPE_REJECT_BASE = 1000;

    /** Most counters the buffers hold: the engine's own, per-account ones, and room for the outer modules. */
    public static final int MAX_COUNTERS = 1024;
    /** Bytes of counter values needed for {@link #MAX_COUNTERS} counters. */
    public static final int VALUES_BUFFER_LENGTH = MAX_COUNTERS * CountersReader.COUNTER_LENGTH;
    /** Bytes of counter metadata matching {@link #VALUES_BUFFER_LENGTH}. */
    public static final int METADATA_BUFFER_LENGTH = MAX_COUNTERS * CountersReader.METADATA_LENGTH;

    private final CountersManager manager;

    /** Events the BLP processed. Writer: BLP. */
    public final AtomicCounter eventsProcessed;
    /** Quotes the BLP processed. Writer: BLP. */
    public final AtomicCounter quotes;
    /** Trades the BLP processed. Writer: BLP. */
    public final AtomicCounter trades;
    /** New orders received by the BLP, from clients and strategies. Writer: BLP. */
    public final AtomicCounter ordersReceived;
    /** Orders that passed risk and went to the venue, all venues and accounts. Writer: BLP. */
    public final AtomicCounter ordersSubmitted;
    /** Fills applied. Writer: BLP. */
    public final AtomicCounter fills;
    /** Orders rejected, any reason. Writer: BLP. */
    public final AtomicCounter ordersRejected;
    /** Cancels requested. Writer: BLP. */
    public final AtomicCounter cancelsRequested;
    /** Amends requested. Writer: BLP. */
    public final AtomicCounter amendsRequested;
    /** Live orders now. Writer: BLP. */
    public final AtomicCounter liveOrders;
    /** Exceptions caught in a pipeline handler. Writers: BLP, journal stage, gateway (atomic). */
    public final AtomicCounter handlerErrors;
    /**
     * Venue responses about an order the BLP no longer (or never) knew. Normally a cancel or
     * amend answer that crossed a fill which had already completed the order. Writer: BLP.
     */
    public final AtomicCounter unknownOrderResponses;
    /** Times the BLP waited because its outbox was full. Writer: BLP. */
    public final AtomicCounter outboxFullWaits;
    /** Market data dropped because the ring was full. Writers: feeds (atomic). */
    public final AtomicCounter marketDataDropped;
    /** Heartbeats dropped because the ring was full. Writer: timer. */
    public final AtomicCounter heartbeatsDropped;
    /** Events the journal stage recorded. Writer: journal stage. */
    public final AtomicCounter journalEvents;
    /** Commands sent to the venue. Writer: gateway. */
    public final AtomicCounter venueCommands;
    /** Venue calls that raised. Writer: gateway. */
    public final AtomicCounter venueErrors;
    /** Venue responses waiting in the gateway backlog because the ring was full. Writer: gateway. */
    public final AtomicCounter venueBacklog;
    /** Execution reports delivered to listeners. Writer: gateway. */
    public final AtomicCounter reportsDelivered;

    private final AtomicCounter[] rejectsByReason;

    /**
     * Counters on fresh direct memory, readable by other threads of this process.
     */
    public EngineCounters()
    {
        this(
            new UnsafeBuffer(ByteBuffer.allocateDirect(METADATA_BUFFER_LENGTH)),
            new UnsafeBuffer(ByteBuffer.allocateDirect(VALUES_BUFFER_LENGTH)));
    }

    /**
     * Counters on caller-supplied buffers, for example a memory-mapped counters file.
     *
     * @param metadataBuffer at least {@link #METADATA_BUFFER_LENGTH} bytes.
     * @param valuesBuffer   at least {@link #VALUES_BUFFER_LENGTH} bytes.
     */
    public EngineCounters(final AtomicBuffer metadataBuffer, final AtomicBuffer valuesBuffer)
    {
        manager = new CountersManager(metadataBuffer, valuesBuffer);
        eventsProcessed = manager.newCounter("horizon_events_processed_total", TYPE_PLAIN);
        quotes = manager.newCounter("horizon_quotes_total", TYPE_PLAIN);
        trades = manager.newCounter("horizon_trades_total", TYPE_PLAIN);
        ordersReceived = manager.newCounter("horizon_orders_received_total", TYPE_PLAIN);
        ordersSubmitted = manager.newCounter("horizon_engine_orders_submitted_total", TYPE_PLAIN);
        fills = manager.newCounter("horizon_engine_fills_total", TYPE_PLAIN);
        ordersRejected = manager.newCounter("horizon_orders_rejected_total", TYPE_PLAIN);
        cancelsRequested = manager.newCounter("horizon_cancels_requested_total", TYPE_PLAIN);
        amendsRequested = manager.newCounter("horizon_amends_requested_total", TYPE_PLAIN);
        liveOrders = manager.newCounter("horizon_orders_live", TYPE_GAUGE);
        handlerErrors = manager.newCounter("horizon_handler_errors_total", TYPE_PLAIN);
        unknownOrderResponses = manager.newCounter("horizon_late_venue_responses_total", TYPE_PLAIN);
        outboxFullWaits = manager.newCounter("horizon_outbox_full_waits_total", TYPE_PLAIN);
        marketDataDropped = manager.newCounter("horizon_ring_drops_total{kind=\"market_data\"}", TYPE_PLAIN);
        heartbeatsDropped = manager.newCounter("horizon_ring_drops_total{kind=\"heartbeat\"}", TYPE_PLAIN);
        journalEvents = manager.newCounter("horizon_journal_events_total", TYPE_PLAIN);
        venueCommands = manager.newCounter("horizon_venue_commands_total", TYPE_PLAIN);
        venueErrors = manager.newCounter("horizon_venue_errors_total", TYPE_PLAIN);
        venueBacklog = manager.newCounter("horizon_venue_backlog", TYPE_GAUGE);
        reportsDelivered = manager.newCounter("horizon_execution_reports_total", TYPE_PLAIN);

        final RejectReason[] reasons = RejectReason.values();
        rejectsByReason = new AtomicCounter[reasons.length];
        for (final RejectReason reason : reasons)
        {
            if (reason != RejectReason.NONE)
            {
                rejectsByReason[reason.ordinal()] = manager.newCounter(
                    "horizon_engine_order_rejects_total{layer=\"" + reason.layer() + "\",reason=\"" + reason.name().toLowerCase() + "\"}",
                    TYPE_REJECT_BASE + reason.code());
            }
        }
    }

    /**
     * Counts a reject from the BLP thread (single writer per reason except {@link RejectReason#RING_FULL}).
     *
     * @param reason why.
     */
    public void reject(final RejectReason reason)
    {
        if (reason == RejectReason.RING_FULL)
        {
            rejectsByReason[reason.ordinal()].increment();
        }
        else
        {
            rejectsByReason[reason.ordinal()].incrementRelease();
            ordersRejected.incrementRelease();
        }
    }

    /**
     * @param reason a reason.
     * @return how many rejects were counted for it.
     */
    public long rejects(final RejectReason reason)
    {
        return reason == RejectReason.NONE ? 0 : rejectsByReason[reason.ordinal()].get();
    }

    /**
     * Allocates one more counter in the same buffers, for components that own their counters
     * (risk, watchdog). Same as {@link #counter(String, int)}: a label asked for twice is one counter.
     *
     * @param label  the Prometheus name with labels.
     * @param typeId one of the {@code TYPE_*} ids.
     * @return the counter; its single writer is whoever asked for it.
     * @throws IllegalStateException when the buffers are full.
     */
    public AtomicCounter newCounter(final String label, final int typeId)
    {
        return counter(label, typeId);
    }

    /**
     * Finds the counter with this label, or allocates it. Components outside the engine call this
     * at construction to publish a metric (see the class comment for labels and type ids); the
     * counter is then written by its one owning thread. Calling it twice with one label returns
     * the same counter, so a component that is rebuilt does not leak counters.
     * <p>
     * Threading: any thread, but never on a hot path (it scans the buffer and may allocate).
     *
     * @param label  the Prometheus name with its labels, e.g.
     *               {@code horizon_audit_events_total{category="kill_switch",severity="critical"}}.
     * @param typeId one of the {@code TYPE_*} ids.
     * @return the counter.
     * @throws IllegalStateException when the buffers are full.
     */
    public synchronized AtomicCounter counter(final String label, final int typeId)
    {
        final int[] found = {-1};
        manager.forEach((counterId, type, keyBuffer, existing) ->
        {
            if (found[0] < 0 && type == typeId && existing.equals(label))
            {
                found[0] = counterId;
            }
        });
        if (found[0] >= 0)
        {
            return new AtomicCounter(manager.valuesBuffer(), found[0]);
        }
        return manager.newCounter(label, typeId);
    }

    /**
     * Escapes a label value for the Prometheus text form used in counter labels: backslash,
     * double quote and newline. Cold path.
     *
     * @param value a label value, such as an account name.
     * @return the escaped value.
     */
    public static String labelValue(final String value)
    {
        return value.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
    }

    /**
     * @return a reader over every counter, for exporters and {@code horizon stat}.
     */
    public CountersReader reader()
    {
        return manager;
    }
}
