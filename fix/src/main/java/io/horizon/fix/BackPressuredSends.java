package io.horizon.fix;

import io.horizon.engine.output.EngineOutput;
import io.horizon.engine.venue.VenueResponses;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a FIX venue does when Artio's library publication (our side of the shared-memory channel
 * to the Artio engine) is back-pressured: the command waits ({@link DeferredCommands}) and is sent,
 * in order, after the venue has polled the library again, instead of either of the two ways that
 * stalled the engine before:
 * <ul>
 * <li>waiting for room inside the send (Artio's claim loop parks up to about a second per
 * message) on the one thread that also reads the library: the Artio engine stops taking our
 * messages while what it holds for us is unread, so nobody moved, and one gateway batch of
 * orders cost a second each;</li>
 * <li>refusing the command as a venue error, which put a perfectly good order in the dead-letter
 * queue for a wait of microseconds.</li>
 * </ul>
 * The state is visible: {@code horizon_venue_deferred_commands{venue}} (waiting now) and
 * {@code horizon_venue_back_pressured_total{venue}} (commands that had to wait), and a log line
 * when an episode starts and when it ends (at most one of each per {@value #LOG_INTERVAL_MILLIS} ms).
 * A command that waited and then cannot be sent at all (the session dropped meanwhile) is
 * answered with a venue error, as if the call had thrown, so the dead-letter queue keeps it.
 * <p>
 * Reconciliation's status requests (OrderStatusRequest, OrderMassStatusRequest) wait the same
 * way, in the same queue and order ({@link FixReconciliation} defers them), and are counted in
 * the same metrics: a refused one is no longer lost until the next logon. One the session can no
 * longer send when its turn comes (dropped meanwhile) is dropped: the next logon asks again.
 * <p>
 * Logs under the {@link FixVenue} logger, like every part of the venue.
 * <p>
 * Threading: the venue's polling thread only. Not thread-safe.
 */
final class BackPressuredSends
{
    static final long LOG_INTERVAL_MILLIS = 10_000;

    private static final Logger LOG = LoggerFactory.getLogger(FixVenue.class);

    private final FixOrderEntry orderEntry;
    private final FixSessionCounters metrics;
    private final String sessionName;
    private final DeferredCommands waiting = new DeferredCommands();
    private long backPressureEvents;
    private long episodeStartNanos;
    private long lastLogNanos;
    private boolean logged;
    private int episodeCommands;
    /** Tests only ({@link #hold}): nothing that waits is sent, as if the publication stayed full. */
    private boolean held;

    BackPressuredSends(final FixOrderEntry orderEntry, final FixSessionCounters metrics, final String sessionName)
    {
        this.orderEntry = orderEntry;
        this.metrics = metrics;
        this.sessionName = sessionName;
    }

    boolean isEmpty()
    {
        return waiting.isEmpty();
    }

    int size()
    {
        return waiting.size();
    }

    long backPressureEvents()
    {
        return backPressureEvents;
    }

    /**
     * Tests only: while held, {@link #sendWaiting} sends nothing, as if the library's publication
     * stayed full, so a test can let the session drop while commands wait, at a moment it chooses.
     *
     * @param hold true to hold what waits, false to send it again after each poll.
     */
    void hold(final boolean hold)
    {
        held = hold;
    }

    /** Keeps a copy of the command, to be sent after the next poll of the library. */
    void defer(final EngineOutput command)
    {
        startsEpisodeIfIdle();
        waiting.add(command);
        counted();
    }

    /** Keeps an OrderStatusRequest for the order, sent (for its ClOrdID then) after the next poll. */
    void deferOrderStatus(final long orderId)
    {
        startsEpisodeIfIdle();
        waiting.addOrderStatus(orderId);
        counted();
    }

    /** Keeps an OrderMassStatusRequest, sent after the next poll. */
    void deferMassStatus()
    {
        startsEpisodeIfIdle();
        waiting.addMassStatus();
        counted();
    }

    private void startsEpisodeIfIdle()
    {
        if (waiting.isEmpty())
        {
            episodeStarts();
        }
    }

    private void counted()
    {
        episodeCommands++;
        backPressureEvents++;
        if (metrics != null)
        {
            metrics.backPressured.incrementRelease();
            metrics.deferredCommands.setRelease(waiting.size());
        }
    }

    /**
     * Sends the waiting commands, oldest first, until the publication is back-pressured again.
     *
     * @param responses      where answers go (a command that cannot be sent at all is a venue error).
     * @param reconciliation what sends the status requests that wait.
     * @return commands sent or answered.
     */
    int sendWaiting(final VenueResponses responses, final FixReconciliation reconciliation)
    {
        if (waiting.isEmpty() || held)
        {
            return 0;
        }
        int done = 0;
        int refused = 0;
        String firstReason = null;
        long firstRefusedOrder = 0;
        long lastRefusedOrder = 0;
        EngineOutput command;
        while ((command = waiting.oldest()) != null)
        {
            try
            {
                if (!send(waiting.oldestKind(), command, responses, reconciliation))
                {
                    break;
                }
            }
            catch (final RuntimeException ex)
            {
                // Each one is a venue error with its reason (the dead-letter queue keeps it); the log
                // gets one line for all of them, not one per command (a drop can refuse thousands).
                if (refused++ == 0)
                {
                    firstReason = ex.getMessage();
                    firstRefusedOrder = command.orderId;
                }
                lastRefusedOrder = command.orderId;
                responses.venueError(command, ex);
            }
            waiting.removeOldest();
            done++;
        }
        if (refused > 0)
        {
            LOG.warn("FIX session {}: {} command(s) that waited for the back-pressured session cannot be sent ({}); " +
                "they go to the dead-letter queue, each with its reason (orders {} to {} in the order they waited)",
                sessionName, refused, firstReason, firstRefusedOrder, lastRefusedOrder);
        }
        if (metrics != null)
        {
            metrics.deferredCommands.setRelease(waiting.size());
        }
        if (waiting.isEmpty())
        {
            episodeEnds();
        }
        return done;
    }

    private boolean send(final byte kind, final EngineOutput command, final VenueResponses responses,
        final FixReconciliation reconciliation)
    {
        if (kind == DeferredCommands.ORDER_STATUS)
        {
            return reconciliation.sendDeferredStatus(command.orderId);
        }
        if (kind == DeferredCommands.MASS_STATUS)
        {
            return reconciliation.sendDeferredMassStatus(System.nanoTime());
        }
        switch (command.kind)
        {
            case VENUE_NEW:
                return orderEntry.submit(command, responses);
            case VENUE_CANCEL:
                return orderEntry.cancel(command, responses);
            default:
                return orderEntry.amend(command, responses);
        }
    }

    private void episodeStarts()
    {
        final long now = System.nanoTime();
        episodeStartNanos = now;
        episodeCommands = 0;
        logged = lastLogNanos == 0 || now - lastLogNanos >= LOG_INTERVAL_MILLIS * 1_000_000L;
        if (logged)
        {
            lastLogNanos = now;
            LOG.warn("FIX session {}: the Artio library's publication is back-pressured; orders, cancels and amends " +
                "wait and go out in order once the session has been read (horizon_venue_deferred_commands)", sessionName);
        }
    }

    private void episodeEnds()
    {
        if (logged)
        {
            LOG.info("FIX session {}: back-pressure over; {} command(s) waited, the episode lasted {} us", sessionName,
                episodeCommands, (System.nanoTime() - episodeStartNanos) / 1_000);
            logged = false;
        }
    }
}
