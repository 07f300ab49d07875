package io.horizon.engine.order;

import java.util.Arrays;

/**
 * Text form of Horizon client order ids: {@code "hzn_"} followed by a 26-character ULID in
 * Crockford base32 (<a href="https://github.com/ulid/spec">ULID spec</a>), for example
 * {@code hzn_01ARZ3NDEKTSV4RRFFQ69G5FAV}.
 * <p>
 * Inside the engine an id is two longs: {@code hi} holds the first 64 bits of the ULID
 * (48-bit millisecond timestamp shifted left 16, then the top 16 random bits) and {@code lo} the
 * low 64 random bits. Strings are built and parsed only at the edges, which is what this class is
 * for. Formatting always writes uppercase. Parsing accepts upper or lower case but is strict
 * otherwise: the prefix must be exactly {@code "hzn_"}, and the letters I, L, O and U (which the
 * spec would decode leniently) are refused, as is a first ULID character above {@code '7'},
 * which would not fit 128 bits.
 * <p>
 * Stateless; any thread. Methods that return a {@code String} or a {@link ClientOrderId} allocate.
 */
public final class ClientOrderIds
{
    /** Every client order id starts with this. */
    public static final String PREFIX = "hzn_";

    /** Characters in the ULID part. */
    public static final int ULID_LENGTH = 26;

    /** Characters in a whole client order id, prefix included. */
    public static final int LENGTH = PREFIX.length() + ULID_LENGTH;

    /** Largest timestamp a ULID holds: 48 bits of milliseconds since the epoch. */
    public static final long MAX_TIMESTAMP_MILLIS = (1L << 48) - 1;

    private static final char[] ENCODE = "0123456789ABCDEFGHJKMNPQRSTVWXYZ".toCharArray();
    private static final byte[] DECODE = new byte[128];

    static
    {
        Arrays.fill(DECODE, (byte)-1);
        for (int i = 0; i < ENCODE.length; i++)
        {
            DECODE[ENCODE[i]] = (byte)i;
            DECODE[Character.toLowerCase(ENCODE[i])] = (byte)i;
        }
    }

    private ClientOrderIds()
    {
    }

    /**
     * Formats an id. Allocates; edges only.
     *
     * @param hi the high 64 bits of the ULID.
     * @param lo the low 64 bits of the ULID.
     * @return {@code "hzn_"} followed by 26 uppercase Crockford base32 characters.
     */
    public static String format(final long hi, final long lo)
    {
        final StringBuilder sb = new StringBuilder(LENGTH);
        appendTo(sb, hi, lo);
        return sb.toString();
    }

    /**
     * Appends an id in its text form. Does not allocate unless the builder has to grow.
     *
     * @param sb the target.
     * @param hi the high 64 bits of the ULID.
     * @param lo the low 64 bits of the ULID.
     * @return the target.
     */
    public static StringBuilder appendTo(final StringBuilder sb, final long hi, final long lo)
    {
        sb.append(PREFIX);
        // Character i holds bits [shift, shift + 5) of the 130-bit number whose top 2 bits are zero.
        for (int shift = 5 * (ULID_LENGTH - 1); shift >= 0; shift -= 5)
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
            sb.append(ENCODE[digit]);
        }
        return sb;
    }

    /**
     * @param text any text, or {@code null}.
     * @return true when {@link #parse(CharSequence)} would accept it.
     */
    public static boolean isValid(final CharSequence text)
    {
        return text != null && problem(text) == null;
    }

    /**
     * Parses the text form of an id. Allocates; edges only.
     *
     * @param text {@code "hzn_"} followed by 26 Crockford base32 characters, either case.
     * @return the id.
     * @throws IllegalArgumentException naming the text and what is wrong with it; a bad character is
     *                                  reported with its 0-based index in the whole text.
     */
    public static ClientOrderId parse(final CharSequence text)
    {
        if (text == null)
        {
            throw new IllegalArgumentException(
                "client order id is missing: expected '" + PREFIX + "' followed by " + ULID_LENGTH +
                " Crockford base32 characters");
        }
        final String problem = problem(text);
        if (problem != null)
        {
            throw new IllegalArgumentException(problem);
        }
        long hi = 0;
        long lo = 0;
        for (int i = PREFIX.length(); i < LENGTH; i++)
        {
            hi = (hi << 5) | (lo >>> 59);
            lo = (lo << 5) | DECODE[text.charAt(i)];
        }
        return new ClientOrderId(hi, lo);
    }

    /**
     * @param hi the high 64 bits of an id.
     * @return the id's timestamp in milliseconds since the epoch.
     */
    public static long timestampMillis(final long hi)
    {
        return hi >>> 16;
    }

    /**
     * Orders two ids as their text forms sort: unsigned {@code hi}, then unsigned {@code lo}.
     * Allocation-free; any thread.
     *
     * @param hi1 the high bits of the first id.
     * @param lo1 the low bits of the first id.
     * @param hi2 the high bits of the second id.
     * @param lo2 the low bits of the second id.
     * @return negative, zero or positive as the first id is less than, equal to or greater than the second.
     */
    public static int compare(final long hi1, final long lo1, final long hi2, final long lo2)
    {
        final int byHi = Long.compareUnsigned(hi1, hi2);
        return byHi != 0 ? byHi : Long.compareUnsigned(lo1, lo2);
    }

    private static String problem(final CharSequence text)
    {
        final int length = text.length();
        if (length < PREFIX.length() || !PREFIX.contentEquals(text.subSequence(0, PREFIX.length())))
        {
            return "client order id '" + text + "' must start with '" + PREFIX + "' followed by " +
                ULID_LENGTH + " Crockford base32 characters";
        }
        if (length != LENGTH)
        {
            return "client order id '" + text + "' must be '" + PREFIX + "' followed by " + ULID_LENGTH +
                " Crockford base32 characters (got " + (length - PREFIX.length()) + ")";
        }
        for (int i = PREFIX.length(); i < LENGTH; i++)
        {
            final char c = text.charAt(i);
            if (c >= DECODE.length || DECODE[c] < 0)
            {
                return "client order id '" + text + "' has '" + c + "' at index " + i +
                    ", which is not a Crockford base32 character: use 0-9 and A-Z except I, L, O and U";
            }
        }
        final char first = text.charAt(PREFIX.length());
        if (DECODE[first] > 7)
        {
            return "client order id '" + text + "' is out of range: the first character after '" + PREFIX +
                "' must be 0-7 to fit 128 bits (got '" + first + "')";
        }
        return null;
    }
}
