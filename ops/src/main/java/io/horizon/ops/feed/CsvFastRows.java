package io.horizon.ops.feed;

import java.time.DateTimeException;
import java.time.LocalDate;

import io.horizon.engine.event.FixedPoint;
import io.horizon.engine.reference.Instrument;
import io.horizon.engine.reference.ReferenceData;

/**
 * Reads the plain rows of a market data file straight from the line's characters, for speed: no
 * split, no trimming, no regular expressions, no {@code Instant} or {@code BigDecimal}, and
 * nothing allocated. A plain row has nine fields and no whitespace, a timestamp of integer epoch
 * nanoseconds or {@code YYYY-MM-DDTHH:MM:SS[.f{1,9}]Z}, a type of
 * {@code quote} or {@code trade} in any case, a known symbol, and unsigned plain decimals of at
 * most 12 whole digits and {@value FixedPoint#DECIMALS} decimals, a price above zero, and the
 * fields of the other type empty.
 * <p>
 * It only ever reads a subset of what {@link CsvMarketDataFile}'s full parser reads, to exactly
 * the same values; for anything else (a space, a sign, another time form, a bad value) it says no
 * and the full parser reads the row, or names what is wrong with it. So which of the two read a
 * row never changes what is published or refused.
 * <p>
 * Threading: the replaying thread only (it caches the last date and the symbols seen).
 */
final class CsvFastRows
{
    private static final long NANOS_PER_SECOND = 1_000_000_000L;
    private static final long SECONDS_PER_DAY = 86_400L;
    private static final int FIELDS = 9;
    private static final int MAX_WHOLE_DIGITS = 12;
    private static final int MAX_EPOCH_DIGITS = 18;
    private static final int SYMBOLS_CACHED = 64;
    /** {@code YYYY-MM-DDTHH:MM:SS}: the date is its first ten characters. */
    private static final int DATE_LENGTH = 10;
    private static final int SECONDS_END = 19;

    private final ReferenceData ref;
    private final int[] commas = new int[FIELDS - 1];
    private final String[] symbols = new String[SYMBOLS_CACHED];
    private final int[] instrumentIds = new int[SYMBOLS_CACHED];
    private int symbolsCached;
    private boolean dateCached;
    private long cachedEpochDay;
    private final char[] cachedDate = new char[DATE_LENGTH];

    /**
     * @param ref the instruments symbols must name.
     */
    CsvFastRows(final ReferenceData ref)
    {
        this.ref = ref;
    }

    /**
     * @param line a line of the file, not blank and not a comment.
     * @param row  where the values go; partly written when it says no.
     * @return true when the row was plain and is read; false when the full parser must read it.
     */
    boolean parse(final String line, final CsvMarketDataFile.Row row)
    {
        final int length = line.length();
        int found = 0;
        for (int i = 0; i < length; i++)
        {
            final char c = line.charAt(i);
            if (c <= ' ')
            {
                return false;
            }
            if (c == ',')
            {
                if (found == commas.length)
                {
                    return false;
                }
                commas[found++] = i;
            }
        }
        if (found != commas.length)
        {
            return false;
        }
        final long timestamp = timestamp(line, 0, commas[0]);
        if (timestamp < 0)
        {
            return false;
        }
        final int typeStart = commas[0] + 1;
        final int typeLength = commas[1] - typeStart;
        final boolean quote;
        if (typeLength == 5 && line.regionMatches(true, typeStart, "quote", 0, 5))
        {
            quote = true;
        }
        else if (typeLength == 5 && line.regionMatches(true, typeStart, "trade", 0, 5))
        {
            quote = false;
        }
        else
        {
            return false;
        }
        final int instrumentId = instrument(line, commas[1] + 1, commas[2]);
        if (instrumentId < 0)
        {
            return false;
        }
        if (quote)
        {
            if (!empty(line, 7) || !empty(line, 8))
            {
                return false;
            }
            final long bid = decimal(line, 3);
            final long bidSize = decimal(line, 4);
            final long ask = decimal(line, 5);
            final long askSize = decimal(line, 6);
            if (bid <= 0 || bidSize < 0 || ask <= 0 || askSize < 0)
            {
                return false;
            }
            row.bidPrice = bid;
            row.bidQuantity = bidSize;
            row.askPrice = ask;
            row.askQuantity = askSize;
        }
        else
        {
            if (!empty(line, 3) || !empty(line, 4) || !empty(line, 5) || !empty(line, 6))
            {
                return false;
            }
            final long price = decimal(line, 7);
            final long size = decimal(line, 8);
            if (price <= 0 || size < 0)
            {
                return false;
            }
            row.price = price;
            row.quantity = size;
        }
        row.quote = quote;
        row.instrumentId = instrumentId;
        row.timestampNanos = timestamp;
        row.line = line;
        row.timestampEnd = commas[0];
        row.timestampText = null;
        return true;
    }

    private boolean empty(final String line, final int field)
    {
        return commas[field - 1] + 1 == end(line, field);
    }

    private int end(final String line, final int field)
    {
        return field == FIELDS - 1 ? line.length() : commas[field];
    }

    /**
     * @return epoch nanoseconds, or -1 when the field is not in a plain form.
     */
    private long timestamp(final String line, final int from, final int to)
    {
        final int length = to - from;
        if (length == 0)
        {
            return -1;
        }
        if (line.charAt(to - 1) != 'Z')
        {
            return epochNanos(line, from, to);
        }
        if (length < SECONDS_END + 1 || length > SECONDS_END + 11 ||
            line.charAt(from + 4) != '-' || line.charAt(from + 7) != '-' || line.charAt(from + 10) != 'T' ||
            line.charAt(from + 13) != ':' || line.charAt(from + 16) != ':')
        {
            return -1;
        }
        final long epochDay = epochDay(line, from);
        final long hour = digits(line, from + 11, from + 13);
        final long minute = digits(line, from + 14, from + 16);
        final long second = digits(line, from + 17, from + 19);
        if (epochDay < 0 || hour < 0 || hour > 23 || minute < 0 || minute > 59 || second < 0 || second > 59)
        {
            return -1;
        }
        long nanos = 0;
        final int fractionEnd = to - 1;
        if (fractionEnd > from + SECONDS_END)
        {
            if (line.charAt(from + SECONDS_END) != '.' || fractionEnd == from + SECONDS_END + 1)
            {
                return -1;
            }
            nanos = digits(line, from + SECONDS_END + 1, fractionEnd);
            if (nanos < 0)
            {
                return -1;
            }
            for (int k = fractionEnd - (from + SECONDS_END + 1); k < 9; k++)
            {
                nanos *= 10;
            }
        }
        final long seconds = epochDay * SECONDS_PER_DAY + hour * 3600 + minute * 60 + second;
        if (seconds > Long.MAX_VALUE / NANOS_PER_SECOND - 1)
        {
            return -1;
        }
        return seconds * NANOS_PER_SECOND + nanos;
    }

    /**
     * @return integer epoch nanoseconds (up to {@link Long#MAX_VALUE}), or -1.
     */
    private static long epochNanos(final String line, final int from, final int to)
    {
        if (to - from <= MAX_EPOCH_DIGITS)
        {
            return digits(line, from, to);
        }
        if (to - from > MAX_EPOCH_DIGITS + 1)
        {
            return -1;
        }
        final long head = digits(line, from, to - 1);
        final long last = digits(line, to - 1, to);
        return head < 0 || last < 0 || head > (Long.MAX_VALUE - last) / 10 ? -1 : head * 10 + last;
    }

    /**
     * @return the epoch day of the date in the line's first ten characters from {@code from}, or
     *         -1 when it is no date from 1970 on; the last one is cached (rows share their date).
     */
    private long epochDay(final String line, final int from)
    {
        if (dateCached && sameDate(line, from))
        {
            return cachedEpochDay;
        }
        final long year = digits(line, from, from + 4);
        final long month = digits(line, from + 5, from + 7);
        final long day = digits(line, from + 8, from + 10);
        if (year < 1970 || month < 1 || day < 1)
        {
            return -1;
        }
        final long epochDay;
        try
        {
            epochDay = LocalDate.of((int)year, (int)month, (int)day).toEpochDay();
        }
        catch (final DateTimeException notADate)
        {
            return -1;
        }
        line.getChars(from, from + DATE_LENGTH, cachedDate, 0);
        dateCached = true;
        cachedEpochDay = epochDay;
        return epochDay;
    }

    private boolean sameDate(final String line, final int from)
    {
        for (int i = 0; i < DATE_LENGTH; i++)
        {
            if (line.charAt(from + i) != cachedDate[i])
            {
                return false;
            }
        }
        return true;
    }

    /**
     * @return the instrument id of the symbol in {@code [from, to)}, or -1 when empty or unknown.
     */
    private int instrument(final String line, final int from, final int to)
    {
        final int length = to - from;
        if (length == 0)
        {
            return -1;
        }
        for (int i = 0; i < symbolsCached; i++)
        {
            final String symbol = symbols[i];
            if (symbol.length() == length && line.regionMatches(from, symbol, 0, length))
            {
                return instrumentIds[i];
            }
        }
        final String symbol = line.substring(from, to);
        final Instrument instrument = ref.instrumentBySymbol(symbol);
        if (instrument == null)
        {
            return -1;
        }
        if (symbolsCached < SYMBOLS_CACHED)
        {
            symbols[symbolsCached] = symbol;
            instrumentIds[symbolsCached++] = instrument.id();
        }
        return instrument.id();
    }

    /**
     * @return the fixed-point value of field {@code field}, or -1 when it is not a plain unsigned
     *         decimal (empty, a sign, more than {@value MAX_WHOLE_DIGITS} whole digits, more than
     *         {@value FixedPoint#DECIMALS} decimals).
     */
    private long decimal(final String line, final int field)
    {
        final int from = commas[field - 1] + 1;
        final int to = end(line, field);
        long whole = 0;
        long fraction = 0;
        int wholeDigits = 0;
        int fractionDigits = 0;
        boolean inFraction = false;
        for (int i = from; i < to; i++)
        {
            final char c = line.charAt(i);
            if (c == '.' && !inFraction)
            {
                inFraction = true;
            }
            else if (c >= '0' && c <= '9')
            {
                if (inFraction)
                {
                    if (++fractionDigits > FixedPoint.DECIMALS)
                    {
                        return -1;
                    }
                    fraction = fraction * 10 + (c - '0');
                }
                else
                {
                    if (++wholeDigits > MAX_WHOLE_DIGITS)
                    {
                        return -1;
                    }
                    whole = whole * 10 + (c - '0');
                }
            }
            else
            {
                return -1;
            }
        }
        if (wholeDigits + fractionDigits == 0)
        {
            return -1;
        }
        for (int k = fractionDigits; k < FixedPoint.DECIMALS; k++)
        {
            fraction *= 10;
        }
        return whole * FixedPoint.SCALE + fraction;
    }

    /**
     * @return the unsigned number in {@code [from, to)} (at most 18 digits), or -1 when not all digits.
     */
    private static long digits(final String line, final int from, final int to)
    {
        if (to <= from)
        {
            return -1;
        }
        long value = 0;
        for (int i = from; i < to; i++)
        {
            final char c = line.charAt(i);
            if (c < '0' || c > '9')
            {
                return -1;
            }
            value = value * 10 + (c - '0');
        }
        return value;
    }
}
