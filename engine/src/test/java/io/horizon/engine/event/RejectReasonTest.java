package io.horizon.engine.event;

import java.util.EnumMap;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RejectReasonTest
{
    /** Codes are part of the journal layout: pinned here so a renumbering fails a test. */
    private static final Map<RejectReason, Integer> PINNED_CODES = new EnumMap<>(RejectReason.class);

    static
    {
        PINNED_CODES.put(RejectReason.NONE, 0);
        PINNED_CODES.put(RejectReason.RING_FULL, 1);
        PINNED_CODES.put(RejectReason.INVALID_QUANTITY, 2);
        PINNED_CODES.put(RejectReason.INVALID_PRICE, 3);
        PINNED_CODES.put(RejectReason.UNKNOWN_INSTRUMENT, 4);
        PINNED_CODES.put(RejectReason.UNKNOWN_ACCOUNT, 5);
        PINNED_CODES.put(RejectReason.UNKNOWN_ORDER, 6);
        PINNED_CODES.put(RejectReason.DUPLICATE_CLIENT_ORDER_ID, 7);
        PINNED_CODES.put(RejectReason.ILLEGAL_TRANSITION, 8);
        PINNED_CODES.put(RejectReason.ORDER_CAPACITY, 9);
        PINNED_CODES.put(RejectReason.NO_MARKET_DATA, 10);
        PINNED_CODES.put(RejectReason.VENUE_REJECTED, 11);
        PINNED_CODES.put(RejectReason.VENUE_EXCEPTION, 12);
        PINNED_CODES.put(RejectReason.KILL_SWITCH, 13);
        PINNED_CODES.put(RejectReason.MARKET_ORDER_NOT_AMENDABLE, 14);
        PINNED_CODES.put(RejectReason.TOO_LATE, 15);
        PINNED_CODES.put(RejectReason.AMEND_QUANTITY_BELOW_FILLED, 16);
        PINNED_CODES.put(RejectReason.PRICE_OVERFLOW, 17);
        PINNED_CODES.put(RejectReason.HANDLER_EXCEPTION, 18);
        PINNED_CODES.put(RejectReason.ACCOUNT_HALTED, 19);
        PINNED_CODES.put(RejectReason.PRICE_BELOW_MIN, 20);
        PINNED_CODES.put(RejectReason.PRICE_ABOVE_MAX, 21);
        PINNED_CODES.put(RejectReason.NOTIONAL_LIMIT, 22);
        PINNED_CODES.put(RejectReason.RATE_LIMIT, 23);
        PINNED_CODES.put(RejectReason.ORDERS_PER_TICK, 24);
        PINNED_CODES.put(RejectReason.MARKET_ORDERS_DISABLED, 25);
        PINNED_CODES.put(RejectReason.STOP_LOSS_COOLDOWN, 26);
        PINNED_CODES.put(RejectReason.INSTRUMENT_PAUSED, 27);
        PINNED_CODES.put(RejectReason.NO_QUOTE, 28);
        PINNED_CODES.put(RejectReason.STALE_QUOTE, 29);
        PINNED_CODES.put(RejectReason.PRICE_DEVIATION, 30);
        PINNED_CODES.put(RejectReason.POSITION_LIMIT, 31);
        PINNED_CODES.put(RejectReason.LEVERAGE_LIMIT, 32);
        PINNED_CODES.put(RejectReason.DUPLICATE_ORDER, 33);
        PINNED_CODES.put(RejectReason.MISSING_SIDE, 34);
        PINNED_CODES.put(RejectReason.MISSING_ORDER_TYPE, 35);
        PINNED_CODES.put(RejectReason.CROSSED_QUOTE, 36);
    }

    @ParameterizedTest
    @EnumSource(RejectReason.class)
    void shouldRoundTripEveryCodeThroughFromCode(final RejectReason reason)
    {
        assertSame(reason, RejectReason.fromCode(reason.code()));
    }

    @ParameterizedTest
    @EnumSource(RejectReason.class)
    void shouldKeepEveryCodeAsPinned(final RejectReason reason)
    {
        assertEquals(PINNED_CODES.get(reason), reason.code(), "code of " + reason + " changed or is not pinned");
    }

    @ParameterizedTest
    @ValueSource(ints = {-1, 37, 63, 64, Integer.MAX_VALUE, Integer.MIN_VALUE})
    void shouldAnswerNullForAnUnknownCode(final int code)
    {
        assertNull(RejectReason.fromCode(code));
    }

    @ParameterizedTest
    @EnumSource(RejectReason.class)
    void shouldStartEveryDescriptionWithTheFixedText(final RejectReason reason)
    {
        assertTrue(reason.describe(7).startsWith(reason.text()), reason.describe(7));
    }

    @Test
    void shouldDescribeAFixedPointValueInDecimal()
    {
        assertEquals(RejectReason.ValueKind.FIXED, RejectReason.INVALID_QUANTITY.valueKind());
        assertEquals("quantity must be > 0, got -5", RejectReason.INVALID_QUANTITY.describe(FixedPoint.ofUnits(-5)));
        assertEquals(
            "limit price must be finite and > 0, got -0.25",
            RejectReason.INVALID_PRICE.describe(-250_000));
    }

    @Test
    void shouldDescribeAnIdAsAPlainNumber()
    {
        assertEquals(RejectReason.ValueKind.ID, RejectReason.UNKNOWN_INSTRUMENT.valueKind());
        assertEquals("unknown instrument id 42", RejectReason.UNKNOWN_INSTRUMENT.describe(42));
    }

    @Test
    void shouldDescribeACountAsAPlainNumber()
    {
        assertEquals(RejectReason.ValueKind.COUNT, RejectReason.ORDER_CAPACITY.valueKind());
        assertEquals("too many live orders; capacity is 4096", RejectReason.ORDER_CAPACITY.describe(4096));
    }

    @Test
    void shouldDescribeAClientOrderIdByItsLowBitsInHex()
    {
        assertEquals(RejectReason.ValueKind.CLIENT_ORDER_ID, RejectReason.DUPLICATE_CLIENT_ORDER_ID.valueKind());
        assertEquals(
            "duplicate client order id (low bits 4c61efb99302bd5b)",
            RejectReason.DUPLICATE_CLIENT_ORDER_ID.describe(0x4C61EFB99302BD5BL));
    }

    @Test
    void shouldDescribeATransitionAsTriggerInState()
    {
        assertEquals(RejectReason.ValueKind.TRANSITION, RejectReason.ILLEGAL_TRANSITION.valueKind());
        assertEquals(
            "illegal transition CANCEL_REQUEST in state FILLED",
            RejectReason.ILLEGAL_TRANSITION.describe(
                OrderTrigger.packTransition(OrderState.FILLED, OrderTrigger.CANCEL_REQUEST)));
    }

    @Test
    void shouldDescribeAReasonWithoutAValueByItsTextAlone()
    {
        assertEquals(RejectReason.ValueKind.NONE, RejectReason.KILL_SWITCH.valueKind());
        assertEquals("kill switch engaged", RejectReason.KILL_SWITCH.describe(123));
        assertEquals("ring full", RejectReason.RING_FULL.describe(0));
    }

    @Test
    void shouldDescribeTheValueAndTheLimitItBroke()
    {
        assertEquals(
            "notional 60000 exceeds max_order_notional 50000",
            RejectReason.NOTIONAL_LIMIT.describe(FixedPoint.ofUnits(60_000), FixedPoint.ofUnits(50_000)));
        assertEquals(
            "price is 5.2631% away from mid; max_price_deviation_pct is 5%",
            RejectReason.PRICE_DEVIATION.describe(52_631, 50_000));
        assertEquals(
            "quote is 5001 ms old; max_quote_age_ms is 5000 ms",
            RejectReason.STALE_QUOTE.describe(5_001, 5_000));
        assertEquals("kill switch engaged", RejectReason.KILL_SWITCH.describe(0, 0));
    }

    @Test
    void shouldShowPlaceholdersInTheTemplateOfATwoValueReason()
    {
        assertEquals("notional <value> exceeds max_order_notional <limit>", RejectReason.NOTIONAL_LIMIT.template());
        assertEquals("unknown instrument id <value>", RejectReason.UNKNOWN_INSTRUMENT.template());
        assertEquals("kill switch engaged", RejectReason.KILL_SWITCH.template());
    }

    @ParameterizedTest
    @EnumSource(RejectReason.ValueKind.class)
    void shouldUseEveryValueKindForAtLeastOneReason(final RejectReason.ValueKind kind)
    {
        boolean used = false;
        for (final RejectReason reason : RejectReason.values())
        {
            used |= reason.valueKind() == kind;
        }
        assertTrue(used, kind.name());
    }
}
