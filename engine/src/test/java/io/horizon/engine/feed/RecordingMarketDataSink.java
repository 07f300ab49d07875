package io.horizon.engine.feed;

import io.horizon.engine.event.Side;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * Test fixture: a {@link MarketDataSink} that records every call, accepted or not.
 * <p>
 * Whether a call is accepted is decided by a predicate over the call, so tests can simulate a
 * full ring. Shared through the engine test-jar with modules that build feeds.
 * <p>
 * Threading: safe for a feed thread writing while a test thread reads; readers get copies.
 */
public final class RecordingMarketDataSink implements MarketDataSink
{
    /**
     * One sink call.
     *
     * @param quote          true for a quote, false for a trade.
     * @param timestampNanos event time.
     * @param feedId         feed id.
     * @param feedSequence   feed sequence.
     * @param instrumentId   instrument id.
     * @param bidPrice       quote bid, 0 for a trade.
     * @param bidQuantity    quote bid size, 0 for a trade.
     * @param askPrice       quote ask, 0 for a trade.
     * @param askQuantity    quote ask size, 0 for a trade.
     * @param price          trade price, 0 for a quote.
     * @param quantity       trade size, 0 for a quote.
     * @param aggressor      trade aggressor or null.
     * @param accepted       what the sink returned.
     */
    public record Call(
        boolean quote,
        long timestampNanos,
        int feedId,
        long feedSequence,
        int instrumentId,
        long bidPrice,
        long bidQuantity,
        long askPrice,
        long askQuantity,
        long price,
        long quantity,
        Side aggressor,
        boolean accepted)
    {
    }

    private final List<Call> calls = new ArrayList<>();
    private final Predicate<Call> accept;

    /**
     * A sink that accepts everything.
     */
    public RecordingMarketDataSink()
    {
        this(call -> true);
    }

    /**
     * @param accept decides, per call (its {@code accepted} flag is not yet meaningful), whether to accept.
     */
    public RecordingMarketDataSink(final Predicate<Call> accept)
    {
        this.accept = accept;
    }

    @Override
    public synchronized boolean quote(
        final long timestampNanos,
        final int feedId,
        final long feedSequence,
        final int instrumentId,
        final long bidPrice,
        final long bidQuantity,
        final long askPrice,
        final long askQuantity)
    {
        return record(new Call(
            true, timestampNanos, feedId, feedSequence, instrumentId,
            bidPrice, bidQuantity, askPrice, askQuantity, 0, 0, null, false));
    }

    @Override
    public synchronized boolean trade(
        final long timestampNanos,
        final int feedId,
        final long feedSequence,
        final int instrumentId,
        final long price,
        final long quantity,
        final Side aggressor)
    {
        return record(new Call(
            false, timestampNanos, feedId, feedSequence, instrumentId, 0, 0, 0, 0, price, quantity, aggressor, false));
    }

    /**
     * @return a copy of every call so far, in order.
     */
    public synchronized List<Call> calls()
    {
        return new ArrayList<>(calls);
    }

    /**
     * @return a copy of the accepted calls so far, in order.
     */
    public synchronized List<Call> accepted()
    {
        final List<Call> result = new ArrayList<>();
        for (final Call call : calls)
        {
            if (call.accepted())
            {
                result.add(call);
            }
        }
        return result;
    }

    /**
     * @return number of calls so far.
     */
    public synchronized int size()
    {
        return calls.size();
    }

    private boolean record(final Call pending)
    {
        final boolean accepted = accept.test(pending);
        calls.add(new Call(
            pending.quote(), pending.timestampNanos(), pending.feedId(), pending.feedSequence(),
            pending.instrumentId(), pending.bidPrice(), pending.bidQuantity(), pending.askPrice(),
            pending.askQuantity(), pending.price(), pending.quantity(), pending.aggressor(), accepted));
        return accepted;
    }
}
