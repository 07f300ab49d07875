package io.horizon.fix;

import io.horizon.engine.output.EngineOutput;
import io.horizon.engine.output.OutputKind;
import io.horizon.engine.venue.VenueResponses;
import org.agrona.concurrent.status.AtomicCounter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Orders, cancels and amends a FIX venue holds while its session is down ({@link WhenDown#WAIT}):
 * a bounded queue, oldest first, of copies of the engine's commands (their causes are journaled
 * already). Each held command is reported to {@link HeldOrderReports} (the daemon journals an
 * {@code ORDER_HELD} marker) and goes out only once reported. Once the session has logged on again
 * they are sent in the order they came, before any newer command; one held longer than the limit
 * goes to the dead-letter queue instead (a venue error naming the venue, the session, the wait
 * and the limit), as does one that finds the queue full. With {@link WhenDown#DLQ} nothing is held:
 * a command for a session that is down is refused at once.
 * <p>
 * Copies live in slots made when the venue is built: holding allocates nothing; a refusal or an
 * expiry (the reason text) does.
 * <p>
 * Visible to an operator through the venue's counters ({@link FixSessionCounters}, written here,
 * read by the metrics sampler): {@code horizon_venue_held_commands} (held now),
 * {@code horizon_venue_held_total}, {@code horizon_venue_held_released_total},
 * {@code horizon_venue_held_expired_total} (dead-lettered past the limit) and
 * {@code horizon_venue_hold_full_total} (dead-lettered because the hold was full).
 * <p>
 * Logs under the {@link FixVenue} logger, like every part of the venue.
 * <p>
 * Threading: the venue's polling thread only. Not thread-safe.
 */
final class HeldOrders
{
    /** Sends one held command; throws, as the venue does, when it cannot be sent now. */
    @FunctionalInterface
    interface Sender
    {
        void send(EngineOutput command, VenueResponses responses);
    }

    private static final Logger LOG = LoggerFactory.getLogger(FixVenue.class);
    private static final long NANOS_PER_MILLI = 1_000_000L;

    private final String venue;
    private final String sessionName;
    private final FixSessionCounters metrics;
    private WhenDown whenDown = WhenDown.DLQ;
    private long limitNanos;
    private final String heldNew;
    private final String heldCancel;
    private final String heldAmend;
    private HeldOrderReports reports = HeldOrderReports.NONE;
    private EngineOutput[] slots = new EngineOutput[0];
    private long[] heldAtNanos = new long[0];
    private boolean[] reported = new boolean[0];
    private int head;
    private int size;
    private long held;
    private long expired;
    /** Held commands sent, and sent to the dead-letter queue, since the queue was last empty. */
    private long episodeSent;
    private long episodeExpired;

    /**
     * @param metrics the venue's counters, or {@code null} when it has none.
     */
    HeldOrders(final String venue, final String sessionName, final FixSessionCounters metrics)
    {
        this.venue = venue;
        this.sessionName = sessionName;
        this.metrics = metrics;
        this.heldNew = "held for the logon: NewOrderSingle; FIX session " + sessionName + " is down (when_down = \"wait\")";
        this.heldCancel = "held for the logon: OrderCancelRequest; FIX session " + sessionName + " is down (when_down = \"wait\")";
        this.heldAmend = "held for the logon: OrderCancelReplaceRequest; FIX session " + sessionName +
            " is down (when_down = \"wait\")";
    }

    /** Sets where each held command is reported (journaled); call before the venue is polled. */
    void reports(final HeldOrderReports reports)
    {
        this.reports = reports;
    }

    /**
     * Sets the policy; call before the venue is polled.
     *
     * @param whenDown    hold or refuse.
     * @param limitMillis longest a command is held, 1 or more.
     * @param maxOrders   most commands held at once, 1 or more.
     */
    void policy(final WhenDown whenDown, final long limitMillis, final int maxOrders)
    {
        if (limitMillis < 1 || maxOrders < 1)
        {
            throw new IllegalArgumentException("wait_limit_ms and wait_max_orders must be at least 1, got " +
                limitMillis + " and " + maxOrders);
        }
        this.whenDown = whenDown;
        this.limitNanos = limitMillis * NANOS_PER_MILLI;
        final int capacity = whenDown == WhenDown.WAIT ? maxOrders : 0;
        slots = new EngineOutput[capacity];
        heldAtNanos = new long[capacity];
        reported = new boolean[capacity];
        for (int i = 0; i < capacity; i++)
        {
            slots[i] = new EngineOutput();
        }
        head = 0;
        size = 0;
        showSize();
    }

    WhenDown whenDown()
    {
        return whenDown;
    }

    /** @return true when a command must queue behind held ones or wait for the logon. */
    boolean mustHold(final boolean loggedOn)
    {
        return whenDown == WhenDown.WAIT && (!loggedOn || size > 0);
    }

    /**
     * Holds a copy of the command.
     *
     * @throws IllegalStateException with the reason first (for the dead-letter queue) when the queue is full.
     */
    void hold(final EngineOutput command, final long nowNanos)
    {
        if (size == slots.length)
        {
            count(metrics == null ? null : metrics.holdFull);
            throw new IllegalStateException("not logged on: FIX venue " + venue + "; " + slots.length +
                " commands already wait for the logon (wait_max_orders); " + what(command) + " not sent; session " +
                sessionName);
        }
        final int slot = (head + size) % slots.length;
        slots[slot].copyFrom(command);
        heldAtNanos[slot] = nowNanos;
        reported[slot] = report(slots[slot]);
        size++;
        held++;
        count(metrics == null ? null : metrics.held);
        showSize();
        if (size == 1)
        {
            LOG.warn("FIX session {}: not logged on; holding orders until the logon (when_down = \"wait\", " +
                "at most {} ms, {} commands)", sessionName, limitNanos / NANOS_PER_MILLI, slots.length);
        }
    }

    /**
     * Sends every held command, oldest first, while the session is logged on; a command held past
     * the limit goes to the dead-letter queue instead (also while the session is still down).
     *
     * @return work done.
     */
    int release(final boolean loggedOn, final long nowNanos, final Sender sender, final VenueResponses responses)
    {
        int work = 0;
        while (size > 0)
        {
            final EngineOutput command = slots[head];
            final long waited = nowNanos - heldAtNanos[head];
            if (waited >= limitNanos)
            {
                expired++;
                episodeExpired++;
                count(metrics == null ? null : metrics.heldExpired);
                responses.venueError(command, new IllegalStateException(
                    "not logged on: FIX venue " + venue + "; held " + waited / NANOS_PER_MILLI + " ms, past wait_limit_ms " +
                        limitNanos / NANOS_PER_MILLI + "; " + what(command) + " not sent; session " + sessionName));
            }
            else
            {
                if (!reported[head])
                {
                    // Journaled before it is sent: with the inbound ring full, it waits for the next poll.
                    reported[head] = report(command);
                    if (!reported[head])
                    {
                        return work;
                    }
                }
                if (!loggedOn)
                {
                    return work;
                }
                try
                {
                    sender.send(command, responses);
                }
                catch (final IllegalStateException ex)
                {
                    // Down again, or back-pressure: it stays first in line for the next poll.
                    return work;
                }
                count(metrics == null ? null : metrics.heldReleased);
                episodeSent++;
            }
            head = (head + 1) % slots.length;
            size--;
            work++;
            showSize();
            if (size == 0)
            {
                LOG.info("FIX session {}: no command is held for the logon any more: {} sent, {} past wait_limit_ms to " +
                    "the dead-letter queue", sessionName, episodeSent, episodeExpired);
                episodeSent = 0;
                episodeExpired = 0;
            }
        }
        return work;
    }

    /** The venue closes: says what was still held (recovery sends those orders again at the next start, as pending). */
    void onClose()
    {
        if (size > 0)
        {
            LOG.warn("FIX session {}: closing with {} command(s) still held for the logon; never sent (orders still " +
                "pending are sent again after the next start's recovery)", sessionName, size);
        }
    }

    /** @return commands held now. */
    int size()
    {
        return size;
    }

    /** @return commands held since the start. */
    long held()
    {
        return held;
    }

    /** @return held commands that went to the dead-letter queue past the limit. */
    long expired()
    {
        return expired;
    }

    private static void count(final AtomicCounter counter)
    {
        if (counter != null)
        {
            counter.incrementRelease();
        }
    }

    private void showSize()
    {
        if (metrics != null)
        {
            metrics.heldCommands.setRelease(size);
        }
    }

    private boolean report(final EngineOutput command)
    {
        return reports.held(command.orderId, command.kind == OutputKind.VENUE_NEW ? heldNew :
            command.kind == OutputKind.VENUE_CANCEL ? heldCancel : heldAmend);
    }

    private static String what(final EngineOutput command)
    {
        return command.kind == OutputKind.VENUE_NEW ? "NewOrderSingle" :
            command.kind == OutputKind.VENUE_CANCEL ? "OrderCancelRequest" : "OrderCancelReplaceRequest";
    }
}
