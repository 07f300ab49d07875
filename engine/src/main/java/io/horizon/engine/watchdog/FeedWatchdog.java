package io.horizon.engine.watchdog;

import io.horizon.engine.snapshot.SnapshotState;
import io.horizon.engine.snapshot.StateReader;
import io.horizon.engine.snapshot.StateWriter;
import io.horizon.engine.snapshot.SnapshotFormatException;

import java.util.Arrays;

/**
 * Per-feed health: when each feed last ticked, its sequence gaps (per feed and per instrument),
 * and its {@link FeedStatus}, judged on heartbeats. A feed that is {@link FeedStatus#STALE} or
 * {@link FeedStatus#DISCONNECTED} pauses new orders on the instruments it feeds; the others trade
 * on. A feed whose source reports it down ({@link #onFeedDown}) turns stale at once. When a paused
 * feed ticks again it recovers at once if auto-recovery is on; otherwise it stays paused for the
 * rest of the run. Only a tick lifts a pause.
 * <p>
 * Time is event time as the business-logic processor sees it (the BLP's {@code nowNanos} when
 * the tick was processed), not the feed's own timestamp: a feed replaying old data, or one whose
 * clock drifts, is judged by when its ticks arrive, on the same clock as the heartbeats. An
 * instrument belongs to the feed that ticked it last.
 * <p>
 * A pure state machine with flat arrays: no allocation, no clock; transitions are reported to a
 * {@link Listener} that acts on them. Feed ids from 0 to {@value #MAX_FEEDS} - 1 are tracked;
 * ticks from other ids are counted in {@link #untrackedTicks()} and never pause anything.
 * <p>
 * Threading: BLP thread only.
 */
public final class FeedWatchdog implements SnapshotState
{
    /** Feed ids tracked: 0 to this minus one. */
    public static final int MAX_FEEDS = 64;

    /**
     * Told about transitions, on the BLP thread, inside the call that caused them.
     */
    public interface Listener
    {
        /**
         * The first tick of a feed: a cold moment to set up per-feed metrics.
         *
         * @param feedId the feed.
         */
        void onFeedSeen(int feedId);

        /**
         * The feed's status changed.
         *
         * @param feedId          the feed.
         * @param from            the old status.
         * @param to              the new status.
         * @param ageNanos        time since its last tick, event time.
         * @param gapsSinceLast   sequence numbers missed since the previous evaluation.
         */
        void onFeedStatusChange(int feedId, FeedStatus from, FeedStatus to, long ageNanos, long gapsSinceLast);
    }

    private final Listener listener;
    private final boolean[] known = new boolean[MAX_FEEDS];
    private final long[] lastTickNanos = new long[MAX_FEEDS];
    private final long[] lastSequence = new long[MAX_FEEDS];
    private final long[] gaps = new long[MAX_FEEDS];
    private final long[] gapsSinceEvaluation = new long[MAX_FEEDS];
    private final FeedStatus[] status = new FeedStatus[MAX_FEEDS];
    private final int[] instrumentFeed;
    private final long[] instrumentGaps;
    private long untrackedTicks;

    /**
     * @param instrumentCount instruments in the reference data.
     * @param listener        told about transitions.
     */
    public FeedWatchdog(final int instrumentCount, final Listener listener)
    {
        this.listener = listener;
        this.instrumentFeed = new int[instrumentCount];
        this.instrumentGaps = new long[instrumentCount];
        Arrays.fill(instrumentFeed, -1);
        Arrays.fill(status, FeedStatus.HEALTHY);
    }

    /**
     * A quote or trade was processed.
     *
     * @param feedId       the event's source.
     * @param feedSequence the feed's own sequence number.
     * @param instrumentId a valid instrument id.
     * @param nowNanos     event time.
     * @param autoRecover  true to lift a pause as soon as the feed ticks again.
     */
    public void onMarketData(
        final int feedId, final long feedSequence, final int instrumentId, final long nowNanos, final boolean autoRecover)
    {
        if (feedId < 0 || feedId >= MAX_FEEDS)
        {
            untrackedTicks++;
            return;
        }
        if (!known[feedId])
        {
            known[feedId] = true;
            lastSequence[feedId] = feedSequence;
            listener.onFeedSeen(feedId);
        }
        else if (feedSequence > lastSequence[feedId])
        {
            final long missed = feedSequence - lastSequence[feedId] - 1;
            if (missed > 0)
            {
                gaps[feedId] += missed;
                gapsSinceEvaluation[feedId] += missed;
                instrumentGaps[instrumentId] += missed;
            }
            lastSequence[feedId] = feedSequence;
        }
        lastTickNanos[feedId] = nowNanos;
        instrumentFeed[instrumentId] = feedId;

        final FeedStatus current = status[feedId];
        if (current.pausesTrading() && autoRecover)
        {
            status[feedId] = FeedStatus.HEALTHY;
            listener.onFeedStatusChange(feedId, current, FeedStatus.HEALTHY, 0, gapsSinceEvaluation[feedId]);
        }
    }

    /**
     * The feed's source says it went down (a {@code FEED_DOWN} control: its FIX session dropped):
     * the feed is stale now, without waiting for its silence to reach {@code feed_stale_seconds},
     * and stays paused until it ticks again ({@link #onMarketData}); heartbeats may still turn it
     * disconnected. A feed that never ticked feeds no instrument and is left alone, as is one
     * already paused.
     *
     * @param feedId   the feed.
     * @param nowNanos event time.
     * @return true when the feed turned stale.
     */
    public boolean onFeedDown(final int feedId, final long nowNanos)
    {
        if (feedId < 0 || feedId >= MAX_FEEDS || !known[feedId] || status[feedId].pausesTrading())
        {
            return false;
        }
        final FeedStatus current = status[feedId];
        status[feedId] = FeedStatus.STALE;
        listener.onFeedStatusChange(feedId, current, FeedStatus.STALE, nowNanos - lastTickNanos[feedId], 0);
        return true;
    }

    /**
     * Judges every feed seen so far; called on heartbeats once the grace period is over.
     * A threshold of 0 disables that status. A feed is stale when its last tick is at least
     * {@code staleNanos} old: exactly at the threshold, not one heartbeat later.
     *
     * @param nowNanos          event time.
     * @param degradedNanos     age from which a feed is degraded, or 0.
     * @param staleNanos        age from which a feed is stale, or 0.
     * @param disconnectedNanos age from which a feed is disconnected, or 0.
     */
    public void evaluate(
        final long nowNanos,
        final long degradedNanos,
        final long staleNanos,
        final long disconnectedNanos)
    {
        for (int feedId = 0; feedId < MAX_FEEDS; feedId++)
        {
            if (!known[feedId])
            {
                continue;
            }
            final long age = nowNanos - lastTickNanos[feedId];
            final long gapped = gapsSinceEvaluation[feedId];
            gapsSinceEvaluation[feedId] = 0;
            FeedStatus next;
            if (disconnectedNanos > 0 && age >= disconnectedNanos)
            {
                next = FeedStatus.DISCONNECTED;
            }
            else if (staleNanos > 0 && age >= staleNanos)
            {
                next = FeedStatus.STALE;
            }
            else if ((degradedNanos > 0 && age >= degradedNanos) || gapped > 0)
            {
                next = FeedStatus.DEGRADED;
            }
            else
            {
                next = FeedStatus.HEALTHY;
            }
            final FeedStatus current = status[feedId];
            if (current.pausesTrading() && !next.pausesTrading())
            {
                // Only a tick lifts a pause (onMarketData, with auto-recovery): a feed marked
                // stale by FEED_DOWN has a young last tick, and must not be judged healthy by it.
                next = current;
            }
            if (next != current)
            {
                status[feedId] = next;
                listener.onFeedStatusChange(feedId, current, next, age, gapped);
            }
        }
    }

    /**
     * @param instrumentId a valid instrument id.
     * @return true when the instrument's feed pauses trading.
     */
    public boolean isPaused(final int instrumentId)
    {
        final int feedId = instrumentFeed[instrumentId];
        return feedId >= 0 && status[feedId].pausesTrading();
    }

    /**
     * @param instrumentId a valid instrument id.
     * @return the feed that ticked it last, or -1.
     */
    public int feedOf(final int instrumentId)
    {
        return instrumentFeed[instrumentId];
    }

    /**
     * @param feedId a feed id.
     * @return true once the feed has ticked.
     */
    public boolean isKnown(final int feedId)
    {
        return feedId >= 0 && feedId < MAX_FEEDS && known[feedId];
    }

    /**
     * @param feedId a tracked feed id.
     * @return its status.
     */
    public FeedStatus status(final int feedId)
    {
        return status[feedId];
    }

    /**
     * @param feedId   a known feed id.
     * @param nowNanos event time.
     * @return time since its last tick.
     */
    public long heartbeatAgeNanos(final int feedId, final long nowNanos)
    {
        return nowNanos - lastTickNanos[feedId];
    }

    /**
     * @param feedId a tracked feed id.
     * @return sequence numbers missed so far.
     */
    public long gaps(final int feedId)
    {
        return gaps[feedId];
    }

    /**
     * @param instrumentId a valid instrument id.
     * @return sequence numbers missed on ticks of this instrument (a gap is charged to the
     *         instrument of the tick that revealed it).
     */
    public long instrumentGaps(final int instrumentId)
    {
        return instrumentGaps[instrumentId];
    }

    /**
     * @return ticks from feed ids outside the tracked range.
     */
    public long untrackedTicks()
    {
        return untrackedTicks;
    }

    @Override
    public void writeState(final StateWriter out)
    {
        out.putBooleans(known);
        out.putLongs(lastTickNanos);
        out.putLongs(lastSequence);
        out.putLongs(gaps);
        out.putLongs(gapsSinceEvaluation);
        out.putInts(instrumentFeed);
        out.putLongs(instrumentGaps);
        out.putLong(untrackedTicks);
        for (final FeedStatus s : status)
        {
            out.putInt(s == null ? -1 : s.code());
        }
    }

    @Override
    public void readState(final StateReader in)
    {
        in.getBooleans(known, "known");
        in.getLongs(lastTickNanos, "last tick nanos");
        in.getLongs(lastSequence, "last sequence");
        in.getLongs(gaps, "gaps");
        in.getLongs(gapsSinceEvaluation, "gaps since evaluation");
        in.getInts(instrumentFeed, "instrument feed");
        in.getLongs(instrumentGaps, "instrument gaps");
        untrackedTicks = in.getLong("untracked ticks");
        for (int f = 0; f < status.length; f++)
        {
            final int code = in.getInt("feed status");
            status[f] = code == -1 ? null : FeedStatus.fromCode(code);
            if (code != -1 && status[f] == null)
            {
                throw new SnapshotFormatException("feed status code " + code + " is not known to this release");
            }
            if (known[f])
            {
                // Per-feed metrics are set up at a feed's first tick, which came before the snapshot.
                listener.onFeedSeen(f);
            }
        }
    }
}
