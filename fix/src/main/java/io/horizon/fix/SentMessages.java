package io.horizon.fix;

/**
 * What each of the last {@value #CAPACITY} messages sent on the session was (its MsgType and
 * the engine order it was for), by MsgSeqNum, so a session Reject (35=3), which names only our
 * RefSeqNum (45), can be turned into the answer for the right order.
 * <p>
 * Threading: the venue's polling thread only. Not thread-safe.
 */
final class SentMessages
{
    static final int CAPACITY = 4096;

    private final int[] seqNums = new int[CAPACITY];
    private final long[] orderIds = new long[CAPACITY];
    private final char[] types = new char[CAPACITY];

    void sent(final int seqNum, final long orderId, final char type)
    {
        final int slot = seqNum & (CAPACITY - 1);
        seqNums[slot] = seqNum;
        orderIds[slot] = orderId;
        types[slot] = type;
    }

    /** @return true when the message sent as {@code seqNum} is still remembered. */
    boolean remembers(final int seqNum)
    {
        return seqNums[seqNum & (CAPACITY - 1)] == seqNum;
    }

    /** @return the engine order id the message sent as {@code seqNum} was for; check {@link #remembers} first. */
    long orderId(final int seqNum)
    {
        return orderIds[seqNum & (CAPACITY - 1)];
    }

    /** @return the MsgType of the message sent as {@code seqNum}; check {@link #remembers} first. */
    char type(final int seqNum)
    {
        return types[seqNum & (CAPACITY - 1)];
    }
}
