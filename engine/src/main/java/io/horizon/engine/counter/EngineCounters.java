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
 * Labels are the Prometheus names the metrics exporter publishes; reject counters carry the
 * reason code as their type id and the layer in the label.
 */
public final class EngineCounters
{
    /** Type id of ordinary counters. */
    public static final int TYPE_PLAIN = 1;
    /** Type id of counters that are gauges (a level, not a running total). */
    public static final int TYPE_GAUGE = 2;
    /** Type ids from this value upward are reject counters: {@code TYPE_REJECT_BASE + reason code}. */
    public static final int TYPE_REJECT_BASE = 1000;

    /** Bytes of counter values needed for the engine's counters, with room to spare for later issues. */
    public static final int VALUES_BUFFER_LENGTH = 256 * CountersReader.COUNTER_LENGTH;
    /** Bytes of counter metadata matching {@link #VALUES_BUFFER_LENGTH}. */
    public static final int METADATA_BUFFER_LENGTH = 256 * CountersReader.METADATA_LENGTH;

    private final CountersManager manager;

    /** Events the BLP processed. Writer: BLP. */
    public final AtomicCounter eventsProcessed;
    /** Quotes the BLP processed. Writer: BLP. */
    public final AtomicCounter quotes;
    /** Trades the BLP processed. Writer: BLP. */
    public final AtomicCounter trades;
    /** New orders received by the BLP, from clients and strategies. Writer: BLP. */
    public final AtomicCounter ordersReceived;
    /** Orders that passed risk and went to the venue. Writer: BLP. */
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
        ordersSubmitted = manager.newCounter("horizon_orders_submitted_total", TYPE_PLAIN);
        fills = manager.newCounter("horizon_fills_total", TYPE_PLAIN);
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
                    "horizon_order_rejects_total{layer=\"" + reason.layer() + "\",reason=\"" + reason.name().toLowerCase() + "\"}",
                    TYPE_REJECT_BASE + reason.code());
            }
        }
    }

    /**
     * Allocates one more counter in these buffers, for components outside the engine that publish
     * their own figures through the same counters file (the audit and dead-letter flushers).
     * Owner thread only, while setting up, before other threads allocate: allocation is not
     * thread-safe. Each counter then follows the writer rule its owner documents.
     *
     * @param label  a Prometheus-style name, e.g. {@code horizon_audit_events_total}.
     * @param typeId {@link #TYPE_PLAIN} or {@link #TYPE_GAUGE}.
     * @return the counter.
     */
    public AtomicCounter newCounter(final String label, final int typeId)
    {
        return manager.newCounter(label, typeId);
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
     * @return a reader over every counter, for exporters and {@code horizon stat}.
     */
    public CountersReader reader()
    {
        return manager;
    }
}
