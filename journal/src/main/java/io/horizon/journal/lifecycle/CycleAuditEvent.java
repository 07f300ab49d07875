package io.horizon.journal.lifecycle;

import java.util.Map;

import io.horizon.journal.audit.AuditCategory;
import io.horizon.journal.audit.AuditDraft;
import io.horizon.journal.audit.AuditEvent;
import io.horizon.journal.audit.AuditSeverity;
import io.horizon.journal.audit.AuditTime;
import io.horizon.journal.json.JsonObjectReader;
import io.horizon.journal.json.JsonObjectWriter;

/**
 * The audit event of a cycle the journal lifecycle took out, {@code journal.cycle_archived} or
 * {@code journal.cycle_deleted}: its payload repeats the {@link LifecycleLedger} line (queue, file,
 * cycle, records, bytes, SHA-256, action, destination), so the hash-chained, anchored audit log
 * vouches for each line of the unsigned ledger ({@link LedgerWitnesses}), its length included (the
 * bound on what the archived copy may decompress to).
 * <p>
 * Stateless; any thread.
 */
public final class CycleAuditEvent
{
    private CycleAuditEvent()
    {
    }

    /**
     * @param entry a cycle taken out.
     * @return its audit event.
     */
    public static AuditDraft draft(final LedgerEntry entry)
    {
        final boolean archived = entry.destination() != null;
        final JsonObjectWriter payload = new JsonObjectWriter().begin()
            .field("queue", entry.queue())
            .field("file", entry.file())
            .field("cycle", entry.cycle())
            .field("first_record", entry.firstRecord())
            .field("records", entry.records())
            .field("bytes", entry.bytes())
            .field("sha256", entry.sha256())
            .field("action", entry.action());
        if (archived)
        {
            payload.field("destination", entry.destination());
        }
        return AuditDraft.of(archived ? AuditCategory.JOURNAL_CYCLE_ARCHIVED : AuditCategory.JOURNAL_CYCLE_DELETED, AuditSeverity.INFO)
            .timestampNanos(AuditTime.nowNanos())
            .actor("system")
            .message("journal " + entry.queue() + " cycle " + entry.file() + " (records " + entry.firstRecord() + " to " +
                (entry.endRecord() - 1) + ") " + (archived ? "archived to " + entry.destination() : "deleted"))
            .payload(payload.finish());
    }

    /**
     * What one stored event says was taken out.
     *
     * @param sequence its audit sequence.
     * @param category its category code.
     * @param queue    the queue.
     * @param file     the cycle file.
     * @param cycle    its roll cycle.
     * @param bytes    its length (what an archived copy may decompress to, at most).
     * @param sha256   its SHA-256.
     * @param action   {@code archive} or {@code delete}.
     */
    public record Said(long sequence, String category, String queue, String file, long cycle, long bytes, String sha256,
        String action)
    {
        /**
         * @param entry a ledger line.
         * @return true when this event is the one the lifecycle wrote for it.
         */
        public boolean vouchesFor(final LedgerEntry entry)
        {
            return queue.equals(entry.queue()) && file.equals(entry.file()) && cycle == entry.cycle() &&
                bytes == entry.bytes() && sha256.equals(entry.sha256()) && action.equals(entry.action());
        }

        /**
         * @return the event in a few words, for messages.
         */
        public String describe()
        {
            return "audit event " + sequence + " (" + category + " " + queue + " " + file + ", sha256 " + sha256 + ")";
        }
    }

    /**
     * @param event a stored event of one of the two categories.
     * @return what it says, or null when its payload is not one the lifecycle writes (then it vouches for nothing).
     */
    public static Said read(final AuditEvent event)
    {
        if (event.payload() == null)
        {
            return null;
        }
        try
        {
            final Map<String, Object> f = JsonObjectReader.read(event.payload());
            if (f.get("queue") instanceof String queue && f.get("file") instanceof String file && f.get("cycle") instanceof Long cycle &&
                f.get("bytes") instanceof Long bytes && f.get("sha256") instanceof String sha256 && f.get("action") instanceof String action)
            {
                return new Said(event.sequence(), event.category(), queue, file, cycle, bytes, sha256, action);
            }
            return null;
        }
        catch (final IllegalArgumentException ex)
        {
            return null;
        }
    }
}
