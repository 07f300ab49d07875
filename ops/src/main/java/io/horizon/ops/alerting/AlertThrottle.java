package io.horizon.ops.alerting;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * Keeps a flapping condition from paging over and over: per {@code dedup_key} (a trouble and its
 * resolution share one, e.g. {@code horizon:feed:feed 1}), at most {@value #BURST} alerts pass in a
 * window; later ones are held back and counted. The last one held is not lost: once the window
 * has passed, {@link #flushDue} sends it with {@code held_back} saying how many were held, so the
 * operator's last word on a feed that went stale, recovered and went stale again is its real state.
 * <p>
 * Two pass at once so that a trouble and its resolution (stale, then recovered) both go out at
 * once; critical alerts always pass (a missed page costs more than a duplicate, and PagerDuty
 * merges repeats by their dedup key). Beyond those two, what changes what the operator was told
 * passes too: an escalation, more severe than anything sent for the key in the window (a feed
 * paged as degraded, a warning, that goes stale, an error, is paged at once, not 5 minutes
 * later), and the resolution of a trouble that was paged (degraded, stale, then recovered: the
 * recovery is not held back); repeats of either are still held. An alert without a key is keyed
 * by its title.
 * <p>
 * Sits in front of the remote sinks only: the log sink sees every alert.
 * <p>
 * Threading: {@link #send} from any thread; {@link #flushDue} from one ticking thread. Sends to the
 * next sink outside its lock.
 */
public final class AlertThrottle implements AlertSink
{
    /** Alerts per key that pass in one window. */
    public static final int BURST = 2;
    /** Field of a released alert: how many of its key were held back before it. */
    public static final String HELD_BACK = "held_back";

    private final AlertSink next;
    private final long windowNanos;
    private final LongSupplier nanoClock;
    private final AlertMetrics metrics;
    private final Map<String, Window> windows = new HashMap<>();

    /**
     * @param next      the sinks behind.
     * @param window    how long a window lasts, e.g. 5 minutes.
     * @param nanoClock monotonic time, {@code System::nanoTime} outside tests.
     * @param metrics   counts what is held back, or {@code null}.
     */
    public AlertThrottle(final AlertSink next, final Duration window, final LongSupplier nanoClock, final AlertMetrics metrics)
    {
        this.next = next;
        this.windowNanos = window.toNanos();
        this.nanoClock = nanoClock;
        this.metrics = metrics;
    }

    @Override
    public void send(final Severity severity, final String title, final String message, final Map<String, String> extra)
    {
        try
        {
            final Map<String, String> given = extra == null ? Map.of() : extra;
            final String key = given.getOrDefault(AuditAlertBridge.DEDUP_KEY, String.valueOf(title));
            final long now = nanoClock.getAsLong();
            final int heldBefore;
            synchronized (this)
            {
                Window w = windows.get(key);
                if (w == null || now - w.startNanos >= windowNanos)
                {
                    // A held alert not yet flushed is superseded by this newer one; its count carries on.
                    final int carried = w == null ? 0 : w.heldCount;
                    w = new Window(now);
                    w.heldCount = carried;
                    windows.put(key, w);
                }
                final boolean resolves = "true".equals(given.get(AuditAlertBridge.RESOLVES));
                if (severity != Severity.CRITICAL && w.sent >= BURST && !w.changesWhatWasSaid(severity, resolves))
                {
                    w.held = new Held(severity, title, message, given);
                    w.heldCount++;
                    if (metrics != null)
                    {
                        metrics.heldBack();
                    }
                    return;
                }
                w.sent(severity, resolves);
                heldBefore = w.heldCount;
                w.heldCount = 0;
                w.held = null;
            }
            next.send(severity, title, message, withHeldBack(given, heldBefore));
        }
        catch (final RuntimeException ignore)
        {
            // Never throws, by contract.
        }
    }

    /**
     * Sends the last alert held back for each key whose window has passed, and starts a new
     * window for it. Call now and then (the journal follower does, about ten times a second).
     *
     * @return alerts released.
     */
    public int flushDue()
    {
        return release(false);
    }

    /**
     * Sends the last alert held back for every key, window passed or not: at shutdown, so that no
     * held alert is lost with the process.
     *
     * @return alerts released.
     */
    public int releaseAll()
    {
        return release(true);
    }

    private int release(final boolean all)
    {
        final long now = nanoClock.getAsLong();
        final List<Held> due = new ArrayList<>();
        final List<Integer> counts = new ArrayList<>();
        synchronized (this)
        {
            for (final Window w : windows.values())
            {
                if (w.held != null && (all || now - w.startNanos >= windowNanos))
                {
                    due.add(w.held);
                    counts.add(w.heldCount - 1);
                    w.startNanos = now;
                    w.sent = 0;
                    w.highestSent = null;
                    w.sent(w.held.severity, "true".equals(w.held.extra.get(AuditAlertBridge.RESOLVES)));
                    w.held = null;
                    w.heldCount = 0;
                }
            }
            // Forget quiet keys so a long run with many subjects does not grow the map.
            windows.values().removeIf(w -> w.held == null && now - w.startNanos >= 2 * windowNanos);
        }
        for (int i = 0; i < due.size(); i++)
        {
            final Held h = due.get(i);
            try
            {
                next.send(h.severity, h.title, h.message, withHeldBack(h.extra, counts.get(i)));
            }
            catch (final RuntimeException ignore)
            {
                // Sinks do not throw by contract.
            }
        }
        return due.size();
    }

    private static Map<String, String> withHeldBack(final Map<String, String> extra, final int heldBack)
    {
        if (heldBack <= 0)
        {
            return extra;
        }
        final Map<String, String> copy = new LinkedHashMap<>(extra);
        copy.put(HELD_BACK, heldBack + " similar alert(s) held back before this one");
        return copy;
    }

    private static final class Window
    {
        long startNanos;
        int sent;
        int heldCount;
        Held held;
        /** The most severe alert sent in this window, or {@code null}. */
        Severity highestSent;
        /** Whether the last alert sent in this window ended the trouble. */
        boolean lastSentResolves;

        Window(final long startNanos)
        {
            this.startNanos = startNanos;
        }

        void sent(final Severity severity, final boolean resolves)
        {
            sent++;
            if (severity != null && (highestSent == null || severity.compareTo(highestSent) > 0))
            {
                highestSent = severity;
            }
            lastSentResolves = resolves;
        }

        /**
         * An escalation (worse than anything sent in this window: a degraded feed going stale) or
         * the end of a trouble that was paged and not yet resolved changes what the operator was
         * told; a repeat of either does not. Each passes at most once per severity, and once per
         * paged trouble, so a flapping condition still pages a bounded number of times a window.
         */
        boolean changesWhatWasSaid(final Severity severity, final boolean resolves)
        {
            if (resolves)
            {
                return !lastSentResolves;
            }
            return severity != null && highestSent != null && severity.compareTo(highestSent) > 0;
        }
    }

    private record Held(Severity severity, String title, String message, Map<String, String> extra)
    {
    }
}
