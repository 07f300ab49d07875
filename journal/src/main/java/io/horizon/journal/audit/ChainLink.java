package io.horizon.journal.audit;

/**
 * A point in the audit chain: a sequence and the hash of the event there. The base of an empty
 * chain is {@code (0, GENESIS_HASH)}.
 * <p>
 * Immutable; any thread.
 *
 * @param sequence the event's sequence, 0 for the genesis.
 * @param hash     the event's hash.
 */
public record ChainLink(long sequence, String hash)
{
    /** Where every chain starts. */
    public static final ChainLink GENESIS = new ChainLink(0, AuditCanonicalForm.GENESIS_HASH);
}
