package io.horizon.fix.codecs.builder;

import uk.co.real_logic.artio.builder.Encoder;
import uk.co.real_logic.artio.builder.SessionHeaderEncoder;
import uk.co.real_logic.artio.util.MutableAsciiBuffer;

/**
 * An OrderMassStatusRequest (35=AF) for all orders: MassStatusReqID (584) and MassStatusReqType
 * (585) 7, nothing else. Written by hand because the generated encoder always writes the
 * message's optional Instrument and UnderlyingInstrument components, and with codec validation on
 * (Artio's default) refuses them without their Symbol (55) and UnderlyingSymbol (311), which a
 * request for all orders does not have. Hand-written, it lives in the generated codecs' package
 * because the header's and trailer's framing methods are package-private there.
 * <p>
 * Threading: one owner thread (the venue's polling thread). Not thread-safe.
 */
public final class MassStatusRequestEncoder implements Encoder
{
    /** MassStatusReqType 7: status for all orders. */
    public static final int ALL_ORDERS = 7;

    private static final byte[] REQUEST_ID_TAG = {'5', '8', '4', '='};
    private static final byte[] REQUEST_TYPE_TAG = {'5', '8', '5', '='};
    private static final long MESSAGE_TYPE = ('F' << 8) | 'A';

    private final HeaderEncoder header = new HeaderEncoder();
    private final TrailerEncoder trailer = new TrailerEncoder();
    private final StringBuilder requestId = new StringBuilder(16);

    /** An empty request; set its id with {@link #requestId}. */
    public MassStatusRequestEncoder()
    {
        header.msgType("AF");
    }

    /**
     * @param id the MassStatusReqID (ASCII).
     * @return this.
     */
    public MassStatusRequestEncoder requestId(final CharSequence id)
    {
        requestId.setLength(0);
        requestId.append(id);
        return this;
    }

    @Override
    public long encode(final MutableAsciiBuffer buffer, final int offset)
    {
        final long startMessageResult = header.startMessage(buffer, offset);
        final int bodyStart = Encoder.offset(startMessageResult);
        int position = bodyStart + Encoder.length(startMessageResult);
        buffer.putBytes(position, REQUEST_ID_TAG);
        position += REQUEST_ID_TAG.length;
        for (int i = 0; i < requestId.length(); i++)
        {
            buffer.putByte(position++, (byte)requestId.charAt(i));
        }
        buffer.putSeparator(position++);
        buffer.putBytes(position, REQUEST_TYPE_TAG);
        position += REQUEST_TYPE_TAG.length;
        position += buffer.putIntAscii(position, ALL_ORDERS);
        buffer.putSeparator(position++);
        position += trailer.startTrailer(buffer, position);
        final int messageStart = header.finishHeader(buffer, bodyStart, position - bodyStart);
        return trailer.finishMessage(buffer, messageStart, position);
    }

    @Override
    public void reset()
    {
        header.reset();
        trailer.reset();
        resetMessage();
    }

    @Override
    public void resetMessage()
    {
        requestId.setLength(0);
    }

    @Override
    public long messageType()
    {
        return MESSAGE_TYPE;
    }

    @Override
    public SessionHeaderEncoder header()
    {
        return header;
    }

    @Override
    public Encoder copyTo(final Encoder encoder)
    {
        final MassStatusRequestEncoder copy = (MassStatusRequestEncoder)encoder;
        header.copyTo(copy.header);
        copy.requestId(requestId);
        return copy;
    }

    @Override
    public StringBuilder appendTo(final StringBuilder builder)
    {
        return builder.append("OrderMassStatusRequest{584=").append(requestId).append(", 585=").append(ALL_ORDERS)
            .append('}');
    }

    @Override
    public String toString()
    {
        return appendTo(new StringBuilder()).toString();
    }
}
