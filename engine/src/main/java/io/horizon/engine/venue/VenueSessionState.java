package io.horizon.engine.venue;

import io.horizon.engine.counter.EngineCounters;
import org.agrona.concurrent.status.AtomicCounter;

/**
 * A venue's session state as published in the counters, one gauge per venue,
 * {@code horizon_venue_session_state{venue="NAME"}}, holding {@link #code()}. {@code horizon stat}
 * lists one row per such gauge, so a venue adapter (a FIX session) shows up by publishing its
 * own; the embedded paper venue is {@link #EMBEDDED}. Codes are stable.
 * <p>
 * Threading: the gauge's writer is whoever owns the venue's session (the gateway or the
 * adapter's thread); any thread may read.
 */
public enum VenueSessionState
{
    /** No session: not connected, or the daemon stopped it. */
    DOWN(0),
    /** Connecting or logging on. */
    CONNECTING(1),
    /** Logged on; orders flow. */
    LOGGED_ON(2),
    /** Logging out. */
    LOGGING_OUT(3),
    /** In-process (the paper venue): up whenever the engine runs. */
    EMBEDDED(4);

    /** Counter name (before labels) of the gauge. */
    public static final String COUNTER = "horizon_venue_session_state";

    private static final VenueSessionState[] VALUES = values();

    private final int code;

    VenueSessionState(final int code)
    {
        this.code = code;
    }

    /**
     * @return the stable code written into the gauge.
     */
    public int code()
    {
        return code;
    }

    /**
     * @param code a gauge's value.
     * @return its state, or {@code null} when the code is unknown.
     */
    public static VenueSessionState fromCode(final long code)
    {
        return code >= 0 && code < VALUES.length ? VALUES[(int)code] : null;
    }

    /**
     * Finds or allocates a venue's session gauge. Cold path.
     *
     * @param counters where it lives.
     * @param venue    the venue's name.
     * @return the gauge; write it with {@code setRelease(state.code())}.
     */
    public static AtomicCounter gauge(final EngineCounters counters, final String venue)
    {
        return counters.counter(COUNTER + "{venue=\"" + EngineCounters.labelValue(venue) + "\"}", EngineCounters.TYPE_GAUGE);
    }
}
