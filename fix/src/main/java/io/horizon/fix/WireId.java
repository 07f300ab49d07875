package io.horizon.fix;

import io.horizon.engine.order.ClientOrderIds;

/**
 * A FIX identifier as it goes on the wire (ClOrdID 11, ExecID 17), held in reusable storage so
 * that sending and matching identifiers allocates nothing: the FIX codecs write it from this
 * {@link CharSequence} and the decoders' {@code char[]} values are copied into it. Equal, with
 * equal hash codes, to any other {@code WireId} with the same characters, so it can key a hash
 * map; a key in a map must not change while it is there.
 * <p>
 * It holds {@link #INITIAL_CAPACITY} characters without growing (Horizon's own ClOrdIDs are 30 or a
 * few more); a longer identifier from a venue grows it once, which allocates.
 * <p>
 * Threading: not thread-safe; owned by the FIX venue's polling thread.
 */
final class WireId implements CharSequence
{
    /** Characters held before it grows. */
    static final int INITIAL_CAPACITY = 64;

    private char[] chars = new char[INITIAL_CAPACITY];
    private int length;
    private int hash;

    /**
     * Copies {@code length} characters of {@code value}.
     *
     * @return this.
     */
    WireId set(final char[] value, final int length)
    {
        ensureCapacity(length);
        System.arraycopy(value, 0, chars, 0, length);
        this.length = length;
        return rehash();
    }

    /**
     * Copies a character sequence.
     *
     * @return this.
     */
    WireId set(final CharSequence value)
    {
        final int n = value.length();
        ensureCapacity(n);
        for (int i = 0; i < n; i++)
        {
            chars[i] = value.charAt(i);
        }
        this.length = n;
        return rehash();
    }

    /**
     * Sets a Horizon client order id's text form ({@link ClientOrderIds}).
     *
     * @return this.
     */
    WireId setClientOrderId(final long hi, final long lo)
    {
        length = 0;
        append(ClientOrderIds.PREFIX);
        for (int shift = 5 * (ClientOrderIds.ULID_LENGTH - 1); shift >= 0; shift -= 5)
        {
            final int digit;
            if (shift >= 64)
            {
                digit = (int)(hi >>> (shift - 64)) & 31;
            }
            else if (shift > 59)
            {
                digit = (int)((lo >>> shift) | (hi << (64 - shift))) & 31;
            }
            else
            {
                digit = (int)(lo >>> shift) & 31;
            }
            appendChar(CROCKFORD[digit]);
        }
        return rehash();
    }

    /**
     * Sets {@code base}, then {@code suffix} and {@code number} ({@code base-c3}).
     *
     * @return this.
     */
    WireId setSuffixed(final WireId base, final String suffix, final int number)
    {
        ensureCapacity(base.length);
        System.arraycopy(base.chars, 0, chars, 0, base.length);
        length = base.length;
        append(suffix);
        if (number < 0)
        {
            appendChar('-');
        }
        final int start = length;
        int n = Math.abs(number);
        do
        {
            appendChar((char)('0' + n % 10));
            n /= 10;
        }
        while (n > 0);
        for (int i = start, j = length - 1; i < j; i++, j--)
        {
            final char c = chars[i];
            chars[i] = chars[j];
            chars[j] = c;
        }
        return rehash();
    }

    /**
     * @return true when it holds the same characters as {@code value[0, length)}.
     */
    boolean contentEquals(final char[] value, final int length)
    {
        if (length != this.length)
        {
            return false;
        }
        for (int i = 0; i < length; i++)
        {
            if (chars[i] != value[i])
            {
                return false;
            }
        }
        return true;
    }

    private static final char[] CROCKFORD = "0123456789ABCDEFGHJKMNPQRSTVWXYZ".toCharArray();

    private void append(final String text)
    {
        for (int i = 0; i < text.length(); i++)
        {
            appendChar(text.charAt(i));
        }
    }

    private void appendChar(final char c)
    {
        ensureCapacity(length + 1);
        chars[length++] = c;
    }

    private void ensureCapacity(final int capacity)
    {
        if (capacity > chars.length)
        {
            chars = java.util.Arrays.copyOf(chars, Math.max(capacity, chars.length * 2));
        }
    }

    private WireId rehash()
    {
        int h = 0;
        for (int i = 0; i < length; i++)
        {
            h = 31 * h + chars[i];
        }
        hash = h;
        return this;
    }

    @Override
    public int length()
    {
        return length;
    }

    @Override
    public char charAt(final int index)
    {
        if (index < 0 || index >= length)
        {
            throw new IndexOutOfBoundsException("index " + index + " of a " + length + "-character identifier");
        }
        return chars[index];
    }

    @Override
    public CharSequence subSequence(final int start, final int end)
    {
        return toString().subSequence(start, end);
    }

    @Override
    public int hashCode()
    {
        return hash;
    }

    @Override
    public boolean equals(final Object other)
    {
        if (this == other)
        {
            return true;
        }
        if (!(other instanceof WireId))
        {
            return false;
        }
        final WireId that = (WireId)other;
        return that.hash == hash && contentEquals(that.chars, that.length);
    }

    /** The identifier as text (allocates: logs and refusals only). */
    @Override
    public String toString()
    {
        return new String(chars, 0, length);
    }
}
