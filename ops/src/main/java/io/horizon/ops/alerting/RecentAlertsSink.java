package io.horizon.ops.alerting;

import java.util.Map;

import io.horizon.ops.counters.RecentAlerts;

/**
 * Keeps every alert in the counters file's {@link RecentAlerts}, stamped with the wall clock, so
 * {@code horizon stat} shows the last few. Never throws, never blocks beyond a short lock.
 * <p>
 * Threading: any thread.
 */
public final class RecentAlertsSink implements AlertSink
{
    private final RecentAlerts recent;

    /**
     * @param recent where the alerts are kept.
     */
    public RecentAlertsSink(final RecentAlerts recent)
    {
        this.recent = recent;
    }

    @Override
    public void send(final Severity severity, final String title, final String message, final Map<String, String> extra)
    {
        recent.record(System.currentTimeMillis(), severity == null ? "info" : severity.wireName(), title, message);
    }
}
