package io.horizon.engine.output;

/**
 * The runbook an alert points the operator at. Paths are relative to the repository (and to the
 * install root); they are constants so an alert carries one without allocating.
 */
public enum Runbook
{
    /** No runbook. */
    NONE(""),
    /** What to do when the kill switch fires, and how to reset it. */
    KILL_SWITCH("deploy/runbooks/kill-switch.md"),
    /** A market data feed went stale or disconnected. */
    FEED_STALE("deploy/runbooks/feed-stale.md"),
    /** The watchdog halted an account (intraday loss). */
    WATCHDOG_HALT("deploy/runbooks/watchdog-halt.md"),
    /** Changing risk limits at run time. */
    RISK_LIMITS("deploy/runbooks/risk-limits.md");

    private final String path;

    Runbook(final String path)
    {
        this.path = path;
    }

    /**
     * @return the path, for example {@code deploy/runbooks/kill-switch.md}; empty for {@link #NONE}.
     */
    public String path()
    {
        return path;
    }
}
