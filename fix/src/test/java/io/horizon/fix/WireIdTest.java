package io.horizon.fix;

import io.horizon.engine.order.ClientOrderIds;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * FIX identifiers held without allocating: the text of a client order id and of a cancel's
 * ClOrdID, equality and hashing for map keys, and the ExecID set.
 */
final class WireIdTest
{
    @Test
    void shouldWriteAClientOrderIdAsClientOrderIdsFormatsIt()
    {
        final long hi = 0x0190_1234_5678_9ABCL;
        final long lo = 0xFEDC_BA98_7654_3210L;

        assertEquals(ClientOrderIds.format(hi, lo), new WireId().setClientOrderId(hi, lo).toString());
    }

    @Test
    void shouldAppendACancelSuffixAndCount()
    {
        final WireId order = new WireId().set("hzn_01ARZ3NDEKTSV4RRFFQ69G5FAV");

        assertEquals("hzn_01ARZ3NDEKTSV4RRFFQ69G5FAV-c12", new WireId().setSuffixed(order, "-c", 12).toString());
        assertEquals("hzn_01ARZ3NDEKTSV4RRFFQ69G5FAV-c0", new WireId().setSuffixed(order, "-c", 0).toString());
    }

    @Test
    void shouldBeEqualWithTheSameHashWhenTheCharactersAreTheSame()
    {
        final char[] decoded = "ABC-17xyz".toCharArray();
        final WireId fromDecoder = new WireId().set(decoded, 6);
        final WireId fromText = new WireId().set("ABC-17");

        assertEquals(fromText, fromDecoder);
        assertEquals(fromText.hashCode(), fromDecoder.hashCode());
        assertEquals("ABC-17".hashCode(), fromText.hashCode(), "the same hash as the String");
        assertNotEquals(fromText, new WireId().set("ABC-18"));
        assertNotEquals(fromText, "ABC-17", "only another WireId is equal");
    }

    @Test
    void shouldGrowForAnIdentifierLongerThanItsInitialCapacity()
    {
        final String longId = "X".repeat(WireId.INITIAL_CAPACITY + 10);
        final WireId id = new WireId().set(longId.toCharArray(), longId.length());

        assertEquals(longId, id.toString());
        assertEquals(new WireId().set(longId), id);
        assertTrue(id.contentEquals(longId.toCharArray(), longId.length()));
    }

    @Test
    void shouldAddEachExecIdOnceAndForgetItOnRemoveOrClear()
    {
        final WireIdSet set = new WireIdSet();
        final char[] buffer = "E1E2E3E4E5E6".toCharArray();
        for (int i = 0; i < 6; i++)
        {
            assertTrue(set.add(new char[] {'E', (char)('1' + i)}, 2));
        }
        assertFalse(set.add(buffer, 2), "E1 again");
        assertEquals(6, set.size());

        set.remove("E3".toCharArray(), 2);
        assertFalse(set.contains("E3".toCharArray(), 2));
        assertTrue(set.contains("E4".toCharArray(), 2));
        assertTrue(set.add("E3".toCharArray(), 2));

        set.clear();
        assertEquals(0, set.size());
        assertTrue(set.add(buffer, 2), "E1 after clear");
    }
}
