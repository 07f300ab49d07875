package io.horizon.journal.dlq;

import java.util.function.Consumer;

import io.horizon.journal.audit.AuditCategory;
import io.horizon.journal.audit.AuditDraft;
import io.horizon.journal.audit.AuditSeverity;
import io.horizon.journal.json.JsonObjectWriter;

/**
 * What an operator does with a dead letter, each step audited: dismiss it with a reason, or send
 * it again through the normal order path.
 * <p>
 * Redrive publishes first and records second: only a command the engine took bumps
 * {@code retry_count}, so a redrive refused for want of a running daemon changes nothing.
 * <p>
 * Threading: one thread per instance; the stores serialise their own writes.
 */
public final class DlqTriage
{
    private final DlqStore store;
    private final Consumer<AuditDraft> audit;

    /**
     * @param store the dead-letter queue.
     * @param audit where the audit events go (the audit store, or the daemon's flusher).
     */
    public DlqTriage(final DlqStore store, final Consumer<AuditDraft> audit)
    {
        this.store = store;
        this.audit = audit;
    }

    /**
     * Dismisses an entry and audits it as {@code dlq.dismissed}.
     *
     * @param dlqId  the entry.
     * @param reason why; required.
     * @param actor  who, e.g. {@code user:alice}.
     * @return the entry as it now stands.
     * @throws IllegalArgumentException for a bad id, a blank reason, or an unknown or dismissed entry.
     */
    public DlqEntry dismiss(final String dlqId, final String reason, final String actor)
    {
        DlqIds.require(dlqId);
        final DlqEntry entry = store.dismiss(dlqId, reason, actor);
        audit.accept(draft(AuditCategory.DLQ_DISMISSED, AuditSeverity.WARNING, entry, actor)
            .message(dlqId + " dismissed: " + entry.dismissedReason())
            .payload(new JsonObjectWriter().begin()
                .field("dlq_id", dlqId)
                .field("reason", entry.dismissedReason())
                .field("retry_count", entry.retryCount())
                .finish()));
        return entry;
    }

    /**
     * Sends an entry's command again through the resubmitter, then bumps its retry count and
     * audits it as {@code dlq.redriven}.
     *
     * @param dlqId       the entry.
     * @param actor       who, e.g. {@code user:alice}.
     * @param resubmitter the engine's order path.
     * @return the entry as it now stands.
     * @throws IllegalArgumentException for a bad id, an unknown or dismissed entry, or one that
     *                                  holds nothing to send again.
     * @throws RedriveRefusedException  when the engine did not take it; nothing changed.
     */
    public DlqEntry redrive(final String dlqId, final String actor, final OrderResubmitter resubmitter)
    {
        DlqIds.require(dlqId);
        final DlqEntry entry = store.get(dlqId);
        if (entry == null)
        {
            throw new IllegalArgumentException("no dead letter " + dlqId + " in " + store.location() +
                "; list them with horizon dlq list --all");
        }
        if (entry.dismissed())
        {
            throw new IllegalArgumentException(dlqId + " was dismissed at " + entry.dismissedAt() + " by " +
                entry.dismissedBy() + " (" + entry.dismissedReason() + "); a dismissed entry is not sent again");
        }
        final DlqAction action = entry.action();
        final String why = action.whyNotRedrivable();
        if (why != null)
        {
            throw new IllegalArgumentException(dlqId + " cannot be sent again: " + why +
                "; review it with horizon dlq show " + dlqId + " and dismiss it with a reason");
        }
        final String clientOrderId = resubmitter.resubmit(action);
        final DlqEntry after = store.bumpRetry(dlqId, clientOrderId);
        audit.accept(draft(AuditCategory.DLQ_REDRIVEN, AuditSeverity.WARNING, after, actor)
            .clientOrderId(clientOrderId)
            .message(dlqId + " sent again as " + clientOrderId + " (" + action.kind().replace('_', ' ') +
                ", retry " + after.retryCount() + ")")
            .payload(new JsonObjectWriter().begin()
                .field("dlq_id", dlqId)
                .field("kind", action.kind())
                .field("previous_client_order_id", entry.clientOrderId())
                .field("retry_count", after.retryCount())
                .finish()));
        return after;
    }

    private static AuditDraft draft(
        final AuditCategory category, final AuditSeverity severity, final DlqEntry entry, final String actor)
    {
        return AuditDraft.of(category, severity)
            .actor(actor)
            .accountId(entry.accountId())
            .venueName(entry.venueName())
            .correlationId(entry.dlqId())
            .marketId(entry.marketId())
            .orderId(entry.orderId())
            .clientOrderId(entry.clientOrderId());
    }
}
