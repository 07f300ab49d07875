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
     * Converts a double at an edge (parsing, configuration). Callers must check
     * {@link Double#isFinite(double)} first; this method rounds half away from zero.
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
        final double scaled = value * SCALE;
        if (scaled >= Long.MAX_VALUE || scaled <= Long.MIN_VALUE)
        {
            throw new IllegalArgumentException("value out of range for fixed point: " + value);
        }
        return Math.round(scaled);
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
     * truncating toward zero. Allocation-free.
     *
     * @param a a fixed-point value.
     * @param b a fixed-point value.
     * @return {@code a * b} in fixed point, or {@link #OVERFLOW} if it does not fit.
     */
    public static long multiply(final long a, final long b)
    {
        final long whole = a / SCALE;
        final long fraction = a % SCALE;
        final long wholePart;
        final long fractionPart;
        try
        {
            wholePart = Math.multiplyExact(whole, b);
            fractionPart = Math.multiplyExact(fraction, b) / SCALE;
            return Math.addExact(wholePart, fractionPart);
        }
        catch (final ArithmeticException ex)
        {
            return OVERFLOW;
        }
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
     * Parses decimal text at an edge ({@code "101.25"}, {@code "-3"}, {@code "1e2"}).
     *
     * @param text the text.
     * @return the fixed-point value.
     * @throws IllegalArgumentException naming the text when it is not a finite number.
     */
    public static long parse(final String text)
    {
        final double d;
        try
        {
            d = Double.parseDouble(text.trim());
        }
        catch (final NumberFormatException ex)
        {
            throw new IllegalArgumentException("not a number: '" + text + "'");
        }
        if (!Double.isFinite(d))
        {
            throw new IllegalArgumentException("not a finite number: '" + text + "'");
        }
        return fromDouble(d);
    }
}
