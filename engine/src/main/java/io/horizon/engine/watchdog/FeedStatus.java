package io.horizon.engine.watchdog;

/**
 * The health of one market data feed, as the watchdog last judged it on a heartbeat.
 * Codes are stable: they appear in alerts and in the {@code horizon_feed_status} gauge.
 */
public enum FeedStatus
{
    /** Ticking, no gaps since the last heartbeat. */
    HEALTHY(0),
    /** Late (older than {@code feed_degraded_seconds}) or gapped; still trades. */
    DEGRADED(1),
    /** Silent for {@code feed_stale_seconds}: new orders on its instruments are paused. */
    STALE(2),
    /** Silent for {@code feed_disconnected_seconds}: paused, and presumed gone. */
    DISCONNECTED(3);

    private static final FeedStatus[] VALUES = values();

    private final int code;

    FeedStatus(final int code)
    {
        this.code = code;
    }

    /**
     * @return the stable code.
     */
    public int code()
    {
        return code;
    }

    /**
     * @return true when new orders on the feed's instruments must wait.
     */
    public boolean pausesTrading()
    {
        return this == STALE || this == DISCONNECTED;
    }

    /**
     * @param code a code.
     * @return the status, or {@code null} when unknown.
     */
    public static FeedStatus fromCode(final int code)
    {
        return code >= 0 && code < VALUES.length ? VALUES[code] : null;
    }
}
