package io.horizon.engine.support;

import io.horizon.engine.event.InboundEvent;
import io.horizon.engine.journal.DurablePosition;
import io.horizon.engine.journal.JournalStage;

/**
 * Test fixture: a journal stage whose "syncer" the test drives. Appends are written at once
 * (counted); nothing is durable until the test calls {@link #release()} (durable up to everything
 * written), or {@link #fail} (the sync failed, latched), as the journal module's syncer thread
 * would, telling the pipeline's listener. Its sync at shutdown makes everything written durable
 * unless a sync has failed, and is recorded ({@link #shutDown()}).
 * <p>
 * Threading: the stage methods on the journal thread; the rest from any thread.
 */
public final class HeldSyncJournal implements JournalStage, DurablePosition
{
    private volatile long written = -1;
    private volatile long durable = -1;
    private volatile Throwable failure;
    private volatile Listener listener;
    private volatile boolean shutDown;

    @Override
    public boolean append(final InboundEvent event, final long sequence, final boolean endOfBatch)
    {
        written = sequence;
        return true;
    }

    @Override
    public DurablePosition durability()
    {
        return this;
    }

    @Override
    public long durableUpTo()
    {
        return durable;
    }

    @Override
    public boolean syncFailed()
    {
        return failure != null;
    }

    @Override
    public void listener(final Listener listener)
    {
        this.listener = listener;
    }

    @Override
    public void onShutdown()
    {
        if (failure == null)
        {
            release();
        }
        shutDown = true;
    }

    /**
     * @return the last sequence written.
     */
    public long written()
    {
        return written;
    }

    /**
     * @return true once the stage has run its sync at shutdown.
     */
    public boolean shutDown()
    {
        return shutDown;
    }

    /**
     * The sync completes: everything written so far is durable.
     */
    public void release()
    {
        if (failure == null)
        {
            durable = written;
            if (listener != null)
            {
                listener.onDurable();
            }
        }
    }

    /**
     * The sync fails: nothing more becomes durable.
     */
    public void fail(final Throwable t)
    {
        failure = t;
        if (listener != null)
        {
            listener.onSyncFailed(t);
        }
    }
}
