package io.horizon.journal.support;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import io.horizon.journal.flush.StoreAlerts;
import io.horizon.journal.sqlite.StoreFault;

/**
 * Test fixture: keeps every alert a flusher raises, as text. Safe to read from the test thread.
 */
public final class RecordingAlerts implements StoreAlerts
{
    private final List<String> alerts = new ArrayList<>();

    @Override
    public synchronized void storeFaulted(final String store, final String file, final StoreFault fault, final String detail)
    {
        alerts.add("faulted " + store + " " + fault.label() + " " + detail);
    }

    @Override
    public synchronized void storeRecovered(final String store, final String file, final long faultMillis, final long failedAttempts)
    {
        alerts.add("recovered " + store + " after " + failedAttempts);
    }

    @Override
    public synchronized void flusherStopped(final String store, final String detail)
    {
        alerts.add("stopped " + store + " " + detail);
    }

    public synchronized List<String> all()
    {
        return new ArrayList<>(alerts);
    }
}
