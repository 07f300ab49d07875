package io.horizon.engine.order;

import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ClientOrderIdsTest
{
    // The spec's example ULID, decoded independently (arbitrary-precision base-32 arithmetic).
    private static final String SPEC_ULID = "01ARZ3NDEKTSV4RRFFQ69G5FAV";
    private static final long SPEC_HI = 0x01563E3AB5D3D676L;
    private static final long SPEC_LO = 0x4C61EFB99302BD5BL;

    @Test
    void shouldEncodeTheSpecTimestampVectorAsTheFirstTenCharacters()
    {
        final long hi = 1469918176385L << 16;

        final String id = ClientOrderIds.format(hi, 0);

        assertEquals("hzn_01ARYZ6S41" + "0000000000000000", id);
    }

    @Test
    void shouldFormatAndParseTheSpecExample()
    {
        assertEquals("hzn_" + SPEC_ULID, ClientOrderIds.format(SPEC_HI, SPEC_LO));
        assertEquals(new ClientOrderId(SPEC_HI, SPEC_LO), ClientOrderIds.parse("hzn_" + SPEC_ULID));
        assertEquals(1469922850259L, ClientOrderIds.timestampMillis(SPEC_HI));
    }

    @Test
    void shouldFormatTheExtremes()
    {
        assertEquals("hzn_00000000000000000000000000", ClientOrderIds.format(0, 0));
        assertEquals("hzn_7ZZZZZZZZZZZZZZZZZZZZZZZZZ", ClientOrderIds.format(-1L, -1L));
        assertEquals(new ClientOrderId(-1L, -1L), ClientOrderIds.parse("hzn_7ZZZZZZZZZZZZZZZZZZZZZZZZZ"));
    }

    @Test
    void shouldRoundTripManyRandomIds()
    {
        final SplittableRandom random = new SplittableRandom(42);
        for (int i = 0; i < 100_000; i++)
        {
            final long hi = random.nextLong();
            final long lo = random.nextLong();

            final String text = ClientOrderIds.format(hi, lo);
            final ClientOrderId parsed = ClientOrderIds.parse(text);

            assertEquals(ClientOrderIds.LENGTH, text.length(), text);
            assertEquals(hi, parsed.hi(), text);
            assertEquals(lo, parsed.lo(), text);
            assertEquals(text, parsed.toString());
        }
    }

    @Test
    void shouldSortTextTheSameWayAsUnsignedHiThenLo()
    {
        final SplittableRandom random = new SplittableRandom(7);
        for (int i = 0; i < 10_000; i++)
        {
            final long hi1 = random.nextLong();
            final long lo1 = random.nextLong();
            final long hi2 = random.nextInt(4) == 0 ? hi1 : random.nextLong();
            final long lo2 = random.nextLong();

            final int byText = ClientOrderIds.format(hi1, lo1).compareTo(ClientOrderIds.format(hi2, lo2));
            final int byBits = ClientOrderIds.compare(hi1, lo1, hi2, lo2);

            assertEquals(Integer.signum(byText), Integer.signum(byBits));
        }
    }

    @Test
    void shouldAppendWithoutDisturbingWhatIsAlreadyInTheBuilder()
    {
        final StringBuilder sb = new StringBuilder("id=");

        ClientOrderIds.appendTo(sb, SPEC_HI, SPEC_LO).append(';');

        assertEquals("id=hzn_" + SPEC_ULID + ";", sb.toString());
    }

    @Test
    void shouldAcceptLowercase()
    {
        final String lower = "hzn_" + SPEC_ULID.toLowerCase();

        assertTrue(ClientOrderIds.isValid(lower));
        assertEquals(new ClientOrderId(SPEC_HI, SPEC_LO), ClientOrderId.parse(lower));
    }

    @Test
    void shouldExposeTheTimestampThroughTheRecord()
    {
        assertEquals(1469922850259L, ClientOrderId.parse("hzn_" + SPEC_ULID).timestampMillis());
    }

    @Test
    void shouldRejectAWrongPrefix()
    {
        assertParseFails(
            "ord_" + SPEC_ULID,
            "client order id 'ord_" + SPEC_ULID + "' must start with 'hzn_' followed by 26 Crockford base32 characters");
    }

    @Test
    void shouldRejectAnUppercasePrefix()
    {
        assertParseFails(
            "HZN_" + SPEC_ULID,
            "client order id 'HZN_" + SPEC_ULID + "' must start with 'hzn_' followed by 26 Crockford base32 characters");
    }

    @Test
    void shouldRejectABareUlidWithoutThePrefix()
    {
        assertParseFails(
            SPEC_ULID,
            "client order id '" + SPEC_ULID + "' must start with 'hzn_' followed by 26 Crockford base32 characters");
    }

    @Test
    void shouldRejectTextShorterThanThePrefix()
    {
        assertParseFails("hz", "client order id 'hz' must start with 'hzn_' followed by 26 Crockford base32 characters");
        assertParseFails("", "client order id '' must start with 'hzn_' followed by 26 Crockford base32 characters");
    }

    @Test
    void shouldRejectAnIdOneCharacterShort()
    {
        assertParseFails(
            "hzn_01ARZ3NDEKTSV4RRFFQ69G5FA",
            "client order id 'hzn_01ARZ3NDEKTSV4RRFFQ69G5FA' must be 'hzn_' followed by 26 Crockford base32 " +
            "characters (got 25)");
    }

    @Test
    void shouldRejectAnIdOneCharacterLong()
    {
        assertParseFails(
            "hzn_01ARZ3NDEKTSV4RRFFQ69G5FAVX",
            "client order id 'hzn_01ARZ3NDEKTSV4RRFFQ69G5FAVX' must be 'hzn_' followed by 26 Crockford base32 " +
            "characters (got 27)");
    }

    @Test
    void shouldRejectThePrefixAlone()
    {
        assertParseFails(
            "hzn_",
            "client order id 'hzn_' must be 'hzn_' followed by 26 Crockford base32 characters (got 0)");
    }

    @ParameterizedTest
    @ValueSource(strings = {"I", "L", "O", "U", "i", "l", "o", "u", "-", "*", " ", "é"})
    void shouldRejectACharacterOutsideCrockfordBase32AndSayWhere(final String bad)
    {
        final String text = "hzn_01ARZ3" + bad + "DEKTSV4RRFFQ69G5FAV";

        assertParseFails(
            text,
            "client order id '" + text + "' has '" + bad + "' at index 10, which is not a Crockford base32 " +
            "character: use 0-9 and A-Z except I, L, O and U");
    }

    @Test
    void shouldReportTheFirstBadCharacterWhenThereAreSeveral()
    {
        final String text = "hzn_0UARZ3NDEKTSV4RRFFQ69G5FAO";

        assertParseFails(
            text,
            "client order id '" + text + "' has 'U' at index 5, which is not a Crockford base32 " +
            "character: use 0-9 and A-Z except I, L, O and U");
    }

    @ParameterizedTest
    @ValueSource(strings = {"8", "9", "A", "Z", "z"})
    void shouldRejectAFirstCharacterAboveSevenBecauseItOverflows128Bits(final String first)
    {
        final String text = "hzn_" + first + "ZZZZZZZZZZZZZZZZZZZZZZZZZ";

        assertParseFails(
            text,
            "client order id '" + text + "' is out of range: the first character after 'hzn_' must be 0-7 to fit " +
            "128 bits (got '" + first + "')");
    }

    @Test
    void shouldRejectNullWithAMessage()
    {
        assertFalse(ClientOrderIds.isValid(null));
        final IllegalArgumentException ex = assertThrows(IllegalArgumentException.class, () -> ClientOrderIds.parse(null));
        assertEquals(
            "client order id is missing: expected 'hzn_' followed by 26 Crockford base32 characters", ex.getMessage());
    }

    private static void assertParseFails(final String text, final String message)
    {
        assertFalse(ClientOrderIds.isValid(text), text);
        final IllegalArgumentException ex = assertThrows(IllegalArgumentException.class, () -> ClientOrderIds.parse(text));
        assertEquals(message, ex.getMessage());
    }
}
