package io.horizon.journal.audit;

import java.util.function.LongConsumer;

/**
 * Checks a chain event by event, in sequence order, from its base: each event's hash against its
 * content, its sequence against the one before, its {@code prev_hash} against the hash before.
 * Events at or below the base are ones retention kept under a legal hold; each is checked against
 * its own hash. Both audit backends feed their rows through one walk, so they judge alike.
 * <p>
 * Threading: one thread per instance.
 */
final class ChainWalk
{
    private final AuditCanonicalForm canonical;
    private final ChainLink base;
    private final LongConsumer progress;
    private long expectedSequence;
    private String expectedPrev;
    private long chained;
    private long held;
    private long first = -1;
    private ChainVerification broken;

    /**
     * @param canonical the hasher (not shared with another thread).
     * @param base      where the chain starts.
     * @param progress  told the number of events checked, every 100,000.
     */
    ChainWalk(final AuditCanonicalForm canonical, final ChainLink base, final LongConsumer progress)
    {
        this.canonical = canonical;
        this.base = base;
        this.progress = progress;
        this.expectedSequence = base.sequence() + 1;
        this.expectedPrev = base.hash();
    }

    /**
     * @param e the next event in sequence order.
     * @return false once the chain is broken (stop feeding it).
     */
    boolean accept(final AuditEvent e)
    {
        if (!canonical.isSealed(e))
        {
            broken = ChainVerification.broken(base, chained, held, first, e.sequence(),
                "its hash does not match its content: the row was edited after it was written");
            return false;
        }
        if (e.sequence() <= base.sequence())
        {
            held++;
            return true;
        }
        if (e.sequence() != expectedSequence)
        {
            broken = ChainVerification.broken(base, chained, held, first, expectedSequence,
                "it is missing (the next event is sequence " + e.sequence() + "): rows were deleted or renumbered");
            return false;
        }
        if (!e.prevHash().equals(expectedPrev))
        {
            broken = ChainVerification.broken(base, chained, held, first, e.sequence(),
                "its prev_hash does not match the hash of sequence " + (expectedSequence - 1) +
                ": a row was inserted, replaced or moved");
            return false;
        }
        if (first < 0)
        {
            first = e.sequence();
        }
        expectedPrev = e.hash();
        expectedSequence++;
        chained++;
        if (chained % 100_000 == 0)
        {
            progress.accept(chained);
        }
        return true;
    }

    /**
     * Checks that events copied as they are (into an archive, or from another store of the same
     * chain) continue a chain: the next sequence, the matching {@code prev_hash}, a sound hash.
     *
     * @param tail  where the chain ends now.
     * @param chain the chain, for the message, e.g. {@code "archive audit_archive.db"}.
     * @param hint  what the operator should suspect, for the message.
     * @throws io.horizon.journal.sqlite.StoreException naming the first event that does not fit.
     */
    static void requireContinues(
        final AuditCanonicalForm canonical, final ChainLink tail, final java.util.List<AuditEvent> events, final String chain,
        final String hint)
    {
        ChainLink end = tail;
        for (final AuditEvent e : events)
        {
            if (e.sequence() != end.sequence() + 1 || !e.prevHash().equals(end.hash()) || !canonical.isSealed(e))
            {
                throw new io.horizon.journal.sqlite.StoreException("event " + e.sequence() + " does not continue the chain of " +
                    chain + ", which ends at sequence " + end.sequence() + "; " + hint);
            }
            end = new ChainLink(e.sequence(), e.hash());
        }
    }

    /**
     * @return what was found.
     */
    ChainVerification result()
    {
        return broken != null ? broken :
            ChainVerification.verified(base, chained, held, first, expectedSequence - 1, expectedPrev);
    }
}
