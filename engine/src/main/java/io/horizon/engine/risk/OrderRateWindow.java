package io.horizon.engine.risk;

import io.horizon.engine.snapshot.SnapshotState;
import io.horizon.engine.snapshot.StateReader;
import io.horizon.engine.snapshot.StateWriter;
import io.horizon.engine.snapshot.SnapshotFormatException;

/**
 * The rate-limit layer's memory: when each account's recent orders went out, so that "at most N
 * orders in any second of event time" can be checked exactly (a sliding window, not a bucket that
 * refills on a boundary).
 * <p>
 * Each account keeps a ring of its latest send times; the check looks at the N-th most recent
 * one. A ring holds at least as many entries as the account's largest limit so far; raising a
 * limit at run time grows it then (a cold path), never on an order.
 * <p>
 * Threading: BLP thread only.
 */
public final class OrderRateWindow implements SnapshotState
{
    /** The window: one second of event time. */
    public static final long WINDOW_NANOS = 1_000_000_000L;

    private static final int MIN_CAPACITY = 16;

    private final long[][] sendTimes;
    private final int[] head;
    private final int[] stored;

    /**
     * @param accounts accounts in the reference data.
     * @param limit    the largest limit any account starts with.
     */
    public OrderRateWindow(final int accounts, final long limit)
    {
        sendTimes = new long[accounts][];
        head = new int[accounts];
        stored = new int[accounts];
        final int capacity = capacityFor(limit);
        for (int a = 0; a < accounts; a++)
        {
            sendTimes[a] = new long[capacity];
        }
    }

    private static int capacityFor(final long limit)
    {
        final long wanted = Math.max(MIN_CAPACITY, limit);
        if (wanted > (1 << 30))
        {
            throw new IllegalArgumentException("rate limit " + limit + " is too large to track");
        }
        return Integer.highestOneBit((int)wanted - 1) << 1;
    }

    /**
     * @param accountId a valid account id.
     * @param nowNanos  event time, never earlier than a recorded send.
     * @param limit     orders allowed per second; 0 or less is no limit.
     * @return true when one more order now keeps the account within the limit.
     */
    public boolean allows(final int accountId, final long nowNanos, final long limit)
    {
        if (limit <= 0 || stored[accountId] < limit)
        {
            return true;
        }
        final long[] ring = sendTimes[accountId];
        final int nthMostRecent = (head[accountId] - (int)limit) & (ring.length - 1);
        return nowNanos - ring[nthMostRecent] >= WINDOW_NANOS;
    }

    /**
     * Records an order that was sent.
     *
     * @param accountId a valid account id.
     * @param nowNanos  event time.
     */
    public void record(final int accountId, final long nowNanos)
    {
        final long[] ring = sendTimes[accountId];
        ring[head[accountId]] = nowNanos;
        head[accountId] = (head[accountId] + 1) & (ring.length - 1);
        if (stored[accountId] < ring.length)
        {
            stored[accountId]++;
        }
    }

    /**
     * Makes every ring able to check a limit this large. Cold path: a run-time limit change.
     *
     * @param limit the new largest limit.
     */
    public void ensureCapacity(final long limit)
    {
        final int capacity = capacityFor(limit);
        for (int a = 0; a < sendTimes.length; a++)
        {
            final long[] old = sendTimes[a];
            if (old.length >= capacity)
            {
                continue;
            }
            final long[] bigger = new long[capacity];
            final int n = stored[a];
            for (int k = 0; k < n; k++)
            {
                // Oldest first, so the newest lands just before the new head.
                bigger[k] = old[(head[a] - n + k) & (old.length - 1)];
            }
            sendTimes[a] = bigger;
            head[a] = n & (capacity - 1);
        }
    }

    @Override
    public void writeState(final StateWriter out)
    {
        out.putInts(head);
        out.putInts(stored);
        for (final long[] ring : sendTimes)
        {
            out.putLongs(ring);
        }
    }

    @Override
    public void readState(final StateReader in)
    {
        in.getInts(head, "head");
        in.getInts(stored, "stored");
        for (int a = 0; a < sendTimes.length; a++)
        {
            // A ring grown by a run-time limit change comes back at its grown size.
            final int capacity = in.getInt("rate window capacity", MIN_CAPACITY, 1 << 30);
            if (Integer.bitCount(capacity) != 1 || head[a] >= capacity || stored[a] > capacity || head[a] < 0 || stored[a] < 0)
            {
                throw new SnapshotFormatException("rate window of account " + a + " is inconsistent (capacity " + capacity +
                    ", head " + head[a] + ", stored " + stored[a] + ")");
            }
            if (sendTimes[a].length != capacity)
            {
                sendTimes[a] = new long[capacity];
            }
            for (int k = 0; k < capacity; k++)
            {
                sendTimes[a][k] = in.getLong("rate window send time");
            }
        }
    }
}
