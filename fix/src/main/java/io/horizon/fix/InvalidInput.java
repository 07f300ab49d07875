package io.horizon.fix;

import java.nio.charset.StandardCharsets;

import org.agrona.DirectBuffer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Inbound bytes from the venue that are not a well-formed FIX message: what Artio's framer could
 * not frame (no {@code 8=BeginString}, a wrong {@code 9=BodyLength} or {@code 10=CheckSum}, no
 * {@code 35=MsgType}; {@link InvalidFrames} sees them) and messages that lack a tag Horizon needs to
 * apply them ({@link FixInbound}). None is applied. Each is counted
 * ({@code horizon_venue_invalid_messages_total}), kept raw with the {@link RefusedMessageSink}
 * (the daemon records it in the audit log as {@code venue.refused_message} and alerts), and gets a
 * WARN line naming the session, the tag and the value, or the first bytes when no tag can be named.
 * <p>
 * Bytes are shown printable: SOH as {@code |}, other control and non-ASCII bytes as {@code \xNN};
 * the value of 554=Password and 925=NewPassword as {@code ***}, in the log and in what is kept. A
 * flood cannot fill the disk through the log: at most {@link #LINES_PER_INTERVAL} lines per
 * {@link #INTERVAL_NANOS}, then one line per interval with how many more there were.
 * <p>
 * Logs under the {@link FixVenue} logger, like every part of the venue.
 * <p>
 * Threading: the venue's polling thread only. Not thread-safe.
 */
final class InvalidInput
{
    /** Log lines, one per message, at most this many per interval. */
    static final int LINES_PER_INTERVAL = 10;
    /** The interval of the log's rate limit: 10 s. */
    static final long INTERVAL_NANOS = 10_000_000_000L;
    /** Bytes a log line shows of a message whose tag cannot be named. */
    static final int LOGGED_BYTES = 120;
    /** Bytes shown as the value of a message whose tag cannot be named. */
    static final int FIRST_BYTES = 32;
    /** Bytes of a message kept with the refused messages. */
    static final int KEPT_BYTES = 4096;

    private static final Logger LOG = LoggerFactory.getLogger(FixVenue.class);
    private static final byte SOH = 1;

    private final FixRefusals refusals;
    private final FixSessionCounters metrics;
    private final String sessionName;
    private long invalidMessages;
    private long intervalStartNanos;
    private int linesThisInterval;
    private long unloggedThisInterval;

    /**
     * @param refusals    where the raw message is kept (its sink).
     * @param metrics     the venue's counters, or {@code null}.
     * @param sessionName the session as logs name it.
     */
    InvalidInput(final FixRefusals refusals, final FixSessionCounters metrics, final String sessionName)
    {
        this.refusals = refusals;
        this.metrics = metrics;
        this.sessionName = sessionName;
    }

    /** @return invalid inbound messages seen. */
    long invalidMessages()
    {
        return invalidMessages;
    }

    /**
     * One message that is not well-formed FIX: counts it, logs it (within the rate limit) and keeps it.
     *
     * @param message what it was, e.g. {@code ExecutionReport}, or {@code (unframed bytes)}.
     * @param tag     the offending tag, e.g. {@code 10=CheckSum}, or {@code null} when none can be named.
     * @param value   the offending value as sent (masked already when it could be a password).
     * @param what    what was wrong and what was done.
     * @param buffer  the bytes as received.
     * @param offset  where they start.
     * @param length  how many.
     * @param nowNanos {@link System#nanoTime()}.
     */
    void invalid(
        final String message,
        final String tag,
        final String value,
        final String what,
        final DirectBuffer buffer,
        final int offset,
        final int length,
        final long nowNanos)
    {
        invalidMessages++;
        if (metrics != null)
        {
            metrics.invalidMessages.incrementRelease();
        }
        final String raw = printable(buffer, offset, length, KEPT_BYTES);
        if (allowLine(nowNanos))
        {
            if (tag == null)
            {
                LOG.warn("FIX session {}: invalid message from the venue, {}: {} bytes, first bytes: {}", sessionName,
                    what, length, raw.length() > LOGGED_BYTES ? raw.substring(0, LOGGED_BYTES) + "..." : raw);
            }
            else
            {
                LOG.warn("FIX session {}: invalid message from the venue: {} {} {}: {}", sessionName, message, tag, value,
                    what);
            }
        }
        refusals.keep(message, tag == null ? "(none)" : tag,
            tag == null ? (raw.length() > FIRST_BYTES ? raw.substring(0, FIRST_BYTES) + "..." : raw) : value, what, raw);
    }

    /**
     * Ends the log's interval when it is over: says how many invalid messages went unlogged in it.
     * Called from every poll; reads no clock unless some went unlogged.
     *
     * @param nowNanos {@link System#nanoTime()}.
     */
    void tick(final long nowNanos)
    {
        if (unloggedThisInterval > 0 && nowNanos - intervalStartNanos >= INTERVAL_NANOS)
        {
            summarise();
            intervalStartNanos = nowNanos;
            linesThisInterval = 0;
        }
    }

    private boolean allowLine(final long nowNanos)
    {
        if (linesThisInterval == 0 && unloggedThisInterval == 0 || nowNanos - intervalStartNanos >= INTERVAL_NANOS)
        {
            if (unloggedThisInterval > 0)
            {
                summarise();
            }
            intervalStartNanos = nowNanos;
            linesThisInterval = 0;
        }
        if (linesThisInterval < LINES_PER_INTERVAL)
        {
            linesThisInterval++;
            return true;
        }
        unloggedThisInterval++;
        return false;
    }

    private void summarise()
    {
        LOG.warn("FIX session {}: {} more invalid message(s) from the venue in {} s not logged one by one (each " +
            "counted in horizon_venue_invalid_messages_total and kept in the audit log as venue.refused_message)",
            sessionName, unloggedThisInterval, INTERVAL_NANOS / 1_000_000_000L);
        unloggedThisInterval = 0;
    }

    /**
     * @return the bytes as text: SOH as {@code |}, other bytes outside printable ASCII as
     *         {@code \xNN}, the values of 554=Password and 925=NewPassword as {@code ***}, cut to
     *         {@code limit} bytes with {@code ...} (allocates: bad input only).
     */
    static String printable(final DirectBuffer buffer, final int offset, final int length, final int limit)
    {
        final int shown = Math.min(length, limit);
        final byte[] bytes = new byte[shown];
        buffer.getBytes(offset, bytes);
        final StringBuilder text = new StringBuilder(shown + 16);
        boolean fieldStart = true;
        int i = 0;
        while (i < shown)
        {
            if (fieldStart && (startsWith(bytes, i, "554=") || startsWith(bytes, i, "925=")))
            {
                text.append((char)bytes[i]).append((char)bytes[i + 1]).append((char)bytes[i + 2]).append("=***");
                i += 4;
                while (i < shown && bytes[i] != SOH)
                {
                    i++;
                }
                continue;
            }
            final int b = bytes[i] & 0xFF;
            if (b == SOH)
            {
                text.append('|');
            }
            else if (b < 0x20 || b > 0x7E || b == '\\')
            {
                text.append(b == '\\' ? "\\\\" : String.format("\\x%02x", b));
            }
            else
            {
                text.append((char)b);
            }
            fieldStart = b == SOH;
            i++;
        }
        if (length > limit)
        {
            text.append("...");
        }
        return text.toString();
    }

    private static boolean startsWith(final byte[] bytes, final int index, final String prefix)
    {
        if (index + prefix.length() > bytes.length)
        {
            return false;
        }
        return prefix.equals(new String(bytes, index, prefix.length(), StandardCharsets.US_ASCII));
    }
}
