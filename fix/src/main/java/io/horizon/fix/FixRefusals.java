package io.horizon.fix;

import java.nio.charset.StandardCharsets;

import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Refusal of inbound FIX messages: keeps which message is being handled, so that a refusal (an
 * unknown ClOrdID, an overfill, a duplicate ExecID, a value that cannot be read) is logged with
 * the session, the tag and the value, counted ({@code horizon_venue_refused_messages_total}) and
 * handed with the raw message to the {@link RefusedMessageSink} (the daemon keeps it in the audit
 * log and alerts). Nothing refused is applied.
 * <p>
 * Logs under the {@link FixVenue} logger, like every part of the venue.
 * <p>
 * Threading: the venue's polling thread only. Not thread-safe.
 */
final class FixRefusals
{
    private static final Logger LOG = LoggerFactory.getLogger(FixVenue.class);

    private final String venue;
    private final String sessionName;
    private final FixSessionCounters metrics;
    private RefusedMessageSink sink = RefusedMessageSink.NONE;
    private long refusedMessages;
    private DirectBuffer currentBuffer;
    private int currentOffset;
    private int currentLength;
    private long currentType;

    /**
     * @param venue       the venue's name.
     * @param sessionName the session as logs name it.
     * @param metrics     the venue's counters, or {@code null}.
     */
    FixRefusals(final String venue, final String sessionName, final FixSessionCounters metrics)
    {
        this.venue = venue;
        this.sessionName = sessionName;
        this.metrics = metrics;
    }

    /** Sets where refused messages are kept; call before the venue is polled. */
    void sink(final RefusedMessageSink sink)
    {
        this.sink = sink;
    }

    /** The inbound message now being handled (kept raw if it is refused). */
    void handling(final DirectBuffer buffer, final int offset, final int length, final long messageType)
    {
        currentBuffer = buffer;
        currentOffset = offset;
        currentLength = length;
        currentType = messageType;
    }

    /** Refuses the message being handled: logs, counts, and hands it to the sink. */
    void refuse(final String message, final String tag, final String value, final String what)
    {
        count();
        LOG.warn("FIX session {}: {} {} {}: {}", sessionName, message, tag, value, what);
        sink.refused(venue, sessionName, message, tag, value, what, rawMessage());
    }

    /** Hands the message being handled to the sink without the log line or the count (the caller has both). */
    void keep(final String message, final String tag, final String value, final String what)
    {
        sink.refused(venue, sessionName, message, tag, value, what, rawMessage());
    }

    /**
     * Hands a message other than the one being handled (bytes Artio could not frame) to the sink,
     * as the caller shows it ({@link InvalidInput}); no log line, no count.
     */
    void keep(final String message, final String tag, final String value, final String what, final String raw)
    {
        sink.refused(venue, sessionName, message, tag, value, what, raw);
    }

    /** Counts a refused message the caller logged itself. */
    void count()
    {
        refusedMessages++;
        if (metrics != null)
        {
            metrics.refusedMessages.incrementRelease();
        }
    }

    /** @return inbound messages refused. */
    long refusedMessages()
    {
        return refusedMessages;
    }

    /**
     * @return a copy of the message being handled: its packed MsgType in the first 8 bytes, then
     *         the message (for {@link HeldReports}).
     */
    byte[] copyWithType()
    {
        final byte[] copy = new byte[currentLength + 8];
        new UnsafeBuffer(copy).putLong(0, currentType);
        currentBuffer.getBytes(currentOffset, copy, 8, currentLength);
        return copy;
    }

    /**
     * @return the value of the tag in the message being handled, as sent, or {@code (absent)}
     *         (allocates: refusals only).
     */
    String rawField(final int tag)
    {
        final String raw = "|" + rawMessage();
        final String key = "|" + tag + "=";
        final int start = raw.indexOf(key);
        if (start < 0)
        {
            return "(absent)";
        }
        final int end = raw.indexOf('|', start + key.length());
        return raw.substring(start + key.length(), end < 0 ? raw.length() : end);
    }

    /** @return the message being handled as text, SOH shown as {@code |} (allocates: refusals only). */
    String rawMessage()
    {
        if (currentBuffer == null)
        {
            return "";
        }
        final byte[] bytes = new byte[currentLength];
        currentBuffer.getBytes(currentOffset, bytes);
        for (int i = 0; i < bytes.length; i++)
        {
            if (bytes[i] == 1)
            {
                bytes[i] = '|';
            }
        }
        return new String(bytes, StandardCharsets.US_ASCII);
    }
}
