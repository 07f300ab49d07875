package io.horizon.ops.counters;

/**
 * Where a daemon is in its life, as it writes it into its counters file's header, so
 * {@code horizon stat} can tell a recovering daemon from a running one and a stopped one from
 * one whose counters are merely zero. Codes are stable (they are in the file).
 */
public enum DaemonPhase
{
    /** Building the engine, opening the journal. */
    STARTING(0, "starting"),
    /** Replaying the journal; not live yet. */
    RECOVERING(1, "recovering"),
    /** Live: taking market data and orders. */
    RUNNING(2, "running"),
    /** Draining and closing after a stop was asked for. */
    STOPPING(3, "stopping"),
    /** Stopped cleanly; the file holds its last values. */
    STOPPED(4, "stopped");

    private static final DaemonPhase[] VALUES = values();

    private final int code;
    private final String text;

    DaemonPhase(final int code, final String text)
    {
        this.code = code;
        this.text = text;
    }

    /**
     * @return the stable code.
     */
    public int code()
    {
        return code;
    }

    /**
     * @return the lower-case word {@code horizon stat} shows.
     */
    public String text()
    {
        return text;
    }

    /**
     * @param code a code read from a file.
     * @return its phase, or {@code null} when unknown.
     */
    public static DaemonPhase fromCode(final int code)
    {
        return code >= 0 && code < VALUES.length ? VALUES[code] : null;
    }
}
