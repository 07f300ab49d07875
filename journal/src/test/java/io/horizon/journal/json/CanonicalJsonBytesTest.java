package io.horizon.journal.json;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.function.Function;

import io.horizon.journal.audit.AuditCategory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Audit payloads are hashed into the chain, so the writer behind them must keep writing the same
 * bytes for the same calls, whatever writes them. Every call sequence here runs through
 * {@link JsonObjectWriter} and through {@link HandWrittenJson}, the canonical form as first
 * written, and the UTF-8 bytes (and so their SHA-256) must be identical.
 */
final class CanonicalJsonBytesTest
{
    /** Text the audit log really carries, and every character class the escaper treats apart. */
    private static final String[] TEXTS = {
        "", "plain", "user:alice: fat finger on MSFT", "hzn_01JDQ3B7Y6M3T8R2K5W9XZ4C1N",
        "quote \" backslash \\ slash / newline \n return \r tab \t", "backspace \b formfeed \f nul \u0000 us \u001f del \u007f",
        "latin é ß, cjk 漢字, warning ⚠, emoji 😀, line sep \u2028 para sep \u2029, bom \ufeff",
        "deploy/runbooks/kill-switch.md", "notional 59700 exceeds max_order_notional 50000",
        "{\"json\":\"inside\"}", "lone surrogates \ud800 and \udfff"};

    /** One writer call, applied to both writers alike. */
    private interface Call
    {
        void on(JsonObjectWriter json);

        void on(HandWrittenJson json);
    }

    @ParameterizedTest
    @EnumSource(AuditCategory.class)
    void shouldWriteThePayloadOfEveryAuditCategoryByteForByteAsBefore(final AuditCategory category) throws Exception
    {
        final Random random = new Random(category.ordinal() * 7919L + 18);
        final List<Call> calls = new ArrayList<>();
        calls.add(text("category", category.code()));
        calls.add(text("message", TEXTS[random.nextInt(TEXTS.length)]));
        calls.add(text("absent", null));
        calls.add(number("sequence", random.nextLong()));
        calls.add(number("zero", 0));
        calls.add(number("min", Long.MIN_VALUE));
        calls.add(number("max", Long.MAX_VALUE));
        calls.add(bool("held", random.nextBoolean()));
        calls.add(open("journal"));
        calls.add(number("output", random.nextInt(1_000_000)));
        calls.add(text("command", randomText(random, 40)));
        calls.add(open("nested"));
        calls.add(close());
        calls.add(close());
        for (final String text : TEXTS)
        {
            calls.add(text(text.isEmpty() ? "empty" : text, text));
        }
        calls.add(text("random", randomText(random, 200)));

        assertSameBytes(calls);
    }

    @Test
    void shouldQuoteEveryCharOfTheBasicPlaneAsBefore()
    {
        final StringBuilder all = new StringBuilder(0x10000);
        for (char ch = 0; ch < 0xFFFF; ch++)
        {
            all.append(ch);
            final String one = String.valueOf(ch);
            assertEquals(HandWrittenJson.quote(one), JsonObjectWriter.quote(one), "char " + (int)ch);
        }
        all.append('\uFFFF');
        assertEquals(HandWrittenJson.quote(all.toString()), JsonObjectWriter.quote(all.toString()));
    }

    @Test
    void shouldKeepTheCanonicalFormOfAKnownPayload()
    {
        assertEquals("{\"a\":\"x\\u0008\\u000c\\n\\\"\\\\\\u001f/\",\"n\":-9223372036854775808,\"b\":true," +
                "\"o\":{\"p\":{}},\"u\":\"\u00e9\ud83d\ude00\"}",
            new JsonObjectWriter().begin()
                .field("a", "x\b\f\n\"\\\u001f/").field("skipped", (String)null).field("n", Long.MIN_VALUE).field("b", true)
                .beginObject("o").beginObject("p").endObject().endObject()
                .field("u", "\u00e9\ud83d\ude00")
                .finish());
    }

    private static void assertSameBytes(final List<Call> calls) throws NoSuchAlgorithmException
    {
        final JsonObjectWriter now = new JsonObjectWriter().begin();
        final HandWrittenJson before = new HandWrittenJson().begin();
        for (final Call call : calls)
        {
            call.on(now);
            call.on(before);
        }
        final byte[] expected = before.finish().getBytes(StandardCharsets.UTF_8);
        final byte[] actual = now.finish().getBytes(StandardCharsets.UTF_8);
        assertEquals(new String(expected, StandardCharsets.UTF_8), new String(actual, StandardCharsets.UTF_8));
        assertEquals(sha256(expected), sha256(actual));
    }

    private static String sha256(final byte[] bytes) throws NoSuchAlgorithmException
    {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }

    private static String randomText(final Random random, final int length)
    {
        final StringBuilder sb = new StringBuilder(length);
        for (int i = 0; i < length; i++)
        {
            switch (random.nextInt(4))
            {
                case 0:
                    sb.append((char)random.nextInt(0x80));
                    break;
                case 1:
                    sb.append((char)random.nextInt(0x20));
                    break;
                case 2:
                    sb.append((char)(0x80 + random.nextInt(0xFF80)));
                    break;
                default:
                    sb.appendCodePoint(0x10000 + random.nextInt(0xFFFFF));
                    break;
            }
        }
        return sb.toString();
    }

    private static Call text(final String name, final String value)
    {
        return call(j -> j.field(name, value), j -> j.field(name, value));
    }

    private static Call number(final String name, final long value)
    {
        return call(j -> j.field(name, value), j -> j.field(name, value));
    }

    private static Call bool(final String name, final boolean value)
    {
        return call(j -> j.field(name, value), j -> j.field(name, value));
    }

    private static Call open(final String name)
    {
        return call(j -> j.beginObject(name), j -> j.beginObject(name));
    }

    private static Call close()
    {
        return call(JsonObjectWriter::endObject, HandWrittenJson::endObject);
    }

    private static Call call(final Function<JsonObjectWriter, ?> now, final Function<HandWrittenJson, ?> before)
    {
        return new Call()
        {
            @Override
            public void on(final JsonObjectWriter json)
            {
                now.apply(json);
            }

            @Override
            public void on(final HandWrittenJson json)
            {
                before.apply(json);
            }
        };
    }
}
