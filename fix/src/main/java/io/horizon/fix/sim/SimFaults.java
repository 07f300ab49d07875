package io.horizon.fix.sim;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * The FIX exchange simulator's fault modes, for tests and demos of what Horizon does when a venue
 * misbehaves: hold every message it sends for a while, reject every order, refuse every logon,
 * drop the session at a fixed interval or in the middle of the next logons, or answer resend
 * requests with a gap fill (so what it sent
 * while the client was away is lost at the session level and only an order status request finds
 * it), reject OrderMassStatusRequest as a venue without it does, or drop the session right after
 * applying a replace, before its report goes out. {@code horizon fix-sim} sets them from its command line; tests hold the instance they gave
 * the simulator and change it while it runs.
 * <p>
 * Threading: any thread; every setting but {@link #gapFillResends(boolean)} takes effect on the
 * next message, that one when the simulator starts.
 */
public final class SimFaults
{
    private volatile long delayMillis;
    private volatile boolean rejectOrders;
    private volatile boolean rejectLogons;
    private volatile long dropEveryMillis;
    private volatile boolean gapFillResends;
    private final AtomicInteger dropBeforeLogonReply = new AtomicInteger();
    private final AtomicInteger dropAfterLogonReply = new AtomicInteger();
    private volatile boolean rejectMassStatus;
    private volatile boolean dropAfterReplace;

    /**
     * @param millis how long every message the simulator sends waits before it goes (order kept:
     *               its answer to a Logout waits for those already waiting); 0 sends at once.
     * @return this.
     */
    public SimFaults delayMillis(final long millis)
    {
        if (millis < 0)
        {
            throw new IllegalArgumentException("delay must be >= 0 ms, got " + millis);
        }
        this.delayMillis = millis;
        return this;
    }

    /**
     * @param reject true to answer every NewOrderSingle with a rejecting ExecutionReport
     *               (OrdRejReason 99 Other, Text naming the fault).
     * @return this.
     */
    public SimFaults rejectOrders(final boolean reject)
    {
        this.rejectOrders = reject;
        return this;
    }

    /**
     * @param reject true to refuse every Logon with a Logout whose Text names the fault, as a venue
     *               refusing the credentials would.
     * @return this.
     */
    public SimFaults rejectLogons(final boolean reject)
    {
        this.rejectLogons = reject;
        return this;
    }

    /**
     * @param millis drop a logged-on session (no Logout) this often; 0 never.
     * @return this.
     */
    public SimFaults dropEveryMillis(final long millis)
    {
        if (millis < 0)
        {
            throw new IllegalArgumentException("drop interval must be >= 0 ms, got " + millis);
        }
        this.dropEveryMillis = millis;
        return this;
    }

    /**
     * Drops the connection (no Logout) of each of the next {@code count} logons when their Logon
     * arrives, before it is answered: the client sees its connection close during the logon.
     *
     * @param count how many logons to drop; 0 stops.
     * @return this.
     */
    public SimFaults dropBeforeLogonReply(final int count)
    {
        dropBeforeLogonReply.set(requireCount(count));
        return this;
    }

    /**
     * Drops the connection (no Logout) of each of the next {@code count} logons right after the
     * Logon is answered: the answer and the close reach the client together, as when a venue
     * fails just as it accepts the session.
     *
     * @param count how many logons to drop; 0 stops.
     * @return this.
     */
    public SimFaults dropAfterLogonReply(final int count)
    {
        dropAfterLogonReply.set(requireCount(count));
        return this;
    }

    /**
     * @return true when the logon now arriving is to be dropped before its answer (counts it).
     */
    public boolean takeDropBeforeLogonReply()
    {
        return take(dropBeforeLogonReply);
    }

    /**
     * @return true when the logon just answered is to be dropped (counts it).
     */
    public boolean takeDropAfterLogonReply()
    {
        return take(dropAfterLogonReply);
    }

    /**
     * @return logons still to be dropped, before and after their answer together.
     */
    public int logonDropsLeft()
    {
        return dropBeforeLogonReply.get() + dropAfterLogonReply.get();
    }

    private static int requireCount(final int count)
    {
        if (count < 0)
        {
            throw new IllegalArgumentException("logons to drop must be >= 0, got " + count);
        }
        return count;
    }

    private static boolean take(final AtomicInteger left)
    {
        int n;
        do
        {
            n = left.get();
            if (n <= 0)
            {
                return false;
            }
        }
        while (!left.compareAndSet(n, n - 1));
        return true;
    }

    /**
     * @param gapFill true to keep no copy of sent messages, so a resend request is answered with a
     *                SequenceReset-GapFill over them (read when the simulator starts).
     * @return this.
     */
    public SimFaults gapFillResends(final boolean gapFill)
    {
        this.gapFillResends = gapFill;
        return this;
    }

    /**
     * @param reject true to answer every OrderMassStatusRequest (35=AF) with a BusinessMessageReject
     *               (380=3, unsupported message type), as a venue that does not offer it would.
     * @return this.
     */
    public SimFaults rejectMassStatus(final boolean reject)
    {
        this.rejectMassStatus = reject;
        return this;
    }

    /**
     * @param drop true to drop the session (no Logout) right after applying each
     *             OrderCancelReplaceRequest, before its ExecutionReport goes out: the report waits
     *             for a resend request (or is gap-filled with {@link #gapFillResends(boolean)}).
     * @return this.
     */
    public SimFaults dropAfterReplace(final boolean drop)
    {
        this.dropAfterReplace = drop;
        return this;
    }

    /**
     * @return true while OrderMassStatusRequests are rejected.
     */
    public boolean rejectMassStatus()
    {
        return rejectMassStatus;
    }

    /**
     * @return true while the session is dropped after each replace.
     */
    public boolean dropAfterReplace()
    {
        return dropAfterReplace;
    }

    /**
     * @return how long each outbound message waits, in ms.
     */
    public long delayMillis()
    {
        return delayMillis;
    }

    /**
     * @return true while every order is rejected.
     */
    public boolean rejectOrders()
    {
        return rejectOrders;
    }

    /**
     * @return true while every logon is refused.
     */
    public boolean rejectLogons()
    {
        return rejectLogons;
    }

    /**
     * @return the drop interval in ms, 0 for never.
     */
    public long dropEveryMillis()
    {
        return dropEveryMillis;
    }

    /**
     * @return true when resend requests get a gap fill.
     */
    public boolean gapFillResends()
    {
        return gapFillResends;
    }

    @Override
    public String toString()
    {
        final StringBuilder sb = new StringBuilder();
        if (delayMillis > 0)
        {
            sb.append(", delay ").append(delayMillis).append(" ms");
        }
        if (rejectOrders)
        {
            sb.append(", rejecting orders");
        }
        if (rejectLogons)
        {
            sb.append(", rejecting logons");
        }
        if (dropEveryMillis > 0)
        {
            sb.append(", dropping the session every ").append(dropEveryMillis).append(" ms");
        }
        if (gapFillResends)
        {
            sb.append(", gap-filling resends");
        }
        if (logonDropsLeft() > 0)
        {
            sb.append(", dropping the next ").append(logonDropsLeft()).append(" logon(s)");
        }
        if (rejectMassStatus)
        {
            sb.append(", rejecting mass status requests");
        }
        if (dropAfterReplace)
        {
            sb.append(", dropping the session after each replace");
        }
        return sb.length() == 0 ? "no faults" : sb.substring(2);
    }
}
