package io.horizon.engine.order;

import io.horizon.engine.snapshot.SnapshotState;
import io.horizon.engine.snapshot.StateReader;
import io.horizon.engine.snapshot.StateWriter;

/**
 * Generates client order ids (ULIDs held as two longs) for the business-logic processor,
 * deterministically: the same seed and the same timestamps give the same ids, so replaying the
 * journal reproduces them.
 * <p>
 * Each call to {@link #next(long)} leaves a new id in {@link #hi()} and {@link #lo()}. Ids are
 * strictly increasing (unsigned {@code hi}, then unsigned {@code lo}) across calls: when the
 * timestamp is not after the last one used, the last millisecond is kept and the 80 random bits
 * are incremented by one; if those overflow, the millisecond advances by one and fresh
 * randomness is drawn. A clock that steps backwards therefore never makes an id go backwards.
 * <p>
 * Allocation-free on the hot path.
 * <p>
 * Threading: the business-logic processor thread only. Not thread-safe.
 */
public final class ClientOrderIdGenerator implements SnapshotState
{
    private static final long RANDOM_HI_MASK = 0xFFFFL;

    /** SplitMix64's gamma, as {@code java.util.SplittableRandom(seed)} uses it. */
    private static final long GOLDEN_GAMMA = 0x9e3779b97f4a7c15L;

    /**
     * SplitMix64 state: the same sequence as {@code new SplittableRandom(seed).nextLong()}, which
     * this generator used before, but with a state a snapshot can carry.
     */
    private long randomState;
    private long lastMillis = -1;
    private long hi;
    private long lo;

    /**
     * @param seed the seed of the random part; the same seed gives the same sequence.
     */
    public ClientOrderIdGenerator(final long seed)
    {
        this.randomState = seed;
    }

    /**
     * Generates the next id; read it with {@link #hi()} and {@link #lo()}.
     *
     * @param timestampMillis milliseconds since the epoch, from 0 to
     *                        {@link ClientOrderIds#MAX_TIMESTAMP_MILLIS}.
     * @throws IllegalArgumentException if the timestamp does not fit the ULID's 48 bits.
     * @throws IllegalStateException    if every id up to the largest timestamp has been used.
     */
    public void next(final long timestampMillis)
    {
        if (timestampMillis < 0 || timestampMillis > ClientOrderIds.MAX_TIMESTAMP_MILLIS)
        {
            throw new IllegalArgumentException(
                "client order id timestamp " + timestampMillis + " ms must be between 0 and " +
                ClientOrderIds.MAX_TIMESTAMP_MILLIS + " (48 bits of milliseconds since the epoch)");
        }

        if (timestampMillis > lastMillis)
        {
            draw(timestampMillis);
            return;
        }

        lo++;
        if (lo == 0)
        {
            final long randomHi = (hi & RANDOM_HI_MASK) + 1;
            if (randomHi > RANDOM_HI_MASK)
            {
                if (lastMillis == ClientOrderIds.MAX_TIMESTAMP_MILLIS)
                {
                    throw new IllegalStateException(
                        "client order ids exhausted at timestamp " + lastMillis + " ms");
                }
                draw(lastMillis + 1);
                return;
            }
            hi = (hi & ~RANDOM_HI_MASK) | randomHi;
        }
    }

    /**
     * @return the high 64 bits of the last id generated: timestamp {@code << 16} and 16 random bits.
     */
    public long hi()
    {
        return hi;
    }

    /**
     * @return the low 64 random bits of the last id generated.
     */
    public long lo()
    {
        return lo;
    }

    /**
     * Test hook: makes {@code (hi, lo)} the last id generated, so a test can place the
     * generator just below a carry or an overflow of the random part.
     */
    void resumeAfter(final long hi, final long lo)
    {
        this.hi = hi;
        this.lo = lo;
        this.lastMillis = ClientOrderIds.timestampMillis(hi);
    }

    private void draw(final long millis)
    {
        lastMillis = millis;
        hi = (millis << 16) | (nextRandom() >>> 48);
        lo = nextRandom();
    }

    private long nextRandom()
    {
        randomState += GOLDEN_GAMMA;
        long z = randomState;
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return z ^ (z >>> 31);
    }

    @Override
    public void writeState(final StateWriter out)
    {
        out.putLong(randomState);
        out.putLong(lastMillis);
        out.putLong(hi);
        out.putLong(lo);
    }

    @Override
    public void readState(final StateReader in)
    {
        randomState = in.getLong("client order id random state");
        lastMillis = in.getLong("client order id last millis");
        hi = in.getLong("client order id hi");
        lo = in.getLong("client order id lo");
    }
}
