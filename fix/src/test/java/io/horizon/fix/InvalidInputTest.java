package io.horizon.fix;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import io.horizon.engine.counter.EngineCounters;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Invalid input is counted and kept one by one, but a flood gets at most
 * {@link InvalidInput#LINES_PER_INTERVAL} log lines per interval and then one summary line; what is
 * shown is printable and never holds a password.
 */
final class InvalidInputTest
{
    private static final String SESSION = "sim HORIZON->HZSIM@127.0.0.1:9878";

    private final CapturedStderr log = new CapturedStderr();
    private final EngineCounters counters = new EngineCounters();
    private final FixSessionCounters metrics = new FixSessionCounters(counters, "sim");
    private final List<String> kept = new ArrayList<>();
    private final InvalidInput input = invalidInput();

    @AfterEach
    void restoreStderr()
    {
        log.close();
    }

    @Test
    void shouldCountAndKeepEveryMessageOfAFloodButLogOnlyTheFirstTenAndThenASummaryPerInterval()
    {
        final long start = 5_000_000_000L;
        for (int i = 0; i < 1_000; i++)
        {
            invalid("8=FIX.4.4\u00019=5\u000135=8\u000110=000\u0001", start + i * 1_000L);
        }
        input.tick(start + InvalidInput.INTERVAL_NANOS / 2);
        assertEquals(10, lines("invalid message from the venue: 35=8 9=BodyLength 5"), log.text());
        assertEquals(0, lines("more invalid message(s)"), "no summary before the interval is over");

        input.tick(start + InvalidInput.INTERVAL_NANOS);
        assertEquals(1, lines("990 more invalid message(s) from the venue in 10 s not logged one by one"), log.text());
        assertEquals(1_000, metrics.invalidMessages.get());
        assertEquals(1_000, input.invalidMessages());
        assertEquals(1_000, kept.size(), "every one is kept");

        // The next interval logs again, one by one.
        invalid("8=FIX.4.4\u00019=5\u000135=8\u000110=000\u0001", start + InvalidInput.INTERVAL_NANOS + 1);
        assertEquals(11, lines("invalid message from the venue: 35=8 9=BodyLength 5"), log.text());
        input.tick(start + 3 * InvalidInput.INTERVAL_NANOS);
        assertEquals(1, lines("more invalid message(s)"), "no summary when nothing went unlogged");
    }

    @Test
    void shouldShowControlBytesEscapedAndMaskThePasswordInTheLogAndInWhatIsKept()
    {
        final byte[] bytes = "\u0000\u00ffX\\8=FIX.4.4\u0001554=hunter2\u0001925=newpass\u0001".getBytes(StandardCharsets.ISO_8859_1);
        input.invalid("(unframed bytes)", null, null, "no 8=BeginString at the start", new UnsafeBuffer(bytes), 0,
            bytes.length, 1L);

        assertEquals(1, kept.size());
        final String shown = "\\x00\\xffX\\\\8=FIX.4.4|554=***|925=***|";
        assertEquals("(unframed bytes) | (none) | " + shown.substring(0, InvalidInput.FIRST_BYTES) + "... | " + shown,
            kept.get(0), "the first bytes as the value, all of them as the raw message");
        assertEquals(1, lines("invalid message from the venue, no 8=BeginString at the start: " + bytes.length +
            " bytes, first bytes: \\x00\\xffX\\\\8=FIX.4.4|554=***|925=***|"), log.text());
        assertFalse(log.text().contains("hunter2") || log.text().contains("newpass"), log.text());
    }

    @Test
    void shouldCutWhatIsShownAndKeptOfALongMessage()
    {
        final byte[] bytes = "A".repeat(10_000).getBytes(StandardCharsets.US_ASCII);
        input.invalid("(unframed bytes)", null, null, "no 8=BeginString at the start", new UnsafeBuffer(bytes), 0,
            bytes.length, 1L);

        final String raw = kept.get(0).substring(kept.get(0).lastIndexOf(" | ") + 3);
        assertEquals("A".repeat(InvalidInput.KEPT_BYTES) + "...", raw);
        assertTrue(kept.get(0).startsWith("(unframed bytes) | (none) | " + "A".repeat(InvalidInput.FIRST_BYTES) + "... |"),
            kept.get(0));
        assertEquals(1, lines("first bytes: " + "A".repeat(InvalidInput.LOGGED_BYTES) + "..."), log.text());
    }

    private InvalidInput invalidInput()
    {
        final FixRefusals refusals = new FixRefusals("sim", SESSION, metrics);
        refusals.sink((venue, session, messageType, tag, value, reason, raw) ->
            kept.add(messageType + " | " + tag + " | " + value + " | " + raw));
        return new InvalidInput(refusals, metrics, SESSION);
    }

    private void invalid(final String message, final long nowNanos)
    {
        final byte[] bytes = message.getBytes(StandardCharsets.US_ASCII);
        input.invalid("35=8", "9=BodyLength", "5", "the body is 5 bytes", new UnsafeBuffer(bytes), 0, bytes.length,
            nowNanos);
    }

    private long lines(final String text)
    {
        return log.text().lines().filter(l -> l.contains("WARN") && l.contains("FIX session " + SESSION + ": ") &&
            l.contains(text)).count();
    }
}
