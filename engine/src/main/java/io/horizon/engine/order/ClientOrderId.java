package io.horizon.engine.order;

/**
 * A client order id as a value, for edges (gateways, the CLI, tests) that want one object rather
 * than two longs. The engine itself carries {@code hi} and {@code lo} as plain longs and never
 * creates these.
 * <p>
 * Ordered as the text form sorts: unsigned {@code hi}, then unsigned {@code lo}.
 * <p>
 * Immutable; any thread.
 *
 * @param hi the high 64 bits of the ULID: 48-bit millisecond timestamp, then 16 random bits.
 * @param lo the low 64 random bits of the ULID.
 */
public record ClientOrderId(long hi, long lo) implements Comparable<ClientOrderId>
{
    /**
     * Parses the text form; see {@link ClientOrderIds#parse(CharSequence)}.
     *
     * @param text {@code "hzn_"} followed by 26 Crockford base32 characters, either case.
     * @return the id.
     * @throws IllegalArgumentException naming the text and what is wrong with it.
     */
    public static ClientOrderId parse(final CharSequence text)
    {
        return ClientOrderIds.parse(text);
    }

    /**
     * @return the id's timestamp in milliseconds since the epoch.
     */
    public long timestampMillis()
    {
        return ClientOrderIds.timestampMillis(hi);
    }

    /**
     * {@inheritDoc}
     */
    @Override
    public int compareTo(final ClientOrderId other)
    {
        return ClientOrderIds.compare(hi, lo, other.hi, other.lo);
    }

    /**
     * @return the text form, {@code "hzn_"} followed by 26 uppercase Crockford base32 characters.
     */
    @Override
    public String toString()
    {
        return ClientOrderIds.format(hi, lo);
    }
}
