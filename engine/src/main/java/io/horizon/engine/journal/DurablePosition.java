package io.horizon.engine.journal;

/**
 * How far the inbound journal may be acted on: the venue gateway performs the effects of inbound
 * event {@code s} (market data handed to the venue, venue commands, reports) only once
 * {@code s <= }{@link #durableUpTo()}. The journal decides what that means by its sync policy:
 * synced to the device ({@code batch}, where a syncer thread makes the written range durable off
 * the engine thread: group commit), or merely written ({@code periodic}, {@code none}).
 * <p>
 * A sync that fails latches: {@link #syncFailed()} turns true for good and {@link #durableUpTo()}
 * never passes the last sync that succeeded, so effects stop (after an {@code fsync} error Linux
 * may have dropped the dirty pages, so a later sync that "succeeds" proves nothing). Outputs held
 * back that way are given up and counted when the pipeline halts, never acted on.
 * <p>
 * The engine never touches files: the journal module implements this.
 * <p>
 * Threading: {@link #durableUpTo()} and {@link #syncFailed()} from any thread; {@link #listener}
 * once, before the pipeline starts; the listener is called on the journal's syncer thread (or on
 * the writer's thread for the sync at shutdown).
 */
public interface DurablePosition
{
    /** Effects never wait: everything written may be acted on at once, and no sync can fail. */
    DurablePosition IMMEDIATE = new DurablePosition()
    {
        @Override
        public long durableUpTo()
        {
            return Long.MAX_VALUE;
        }

        @Override
        public boolean syncFailed()
        {
            return false;
        }

        @Override
        public String toString()
        {
            return "immediate";
        }
    };

    /**
     * @return the highest inbound sequence whose effects may be performed now; {@link Long#MAX_VALUE}
     *         when the policy does not make effects wait. Any thread.
     */
    long durableUpTo();

    /**
     * @return true once a sync has failed: {@link #durableUpTo()} will not advance again in this
     *         process. Any thread.
     */
    boolean syncFailed();

    /**
     * Sets who hears of progress and failure. Once, before the pipeline starts.
     *
     * @param listener the listener.
     */
    default void listener(final Listener listener)
    {
    }

    /**
     * Told when {@link DurablePosition#durableUpTo()} advanced (to wake whoever waits on it) and,
     * once, when a sync failed (to count and report it). Called on the syncer thread; must not block.
     */
    interface Listener
    {
        /**
         * More events are durable.
         */
        void onDurable();

        /**
         * A sync failed; effects stop from here on.
         *
         * @param failure what the sync threw.
         */
        void onSyncFailed(Throwable failure);
    }
}
