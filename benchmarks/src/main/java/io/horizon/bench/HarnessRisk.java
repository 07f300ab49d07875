package io.horizon.bench;

import io.horizon.engine.event.FixedPoint;
import io.horizon.engine.risk.RiskConfig;
import io.horizon.engine.risk.RiskLimit;
import io.horizon.engine.risk.RiskProfile;

/**
 * The risk configuration the latency harnesses run the whole engine with (the order-latency
 * harness, {@code LatencyHarness}, and the FIX round trip, {@code FixRoundTripHarness}): every
 * layer on, with its throughput limits raised so a harness measures the engine rather than the
 * rate limiter, and the feed watchdog off (a harness feed ticks rarely or never).
 * <p>
 * Threading: any thread; each call returns a new builder.
 */
public final class HarnessRisk
{
    private HarnessRisk()
    {
    }

    /**
     * @return a builder holding that configuration, for a harness to add its own limits to.
     */
    public static RiskConfig.Builder everyLayerUnthrottled()
    {
        return RiskConfig.builder(RiskProfile.AGGRESSIVE)
            .set(RiskLimit.RATE_LIMIT_PER_SEC, 1_000_000)
            .set(RiskLimit.MAX_ORDERS_PER_TICK, 1_000_000)
            .set(RiskLimit.MAX_QUOTE_AGE_MS, 86_400_000)
            .set(RiskLimit.FEED_STALE_SECONDS, 0)
            .set(RiskLimit.FEED_DEGRADED_SECONDS, 0)
            .set(RiskLimit.FEED_DISCONNECTED_SECONDS, 0)
            .set(RiskLimit.MAX_CONSECUTIVE_REJECTS, 0)
            .set(RiskLimit.MAX_POSITION, FixedPoint.ofUnits(1_000_000));
    }
}
