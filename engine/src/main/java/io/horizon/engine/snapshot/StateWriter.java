package io.horizon.engine.snapshot;

import java.nio.ByteOrder;

import org.agrona.ExpandableArrayBuffer;
import org.agrona.MutableDirectBuffer;

/**
 * Where engine components write their state for a snapshot: a growable little-endian buffer of
 * primitives, written in an order each component defines and reads back in the same order
 * ({@link StateReader}). Enums are written as their stable codes, never their ordinals.
 * <p>
 * One writer is kept and reused from snapshot to snapshot; it grows only when a state is larger
 * than any before.
 * <p>
 * Threading: the BLP thread, while it takes a snapshot between two events.
 */
public final class StateWriter
{
    private final ExpandableArrayBuffer buffer;
    private int position;

    /**
     * @param initialCapacity bytes to start with.
     */
    public StateWriter(final int initialCapacity)
    {
        this.buffer = new ExpandableArrayBuffer(initialCapacity);
    }

    /**
     * Starts again at position 0, keeping the memory.
     */
    public void reset()
    {
        position = 0;
    }

    /**
     * Counts {@code bytes} written straight into {@link #buffer()} (a copy of another writer's state).
     *
     * @param bytes how many, from the current position.
     */
    public void skip(final int bytes)
    {
        buffer.checkLimit(position + bytes);
        position += bytes;
    }

    /**
     * @return bytes written since {@link #reset()}.
     */
    public int position()
    {
        return position;
    }

    /**
     * @return the buffer written so far, valid from 0 to {@link #position()}.
     */
    public MutableDirectBuffer buffer()
    {
        return buffer;
    }

    public void putLong(final long value)
    {
        buffer.putLong(position, value, ByteOrder.LITTLE_ENDIAN);
        position += Long.BYTES;
    }

    public void putInt(final int value)
    {
        buffer.putInt(position, value, ByteOrder.LITTLE_ENDIAN);
        position += Integer.BYTES;
    }

    public void putBoolean(final boolean value)
    {
        buffer.putByte(position, value ? (byte)1 : (byte)0);
        position += 1;
    }

    /**
     * Writes an array's length, then its values.
     */
    public void putLongs(final long[] values)
    {
        putInt(values.length);
        for (final long v : values)
        {
            putLong(v);
        }
    }

    /**
     * Writes an array's length, then its values.
     */
    public void putInts(final int[] values)
    {
        putInt(values.length);
        for (final int v : values)
        {
            putInt(v);
        }
    }

    /**
     * Writes an array's length, then its values.
     */
    public void putBooleans(final boolean[] values)
    {
        putInt(values.length);
        for (final boolean v : values)
        {
            putBoolean(v);
        }
    }

    /**
     * Writes a length, then that many bytes of {@code bytes}.
     */
    public void putBytes(final byte[] bytes, final int length)
    {
        putInt(length);
        buffer.putBytes(position, bytes, 0, length);
        position += length;
    }

    /**
     * Writes a length slot to be filled by {@link #endLength(int)}: sections are length-prefixed so
     * a reader can tell a short or long section from a sound one.
     *
     * @return the slot's position.
     */
    public int beginLength()
    {
        final int slot = position;
        putInt(0);
        return slot;
    }

    /**
     * Fills a slot from {@link #beginLength()} with the bytes written after it.
     */
    public void endLength(final int slot)
    {
        buffer.putInt(slot, position - slot - Integer.BYTES, ByteOrder.LITTLE_ENDIAN);
    }
}
