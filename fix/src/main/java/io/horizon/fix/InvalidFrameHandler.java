package io.horizon.fix;

import java.nio.charset.StandardCharsets;

import io.aeron.logbuffer.FragmentHandler;
import io.aeron.logbuffer.Header;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import uk.co.real_logic.artio.messages.FixMessageDecoder;
import uk.co.real_logic.artio.messages.MessageHeaderDecoder;
import uk.co.real_logic.artio.messages.MessageStatus;

/**
 * Reads the Artio library's inbound stream ({@link InvalidFrames} polls it): each FixMessage the
 * framer published is decoded as far as its {@link MessageStatus}; one marked {@code INVALID},
 * {@code INVALID_BODYLENGTH} or {@code INVALID_CHECKSUM} is described (the tag and value at fault:
 * 8=BeginString, 9=BodyLength, 10=CheckSum with what the bytes sum to, 35=MsgType) and handed to
 * {@link InvalidInput}. Nothing is allocated for a valid message; an invalid one allocates.
 * <p>
 * Threading: the venue's polling thread only. Not thread-safe.
 */
final class InvalidFrameHandler implements FragmentHandler
{
    private final InvalidInput invalidInput;
    private final MessageHeaderDecoder header = new MessageHeaderDecoder();
    private final FixMessageDecoder fixMessage = new FixMessageDecoder();
    private long nowNanos;

    /**
     * @param invalidInput told of each message the framer could not frame.
     */
    InvalidFrameHandler(final InvalidInput invalidInput)
    {
        this.invalidInput = invalidInput;
    }

    /** The time of what is read next ({@link System#nanoTime()}), for the log's rate limit. */
    void nowNanos(final long nowNanos)
    {
        this.nowNanos = nowNanos;
    }

    @Override
    public void onFragment(final DirectBuffer buffer, final int offset, final int length, final Header aeronHeader)
    {
        header.wrap(buffer, offset);
        if (header.templateId() != FixMessageDecoder.TEMPLATE_ID)
        {
            return;
        }
        fixMessage.wrap(buffer, offset + MessageHeaderDecoder.ENCODED_LENGTH, header.blockLength(), header.version());
        final MessageStatus status = fixMessage.status();
        if (status != MessageStatus.INVALID && status != MessageStatus.INVALID_BODYLENGTH &&
            status != MessageStatus.INVALID_CHECKSUM)
        {
            return;
        }
        fixMessage.skipMetaData();
        final int bodyLength = fixMessage.bodyLength();
        final int bodyOffset = fixMessage.limit() + FixMessageDecoder.bodyHeaderLength();
        report(status, buffer, bodyOffset, bodyLength);
    }

    private void report(final MessageStatus status, final DirectBuffer buffer, final int offset, final int length)
    {
        final byte[] bytes = new byte[length];
        buffer.getBytes(offset, bytes);
        // Bytes that do not start a FIX message may hold one further on: its 35= is not theirs.
        final String messageType = startsWith(bytes, "8=") ? field(bytes, 35) : null;
        final String message = messageType == null ? "(unframed bytes)" : "35=" + messageType;
        if (status == MessageStatus.INVALID_CHECKSUM)
        {
            final int checksumAt = fieldStart(bytes, 10);
            int sum = 0;
            for (int i = 0; i < checksumAt && checksumAt > 0; i++)
            {
                sum += bytes[i] & 0xFF;
            }
            invalidInput.invalid(message, "10=CheckSum", field(bytes, 10), "the bytes before it sum to " +
                String.format("%03d", sum & 0xFF) + " (mod 256); not applied, the venue resends it when the next " +
                "message shows the gap", buffer, offset, length, nowNanos);
        }
        else if (status == MessageStatus.INVALID_BODYLENGTH)
        {
            final int bodyStart = fieldEnd(bytes, 9) + 1;
            final int checksumAt = fieldStart(bytes, 10);
            final String body = bodyStart > 0 && checksumAt > bodyStart ? Integer.toString(checksumAt - bodyStart) : "?";
            invalidInput.invalid(message, "9=BodyLength", field(bytes, 9), "the body from 35=MsgType to 10=CheckSum " +
                "is " + body + " bytes; not applied, the venue resends it when the next message shows the gap", buffer,
                offset, length, nowNanos);
        }
        else if (!startsWith(bytes, "8="))
        {
            invalidInput.invalid(message, null, null, "no 8=BeginString at the start (not FIX); Artio dropped these " +
                "bytes and what else was in its receive buffer, a FIX message among them comes back by resend", buffer,
                offset, length, nowNanos);
        }
        else if (fieldStart(bytes, 9) < 0)
        {
            invalidInput.invalid(message, "9=BodyLength", "(absent)", "no 9=BodyLength after 8=BeginString " +
                field(bytes, 8) + "; dropped", buffer, offset, length, nowNanos);
        }
        else if (messageType != null)
        {
            invalidInput.invalid(message, "9=BodyLength", field(bytes, 9), "Artio could not frame a message with " +
                "this BodyLength (more than its receive buffer holds, or not a number); dropped, and a message too " +
                "large for the buffer drops the session (EXCEPTION)", buffer, offset, length, nowNanos);
        }
        else
        {
            invalidInput.invalid(message, "35=MsgType", "(absent)", "no 35=MsgType after 9=BodyLength; dropped", buffer,
                offset, length, nowNanos);
        }
    }

    /** @return the value of the tag's first field, or {@code null} (a field starts the bytes or follows SOH). */
    static String field(final byte[] bytes, final int tag)
    {
        final int start = fieldStart(bytes, tag);
        if (start < 0)
        {
            return null;
        }
        final int valueStart = start + Integer.toString(tag).length() + 1;
        int end = valueStart;
        while (end < bytes.length && bytes[end] != 1)
        {
            end++;
        }
        return InvalidInput.printable(new UnsafeBuffer(bytes), valueStart, end - valueStart, 64);
    }

    /** @return the index of the SOH that ends the tag's first field, or -1. */
    private static int fieldEnd(final byte[] bytes, final int tag)
    {
        final int start = fieldStart(bytes, tag);
        if (start < 0)
        {
            return -1;
        }
        int end = start;
        while (end < bytes.length && bytes[end] != 1)
        {
            end++;
        }
        return end < bytes.length ? end : -1;
    }

    /** @return where the tag's first field starts, or -1. */
    private static int fieldStart(final byte[] bytes, final int tag)
    {
        final byte[] key = (tag + "=").getBytes(StandardCharsets.US_ASCII);
        for (int i = 0; i + key.length <= bytes.length; i++)
        {
            if (i > 0 && bytes[i - 1] != 1)
            {
                continue;
            }
            boolean match = true;
            for (int k = 0; k < key.length && match; k++)
            {
                match = bytes[i + k] == key[k];
            }
            if (match)
            {
                return i;
            }
        }
        return -1;
    }

    private static boolean startsWith(final byte[] bytes, final String prefix)
    {
        return bytes.length >= prefix.length() &&
            prefix.equals(new String(bytes, 0, prefix.length(), StandardCharsets.US_ASCII));
    }
}
