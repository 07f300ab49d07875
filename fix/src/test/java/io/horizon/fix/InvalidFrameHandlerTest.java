package io.horizon.fix;

import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import io.horizon.engine.counter.EngineCounters;
import org.agrona.ExpandableArrayBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import uk.co.real_logic.artio.messages.FixMessageEncoder;
import uk.co.real_logic.artio.messages.MessageHeaderEncoder;
import uk.co.real_logic.artio.messages.MessageStatus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The frames Artio's framer publishes on the library's inbound stream, as Artio encodes them: a
 * valid one is passed over without allocating; an invalid one is described by the tag at fault
 * and kept raw.
 */
final class InvalidFrameHandlerTest
{
    private static final String SESSION = "sim HORIZON->HZSIM@127.0.0.1:9878";

    private final CapturedStderr log = new CapturedStderr();
    private final EngineCounters counters = new EngineCounters();
    private final FixSessionCounters metrics = new FixSessionCounters(counters, "sim");
    private final List<String> kept = new ArrayList<>();
    private final InvalidFrameHandler handler = handler();
    private final ExpandableArrayBuffer frame = new ExpandableArrayBuffer(1024);

    @AfterEach
    void restoreStderr()
    {
        log.close();
    }

    @Test
    void shouldPassOverValidMessagesWithoutAllocatingOrReporting()
    {
        final int length = encode(MessageStatus.OK, "8=FIX.4.4\u00019=5\u000135=0\u000110=163\u0001");
        final com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean)ManagementFactory.getThreadMXBean();
        final long thread = Thread.currentThread().getId();
        for (int i = 0; i < 20_000; i++)
        {
            handler.onFragment(frame, 0, length, null);
        }
        final long before = threads.getThreadAllocatedBytes(thread);
        for (int i = 0; i < 100_000; i++)
        {
            handler.onFragment(frame, 0, length, null);
        }
        final long allocated = threads.getThreadAllocatedBytes(thread) - before;

        // An object per message would be 1.6 MB at least; what the JIT itself allocates meanwhile is a few KB.
        assertTrue(allocated < 100_000, "no allocation per valid message: " + allocated + " bytes for 100,000");
        assertEquals(List.of(), kept);
        assertEquals(0, metrics.invalidMessages.get());
    }

    @Test
    void shouldNameTheCheckSumAndWhatTheBytesSumTo()
    {
        final String head = "8=FIX.4.4\u00019=5\u000135=0\u0001";
        int sum = 0;
        for (final byte b : head.getBytes(StandardCharsets.US_ASCII))
        {
            sum += b;
        }
        final int length = encode(MessageStatus.INVALID_CHECKSUM, head + "10=999\u0001");
        handler.onFragment(frame, 0, length, null);

        assertEquals(List.of("35=0 | 10=CheckSum | 999 | the bytes before it sum to " + String.format("%03d", sum % 256) +
            " (mod 256); not applied, the venue resends it when the next message shows the gap | " +
            "8=FIX.4.4|9=5|35=0|10=999|"), kept);
        assertEquals(1, metrics.invalidMessages.get());
    }

    @Test
    void shouldNameTheBeginStringTheBodyLengthOrTheMsgTypeOfWhatCouldNotBeFramed()
    {
        handler.onFragment(frame, 0, encode(MessageStatus.INVALID, "HTTP/1.1 400 Bad Request\r\n"), null);
        handler.onFragment(frame, 0, encode(MessageStatus.INVALID, "8=FIX.4.4\u000135=0\u000110=000\u0001"), null);
        handler.onFragment(frame, 0, encode(MessageStatus.INVALID, "8=FIX.4.4\u00019=5\u000134=1\u000110=000\u0001"), null);
        handler.onFragment(frame, 0, encode(MessageStatus.INVALID_BODYLENGTH, "8=FIX.4.4\u00019=50\u000135=0\u000110=000\u0001"),
            null);

        assertEquals(4, kept.size(), kept.toString());
        assertTrue(kept.get(0).startsWith("(unframed bytes) | (none) | HTTP/1.1 400 Bad Request\\x0d\\x0a | no 8=BeginString"),
            kept.get(0));
        assertTrue(kept.get(1).startsWith("35=0 | 9=BodyLength | (absent) | no 9=BodyLength after 8=BeginString FIX.4.4"),
            kept.get(1));
        assertTrue(kept.get(2).startsWith("(unframed bytes) | 35=MsgType | (absent) | no 35=MsgType after 9=BodyLength"),
            kept.get(2));
        assertTrue(kept.get(3).startsWith("35=0 | 9=BodyLength | 50 | the body from 35=MsgType to 10=CheckSum is 5 bytes"),
            kept.get(3));
        assertEquals(4, metrics.invalidMessages.get());
    }

    private int encode(final MessageStatus status, final String body)
    {
        final FixMessageEncoder encoder = new FixMessageEncoder()
            .wrapAndApplyHeader(frame, 0, new MessageHeaderEncoder())
            .libraryId(7)
            .status(status)
            .messageType(0)
            .session(1)
            .connection(2)
            .timestamp(3)
            .sequenceIndex(0)
            .sequenceNumber(1);
        encoder.putMetaData(new UnsafeBuffer(new byte[0]), 0, 0);
        final byte[] bytes = body.getBytes(StandardCharsets.ISO_8859_1);
        encoder.putBody(bytes, 0, bytes.length);
        return MessageHeaderEncoder.ENCODED_LENGTH + encoder.encodedLength();
    }

    private InvalidFrameHandler handler()
    {
        final FixRefusals refusals = new FixRefusals("sim", SESSION, metrics);
        refusals.sink((venue, session, messageType, tag, value, reason, raw) ->
            kept.add(messageType + " | " + tag + " | " + value + " | " + reason + " | " + raw));
        final InvalidFrameHandler reader = new InvalidFrameHandler(new InvalidInput(refusals, metrics, SESSION));
        reader.nowNanos(1L);
        return reader;
    }
}
