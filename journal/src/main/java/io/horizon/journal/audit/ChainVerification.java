package io.horizon.journal.audit;

/**
 * What {@link AuditStore#verify} found.
 * <p>
 * Immutable; any thread.
 *
 * @param verified      true when every event checked out.
 * @param base          where the chain starts in this store (genesis, or the last archived event).
 * @param chained       events checked along the chain after the base.
 * @param held          events at or below the base kept under a legal hold, each checked against its hash.
 * @param firstSequence first chained sequence, or -1 when none.
 * @param lastSequence  last chained sequence that checked out (the base's when none did).
 * @param lastHash      hash at {@code lastSequence} (for anchors).
 * @param brokenAt      the first sequence that failed, or -1.
 * @param problem       what is wrong there, or null.
 */
public record ChainVerification(
    boolean verified,
    ChainLink base,
    long chained,
    long held,
    long firstSequence,
    long lastSequence,
    String lastHash,
    long brokenAt,
    String problem)
{
    static ChainVerification verified(
        final ChainLink base, final long chained, final long held, final long first, final long last, final String lastHash)
    {
        return new ChainVerification(true, base, chained, held, first, last, lastHash, -1, null);
    }

    static ChainVerification broken(
        final ChainLink base, final long chained, final long held, final long first, final long brokenAt, final String problem)
    {
        return new ChainVerification(false, base, chained, held, first, brokenAt - 1, null, brokenAt, problem);
    }

    /**
     * @return the one line {@code horizon audit verify} prints, e.g.
     *         {@code chain verified: 120 events, sequences 1..120}.
     */
    public String summary()
    {
        if (!verified)
        {
            return "chain BROKEN at sequence " + brokenAt + ": " + problem;
        }
        if (chained == 0)
        {
            return "chain verified: 0 events" + (base.sequence() > 0 ? " after archived sequence " + base.sequence() : "") +
                " (the store holds no chained event)";
        }
        return "chain verified: " + chained + " events, sequences " + firstSequence + ".." + lastSequence;
    }
}
