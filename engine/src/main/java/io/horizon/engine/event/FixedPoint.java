package io.horizon.engine.event;

/**
 * The one fixed-point scale Horizon uses for prices, quantities, cash and PnL.
 * <p>
 * A value {@code v} stored as a {@code long} means {@code v / 1_000_000}: six decimal places.
 * {@code 101.25} is stored as {@code 101_250_000}. With this scale a price up to 100 000 and a
 * quantity up to about 9 million units multiply without overflow through {@link #multiply(long, long)}.
 * {@code double} and {@code BigDecimal} appear only at the edges (parsing, display, reports).
 * <p>
 * Stateless; any thread.
 */
public final class FixedPoint
{
    /** Number of decimal places held. */
    public static final int DECIMALS = 6;

    /** The scale: one unit is {@code SCALE} raw. */
    public static final long SCALE = 1_000_000L;

    /** Returned by {@link #multiply(long, long)} when the product does not fit a long. */
    public static final long OVERFLOW = Long.MIN_VALUE;

    private FixedPoint()
    {
    }

    /**
     * Converts a whole number of units to fixed point.
     *
     * @param units whole units.
     * @return the fixed-point value.
     */
    public static long ofUnits(final long units)
    {
        return Math.multiplyExact(units, SCALE);
    }

    /**
     * Converts a double at an edge (configuration, display input), rounding half away from zero.
     *
     * @param value a finite value.
     * @return the fixed-point value.
     * @throws IllegalArgumentException if the value is not finite or out of range.
     */
    public static long fromDouble(final double value)
    {
        if (!Double.isFinite(value))
        {
            throw new IllegalArgumentException("value is not a finite number: " + value);
        }
        final double scaled = Math.abs(value * SCALE);
        if (scaled >= Long.MAX_VALUE)
        {
            throw new IllegalArgumentException("value out of range for fixed point: " + value);
        }
        final long magnitude = (long)Math.floor(scaled + 0.5);
        return value < 0 ? -magnitude : magnitude;
    }

    /**
     * Converts to a double for display and reports only.
     *
     * @param fixed a fixed-point value.
     * @return its double value.
     */
    public static double toDouble(final long fixed)
    {
        return (double)fixed / SCALE;
    }

    /**
     * Multiplies two fixed-point values (for example price by quantity to get notional),
     * truncating toward zero, through an exact 128-bit product. Allocation-free.
     *
     * @param a a fixed-point value.
     * @param b a fixed-point value.
     * @return {@code a * b} in fixed point, or {@link #OVERFLOW} if it does not fit in a long
     *         (a true result of {@code Long.MIN_VALUE} is reported as overflow too).
     */
    public static long multiply(final long a, final long b)
    {
        if (a == Long.MIN_VALUE || b == Long.MIN_VALUE)
        {
            return OVERFLOW;
        }
        final boolean negative = (a < 0) != (b < 0);
        final long ua = Math.abs(a);
        final long ub = Math.abs(b);
        final long high = Math.multiplyHigh(ua, ub);
        final long low = ua * ub;
        if (high >= SCALE)
        {
            return OVERFLOW;
        }
        // (high:low) / SCALE in 32-bit steps; every partial fits because high < SCALE < 2^20.
        final long t1 = (high << 32) | (low >>> 32);
        final long q1 = t1 / SCALE;
        final long r1 = t1 % SCALE;
        final long t2 = (r1 << 32) | (low & 0xFFFF_FFFFL);
        final long q2 = t2 / SCALE;
        if (q1 >>> 31 != 0)
        {
            return OVERFLOW;
        }
        final long magnitude = (q1 << 32) + q2;
        if (magnitude < 0)
        {
            return OVERFLOW;
        }
        return negative ? -magnitude : magnitude;
    }

    /**
     * Computes {@code a * b / c} exactly when {@code a * b} fits a long, else through a double.
     * Both paths are deterministic (Java floating point is strict), so replay gives the same
     * answer; the double path loses at most the last raw digit. Used for average prices.
     *
     * @param a a value.
     * @param b a value.
     * @param c a non-zero divisor.
     * @return {@code a * b / c}, truncated toward zero on the exact path.
     */
    public static long mulDiv(final long a, final long b, final long c)
    {
        final long high = Math.multiplyHigh(a, b);
        final long low = a * b;
        if ((high == 0 && low >= 0) || (high == -1 && low < 0))
        {
            return low / c;
        }
        return (long)((double)a * (double)b / (double)c);
    }

    /**
     * Formats a fixed-point value for humans, trimming trailing zeros ({@code 101.25}).
     * Allocates; edges only.
     *
     * @param fixed a fixed-point value.
     * @return the decimal text.
     */
    public static String format(final long fixed)
    {
        final StringBuilder sb = new StringBuilder(24);
        appendTo(sb, fixed);
        return sb.toString();
    }

    /**
     * Appends a fixed-point value in decimal, trimming trailing zeros.
     *
     * @param sb     the target.
     * @param fixed  a fixed-point value.
     * @return the target.
     */
    public static StringBuilder appendTo(final StringBuilder sb, final long fixed)
    {
        if (fixed == Long.MIN_VALUE)
        {
            return sb.append("-9223372036854.775808");
        }
        long v = fixed;
        if (v < 0)
        {
            sb.append('-');
            v = -v;
        }
        sb.append(v / SCALE);
        long frac = v % SCALE;
        if (frac != 0)
        {
            int digits = DECIMALS;
            while (frac % 10 == 0)
            {
                frac /= 10;
                digits--;
            }
            sb.append('.');
            final String f = Long.toString(frac);
            for (int i = f.length(); i < digits; i++)
            {
                sb.append('0');
            }
            sb.append(f);
        }
        return sb;
    }

    /**
     * Parses plain decimal text at an edge, exactly (no detour through {@code double}):
     * an optional sign, digits, and at most {@value #DECIMALS} decimal places
     * ({@code "101.25"}, {@code "-3"}, {@code ".5"}).
     *
     * @param text the text.
     * @return the fixed-point value.
     * @throws IllegalArgumentException naming the text and what is allowed.
     */
    public static long parse(final String text)
    {
        if (text == null)
        {
            throw new IllegalArgumentException("not a number: no text");
        }
        final String t = text.trim();
        final String lower = t.toLowerCase(java.util.Locale.ROOT);
        if (lower.contains("nan") || lower.contains("inf"))
        {
            throw new IllegalArgumentException("not a finite number: '" + text + "'");
        }
        int i = 0;
        boolean negative = false;
        if (i < t.length() && (t.charAt(i) == '-' || t.charAt(i) == '+'))
        {
            negative = t.charAt(i) == '-';
            i++;
        }
        long whole = 0;
        long fraction = 0;
        int fractionDigits = 0;
        int digits = 0;
        boolean inFraction = false;
        for (; i < t.length(); i++)
        {
            final char c = t.charAt(i);
            if (c == '.' && !inFraction)
            {
                inFraction = true;
                continue;
            }
            if (c < '0' || c > '9')
            {
                throw new IllegalArgumentException("not a number: '" + text + "' (use plain decimals such as 101.25)");
            }
            digits++;
            if (inFraction)
            {
                if (++fractionDigits > DECIMALS)
                {
                    throw new IllegalArgumentException(
                        "'" + text + "' has more than " + DECIMALS + " decimal places; Horizon holds prices and quantities to " +
                        DECIMALS);
                }
                fraction = fraction * 10 + (c - '0');
            }
            else
            {
                if (whole > (Long.MAX_VALUE / SCALE) / 10)
                {
                    throw new IllegalArgumentException("'" + text + "' is out of range for fixed point (at most about 9.2e12)");
                }
                whole = whole * 10 + (c - '0');
            }
        }
        if (digits == 0)
        {
            throw new IllegalArgumentException("not a number: '" + text + "'");
        }
        for (int k = fractionDigits; k < DECIMALS; k++)
        {
            fraction *= 10;
        }
        final long value;
        try
        {
            value = Math.addExact(Math.multiplyExact(whole, SCALE), fraction);
        }
        catch (final ArithmeticException ex)
        {
            throw new IllegalArgumentException("'" + text + "' is out of range for fixed point (at most about 9.2e12)");
        }
        return negative ? -value : value;
    }
}
