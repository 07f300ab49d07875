package io.horizon.journal.flush;

import java.nio.file.Path;

import io.horizon.journal.sqlite.StoreFault;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where a flusher raises its alerts: a store it cannot write (the journal keeps everything
 * meanwhile and trading goes on), the store writable again, or a journal it cannot read. The
 * daemon bridges this to its alerting; the default logs.
 * <p>
 * Each fault episode raises one {@link #storeFaulted} and, when it clears, one
 * {@link #storeRecovered}; retries in between are counted, not alerted.
 * <p>
 * Threading: called on the flusher's thread; implementations must not block for long.
 */
public interface StoreAlerts
{
    /** Logs every alert. */
    StoreAlerts LOG = new StoreAlerts()
    {
        private final Logger log = LoggerFactory.getLogger(StoreAlerts.class);

        @Override
        public void storeFaulted(final String store, final String file, final StoreFault fault, final String detail)
        {
            log.error("ALERT {} store {} cannot be written ({}); the journal keeps everything, retrying with back-off: {}",
                store, file, fault.label(), detail);
        }

        @Override
        public void storeRecovered(final String store, final String file, final long faultMillis, final long failedAttempts)
        {
            log.warn("{} store {} is writable again after {} ms and {} failed attempts; catching up from the journal",
                store, file, faultMillis, failedAttempts);
        }

        @Override
        public void flusherStopped(final String store, final String detail)
        {
            log.error("ALERT {} flusher stopped; the store falls behind the journal until it is restarted: {}", store, detail);
        }
    };

    /**
     * A commit failed and the flusher is retrying.
     *
     * @param store  {@code audit} or {@code dlq}.
     * @param file   where the store is: the SQLite file, or the PostgreSQL database and writer.
     * @param fault  what kind of failure.
     * @param detail SQLite's words.
     */
    void storeFaulted(String store, String file, StoreFault fault, String detail);

    /**
     * The store took a commit again after a fault.
     *
     * @param store          {@code audit} or {@code dlq}.
     * @param file           where the store is.
     * @param faultMillis    how long the fault lasted.
     * @param failedAttempts commits that failed meanwhile.
     */
    void storeRecovered(String store, String file, long faultMillis, long failedAttempts);

    /**
     * The flusher stopped: the journal holds a record it cannot read (skipping would lose events;
     * {@code horizon replay} names the file and record), or it failed unexpectedly.
     *
     * @param store  {@code audit} or {@code dlq}.
     * @param detail what went wrong.
     */
    void flusherStopped(String store, String detail);
}
