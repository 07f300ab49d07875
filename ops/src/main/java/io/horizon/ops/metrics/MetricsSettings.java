package io.horizon.ops.metrics;

import java.time.Duration;

/**
 * Where and how metrics are served: the one record for it, read from the preset's
 * {@code [metrics]} table ({@code enabled = false} there is port 0 here) and the run options.
 *
 * @param bindAddress     interface to listen on: {@code 127.0.0.1} by default, {@code 0.0.0.0} where a deployment says so.
 * @param port            TCP port; 0 turns the endpoint off (no thread, no socket).
 * @param sampleInterval  how often the sampler turns counters and recorders into meters, and the
 *                        longest a scrape's rendering is reused.
 * @param auditLagLimit   {@code /ready} fails while the audit log lags the journal by more than this many records.
 */
public record MetricsSettings(String bindAddress, int port, Duration sampleInterval, long auditLagLimit)
{
    /** Default port, as operators and dashboards know it. */
    public static final int DEFAULT_PORT = 9100;
    /**
     * Default bind address: this host only. A deployment that must be scraped from elsewhere (the
     * container) says {@code 0.0.0.0} explicitly.
     */
    public static final String DEFAULT_BIND = "127.0.0.1";
    /** Default sampling interval. */
    public static final Duration DEFAULT_SAMPLE_INTERVAL = Duration.ofSeconds(1);
    /**
     * Default audit lag, in journal records, above which the daemon reports itself not ready
     * (about 50 s of the paper preset's 2,000 events a second).
     */
    public static final long DEFAULT_AUDIT_LAG_LIMIT = 100_000;

    /**
     * @throws IllegalArgumentException naming the value and the fix.
     */
    public MetricsSettings
    {
        if (port < 0 || port > 65_535)
        {
            throw new IllegalArgumentException("metrics port " + port + " is not allowed; use 1 to 65535, or 0 to turn metrics off");
        }
        if (bindAddress == null || bindAddress.isBlank())
        {
            throw new IllegalArgumentException("metrics bind address is empty; use an interface address such as 0.0.0.0 or 127.0.0.1");
        }
        if (sampleInterval.isNegative() || sampleInterval.isZero())
        {
            throw new IllegalArgumentException("metrics sample interval " + sampleInterval + " is not allowed; use a positive duration, e.g. 1s");
        }
    }

    /**
     * @param bindAddress interface.
     * @param port        port, 0 for off.
     * @return settings with the default interval and audit lag limit.
     */
    public static MetricsSettings of(final String bindAddress, final int port)
    {
        return new MetricsSettings(bindAddress, port, DEFAULT_SAMPLE_INTERVAL, DEFAULT_AUDIT_LAG_LIMIT);
    }

    /**
     * @return settings that serve nothing.
     */
    public static MetricsSettings off()
    {
        return of(DEFAULT_BIND, 0);
    }

    /**
     * @return true when an endpoint is to be served.
     */
    public boolean enabled()
    {
        return port != 0;
    }
}
