package io.horizon.engine.snapshot;

import java.nio.ByteOrder;

import org.agrona.DirectBuffer;

/**
 * Reads back what a {@link StateWriter} wrote, in the same order. Every read is bounds-checked
 * against the end of the part being read: a short, long or garbled state is refused with a
 * {@link SnapshotFormatException} naming what was being read, never an index error or a state
 * half applied silently (the caller discards the engine it was restoring).
 * <p>
 * Threading: the thread restoring an engine that is not running yet.
 */
public final class StateReader
{
    private DirectBuffer buffer;
    private int position;
    private int limit;

    /**
     * @param buffer bytes to read.
     * @param offset where the state starts.
     * @param length how many bytes it has.
     * @return this.
     */
    public StateReader wrap(final DirectBuffer buffer, final int offset, final int length)
    {
        this.buffer = buffer;
        this.position = offset;
        this.limit = offset + length;
        return this;
    }

    /**
     * @return where the next read starts (compare with {@link #beginLength}'s end).
     */
    public int position()
    {
        return position;
    }

    /**
     * @return bytes left before the end.
     */
    public int remaining()
    {
        return limit - position;
    }

    private void need(final int bytes, final String what)
    {
        if (bytes < 0 || position + bytes > limit)
        {
            throw new SnapshotFormatException("state ends early while reading " + what + " (" + remaining() + " bytes left, " +
                bytes + " needed)");
        }
    }

    public long getLong(final String what)
    {
        need(Long.BYTES, what);
        final long v = buffer.getLong(position, ByteOrder.LITTLE_ENDIAN);
        position += Long.BYTES;
        return v;
    }

    public int getInt(final String what)
    {
        need(Integer.BYTES, what);
        final int v = buffer.getInt(position, ByteOrder.LITTLE_ENDIAN);
        position += Integer.BYTES;
        return v;
    }

    /**
     * @return an int that must lie in {@code [min, max]}.
     */
    public int getInt(final String what, final int min, final int max)
    {
        final int v = getInt(what);
        if (v < min || v > max)
        {
            throw new SnapshotFormatException(what + " " + v + " is out of range [" + min + ", " + max + "]");
        }
        return v;
    }

    public boolean getBoolean(final String what)
    {
        need(1, what);
        final byte b = buffer.getByte(position++);
        if (b != 0 && b != 1)
        {
            throw new SnapshotFormatException(what + " is " + b + ", not a boolean");
        }
        return b == 1;
    }

    /**
     * Reads an array written by {@link StateWriter#putLongs} into {@code into}, which must have
     * the same length.
     */
    public void getLongs(final long[] into, final String what)
    {
        checkLength(getInt(what + " length"), into.length, what);
        for (int i = 0; i < into.length; i++)
        {
            into[i] = getLong(what);
        }
    }

    /**
     * Reads an array written by {@link StateWriter#putInts} into {@code into}, of the same length.
     */
    public void getInts(final int[] into, final String what)
    {
        checkLength(getInt(what + " length"), into.length, what);
        for (int i = 0; i < into.length; i++)
        {
            into[i] = getInt(what);
        }
    }

    /**
     * Reads an array written by {@link StateWriter#putBooleans} into {@code into}, of the same length.
     */
    public void getBooleans(final boolean[] into, final String what)
    {
        checkLength(getInt(what + " length"), into.length, what);
        for (int i = 0; i < into.length; i++)
        {
            into[i] = getBoolean(what);
        }
    }

    private static void checkLength(final int n, final int expected, final String what)
    {
        if (n != expected)
        {
            throw new SnapshotFormatException(what + " holds " + n + " values where this engine has " + expected);
        }
    }

    /**
     * Reads bytes written by {@link StateWriter#putBytes} into {@code into}.
     *
     * @return how many were read.
     */
    public int getBytes(final byte[] into, final String what)
    {
        final int n = getInt(what + " length", 0, into.length);
        need(n, what);
        buffer.getBytes(position, into, 0, n);
        position += n;
        return n;
    }

    /**
     * Reads a length written by {@link StateWriter#beginLength()}.
     *
     * @return the position where that part ends.
     */
    public int beginLength(final String what)
    {
        final int n = getInt(what + " length");
        need(n, what);
        return position + n;
    }

    /**
     * Checks that a part was read to exactly its end.
     */
    public void endLength(final int end, final String what)
    {
        if (position != end)
        {
            throw new SnapshotFormatException(what + " has " + (end - position) + " bytes this release does not read");
        }
    }
}
