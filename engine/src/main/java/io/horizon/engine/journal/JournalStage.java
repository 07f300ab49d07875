package io.horizon.engine.journal;

import io.horizon.engine.event.InboundEvent;

/**
 * The journal slot of the inbound ring: it sees every event, in ring order, in parallel with the
 * business-logic processor, and anything with an effect outside the process waits until it has
 * returned for that event and the event is durable by the stage's sync policy ({@link #durability()}).
 * The journal module fills this with a Chronicle Queue writer and its syncer thread.
 * <p>
 * If {@link #append} throws, the event is not journaled: the stage retries it with back-off and
 * counts the failure, and effects stay held back until it succeeds. Nothing is skipped.
 * <p>
 * Threading: called on the journal thread only; {@link #durability()} from any thread.
 */
public interface JournalStage
{
    /** Journals nothing. For tests and tools that do not need durability. */
    JournalStage NONE = new JournalStage()
    {
        @Override
        public boolean append(final InboundEvent event, final long sequence, final boolean endOfBatch)
        {
            return false;
        }

        @Override
        public String toString()
        {
            return "none";
        }
    };

    /**
     * Records one event (written; durable by the stage's own sync policy, see {@link #durability()}).
     *
     * @param event      the event; read-only, copy what you keep.
     * @param sequence   its inbound-ring sequence.
     * @param endOfBatch true when it is the last of the batch available now: a natural sync point.
     * @return true when the event was written now; false when there was nothing to write (a
     *         stage that journals nothing, or an event recovery replays that is already journaled).
     * @throws Exception when the event could not be recorded; it will be retried.
     */
    boolean append(InboundEvent event, long sequence, boolean endOfBatch) throws Exception;

    /**
     * Ends a batch whose events were all appended with {@code endOfBatch} false: the sync point
     * that {@code endOfBatch} true would have been, by the stage's own sync policy. The shared
     * mode's engine calls it after stepping a staged recorded source ({@code RecordedFeed}).
     *
     * @throws Exception when the sync failed; the next batch's sync point tries again.
     */
    default void endBatch() throws Exception
    {
    }

    /**
     * @return how far the effects of journaled events may go: the gateway acts on event {@code s}
     *         only once {@code s <= durability().durableUpTo()}. A stage that makes its writes
     *         durable off the writing thread (group commit) publishes its progress here; the
     *         default never makes effects wait.
     */
    default DurablePosition durability()
    {
        return DurablePosition.IMMEDIATE;
    }

    /**
     * Called once on the journal thread before the first event.
     */
    default void onStart()
    {
    }

    /**
     * Called once on the journal thread after the last event: a stage with a sync policy makes
     * everything written durable here (or reports, through {@link #durability()}, that it could not).
     */
    default void onShutdown()
    {
    }
}
