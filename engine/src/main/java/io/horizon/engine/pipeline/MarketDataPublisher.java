package io.horizon.engine.pipeline;

import com.lmax.disruptor.InsufficientCapacityException;
import com.lmax.disruptor.RingBuffer;
import io.horizon.engine.counter.EngineCounters;
import io.horizon.engine.event.InboundEvent;
import io.horizon.engine.event.Side;
import io.horizon.engine.feed.MarketDataSink;

/**
 * Publishes market data into the inbound ring. A full ring drops the event and counts it in
 * {@code horizon_ring_drops_total{kind="market_data"}}: stale market data is worth less than a
 * feed thread that never blocks, and the feed's sequence numbers show the gap downstream.
 * <p>
 * Threading: safe for any number of feed threads (the ring is multi-producer).
 */
public final class MarketDataPublisher implements MarketDataSink
{
    private final RingBuffer<InboundEvent> ring;
    private final EngineCounters counters;

    /**
     * @param ring     the inbound ring.
     * @param counters where drops are counted.
     */
    public MarketDataPublisher(final RingBuffer<InboundEvent> ring, final EngineCounters counters)
    {
        this.ring = ring;
        this.counters = counters;
    }

    @Override
    public boolean quote(
        final long timestampNanos,
        final int feedId,
        final long feedSequence,
        final int instrumentId,
        final long bidPrice,
        final long bidQuantity,
        final long askPrice,
        final long askQuantity)
    {
        final long seq;
        try
        {
            seq = ring.tryNext();
        }
        catch (final InsufficientCapacityException ex)
        {
            counters.marketDataDropped.increment();
            return false;
        }
        try
        {
            ring.get(seq).setQuote(
                timestampNanos, feedId, feedSequence, instrumentId, bidPrice, bidQuantity, askPrice, askQuantity);
        }
        finally
        {
            ring.publish(seq);
        }
        return true;
    }

    @Override
    public boolean trade(
        final long timestampNanos,
        final int feedId,
        final long feedSequence,
        final int instrumentId,
        final long price,
        final long quantity,
        final Side aggressor)
    {
        final long seq;
        try
        {
            seq = ring.tryNext();
        }
        catch (final InsufficientCapacityException ex)
        {
            counters.marketDataDropped.increment();
            return false;
        }
        try
        {
            ring.get(seq).setTrade(timestampNanos, feedId, feedSequence, instrumentId, price, quantity, aggressor);
        }
        finally
        {
            ring.publish(seq);
        }
        return true;
    }
}
