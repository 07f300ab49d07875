package io.horizon.ops.daemon;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
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
 * Threading: {@link #refused} on the venue's polling thread; {@link #attach} and {@link #close}
 * on the daemon's owning thread.
 */
final class VenueRefusals implements RefusedMessageSink, AutoCloseable
{
    private static final Logger LOG = LoggerFactory.getLogger(VenueRefusals.class);
    private static final int CAPACITY = 1024;
    private static final int RAW_LIMIT = 4096;

    private final BlockingQueue<AuditDraft> queue = new ArrayBlockingQueue<>(CAPACITY);
    private final AuditAlertBridge alerts;
    private final Thread worker;
    private volatile Consumer<AuditDraft> audit;
    private volatile boolean closed;
    private long lost;

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
        if (!queue.offer(draft) && lost++ == 0)
        {
            LOG.warn("venue {}: more than {} refused FIX messages wait to be recorded; further ones are only in the log",
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

    @Override
    public void close()
    {
        closed = true;
        worker.interrupt();
        try
        {
            worker.join(2_000);
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
        }
    }

    private void run()
    {
        final List<AuditDraft> held = new ArrayList<>();
        while (!closed)
        {
            try
            {
                final AuditDraft draft = queue.poll(200, TimeUnit.MILLISECONDS);
                if (draft != null)
                {
                    held.add(draft);
                }
            }
            catch (final InterruptedException ex)
            {
                break;
            }
            final Consumer<AuditDraft> auditLog = audit;
            if (auditLog == null)
            {
                continue;
            }
            for (final AuditDraft draft : held)
            {
                deliver(auditLog, draft);
            }
            held.clear();
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
