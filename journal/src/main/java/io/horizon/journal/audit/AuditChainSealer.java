package io.horizon.journal.audit;

import java.util.ArrayList;
import java.util.List;

/**
 * Gives drafts their place in the audit chain: an event id, the next sequences after a
 * {@link ChainLink}, each event's {@code prev_hash} and its own {@code hash}
 * ({@link AuditCanonicalForm}). Events sealed after a link the chain no longer ends at (another
 * writer appended meanwhile) are {@link #rechain rechained}: same ids and times, new sequences
 * and hashes.
 * <p>
 * Threading: one thread per instance (it holds a digest, a buffer and an id generator).
 */
final class AuditChainSealer
{
    private final AuditCanonicalForm canonical = new AuditCanonicalForm();
    private final AuditEventIds ids = new AuditEventIds();

    /**
     * @param drafts the events, in order; a draft without a time is stamped now.
     * @param after  the chain's last event (or base) they follow.
     * @return the sealed events.
     */
    List<AuditEvent> seal(final List<AuditDraft> drafts, final ChainLink after)
    {
        final List<AuditEvent> sealed = new ArrayList<>(drafts.size());
        long sequence = after.sequence();
        String prevHash = after.hash();
        for (final AuditDraft draft : drafts)
        {
            sequence++;
            final long nanos = draft.timestampNanos() == Long.MIN_VALUE ? AuditTime.nowNanos() : draft.timestampNanos();
            final AuditEvent unsealed = draft.toEvent(ids.next(), sequence, AuditTime.format(nanos), prevHash);
            final AuditEvent event = unsealed.withHash(canonical.hash(unsealed));
            sealed.add(event);
            prevHash = event.hash();
        }
        return sealed;
    }

    /**
     * @param sealed events sealed after some other link.
     * @param after  the link they must follow now.
     * @return the same events (ids, times, content) with new sequences, previous hashes and hashes.
     */
    List<AuditEvent> rechain(final List<AuditEvent> sealed, final ChainLink after)
    {
        final List<AuditEvent> rechained = new ArrayList<>(sealed.size());
        long sequence = after.sequence();
        String prevHash = after.hash();
        for (final AuditEvent e : sealed)
        {
            sequence++;
            final AuditEvent unsealed = new AuditEvent(e.eventId(), sequence, e.timestamp(), e.category(), e.severity(),
                e.actor(), e.accountId(), e.clientId(), e.venueName(), e.correlationId(), e.marketId(), e.orderId(),
                e.clientOrderId(), e.message(), e.payload(), prevHash, "");
            final AuditEvent event = unsealed.withHash(canonical.hash(unsealed));
            rechained.add(event);
            prevHash = event.hash();
        }
        return rechained;
    }

    /**
     * @param sealed events in chain order.
     * @param after  the link they follow.
     * @return the link of the last event, or {@code after} when there is none.
     */
    static ChainLink end(final List<AuditEvent> sealed, final ChainLink after)
    {
        if (sealed.isEmpty())
        {
            return after;
        }
        final AuditEvent last = sealed.get(sealed.size() - 1);
        return new ChainLink(last.sequence(), last.hash());
    }
}
