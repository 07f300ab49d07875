package io.horizon.engine.risk;

import io.horizon.engine.output.AlertKind;
import io.horizon.engine.output.EngineOutput;
import io.horizon.engine.output.Runbook;
import io.horizon.engine.watchdog.FeedStatus;
import io.horizon.engine.watchdog.FeedWatchdog;
import io.horizon.engine.watchdog.HaltReason;

/**
 * Turns the {@link FeedWatchdog}'s status changes into alert outputs (codes and numbers only; the
 * edge renders them, {@link RiskAlerts}) and sets up a feed's counters the first time it ticks:
 * <pre>
 *  STALE / DISCONNECTED -> WATCHDOG_HALT  code FEED_STALE / FEED_DISCONNECTED, detail feed id,
 *                          value heartbeat age ms, limit feed_stale_seconds / feed_disconnected_seconds in ms
 *  DEGRADED             -> FEED_DEGRADED  code feed id, detail gaps since the last heartbeat,
 *                          value heartbeat age ms, limit feed_degraded_seconds in ms
 *  HEALTHY              -> FEED_RECOVERED code feed id, detail the FeedStatus code it recovered from,
 *                          value heartbeat age ms
 * </pre>
 * Threading: BLP thread only, called back by the watchdog inside a heartbeat or a tick.
 */
final class FeedAlerts implements FeedWatchdog.Listener
{
    private static final long NANOS_PER_MILLI = 1_000_000L;
    private static final long MILLIS_PER_SECOND = 1_000L;

    private final RiskContext context;
    private final LimitTable limits;
    private final RiskCounters counters;

    FeedAlerts(final RiskContext context, final LimitTable limits, final RiskCounters counters)
    {
        this.context = context;
        this.limits = limits;
        this.counters = counters;
    }

    @Override
    public void onFeedSeen(final int feedId)
    {
        counters.registerFeed(feedId);
    }

    @Override
    public void onFeedStatusChange(
        final int feedId, final FeedStatus from, final FeedStatus to, final long ageNanos, final long gapsSinceLast)
    {
        final EngineOutput out;
        switch (to)
        {
            case STALE:
            case DISCONNECTED:
            {
                final boolean stale = to == FeedStatus.STALE;
                final long limitSeconds =
                    limits.global(stale ? RiskLimit.FEED_STALE_SECONDS : RiskLimit.FEED_DISCONNECTED_SECONDS);
                out = RiskWatchdog.haltAlert(context, counters, stale ? HaltReason.FEED_STALE : HaltReason.FEED_DISCONNECTED,
                    Runbook.FEED_STALE, ageNanos / NANOS_PER_MILLI, limitSeconds * MILLIS_PER_SECOND);
                out.alertDetail = feedId;
                break;
            }
            case DEGRADED:
                out = context.alert(AlertKind.FEED_DEGRADED, Runbook.FEED_STALE);
                out.alertCode = feedId;
                out.alertDetail = (int)Math.min(Integer.MAX_VALUE, gapsSinceLast);
                out.alertValue = ageNanos / NANOS_PER_MILLI;
                out.alertLimit = limits.global(RiskLimit.FEED_DEGRADED_SECONDS) * MILLIS_PER_SECOND;
                break;
            default:
                out = context.alert(AlertKind.FEED_RECOVERED, Runbook.FEED_STALE);
                out.alertCode = feedId;
                out.alertDetail = from.code();
                out.alertValue = ageNanos / NANOS_PER_MILLI;
                break;
        }
    }
}
