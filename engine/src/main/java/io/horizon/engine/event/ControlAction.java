package io.horizon.engine.event;

/**
 * What a {@link EventType#CONTROL} event asks for. Codes are part of the journal layout.
 */
public enum ControlAction
{
    NONE(0),
    /**
     * Engage the kill switch; the event's text is the reason and {@code controlValue} the
     * trigger's code ({@code io.horizon.engine.killswitch.KillTrigger}; 0 is manual).
     */
    KILL(1),
    /** Reset the kill switch; the event's text is the reason and must not be empty. */
    RESET(2),
    /**
     * Change a limit: the event's text names the limit, {@code controlValue} is the new raw value,
     * and {@code accountId} / {@code instrumentId} select one account or instrument (-1: all).
     */
    LIMIT_CHANGE(3),
    /**
     * Published once after recovery has replayed the journal: the BLP reports every live order
     * to the venue for reconciliation and re-sends the commands of orders still pending.
     */
    RECONCILE(10),
    /**
     * A recorded source skipped data it could not read (a bad row of a market data file): a marker
     * in the journal where the data has a hole. {@code controlValue} is the file's line number and
     * the text says which file, line and why. The engine takes no action on it; the feed's sequence
     * skips a number, so the watchdog counts the gap.
     */
    FEED_GAP(11),
    /**
     * A live feed's source went down (its FIX market data session dropped): {@code controlValue}
     * is the feed id and the text says which session and why. The feed watchdog marks the feed
     * stale at once, without waiting for {@code feed_stale_seconds}, so new orders on its
     * instruments pause; it stays paused until the feed ticks again (and then recovers as
     * {@code feed_auto_recover} says).
     */
    FEED_DOWN(12),
    /**
     * A venue held a command for an order while its session was down (a FIX venue with
     * {@code when_down = "wait"}): {@code controlValue} is the order id and the text names the
     * venue's session and the command. A marker in the journal: the engine takes no action; the
     * command goes out after the logon or, held past the limit, comes back as a venue error.
     */
    ORDER_HELD(13);

    private static final ControlAction[] VALUES = values();

    private final int code;

    ControlAction(final int code)
    {
        this.code = code;
    }

    /**
     * @return the stable wire code.
     */
    public int code()
    {
        return code;
    }

    /**
     * @param code a wire code.
     * @return the action, or {@code null} when unknown.
     */
    public static ControlAction fromCode(final int code)
    {
        for (final ControlAction a : VALUES)
        {
            if (a.code == code)
            {
                return a;
            }
        }
        return null;
    }
}
