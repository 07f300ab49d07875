package io.horizon.journal.flush;

import java.nio.file.Path;
import java.sql.SQLException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import io.horizon.journal.JournalException;
import io.horizon.journal.sqlite.SqliteFile;
import io.horizon.journal.sqlite.StoreException;
import io.horizon.journal.sqlite.StoreFault;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The thread that drives a {@link Flusher}: it copies the journal into the store batch by batch,
 * idles briefly when the journal has nothing new, and waits out store faults.
 * <p>
 * A failed commit (locked, read-only, full, any SQLite error) is counted, alerted once per
 * episode, and retried with exponential back-off from {@value #MIN_BACKOFF_MS} ms to
 * {@value #MAX_BACKOFF_MS} ms on a fresh connection. Nothing is lost meanwhile: the journal keeps
 * every record and the flusher's position only moves with a successful commit, so when the fault
 * clears it catches up. Trading never waits for it. A journal record the flusher cannot read stops
 * it with an alert, because skipping would lose events.
 * <p>
 * {@link #stop} asks for a final flush up to the journal's end (call it after the pipeline has
 * drained), bounded by a time-out so a store that stays faulted cannot hold a shutdown; what is
 * left is flushed on the next start.
 * <p>
 * Threading: {@link #start} and {@link #stop} from the owner thread; the flusher runs on its own
 * thread only.
 */
public final class FlushLoop
{
    /** Shortest wait after a failed commit. */
    public static final long MIN_BACKOFF_MS = 10;
    /** Longest wait after failed commits. */
    public static final long MAX_BACKOFF_MS = 2_000;

    private static final Logger LOG = LoggerFactory.getLogger(FlushLoop.class);
    private static final long IDLE_NANOS = TimeUnit.MILLISECONDS.toNanos(2);
    private static final long LAG_REFRESH_NANOS = TimeUnit.MILLISECONDS.toNanos(50);

    /**
     * One store's side of the loop: reads the journal and commits.
     * <p>
     * Threading: every method is called on the loop's thread.
     */
    public interface Flusher
    {
        /**
         * Reads what the journal holds now (up to a batch) and commits it with the position.
         *
         * @param finalFlush true while stopping: commit the position even when no row came of it.
         * @return true when anything was consumed or committed; false when caught up.
         * @throws SQLException   on a store fault; the batch is kept and retried.
         * @throws StoreException when the store is not usable as it stands (retried as a fault).
         */
        boolean flushOnce(boolean finalFlush) throws SQLException;

        /**
         * @return journal records not yet committed to the store.
         */
        long lag();

        /**
         * Drops the store connection after a fault, so the retry opens a fresh one.
         */
        void reset();

        /**
         * Releases journal readers and the store, at the end of the loop.
         */
        void close();

        /**
         * @return {@code audit} or {@code dlq}, for alerts and logs.
         */
        String storeName();

        /**
         * @return the store's file.
         */
        String storeLocation();
    }

    private final Flusher flusher;
    private final FlusherCounters counters;
    private final StoreAlerts alerts;
    private final Thread thread;
    private final CountDownLatch finished = new CountDownLatch(1);
    private volatile boolean stopping;
    private volatile long stopDeadlineNanos;
    private volatile boolean caughtUp;
    private volatile Throwable journalFailure;

    /**
     * @param flusher    what to run.
     * @param counters   where to count rows, lag and faults.
     * @param alerts     where to raise alerts.
     * @param threadName the thread's name, e.g. {@code horizon-audit-flusher}.
     */
    public FlushLoop(final Flusher flusher, final FlusherCounters counters, final StoreAlerts alerts, final String threadName)
    {
        this.flusher = flusher;
        this.counters = counters;
        this.alerts = alerts;
        this.thread = new Thread(this::run, threadName);
        this.thread.setDaemon(true);
    }

    /**
     * Starts the thread.
     *
     * @return this.
     */
    public FlushLoop start()
    {
        thread.start();
        return this;
    }

    /**
     * Flushes to the journal's end as it stands, then stops. Call after the pipeline has drained.
     *
     * @param timeoutMillis the longest to wait for the store (a fault may persist).
     * @return true when everything journaled was committed; false when the store stayed faulted
     *         (the rest is flushed on the next start) or the journal could not be read.
     */
    public boolean stop(final long timeoutMillis)
    {
        stopDeadlineNanos = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        stopping = true;
        LockSupport.unpark(thread);
        try
        {
            if (!finished.await(timeoutMillis + 5_000, TimeUnit.MILLISECONDS))
            {
                LOG.error("{} flusher did not stop within {} ms", flusher.storeName(), timeoutMillis);
                return false;
            }
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
            return false;
        }
        return caughtUp;
    }

    /**
     * @return the journal failure that stopped the loop, or null.
     */
    public Throwable journalFailure()
    {
        return journalFailure;
    }

    /**
     * @return true while the thread runs.
     */
    public boolean isRunning()
    {
        return finished.getCount() > 0;
    }

    private void run()
    {
        long backoffMs = MIN_BACKOFF_MS;
        long faultSinceNanos = 0;
        long failedAttempts = 0;
        StoreFault lastFault = null;
        long lastLagNanos = 0;
        try
        {
            while (true)
            {
                final boolean finalFlush = stopping;
                try
                {
                    final boolean progressed = flusher.flushOnce(finalFlush);
                    if (faultSinceNanos != 0)
                    {
                        alerts.storeRecovered(flusher.storeName(), flusher.storeLocation(),
                            TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - faultSinceNanos), failedAttempts);
                        faultSinceNanos = 0;
                        failedAttempts = 0;
                        lastFault = null;
                        backoffMs = MIN_BACKOFF_MS;
                    }
                    final long now = System.nanoTime();
                    if (!progressed || now - lastLagNanos >= LAG_REFRESH_NANOS)
                    {
                        counters.lag.setRelease(flusher.lag());
                        lastLagNanos = now;
                    }
                    if (!progressed)
                    {
                        if (finalFlush)
                        {
                            caughtUp = true;
                            return;
                        }
                        LockSupport.parkNanos(IDLE_NANOS);
                    }
                    else if (finalFlush && System.nanoTime() - stopDeadlineNanos > 0)
                    {
                        // Something still appends to the journal; the next start flushes the rest.
                        LOG.warn("{} flusher stopped at its deadline with {} journal records still to flush",
                            flusher.storeName(), safeLag());
                        return;
                    }
                }
                catch (final SQLException | StoreException ex)
                {
                    counters.faults.increment();
                    failedAttempts++;
                    final StoreFault fault = ex instanceof SQLException ? SqliteFile.fault((SQLException)ex) : StoreFault.OTHER;
                    if (faultSinceNanos == 0)
                    {
                        faultSinceNanos = System.nanoTime();
                        alerts.storeFaulted(flusher.storeName(), flusher.storeLocation(), fault,
                            ex instanceof SQLException ? fault.describe((SQLException)ex) : ex.getMessage());
                    }
                    else if (fault != lastFault)
                    {
                        // One alert per episode, but an operator fixing a full disk needs to see it became a lock.
                        LOG.warn("{} store {} fault changed from {} to {} after {} attempts: {}", flusher.storeName(),
                            flusher.storeLocation(), lastFault.label(), fault.label(), failedAttempts, ex.getMessage());
                    }
                    lastFault = fault;
                    flusher.reset();
                    counters.lag.setRelease(safeLag());
                    if (finalFlush && System.nanoTime() - stopDeadlineNanos > 0)
                    {
                        LOG.error("{} store {} still faulted at shutdown; {} journal records are left for the next start",
                            flusher.storeName(), flusher.storeLocation(), safeLag());
                        return;
                    }
                    LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(backoffMs));
                    backoffMs = Math.min(MAX_BACKOFF_MS, backoffMs * 2);
                }
            }
        }
        catch (final JournalException ex)
        {
            journalFailure = ex;
            alerts.flusherStopped(flusher.storeName(), ex.getMessage());
        }
        catch (final RuntimeException | Error ex)
        {
            journalFailure = ex;
            LOG.error("{} flusher failed", flusher.storeName(), ex);
            alerts.flusherStopped(flusher.storeName(), ex.toString());
        }
        finally
        {
            try
            {
                flusher.close();
            }
            finally
            {
                finished.countDown();
            }
        }
    }

    private long safeLag()
    {
        try
        {
            return flusher.lag();
        }
        catch (final RuntimeException ex)
        {
            return counters.lag.get();
        }
    }
}
