package io.horizon.engine.feed;

import io.horizon.engine.event.FixedPoint;
import io.horizon.engine.event.Side;
import io.horizon.engine.reference.Instrument;
import io.horizon.engine.reference.ReferenceData;

import java.util.Objects;
import java.util.SplittableRandom;

/**
 * A deterministic, seeded market: one random-walk mid per instrument, turned into quotes and
 * trades for a {@link MarketDataSink}.
 * <p>
 * Each {@link #next(long, MarketDataSink)} emits exactly one event. Instruments are visited
 * round-robin in id order. The visited instrument's mid moves by -2..+2 ticks and is never let
 * below {@value #MIN_MID_TICKS} ticks, so every price stays positive; the walk starts at
 * {@link Instrument#referencePrice()} (or at {@value #MIN_MID_TICKS} ticks when the reference price
 * is lower than that). About four calls in five emit a quote {@code mid -/+ k ticks} with
 * {@code k} in 1..3, so {@code bid < ask}; the rest emit a trade at that bid (seller aggressor) or
 * ask (buyer aggressor). Sizes are whole units 1..100 in {@link FixedPoint}.
 * <p>
 * The only source of randomness is a {@link SplittableRandom} built from the seed, and the clock is
 * whatever timestamp the caller passes, so the same seed and the same timestamps give the same
 * sink calls. Feed sequences start at 1 and rise by one per call, also when the sink drops the
 * event: a drop is a real gap, and downstream gap detection should see it.
 * <p>
 * Allocation-free per call. Threading: not thread-safe; one thread calls {@link #next} and
 * reads the counters (a {@link SyntheticFeed} owns it once started).
 */
public final class SyntheticMarket
{
    /** The lowest a mid may go, in ticks, so that a bid three ticks below it is still positive. */
    public static final int MIN_MID_TICKS = 10;

    private static final int MAX_STEP_TICKS = 2;
    private static final int MAX_HALF_SPREAD_TICKS = 3;
    private static final int MAX_SIZE_UNITS = 100;
    private static final int TRADE_ONE_IN = 5;

    private final int feedId;
    private final int[] instrumentIds;
    private final long[] tickSizes;
    private final long[] mids;
    private final SplittableRandom random;

    private int nextIndex;
    private long feedSequence;
    private long eventsGenerated;
    private long dropped;

    /**
     * @param ref    the instruments to walk; every instrument in it is used.
     * @param seed   the seed; equal seeds give equal event sequences.
     * @param feedId the feed id passed to the sink with every event.
     */
    public SyntheticMarket(final ReferenceData ref, final long seed, final int feedId)
    {
        Objects.requireNonNull(ref, "ref");
        final int count = ref.instrumentCount();
        this.feedId = feedId;
        this.instrumentIds = new int[count];
        this.tickSizes = new long[count];
        this.mids = new long[count];
        this.random = new SplittableRandom(seed);
        for (int i = 0; i < count; i++)
        {
            final Instrument instrument = ref.instrument(i);
            instrumentIds[i] = instrument.id();
            tickSizes[i] = instrument.tickSize();
            mids[i] = Math.max(instrument.referencePrice(), Math.multiplyExact(instrument.tickSize(), MIN_MID_TICKS));
        }
    }

    /**
     * Moves one instrument's mid and emits one quote or trade for it.
     *
     * @param timestampNanos the event time, epoch nanoseconds; passed through unchanged.
     * @param sink           where the event goes; a {@code false} return is counted in {@link #dropped()}.
     */
    public void next(final long timestampNanos, final MarketDataSink sink)
    {
        final int index = nextIndex;
        nextIndex = index + 1 == instrumentIds.length ? 0 : index + 1;

        final long tick = tickSizes[index];
        final long floor = tick * MIN_MID_TICKS;
        final int step = random.nextInt(-MAX_STEP_TICKS, MAX_STEP_TICKS + 1);
        final long mid = Math.max(floor, mids[index] + step * tick);
        mids[index] = mid;

        final long halfSpread = random.nextInt(1, MAX_HALF_SPREAD_TICKS + 1) * tick;
        final long bid = mid - halfSpread;
        final long ask = mid + halfSpread;
        final long sequence = ++feedSequence;
        final int instrumentId = instrumentIds[index];

        final boolean accepted;
        if (random.nextInt(TRADE_ONE_IN) == 0)
        {
            final boolean buyerAggressor = random.nextBoolean();
            accepted = sink.trade(
                timestampNanos,
                feedId,
                sequence,
                instrumentId,
                buyerAggressor ? ask : bid,
                randomSize(),
                buyerAggressor ? Side.BUY : Side.SELL);
        }
        else
        {
            final long bidQuantity = randomSize();
            final long askQuantity = randomSize();
            accepted = sink.quote(timestampNanos, feedId, sequence, instrumentId, bid, bidQuantity, ask, askQuantity);
        }

        eventsGenerated++;
        if (!accepted)
        {
            dropped++;
        }
    }

    /**
     * @return the feed id given at construction.
     */
    public int feedId()
    {
        return feedId;
    }

    /**
     * @return events emitted so far, accepted or dropped; also the last feed sequence used.
     */
    public long eventsGenerated()
    {
        return eventsGenerated;
    }

    /**
     * @return events the sink refused (returned {@code false} for).
     */
    public long dropped()
    {
        return dropped;
    }

    private long randomSize()
    {
        return random.nextInt(1, MAX_SIZE_UNITS + 1) * FixedPoint.SCALE;
    }
}
