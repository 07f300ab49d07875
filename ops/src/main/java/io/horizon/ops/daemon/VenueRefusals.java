package io.horizon.ops.daemon;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

import io.horizon.fix.RefusedMessageSink;
import io.horizon.journal.audit.AuditCategory;
import io.horizon.journal.audit.AuditDraft;
import io.horizon.journal.audit.AuditSeverity;
import io.horizon.journal.audit.AuditTime;
import io.horizon.journal.json.JsonObjectWriter;
import io.horizon.ops.alerting.AlertSink;
import io.horizon.ops.alerting.AuditAlertBridge;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the inbound FIX messages a venue refused: each becomes a {@code venue.refused_message}
 * audit event (session, tag, value, reason and the raw message) and a warning alert whose dedup
 * key names the venue. The venue hands them over on its polling thread; a thread of this class
 * records them, so the engine never waits on the audit store or an alert sink. Refusals before
 * the audit log opens (during recovery and the first logon) are held until {@link #attach}.
 * <p>
 * At most {@value #CAPACITY} refusals wait to be recorded, before the audit log opens or while it
 * lags, so a venue that floods Horizon with garbage cannot exhaust the heap. One past that is
 * still logged by the venue (in a flood of unreadable messages, as a count per interval), counted
 * ({@code horizon_venue_refused_messages_total}), and its bytes stay in the venue's message archive.
 * {@link #close} records what is still waiting and logs how many were only logged.
 * <p>
 * Threading: {@link #refused} on the venue's polling thread; {@link #attach} and {@link #close}
 * on the daemon's owning thread.
 */
final class VenueRefusals implements RefusedMessageSink, AutoCloseable
{
    private static final Logger LOG = LoggerFactory.getLogger(VenueRefusals.class);
    /** Refusals that may wait to be recorded. */
    static final int CAPACITY = 1024;
    private static final int RAW_LIMIT = 4096;
    private static final long POLL_MILLIS = 200;
    private static final long JOIN_MILLIS = 2_000;

    private final BlockingQueue<AuditDraft> queue = new ArrayBlockingQueue<>(CAPACITY);
    private final AuditAlertBridge alerts;
    private final Thread worker;
    private volatile Consumer<AuditDraft> audit;
    private final AtomicLong lost = new AtomicLong();
    private volatile boolean closed;

    /**
     * @param alerts where the alert goes.
     */
    VenueRefusals(final AlertSink alerts)
    {
        this.alerts = new AuditAlertBridge(alerts);
        this.worker = new Thread(this::run, "horizon-venue-refusals");
        this.worker.setDaemon(true);
        this.worker.start();
    }

    @Override
    public void refused(final String venue, final String session, final String messageType, final String tag,
        final String value, final String reason, final String rawMessage)
    {
        final String raw = rawMessage.length() > RAW_LIMIT ? rawMessage.substring(0, RAW_LIMIT) + "..." : rawMessage;
        final String message = "FIX session " + session + ": " + messageType + " " + tag + " " + value + " refused: " +
            reason;
        final AuditDraft draft = AuditDraft.of(AuditCategory.VENUE_REFUSED_MESSAGE, AuditSeverity.WARNING)
            .timestampNanos(AuditTime.nowNanos())
            .actor("system")
            .venueName(venue)
            .message(message)
            .payload(new JsonObjectWriter().begin()
                .field("venue", venue)
                .field("session", session)
                .field("message_type", messageType)
                .field("tag", tag)
                .field("value", value == null ? "" : value)
                .field("reason", reason)
                .field("raw", raw)
                .finish());
        if (!queue.offer(draft) && lost.getAndIncrement() == 0)
        {
            LOG.warn("venue {}: more than {} refused FIX messages wait to be recorded in the audit log; further ones " +
                "are only in the log (and their bytes in the venue's message archive) until the audit log catches up",
                venue, CAPACITY);
        }
    }

    /**
     * Starts writing to the audit log, the held refusals first.
     *
     * @param auditLog where audit events go (any thread).
     */
    void attach(final Consumer<AuditDraft> auditLog)
    {
        this.audit = auditLog;
    }

    /**
     * Stops the recording thread, then records what still waits (the audit log must still be open:
     * the daemon closes its venues before its audit log) and logs how many refusals were only logged.
     */
    @Override
    public void close()
    {
        closed = true;
        worker.interrupt();
        try
        {
            worker.join(JOIN_MILLIS);
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
        }
        final Consumer<AuditDraft> auditLog = audit;
        long leftAtStop = 0;
        if (auditLog != null && !worker.isAlive())
        {
            for (AuditDraft draft = queue.poll(); draft != null; draft = queue.poll())
            {
                deliver(auditLog, draft);
            }
        }
        else
        {
            leftAtStop = queue.size();
        }
        final long overflowed = lost.get();
        if (overflowed + leftAtStop > 0)
        {
            LOG.warn("{} refused FIX messages were not recorded in the audit log ({} came while {} already waited, {} " +
                "still waited at the stop{}); the venue logged them and its message archive keeps their bytes",
                overflowed + leftAtStop, overflowed, CAPACITY, leftAtStop, auditLog == null ? ", the audit log never opened" : "");
        }
    }

    private void run()
    {
        while (!closed)
        {
            try
            {
                final Consumer<AuditDraft> auditLog = audit;
                if (auditLog == null)
                {
                    // Held in the bounded queue until the audit log opens.
                    Thread.sleep(POLL_MILLIS);
                    continue;
                }
                final AuditDraft draft = queue.poll(POLL_MILLIS, TimeUnit.MILLISECONDS);
                if (draft != null)
                {
                    deliver(auditLog, draft);
                }
            }
            catch (final InterruptedException ex)
            {
                break;
            }
        }
    }

    private void deliver(final Consumer<AuditDraft> auditLog, final AuditDraft draft)
    {
        try
        {
            auditLog.accept(draft);
            final Map<String, String> fields = new LinkedHashMap<>();
            fields.put(AuditAlertBridge.SUBJECT, "venue " + draft.venueName());
            fields.put("venue", draft.venueName());
            alerts.onAuditEvent(AuditCategory.VENUE_REFUSED_MESSAGE.code(), draft.message(), fields);
        }
        catch (final RuntimeException ex)
        {
            LOG.warn("a refused FIX message was not recorded in the audit log: {}", ex.toString());
        }
    }
}
