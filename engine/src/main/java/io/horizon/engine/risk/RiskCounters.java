package io.horizon.engine.risk;

import io.horizon.engine.counter.EngineCounters;
import io.horizon.engine.watchdog.FeedWatchdog;
import org.agrona.concurrent.status.AtomicCounter;

/**
 * Risk's counters, in the engine's Agrona counter buffers (so the counters file and
 * {@code horizon stat} see them): a decision counter per layer and outcome
 * ({@code horizon_risk_decisions_total{layer="notional",kind="reject"}}; amends count in
 * the layers they pass through), the kill switch's state as a gauge, watchdog halts, limit
 * changes, and per-feed health once a feed has ticked.
 * <p>
 * Threading: written by the BLP thread only ({@code incrementRelease} / {@code setRelease});
 * readable from any thread.
 */
public final class RiskCounters
{
    private final EngineCounters engine;
    private final AtomicCounter[] accepts;
    private final AtomicCounter[] rejects;
    private final AtomicCounter[] feedAgeMillis = new AtomicCounter[FeedWatchdog.MAX_FEEDS];
    private final AtomicCounter[] feedGaps = new AtomicCounter[FeedWatchdog.MAX_FEEDS];
    private final AtomicCounter[] feedStatus = new AtomicCounter[FeedWatchdog.MAX_FEEDS];
    private long feedsWithoutMetrics;

    /** 1 while the kill switch is engaged, else 0. */
    public final AtomicCounter killSwitchEngaged;
    /** Times the kill switch engaged. */
    public final AtomicCounter killSwitchFires;
    /** Times it was reset or cleared. */
    public final AtomicCounter killSwitchResets;
    /** Resets refused (no reason given). */
    public final AtomicCounter killSwitchResetRefusals;
    /** Halts raised by the watchdog (feeds, accounts, and the kill-switch triggers it evaluates). */
    public final AtomicCounter watchdogHalts;
    /** Run-time limit changes applied. */
    public final AtomicCounter limitChangesApplied;
    /** Run-time limit changes refused. */
    public final AtomicCounter limitChangesRefused;
    /** Rejects in a row now, as counted toward {@code max_consecutive_rejects}. */
    public final AtomicCounter consecutiveRejects;
    /** Market data from feed ids the watchdog does not track. */
    public final AtomicCounter untrackedFeedTicks;

    /**
     * Allocates the counters; cold path, once per risk component.
     *
     * @param engine the engine counters whose buffers hold these too.
     */
    public RiskCounters(final EngineCounters engine)
    {
        this.engine = engine;
        final RiskLayer[] layers = RiskLayer.values();
        accepts = new AtomicCounter[layers.length];
        rejects = new AtomicCounter[layers.length];
        for (final RiskLayer layer : layers)
        {
            accepts[layer.ordinal()] = engine.newCounter(
                "horizon_risk_decisions_total{layer=\"" + layer.label() + "\",kind=\"accept\"}", EngineCounters.TYPE_PLAIN);
            rejects[layer.ordinal()] = engine.newCounter(
                "horizon_risk_decisions_total{layer=\"" + layer.label() + "\",kind=\"reject\"}", EngineCounters.TYPE_PLAIN);
        }
        killSwitchEngaged = engine.newCounter("horizon_kill_switch_engaged", EngineCounters.TYPE_GAUGE);
        killSwitchFires = engine.newCounter("horizon_kill_switch_fires_total", EngineCounters.TYPE_PLAIN);
        killSwitchResets = engine.newCounter("horizon_kill_switch_resets_total", EngineCounters.TYPE_PLAIN);
        killSwitchResetRefusals = engine.newCounter("horizon_kill_switch_reset_refusals_total", EngineCounters.TYPE_PLAIN);
        watchdogHalts = engine.newCounter("horizon_watchdog_halts_total", EngineCounters.TYPE_PLAIN);
        limitChangesApplied = engine.newCounter("horizon_risk_limit_changes_total{result=\"applied\"}", EngineCounters.TYPE_PLAIN);
        limitChangesRefused = engine.newCounter("horizon_risk_limit_changes_total{result=\"refused\"}", EngineCounters.TYPE_PLAIN);
        consecutiveRejects = engine.newCounter("horizon_risk_consecutive_rejects", EngineCounters.TYPE_GAUGE);
        untrackedFeedTicks = engine.newCounter("horizon_feed_untracked_ticks_total", EngineCounters.TYPE_PLAIN);
    }

    /**
     * Counts a layer passing an order.
     */
    public void accept(final RiskLayer layer)
    {
        accepts[layer.ordinal()].incrementRelease();
    }

    /**
     * Counts a layer rejecting an order.
     */
    public void reject(final RiskLayer layer)
    {
        rejects[layer.ordinal()].incrementRelease();
    }

    /**
     * @return orders the layer passed.
     */
    public long accepts(final RiskLayer layer)
    {
        return accepts[layer.ordinal()].get();
    }

    /**
     * @return orders the layer rejected.
     */
    public long rejects(final RiskLayer layer)
    {
        return rejects[layer.ordinal()].get();
    }

    /**
     * Sets up a feed's counters the first time it ticks (cold: allocates labels).
     *
     * @param feedId a tracked feed id.
     */
    void registerFeed(final int feedId)
    {
        if (feedAgeMillis[feedId] != null)
        {
            return;
        }
        final String label = "{feed=\"" + feedId + "\"}";
        try
        {
            final AtomicCounter age = engine.newCounter(
                "horizon_feed_heartbeat_age_seconds" + label, EngineCounters.TYPE_GAUGE_MILLIS);
            final AtomicCounter gaps = engine.newCounter("horizon_feed_gaps_total" + label, EngineCounters.TYPE_PLAIN);
            final AtomicCounter status = engine.newCounter("horizon_feed_status" + label, EngineCounters.TYPE_GAUGE);
            feedGaps[feedId] = gaps;
            feedStatus[feedId] = status;
            feedAgeMillis[feedId] = age;
        }
        catch (final IllegalStateException full)
        {
            // The counter buffers are full (dozens of feeds): the feed is still watched, only
            // its metrics are missing, and a half-registered feed must not fail every heartbeat.
            feedsWithoutMetrics++;
        }
    }

    /**
     * @return feeds whose metrics could not be registered because the counter buffers were full.
     */
    public long feedsWithoutMetrics()
    {
        return feedsWithoutMetrics;
    }

    /**
     * Publishes a feed's health.
     *
     * @param feedId    a registered feed id.
     * @param ageMillis heartbeat age in milliseconds.
     * @param gaps      sequence numbers missed so far.
     * @param status    status code.
     */
    void feed(final int feedId, final long ageMillis, final long gaps, final int status)
    {
        final AtomicCounter age = feedAgeMillis[feedId];
        if (age != null)
        {
            age.setRelease(ageMillis);
            feedGaps[feedId].setRelease(gaps);
            feedStatus[feedId].setRelease(status);
        }
    }
}
