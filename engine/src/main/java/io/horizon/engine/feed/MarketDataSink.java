package io.horizon.engine.feed;

import io.horizon.engine.event.Side;

/**
 * Where a feed puts market data: normally the inbound ring.
 * <p>
 * A full ring never blocks a feed: the event is dropped, counted, and {@code false} is returned,
 * so the feed can note the gap. Prices and sizes are {@link io.horizon.engine.event.FixedPoint}.
 * <p>
 * Threading: each feed calls from its own thread; implementations are safe for several feeds.
 */
public interface MarketDataSink
{
    /**
     * @return true when published, false when dropped because the ring was full.
     */
    boolean quote(
        long timestampNanos,
        int feedId,
        long feedSequence,
        int instrumentId,
        long bidPrice,
        long bidQuantity,
        long askPrice,
        long askQuantity);

    /**
     * @param aggressor aggressor side, or {@code null} when unknown.
     * @return true when published, false when dropped because the ring was full.
     */
    boolean trade(
        long timestampNanos,
        int feedId,
        long feedSequence,
        int instrumentId,
        long price,
        long quantity,
        Side aggressor);
}
