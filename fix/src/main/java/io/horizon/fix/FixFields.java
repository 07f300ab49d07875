package io.horizon.fix;

import io.horizon.engine.event.FixedPoint;
import io.horizon.engine.event.Side;
import io.horizon.fix.codecs.decoder.ExecutionReportDecoder;
import uk.co.real_logic.artio.fields.DecimalFloat;

/**
 * Conversions between FIX field values and Horizon's: FIX decimals to {@link FixedPoint} longs,
 * the venue's OrderID (37) to the long the journal keeps, Horizon's side to FIX Side (54), and
 * Artio's packed MsgType (35) back to text.
 * <p>
 * Threading: stateless; any thread.
 */
public final class FixFields
{
    private FixFields()
    {
    }

    /**
     * @return the value in {@link FixedPoint} scale, or 0 when it has more precision than that
     *         scale holds or does not fit (the caller refuses non-positive values).
     */
    public static long fixedPoint(final DecimalFloat value)
    {
        long v = value.value();
        int scale = value.scale();
        while (scale > FixedPoint.DECIMALS)
        {
            if (v % 10 != 0)
            {
                return 0;
            }
            v /= 10;
            scale--;
        }
        while (scale < FixedPoint.DECIMALS)
        {
            if (Math.abs(v) > Long.MAX_VALUE / 10)
            {
                return 0;
            }
            v *= 10;
            scale++;
        }
        return v;
    }

    /**
     * @return the report's OrderID (37) as a number, or a stable hash of it when it is not one,
     *         so the journal still says which venue order it was.
     */
    static long venueOrderId(final ExecutionReportDecoder er)
    {
        final char[] id = er.orderID();
        final int length = er.orderIDLength();
        long value = 0;
        for (int i = 0; i < length; i++)
        {
            final char c = id[i];
            if (c < '0' || c > '9' || value > (Long.MAX_VALUE - 9) / 10)
            {
                return er.orderIDAsString().hashCode() & 0x7fff_ffffL;
            }
            value = value * 10 + (c - '0');
        }
        return value;
    }

    static io.horizon.fix.codecs.Side side(final Side side)
    {
        return side == Side.SELL ? io.horizon.fix.codecs.Side.SELL : io.horizon.fix.codecs.Side.BUY;
    }

    /** @return Artio's packed MsgType as FIX writes it, e.g. {@code 8} (allocates: logs only). */
    static String messageTypeText(final long messageType)
    {
        final StringBuilder sb = new StringBuilder(2);
        long t = messageType;
        while (t != 0)
        {
            sb.append((char)(t & 0xFF));
            t >>>= 8;
        }
        return sb.toString();
    }
}
