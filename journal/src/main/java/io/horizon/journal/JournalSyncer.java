package io.horizon.journal;

import java.io.File;
import java.io.IOException;
import java.lang.invoke.VarHandle;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import io.horizon.engine.journal.DurablePosition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes the inbound journal durable off the thread that writes it (group commit). The writer (the
 * journal stage's thread, or the shared mode's engine thread) appends to the memory-mapped cycle
 * file and, at the end of each batch, publishes "written up to {@code N}" ({@link #written}); the
 * syncer thread {@code horizon-journal-sync} then syncs the cycle file ({@code fdatasync}, which on
 * Linux writes back the pages dirtied through the mapping as {@code msync(MS_SYNC)} does) and
 * publishes "durable up to {@code N}" ({@link #durableUpTo()}). While one sync runs, the writer
 * goes on; the next sync covers every batch written meanwhile. The thread sleeps in the kernel (in
 * the sync, or parked when there is nothing to sync), so it does not compete for cores.
 * <ul>
 *   <li>{@link SyncPolicy#BATCH}: the writer wakes the syncer at each batch end; effects wait for
 *       {@link #durableUpTo()}.</li>
 *   <li>{@link SyncPolicy#PERIODIC}: the syncer syncs what was written once per interval; effects
 *       do not wait ({@link #durableUpTo()} is {@link Long#MAX_VALUE} while no sync failed).</li>
 *   <li>{@link SyncPolicy#NONE}: no syncer thread; only the sync at shutdown.</li>
 * </ul>
 * The daily roll: the writer publishes the new cycle file ({@link #rolledTo}) before the first
 * sequence written into it. The syncer, on seeing a new file, first syncs the old one to its end
 * (every record of the old cycle was written before any of the new), then the folder (the new
 * file's name), then the new file; only then does the sequence count as durable.
 * <p>
 * A failed sync latches ({@link DurablePosition}): the syncer logs it, tells the listener (which
 * counts and reports it), stops, and {@link #durableUpTo()} never passes the last sync that
 * succeeded. {@link #drain()} (at shutdown, on the writer's thread) stops the thread and syncs
 * whatever it had not.
 * <p>
 * Threading: {@link #written}, {@link #rolledTo}, {@link #start} and {@link #drain} on the writer's
 * thread; {@link #durableUpTo()} and {@link #syncFailed()} from any thread.
 */
final class JournalSyncer implements DurablePosition
{
    private static final Logger LOG = LoggerFactory.getLogger(JournalSyncer.class);
    private static final Listener NO_LISTENER = new Listener()
    {
        @Override
        public void onDurable()
        {
        }

        @Override
        public void onSyncFailed(final Throwable failure)
        {
        }
    };
    /** Longest the batch syncer parks between looks, should a wake-up ever be missed. */
    private static final long MAX_PARK_NANOS = TimeUnit.MILLISECONDS.toNanos(10);

    /**
     * How a file is made durable. Production forces the channel ({@code fdatasync}); tests hold a
     * sync back or make it fail.
     */
    interface FileSync
    {
        /** The production sync: {@code FileChannel.force(false)}, i.e. {@code fdatasync}. */
        FileSync FORCE = (channel, file) -> channel.force(false);

        /**
         * @param channel open on {@code file} (a cycle file, or the folder that holds them).
         * @param file    which.
         * @throws IOException when the device could not confirm the write.
         */
        void sync(FileChannel channel, Path file) throws IOException;
    }

    private final SyncPolicy policy;
    private final long intervalNanos;
    private final FileSync fileSync;
    private final String name;
    private volatile long written;
    private volatile long durable;
    private volatile File writtenFile;
    private volatile boolean running;
    private volatile boolean sleeping;
    private volatile Throwable failure;
    private volatile Listener listener = NO_LISTENER;
    private volatile SyncTimings timings = SyncTimings.NONE;
    private Thread thread;
    /** Syncing thread only (the syncer, or the writer once the syncer has stopped). */
    private File syncedFile;
    private FileChannel channel;

    /**
     * @param policy        when to sync.
     * @param intervalNanos for {@link SyncPolicy#PERIODIC}.
     * @param durableUpTo   the last sequence already in the journal when it was opened.
     * @param fileSync      how a file is synced.
     * @param name          the journal, for logs.
     */
    JournalSyncer(final SyncPolicy policy, final long intervalNanos, final long durableUpTo, final FileSync fileSync, final String name)
    {
        this.policy = policy;
        this.intervalNanos = intervalNanos;
        this.fileSync = fileSync;
        this.name = name;
        this.written = durableUpTo;
        this.durable = durableUpTo;
    }

    @Override
    public long durableUpTo()
    {
        if (failure != null || policy == SyncPolicy.BATCH)
        {
            return durable;
        }
        return Long.MAX_VALUE;
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

    /**
     * Observes every sync from now on (diagnostics). Any thread, before {@link #start} for all of them.
     */
    void timings(final SyncTimings timings)
    {
        this.timings = timings == null ? SyncTimings.NONE : timings;
    }

    /**
     * @return the last sequence synced, whatever the policy. Any thread.
     */
    long synced()
    {
        return durable;
    }

    /**
     * Starts the syncer thread (batch and periodic policies). Writer's thread, once.
     */
    void start()
    {
        if (policy == SyncPolicy.NONE || thread != null)
        {
            return;
        }
        running = true;
        thread = new Thread(this::run, "horizon-journal-sync");
        thread.setDaemon(true);
        thread.start();
    }

    /**
     * The writer moved to a new cycle file: publish it before any sequence written into it.
     * Writer's thread.
     */
    void rolledTo(final File file)
    {
        writtenFile = file;
    }

    /**
     * Everything up to {@code sequence} is written: the syncer may make it durable. Writer's
     * thread, at the end of a batch.
     */
    void written(final long sequence)
    {
        written = sequence;
        if (policy == SyncPolicy.BATCH)
        {
            // Pairs with the syncer's fence between "sleeping" and its last look at "written".
            VarHandle.fullFence();
            if (sleeping)
            {
                LockSupport.unpark(thread);
            }
        }
    }

    /**
     * Stops the syncer thread, then syncs, on the calling (writer's) thread, whatever is written and
     * not yet durable, whatever the policy: after it, everything written is durable, or
     * {@link #syncFailed()} says why not. Writer's thread, at shutdown; idempotent.
     *
     * @param writtenUpTo the last sequence written (some may not have been published).
     */
    void drain(final long writtenUpTo)
    {
        final Thread t = thread;
        if (t != null)
        {
            running = false;
            LockSupport.unpark(t);
            boolean interrupted = false;
            while (t.isAlive())
            {
                try
                {
                    t.join();
                }
                catch (final InterruptedException ex)
                {
                    interrupted = true;
                }
            }
            thread = null;
            if (interrupted)
            {
                Thread.currentThread().interrupt();
            }
        }
        if (writtenUpTo > written)
        {
            written = writtenUpTo;
        }
        syncWritten();
        closeChannel();
    }

    private void run()
    {
        while (true)
        {
            if (!syncWritten())
            {
                return;
            }
            if (!running)
            {
                return;
            }
            if (policy == SyncPolicy.PERIODIC)
            {
                LockSupport.parkNanos(this, intervalNanos);
                continue;
            }
            sleeping = true;
            VarHandle.fullFence();
            if (written == durable && running)
            {
                LockSupport.parkNanos(this, MAX_PARK_NANOS);
            }
            sleeping = false;
        }
    }

    /**
     * Syncs what is written and not yet durable, if anything, and publishes it.
     *
     * @return false when the journal has failed (now or before): syncing has stopped for good.
     */
    private boolean syncWritten()
    {
        if (failure != null)
        {
            return false;
        }
        final long target = written;
        // Read after "written": a sequence in a new cycle is published after that cycle's file.
        final File file = writtenFile;
        if (target <= durable || file == null)
        {
            return true;
        }
        final SyncTimings observer = timings;
        final long start = observer == SyncTimings.NONE ? 0 : System.nanoTime();
        try
        {
            if (!file.equals(syncedFile))
            {
                if (channel != null)
                {
                    // The rest of the old cycle, to its end-of-file marker, before anything of the new one counts.
                    fileSync.sync(channel, syncedFile.toPath());
                    closeChannel();
                }
                syncFolder(file.toPath().getParent());
                channel = FileChannel.open(file.toPath(), StandardOpenOption.READ);
                syncedFile = file;
            }
            fileSync.sync(channel, file.toPath());
        }
        catch (final Throwable t)
        {
            fail(t);
            return false;
        }
        if (observer != SyncTimings.NONE)
        {
            // Before "durable" is published: what it records happens-before any effect of these events.
            observer.onSynced(durable, target, start, System.nanoTime());
        }
        durable = target;
        listener.onDurable();
        return true;
    }

    private void syncFolder(final Path folder) throws IOException
    {
        // A new cycle file is durable only once the folder's entry for it is.
        try (FileChannel dir = FileChannel.open(folder, StandardOpenOption.READ))
        {
            fileSync.sync(dir, folder);
        }
    }

    private void fail(final Throwable t)
    {
        failure = t;
        LOG.error("syncing journal {} failed after sequence {} ({}); it is not known to be on the device past that point, " +
            "so every effect is held back from here on", name, durable, t.toString());
        closeChannel();
        listener.onSyncFailed(t);
    }

    private void closeChannel()
    {
        if (channel != null)
        {
            try
            {
                channel.close();
            }
            catch (final IOException ignored)
            {
                // Only a read handle used to force the file; the sync result is what counts.
            }
            channel = null;
            syncedFile = null;
        }
    }

    @Override
    public String toString()
    {
        return "syncer(" + name + ", " + policy.configName() + ", durable " + durable + ")";
    }
}
