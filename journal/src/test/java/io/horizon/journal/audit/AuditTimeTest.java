package io.horizon.journal.audit;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The audit time format is fixed width and agrees with the JDK's formatter; the canonical form
 * encodes text exactly as {@code String.getBytes(UTF_8)} does.
 */
final class AuditTimeTest
{
    private static final DateTimeFormatter REFERENCE =
        DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSSSSS'Z'").withZone(ZoneOffset.UTC);

    @Test
    void shouldFormatLikeTheJdkAtFixedWidth()
    {
        final SplittableRandom random = new SplittableRandom(7);
        for (int i = 0; i < 10_000; i++)
        {
            final long nanos = random.nextLong(-2_000_000_000_000_000_000L, 4_000_000_000_000_000_000L);
            final String text = AuditTime.format(nanos);
            assertEquals(REFERENCE.format(Instant.ofEpochSecond(Math.floorDiv(nanos, 1_000_000_000L),
                Math.floorMod(nanos, 1_000_000_000L))), text, "at " + nanos);
            assertEquals(30, text.length());
            assertEquals(nanos, AuditTime.parse(text).getEpochSecond() * 1_000_000_000L + AuditTime.parse(text).getNano());
        }
        assertEquals("1970-01-01T00:00:00.000000000Z", AuditTime.format(0));
        assertEquals("1969-12-31T23:59:59.999999999Z", AuditTime.format(-1));
    }

    @Test
    void shouldEncodeTheCanonicalFormAsUtf8LikeTheJdk()
    {
        final String[] texts = {"plain", "é ⚠ 😀", "unpaired \uD800 high", "unpaired \uDC00 low", ""};
        final AuditCanonicalForm form = new AuditCanonicalForm();
        for (final String text : texts)
        {
            final AuditEvent e = new AuditEvent("01ARZ3NDEKTSV4RRFFQ69G5FAV", 1, AuditTime.format(0), "config.change", "info",
                "system", null, null, null, null, null, null, null, text, null, AuditCanonicalForm.GENESIS_HASH, "");
            final String expected = "horizon-audit-v1\nevent_id=26:01ARZ3NDEKTSV4RRFFQ69G5FAV\nsequence=1:1\n" +
                "timestamp=30:1970-01-01T00:00:00.000000000Z\ncategory=13:config.change\nseverity=4:info\nactor=6:system\n" +
                "account_id=-\nclient_id=-\nvenue_name=-\ncorrelation_id=-\nmarket_id=-\norder_id=-\nclient_order_id=-\n" +
                "message=" + text.getBytes(StandardCharsets.UTF_8).length + ":" + text + "\npayload=-\n" +
                "prev_hash=64:" + AuditCanonicalForm.GENESIS_HASH + "\nhash=0:\n";
            assertArrayEquals(expected.getBytes(StandardCharsets.UTF_8), form.bytes(e), text);
        }
    }
}
