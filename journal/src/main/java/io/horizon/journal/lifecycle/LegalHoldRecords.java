package io.horizon.journal.lifecycle;

/**
 * The inbound journal records a legal hold keeps: those that caused an audit event a hold matches
 * (its {@code correlation_id} is {@code journal:N}). The cycles holding them, in both queues, are
 * not archived or deleted while the hold stands.
 * <p>
 * Threading: called from the lifecycle's thread.
 */
@FunctionalInterface
public interface LegalHoldRecords
{
    /** No hold. */
    LegalHoldRecords NONE = () -> new long[0];

    /**
     * @return the held inbound record numbers, in any order.
     * @throws io.horizon.journal.sqlite.StoreException when the holds or the audit log cannot be
     *         read; the run then takes nothing out.
     */
    long[] heldInboundRecords();
}
