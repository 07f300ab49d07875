package io.horizon.fix;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reports held for orders recovery has not handed over yet. After the first logon the venue
 * resends (PossDupFlag 43=Y) what it sent while Horizon was down, possibly before recovery has
 * handed the live orders to the venue ({@link FixVenue#reconcile}), and answers the
 * OrderMassStatusRequest sent at that logon, possibly before too: such a report for a ClOrdID
 * nobody tracks is kept, applied when the order is tracked, and applied anyway (so refused as
 * unknown) when the hold ends, {@value #HOLD_MILLIS} ms after the first logon. Resent reports that
 * arrive before the first logon is seen are held too: the venue's Logon and its resends can reach
 * the library in one read, and be delivered in one poll before the venue notices the logon. At
 * most {@value #LIMIT} are held; past that they are refused at once.
 * <p>
 * Threading: the venue's polling thread only. Not thread-safe.
 */
final class HeldReports
{
    static final long HOLD_MILLIS = 15_000;
    static final int LIMIT = 4096;

    private final Map<String, List<byte[]>> byClOrdId = new HashMap<>();
    private final List<byte[]> inArrivalOrder = new ArrayList<>();
    private long holdMillis = HOLD_MILLIS;
    private long holdUntilNanos;
    private boolean holding;
    private boolean everLoggedOn;
    private boolean redelivering;

    /** Sets how long the hold lasts after the first logon (tests; before that logon). */
    void holdMillis(final long millis)
    {
        this.holdMillis = millis;
    }

    /** The session logged on; the first time, reports start being held. */
    void onLogon(final long nowNanos)
    {
        if (!everLoggedOn)
        {
            everLoggedOn = true;
            holding = true;
            holdUntilNanos = nowNanos + holdMillis * 1_000_000L;
        }
    }

    /**
     * Holds the message being handled when it is a resent report (or a mass status report) for an
     * untracked ClOrdID and the hold is on (never a held report being delivered again).
     *
     * @param clOrdId the ClOrdID it names.
     * @param possDup its PossDupFlag (43), or true for a report answering an OrderMassStatusRequest.
     * @param message its copy, made only when it is held.
     * @return true when held.
     */
    boolean hold(final String clOrdId, final boolean possDup, final FixRefusals message)
    {
        if (!possDup || !(holding || !everLoggedOn) || redelivering || clOrdId == null || inArrivalOrder.size() >= LIMIT)
        {
            return false;
        }
        final byte[] copy = message.copyWithType();
        byClOrdId.computeIfAbsent(clOrdId, id -> new ArrayList<>(2)).add(copy);
        inArrivalOrder.add(copy);
        return true;
    }

    /** @return the reports held for the ClOrdID, in arrival order, no longer held; or {@code null}. */
    List<byte[]> take(final String clOrdId)
    {
        final List<byte[]> held = byClOrdId.remove(clOrdId);
        if (held != null)
        {
            for (final byte[] copy : held)
            {
                inArrivalOrder.remove(copy);
            }
        }
        return held;
    }

    /** @return true when the hold is on and over. */
    boolean isDue(final long nowNanos)
    {
        return holding && nowNanos - holdUntilNanos >= 0;
    }

    /** Ends the hold. @return every report still held, in arrival order. */
    List<byte[]> release()
    {
        holding = false;
        byClOrdId.clear();
        final List<byte[]> left = new ArrayList<>(inArrivalOrder);
        inArrivalOrder.clear();
        return left;
    }

    /** While true, the report being handled is a held one delivered again: never held twice. */
    void redelivering(final boolean redelivering)
    {
        this.redelivering = redelivering;
    }
}
