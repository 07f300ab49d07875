package io.horizon.engine.venue.paper;

import io.horizon.engine.event.FixedPoint;
import io.horizon.engine.event.InboundEvent;
import io.horizon.engine.event.OrderType;
import io.horizon.engine.event.RejectReason;
import io.horizon.engine.event.Side;
import io.horizon.engine.output.EngineOutput;
import io.horizon.engine.output.OutputKind;
import io.horizon.engine.reference.ReferenceData;
import io.horizon.engine.snapshot.SnapshotFormatException;
import io.horizon.engine.snapshot.StateReader;
import io.horizon.engine.snapshot.StateWriter;
import io.horizon.engine.venue.VenueResponses;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

class PaperVenueTest
{
    private static final int ACCOUNT = 3;
    private static final int INSTRUMENT = 0;
    private static final int OTHER_INSTRUMENT = 1;

    private final ReferenceData referenceData = ReferenceData.builder()
        .instrument("AAA", FixedPoint.fromDouble(0.01), FixedPoint.ofUnits(100))
        .instrument("BBB", FixedPoint.fromDouble(0.01), FixedPoint.ofUnits(50))
        .account("acct-0", FixedPoint.ofUnits(1_000_000))
        .account("acct-1", FixedPoint.ofUnits(1_000_000))
        .account("acct-2", FixedPoint.ofUnits(1_000_000))
        .account("acct-3", FixedPoint.ofUnits(1_000_000))
        .build();

    private final RecordingResponses responses = new RecordingResponses();
    private final InboundEvent marketData = new InboundEvent();
    private final EngineOutput command = new EngineOutput();
    private long feedSequence;
    private PaperVenue venue;

    @BeforeEach
    void setUp()
    {
        venue = new PaperVenue(referenceData, 16);
    }

    @Test
    void shouldCallItselfPaper()
    {
        assertEquals("paper", venue.name());
    }

    @Test
    void shouldRefuseCapacityOutOfRange()
    {
        assertThrows(IllegalArgumentException.class, () -> new PaperVenue(referenceData, 0));
        assertThrows(IllegalArgumentException.class, () -> new PaperVenue(referenceData, PaperVenue.MAX_CAPACITY + 1));
    }

    @Test
    void shouldRejectUnknownInstrument()
    {
        submit(1, 7, Side.BUY, OrderType.LIMIT, 100, 5);
        submit(2, -1, Side.BUY, OrderType.MARKET, 0, 5);

        responses.expect(
            "reject #1 a3 i7 UNKNOWN_INSTRUMENT 7",
            "reject #2 a3 i-1 UNKNOWN_INSTRUMENT -1");
        assertEquals(0, venue.restingOrderCount());
    }

    @Test
    void shouldAckAndRestLimitOrderWithIncreasingVenueOrderIds()
    {
        limit(1, Side.BUY, 100, 5);
        limit(2, Side.SELL, 102, 5);

        responses.expect("ack #1 a3 i0 venue=1", "ack #2 a3 i0 venue=2");
        assertEquals(2, venue.restingOrderCount());
    }

    @Test
    void shouldFillAggressiveLimitAtTheTouch()
    {
        quote(INSTRUMENT, 99, 10, 101, 10);
        limit(1, Side.BUY, 102, 4);
        limit(2, Side.SELL, 98, 3);

        responses.expect(
            "ack #1 a3 i0 venue=1",
            "fill #1 a3 i0 4@101 leaves=0",
            "ack #2 a3 i0 venue=2",
            "fill #2 a3 i0 3@99 leaves=0");
        assertEquals(0, venue.restingOrderCount());
    }

    @Test
    void shouldPartiallyFillWhenQuoteSizeIsSmallerThanOrder()
    {
        quote(INSTRUMENT, 99, 10, 101, 4);
        limit(1, Side.BUY, 101, 10);
        limit(2, Side.SELL, 103, 10);
        quote(INSTRUMENT, 103, 3, 104, 10);

        responses.expect(
            "ack #1 a3 i0 venue=1",
            "fill #1 a3 i0 4@101 leaves=6",
            "ack #2 a3 i0 venue=2",
            "fill #2 a3 i0 3@103 leaves=7");
        assertEquals(2, venue.restingOrderCount());
    }

    @Test
    void shouldFillRestingBuysInPriceTimePriorityWhenAskCrosses()
    {
        limit(1, Side.BUY, 100, 5);
        limit(2, Side.BUY, 101, 5);
        limit(3, Side.BUY, 100, 5);
        limit(4, Side.BUY, 99, 5);
        responses.clear();

        quote(INSTRUMENT, 98, 10, 100, 12);

        responses.expect(
            "fill #2 a3 i0 5@101 leaves=0",
            "fill #1 a3 i0 5@100 leaves=0",
            "fill #3 a3 i0 2@100 leaves=3");
        assertEquals(2, venue.restingOrderCount());
    }

    @Test
    void shouldFillRestingSellsInPriceTimePriorityWhenBidCrosses()
    {
        limit(1, Side.SELL, 102, 5);
        limit(2, Side.SELL, 101, 5);
        limit(3, Side.SELL, 102, 5);
        limit(4, Side.SELL, 103, 5);
        responses.clear();

        quote(INSTRUMENT, 102, 12, 104, 10);

        responses.expect(
            "fill #2 a3 i0 5@101 leaves=0",
            "fill #1 a3 i0 5@102 leaves=0",
            "fill #3 a3 i0 2@102 leaves=3");
    }

    @Test
    void shouldFillAtTheLimitPriceWhenAQuoteCrossesARestingOrder()
    {
        limit(1, Side.BUY, FixedPoint.fromDouble(100.5), 5);
        responses.clear();

        quote(INSTRUMENT, 98, 10, 99, 10);

        responses.expect("fill #1 a3 i0 5@100.5 leaves=0");
    }

    @Test
    void shouldSubtractPassiveFillsFromTheStoredQuote()
    {
        limit(1, Side.BUY, 100, 5);
        quote(INSTRUMENT, 98, 10, 100, 5);
        limit(2, Side.BUY, 100, 3);
        market(3, Side.BUY, 1);

        responses.expect(
            "ack #1 a3 i0 venue=1",
            "fill #1 a3 i0 5@100 leaves=0",
            "ack #2 a3 i0 venue=2",
            "ack #3 a3 i0 venue=3",
            "expired #3 a3 i0 leaves=1");
    }

    @Test
    void shouldNotLetTwoOrdersTakeTheSameDisplayedLiquidity()
    {
        quote(INSTRUMENT, 99, 10, 101, 6);
        limit(1, Side.BUY, 101, 4);
        limit(2, Side.BUY, 102, 4);
        limit(3, Side.BUY, 103, 4);

        responses.expect(
            "ack #1 a3 i0 venue=1",
            "fill #1 a3 i0 4@101 leaves=0",
            "ack #2 a3 i0 venue=2",
            "fill #2 a3 i0 2@101 leaves=2",
            "ack #3 a3 i0 venue=3");
        assertEquals(2, venue.restingOrderCount());
    }

    @Test
    void shouldOfferLiquidityAgainWhenTheNextQuoteReplacesIt()
    {
        quote(INSTRUMENT, 99, 10, 101, 4);
        limit(1, Side.BUY, 101, 4);
        quote(INSTRUMENT, 99, 10, 101, 4);
        limit(2, Side.BUY, 101, 4);

        responses.expect(
            "ack #1 a3 i0 venue=1",
            "fill #1 a3 i0 4@101 leaves=0",
            "ack #2 a3 i0 venue=2",
            "fill #2 a3 i0 4@101 leaves=0");
    }

    @Test
    void shouldTreatZeroPriceOrSizeAsAnEmptySide()
    {
        limit(1, Side.BUY, 100, 5);
        limit(2, Side.SELL, 102, 5);
        responses.clear();

        quote(INSTRUMENT, 103, 0, 0, 10);
        quote(INSTRUMENT, 0, 10, 99, -1);
        limit(3, Side.BUY, 105, 1);

        responses.expect("ack #3 a3 i0 venue=3");
        assertEquals(3, venue.restingOrderCount());
    }

    @Test
    void shouldKeepInstrumentsApart()
    {
        limit(1, Side.BUY, 100, 5);
        quote(OTHER_INSTRUMENT, 98, 10, 99, 10);
        submit(2, OTHER_INSTRUMENT, Side.BUY, OrderType.LIMIT, 99, 2);

        responses.expect(
            "ack #1 a3 i0 venue=1",
            "ack #2 a3 i1 venue=2",
            "fill #2 a3 i1 2@99 leaves=0");
    }

    @Test
    void shouldIgnoreMarketDataForUnknownInstrument()
    {
        limit(1, Side.BUY, 100, 5);
        responses.clear();

        quote(9, 98, 10, 99, 10);
        trade(-1, 99, 10);

        responses.expect();
    }

    @Test
    void shouldFillMarketOrderAtTouchAndExpireTheRest()
    {
        quote(INSTRUMENT, 99, 3, 101, 4);
        market(1, Side.BUY, 10);
        market(2, Side.SELL, 5);

        responses.expect(
            "ack #1 a3 i0 venue=1",
            "fill #1 a3 i0 4@101 leaves=6",
            "expired #1 a3 i0 leaves=6",
            "ack #2 a3 i0 venue=2",
            "fill #2 a3 i0 3@99 leaves=2",
            "expired #2 a3 i0 leaves=2");
        assertEquals(0, venue.restingOrderCount());
    }

    @Test
    void shouldFillMarketOrderWithinTouchSizeWithoutExpiry()
    {
        quote(INSTRUMENT, 99, 3, 101, 4);
        market(1, Side.BUY, 4);

        responses.expect("ack #1 a3 i0 venue=1", "fill #1 a3 i0 4@101 leaves=0");
    }

    @Test
    void shouldExpireMarketOrderWhenTouchSideIsEmpty()
    {
        quote(INSTRUMENT, 99, 3, 0, 0);
        market(1, Side.BUY, 4);

        responses.expect("ack #1 a3 i0 venue=1", "expired #1 a3 i0 leaves=4");
    }

    @Test
    void shouldRejectMarketOrderWithoutQuote()
    {
        quote(OTHER_INSTRUMENT, 99, 3, 101, 4);
        market(1, Side.BUY, 4);

        responses.expect("reject #1 a3 i0 NO_MARKET_DATA 0");
    }

    @Test
    void shouldRejectOrdersThatCouldNeverTrade()
    {
        limit(1, Side.BUY, 100, 0);
        limit(2, Side.BUY, 0, 5);
        limit(3, Side.BUY, 100, 5);
        limit(3, Side.BUY, 100, 5);

        responses.expect(
            "reject #1 a3 i0 INVALID_QUANTITY 0",
            "reject #2 a3 i0 INVALID_PRICE 0",
            "ack #3 a3 i0 venue=1",
            "reject #3 a3 i0 VENUE_REJECTED 0");
        assertEquals(1, venue.restingOrderCount());
    }

    @Test
    void shouldCancelRestingOrderWithItsLeaves()
    {
        limit(1, Side.BUY, 100, 10);
        quote(INSTRUMENT, 98, 10, 100, 4);
        cancel(1);
        cancel(1);

        responses.expect(
            "ack #1 a3 i0 venue=1",
            "fill #1 a3 i0 4@100 leaves=6",
            "canceled #1 a3 i0 leaves=6",
            "cancelRejected #1 a3 i0 TOO_LATE 0");
        assertEquals(0, venue.restingOrderCount());
    }

    @Test
    void shouldRejectCancelOfUnknownOrder()
    {
        cancel(42);

        responses.expect("cancelRejected #42 a3 i0 TOO_LATE 0");
    }

    @Test
    void shouldRejectCancelOfFilledOrder()
    {
        quote(INSTRUMENT, 99, 10, 101, 10);
        limit(1, Side.BUY, 101, 5);
        market(2, Side.SELL, 1);
        responses.clear();

        cancel(1);
        cancel(2);

        responses.expect("cancelRejected #1 a3 i0 TOO_LATE 0", "cancelRejected #2 a3 i0 TOO_LATE 0");
    }

    @Test
    void shouldRejectWhenCapacityExhausted()
    {
        venue = new PaperVenue(referenceData, 2);
        limit(1, Side.BUY, 100, 5);
        limit(2, Side.BUY, 100, 5);
        limit(3, Side.BUY, 100, 5);

        responses.expect(
            "ack #1 a3 i0 venue=1",
            "ack #2 a3 i0 venue=2",
            "reject #3 a3 i0 ORDER_CAPACITY 2");
        assertEquals(2, venue.restingOrderCount());
    }

    @Test
    void shouldAcceptOrdersThatNeedNoSlotWhenCapacityExhausted()
    {
        venue = new PaperVenue(referenceData, 1);
        limit(1, Side.BUY, 99, 5);
        quote(INSTRUMENT, 98, 10, 101, 10);
        limit(2, Side.BUY, 101, 5);
        market(3, Side.BUY, 1);
        limit(4, Side.BUY, 101, 5);

        responses.expect(
            "ack #1 a3 i0 venue=1",
            "ack #2 a3 i0 venue=2",
            "fill #2 a3 i0 5@101 leaves=0",
            "ack #3 a3 i0 venue=3",
            "fill #3 a3 i0 1@101 leaves=0",
            "reject #4 a3 i0 ORDER_CAPACITY 1");
    }

    @Test
    void shouldReuseASlotOnceItsOrderLeavesTheBook()
    {
        venue = new PaperVenue(referenceData, 1);
        limit(1, Side.BUY, 100, 5);
        cancel(1);
        limit(2, Side.BUY, 100, 5);
        quote(INSTRUMENT, 98, 10, 100, 10);
        limit(3, Side.SELL, 102, 5);

        responses.expect(
            "ack #1 a3 i0 venue=1",
            "canceled #1 a3 i0 leaves=5",
            "ack #2 a3 i0 venue=2",
            "fill #2 a3 i0 5@100 leaves=0",
            "ack #3 a3 i0 venue=3");
    }

    @Test
    void shouldFillOnTradePrint()
    {
        limit(1, Side.BUY, 100, 5);
        limit(2, Side.BUY, 101, 5);
        limit(3, Side.BUY, 99, 5);
        limit(4, Side.SELL, 102, 5);
        responses.clear();

        trade(INSTRUMENT, 100, 7);
        trade(INSTRUMENT, 102, 1);

        responses.expect(
            "fill #2 a3 i0 5@101 leaves=0",
            "fill #1 a3 i0 2@100 leaves=3",
            "fill #4 a3 i0 1@102 leaves=4");
    }

    @Test
    void shouldGiveEachSideTheFullTradeQuantity()
    {
        limit(1, Side.BUY, 101, 5);
        limit(2, Side.SELL, 100, 5);
        responses.clear();

        trade(INSTRUMENT, FixedPoint.fromDouble(100.5), 4);

        responses.expect("fill #1 a3 i0 4@101 leaves=1", "fill #2 a3 i0 4@100 leaves=1");
    }

    @Test
    void shouldNotTakeTradedQuantityFromTheStoredQuote()
    {
        quote(INSTRUMENT, 99, 10, 101, 3);
        limit(1, Side.BUY, 101, 2);
        trade(INSTRUMENT, 101, 5);
        market(2, Side.BUY, 5);

        responses.expect(
            "ack #1 a3 i0 venue=1",
            "fill #1 a3 i0 2@101 leaves=0",
            "ack #2 a3 i0 venue=2",
            "fill #2 a3 i0 1@101 leaves=4",
            "expired #2 a3 i0 leaves=4");
    }

    @Test
    void shouldKeepPriorityWhenAmendReducesSize()
    {
        limit(1, Side.BUY, 100, 5);
        limit(2, Side.BUY, 100, 5);
        amend(1, 100, 3);
        quote(INSTRUMENT, 98, 10, 100, 4);

        responses.expect(
            "ack #1 a3 i0 venue=1",
            "ack #2 a3 i0 venue=2",
            "replaced #1 a3 i0 3@100 leaves=3",
            "fill #1 a3 i0 3@100 leaves=0",
            "fill #2 a3 i0 1@100 leaves=4");
    }

    @Test
    void shouldLosePriorityWhenAmendChangesPrice()
    {
        limit(1, Side.BUY, 100, 5);
        limit(2, Side.BUY, 100, 5);
        limit(3, Side.BUY, 100, 5);
        amend(1, 99, 5);
        amend(1, 100, 5);
        responses.clear();

        quote(INSTRUMENT, 98, 10, 100, 12);

        responses.expect(
            "fill #2 a3 i0 5@100 leaves=0",
            "fill #3 a3 i0 5@100 leaves=0",
            "fill #1 a3 i0 2@100 leaves=3");
    }

    @Test
    void shouldTakeBetterPriceLevelWhenAmendImprovesPrice()
    {
        limit(1, Side.SELL, 103, 5);
        limit(2, Side.SELL, 102, 5);
        amend(1, 101, 5);
        responses.clear();

        quote(INSTRUMENT, 102, 6, 104, 10);

        responses.expect("fill #1 a3 i0 5@101 leaves=0", "fill #2 a3 i0 1@102 leaves=4");
    }

    @Test
    void shouldLosePriorityWhenAmendIncreasesSize()
    {
        limit(1, Side.BUY, 100, 5);
        limit(2, Side.BUY, 100, 5);
        amend(1, 100, 8);
        responses.clear();

        quote(INSTRUMENT, 98, 10, 100, 6);

        responses.expect("fill #2 a3 i0 5@100 leaves=0", "fill #1 a3 i0 1@100 leaves=7");
    }

    @Test
    void shouldCountFilledQuantityInAmendedTotal()
    {
        limit(1, Side.BUY, 100, 10);
        quote(INSTRUMENT, 98, 10, 100, 4);
        amend(1, 99, 12);

        responses.expect(
            "ack #1 a3 i0 venue=1",
            "fill #1 a3 i0 4@100 leaves=6",
            "replaced #1 a3 i0 12@99 leaves=8");
    }

    @Test
    void shouldRejectAmendBelowFilledQuantity()
    {
        limit(1, Side.BUY, 100, 10);
        quote(INSTRUMENT, 98, 10, 100, 4);
        amend(1, 100, 4);
        amend(1, 100, 3);
        amend(1, 100, 5);

        responses.expect(
            "ack #1 a3 i0 venue=1",
            "fill #1 a3 i0 4@100 leaves=6",
            "replaceRejected #1 a3 i0 AMEND_QUANTITY_BELOW_FILLED 4",
            "replaceRejected #1 a3 i0 AMEND_QUANTITY_BELOW_FILLED 3",
            "replaced #1 a3 i0 5@100 leaves=1");
    }

    @Test
    void shouldRejectAmendOfOrderThatIsNoLongerResting()
    {
        limit(1, Side.BUY, 100, 5);
        cancel(1);
        responses.clear();

        amend(1, 100, 4);
        amend(77, 100, 4);
        amend(1, 0, 4);

        responses.expect(
            "replaceRejected #1 a3 i0 TOO_LATE 0",
            "replaceRejected #77 a3 i0 TOO_LATE 0",
            "replaceRejected #1 a3 i0 TOO_LATE 0");
    }

    @Test
    void shouldRejectAmendToNonPositivePrice()
    {
        limit(1, Side.BUY, 100, 5);
        responses.clear();

        amend(1, 0, 5);

        responses.expect("replaceRejected #1 a3 i0 INVALID_PRICE 0");
    }

    @Test
    void shouldFillAmendedOrderAtTheTouchWhenItCrosses()
    {
        quote(INSTRUMENT, 98, 10, 100, 4);
        limit(1, Side.BUY, 99, 10);
        amend(1, 101, 10);
        amend(1, 101, 4);
        quote(INSTRUMENT, 98, 10, 100, 10);

        responses.expect(
            "ack #1 a3 i0 venue=1",
            "replaced #1 a3 i0 10@101 leaves=10",
            "fill #1 a3 i0 4@100 leaves=6",
            "replaceRejected #1 a3 i0 AMEND_QUANTITY_BELOW_FILLED 4",
            "fill #1 a3 i0 6@101 leaves=0");
        assertEquals(0, venue.restingOrderCount());
    }

    @Test
    void shouldRetireAmendedOrderFilledByItsCross()
    {
        quote(INSTRUMENT, 98, 10, 100, 10);
        limit(1, Side.BUY, 99, 6);
        amend(1, 100, 6);
        cancel(1);

        responses.expect(
            "ack #1 a3 i0 venue=1",
            "replaced #1 a3 i0 6@100 leaves=6",
            "fill #1 a3 i0 6@100 leaves=0",
            "cancelRejected #1 a3 i0 TOO_LATE 0");
        assertEquals(0, venue.restingOrderCount());
    }

    @Test
    void shouldGiveIdenticalResponsesForTheSameCallSequence()
    {
        final List<String> first = runScript(new PaperVenue(referenceData, 8));
        final List<String> second = runScript(new PaperVenue(referenceData, 8));

        assertFalse(first.isEmpty());
        assertEquals(first, second);
    }

    @Test
    void shouldAnswerAfterARestoreOfItsBookExactlyAsTheVenueItWasCopiedFrom()
    {
        // A book with priority that differs from arrival (an amend lost it), a partial fill, a
        // quote partly taken, and resting orders on two instruments.
        limit(1, Side.BUY, 100, 5);
        limit(2, Side.BUY, 100, 5);
        limit(3, Side.SELL, 104, 5);
        submit(4, OTHER_INSTRUMENT, Side.SELL, OrderType.LIMIT, 60, 5);
        amend(1, 100, 6);
        quote(INSTRUMENT, 99, 10, 100, 7);
        final PaperVenue original = venue;
        final byte[] book = bookOf(original);

        final PaperVenue restored = new PaperVenue(referenceData, 16);
        restored.readState(reader(book));
        assertEquals(original.restingOrderCount(), restored.restingOrderCount());
        assertArrayEquals(book, bookOf(restored));

        final List<String> fromOriginal = afterRestoreScript(original);
        final List<String> fromRestored = afterRestoreScript(restored);
        assertTrue(fromOriginal.contains("fill #1 a3 i0 1@100 leaves=0"), fromOriginal.toString());
        assertEquals(fromOriginal, fromRestored);
        assertArrayEquals(bookOf(original), bookOf(restored));
    }

    @Test
    void shouldRefuseADamagedOrOversizedBookAndKeepItsOwn()
    {
        limit(1, Side.BUY, 100, 5);
        limit(2, Side.SELL, 104, 5);
        final byte[] book = bookOf(venue);

        final PaperVenue target = new PaperVenue(referenceData, 16);
        this.venue = target;
        limit(9, Side.BUY, 90, 1);
        final byte[] before = bookOf(target);
        final byte[] cut = java.util.Arrays.copyOf(book, book.length - 3);
        assertThrows(SnapshotFormatException.class, () -> target.readState(reader(cut)));
        assertArrayEquals(before, bookOf(target), "a refused book changes nothing");

        final SnapshotFormatException tooMany = assertThrows(SnapshotFormatException.class,
            () -> new PaperVenue(referenceData, 1).readState(reader(book)));
        assertTrue(tooMany.getMessage().contains("capacity 1"), tooMany.getMessage());
    }

    @Test
    void shouldNotAllocateWhileWritingItsBook()
    {
        final java.lang.management.ThreadMXBean bean = ManagementFactory.getThreadMXBean();
        assumeTrue(bean instanceof com.sun.management.ThreadMXBean, "JVM cannot count allocated bytes");
        final com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean)bean;
        assumeTrue(threads.isThreadAllocatedMemorySupported() && threads.isThreadAllocatedMemoryEnabled(),
            "JVM cannot count allocated bytes");
        final PaperVenue full = new PaperVenue(referenceData, 256);
        this.venue = full;
        for (int i = 0; i < 256; i++)
        {
            limit(i + 1, (i & 1) == 0 ? Side.BUY : Side.SELL, (i & 1) == 0 ? 90 - i % 7 : 110 + i % 7, 5);
        }
        final StateWriter out = new StateWriter(64 * 1024);
        for (int i = 0; i < 2_000; i++)
        {
            out.reset();
            full.writeState(out);
        }
        final long threadId = Thread.currentThread().getId();
        long fewestBytes = Long.MAX_VALUE;
        for (int round = 0; round < 10 && fewestBytes > 0; round++)
        {
            final long before = threads.getThreadAllocatedBytes(threadId);
            for (int i = 0; i < 100; i++)
            {
                out.reset();
                full.writeState(out);
            }
            fewestBytes = Math.min(fewestBytes, threads.getThreadAllocatedBytes(threadId) - before);
        }
        assertEquals(0, fewestBytes, "fewest bytes allocated writing a 256-order book 100 times");
    }

    private List<String> afterRestoreScript(final PaperVenue target)
    {
        this.venue = target;
        responses.clear();
        quote(INSTRUMENT, 98, 10, 100, 3);
        limit(7, Side.SELL, 100, 8);
        amend(2, 101, 5);
        trade(INSTRUMENT, 99, 100);
        submit(8, OTHER_INSTRUMENT, Side.BUY, OrderType.LIMIT, 61, 2);
        quote(OTHER_INSTRUMENT, 59, 5, 60, 5);
        cancel(3);
        return new ArrayList<>(responses.calls);
    }

    private static byte[] bookOf(final PaperVenue venue)
    {
        final StateWriter out = new StateWriter(256);
        venue.writeState(out);
        final byte[] bytes = new byte[out.position()];
        out.buffer().getBytes(0, bytes);
        return bytes;
    }

    private static StateReader reader(final byte[] bytes)
    {
        return new StateReader().wrap(new UnsafeBuffer(bytes), 0, bytes.length);
    }

    @Test
    void shouldNotAllocateInSteadyState()
    {
        final java.lang.management.ThreadMXBean bean = ManagementFactory.getThreadMXBean();
        assumeTrue(bean instanceof com.sun.management.ThreadMXBean, "JVM cannot count allocated bytes");
        final com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean)bean;
        assumeTrue(
            threads.isThreadAllocatedMemorySupported() && threads.isThreadAllocatedMemoryEnabled(),
            "JVM cannot count allocated bytes");

        final int capacity = 64;
        final PaperVenue venue = new PaperVenue(referenceData, capacity);
        final CountingResponses counting = new CountingResponses();
        final EngineOutput order = new EngineOutput();
        final InboundEvent event = new InboundEvent();

        long nextOrderId = 1;
        for (int i = 0; i < 2_000; i++)
        {
            nextOrderId = cycle(venue, counting, order, event, nextOrderId, capacity);
        }

        // The JVM itself allocates now and then on this thread (class loading, deoptimisation), so
        // a round is repeated until one is clean; allocation by the venue would show in every round.
        final long threadId = Thread.currentThread().getId();
        threads.getThreadAllocatedBytes(threadId);
        long fewestBytes = Long.MAX_VALUE;
        for (int round = 0; round < 10 && fewestBytes > 0; round++)
        {
            final long before = threads.getThreadAllocatedBytes(threadId);
            for (int i = 0; i < 500; i++)
            {
                nextOrderId = cycle(venue, counting, order, event, nextOrderId, capacity);
            }
            fewestBytes = Math.min(fewestBytes, threads.getThreadAllocatedBytes(threadId) - before);
        }

        assertEquals(0, fewestBytes, "fewest bytes allocated in a steady-state round");
        assertTrue(counting.calls > 0);
        assertEquals(0, venue.restingOrderCount());
    }

    /**
     * Fills the book to capacity, reprices, cancels and trades it away, touching every path that
     * must stay allocation-free.
     */
    private static long cycle(
        final PaperVenue venue,
        final VenueResponses responses,
        final EngineOutput order,
        final InboundEvent event,
        final long firstOrderId,
        final int capacity)
    {
        long orderId = firstOrderId;
        event.setQuote(0, 1, 0, INSTRUMENT, FixedPoint.ofUnits(90), FixedPoint.ofUnits(1), FixedPoint.ofUnits(110), FixedPoint.ofUnits(1));
        venue.onMarketData(event, responses);
        for (int i = 0; i < capacity; i++)
        {
            order.clear();
            order.kind = OutputKind.VENUE_NEW;
            order.orderId = orderId + i;
            order.accountId = ACCOUNT;
            order.instrumentId = INSTRUMENT;
            order.side = (i & 1) == 0 ? Side.BUY : Side.SELL;
            order.orderType = OrderType.LIMIT;
            order.price = FixedPoint.ofUnits((i & 1) == 0 ? 95 - (i % 5) : 105 + (i % 5));
            order.quantity = FixedPoint.ofUnits(10);
            venue.submit(order, responses);
        }
        order.kind = OutputKind.VENUE_AMEND;
        order.orderId = orderId;
        order.price = FixedPoint.ofUnits(96);
        order.quantity = FixedPoint.ofUnits(12);
        venue.amend(order, responses);
        order.kind = OutputKind.VENUE_CANCEL;
        order.orderId = orderId + 1;
        venue.cancel(order, responses);
        venue.cancel(order, responses);
        order.kind = OutputKind.VENUE_NEW;
        order.orderType = OrderType.MARKET;
        order.orderId = orderId + capacity;
        venue.submit(order, responses);

        event.setQuote(0, 1, 1, INSTRUMENT, FixedPoint.ofUnits(80), FixedPoint.ofUnits(1_000), FixedPoint.ofUnits(120), FixedPoint.ofUnits(1_000));
        venue.onMarketData(event, responses);
        event.setTrade(0, 1, 2, INSTRUMENT, FixedPoint.ofUnits(100), FixedPoint.ofUnits(10_000), null);
        venue.onMarketData(event, responses);
        event.setQuote(0, 1, 3, INSTRUMENT, FixedPoint.ofUnits(110), FixedPoint.ofUnits(10_000), FixedPoint.ofUnits(90), FixedPoint.ofUnits(10_000));
        venue.onMarketData(event, responses);
        orderId += capacity + 1;
        return orderId;
    }

    private List<String> runScript(final PaperVenue venue)
    {
        this.venue = venue;
        responses.clear();
        limit(1, Side.BUY, 100, 5);
        limit(2, Side.BUY, 101, 5);
        limit(3, Side.SELL, 103, 5);
        limit(4, Side.SELL, 104, 5);
        quote(INSTRUMENT, 99, 4, 102, 3);
        market(5, Side.SELL, 6);
        amend(1, 101, 7);
        amend(3, 103, 2);
        trade(INSTRUMENT, 101, 3);
        quote(INSTRUMENT, 103, 2, 104, 1);
        cancel(2);
        cancel(4);
        quote(INSTRUMENT, 98, 20, 100, 20);
        limit(6, Side.SELL, 97, 30);
        return new ArrayList<>(responses.calls);
    }

    private void limit(final long orderId, final Side side, final long priceUnits, final long quantityUnits)
    {
        submit(orderId, INSTRUMENT, side, OrderType.LIMIT, priceUnits, quantityUnits);
    }

    private void market(final long orderId, final Side side, final long quantityUnits)
    {
        submit(orderId, INSTRUMENT, side, OrderType.MARKET, 0, quantityUnits);
    }

    /**
     * Prices and quantities below 1 000 are taken as whole units, larger ones as raw fixed point,
     * so tests read naturally and can still pass fractions made with {@link FixedPoint#fromDouble}.
     */
    private static long fixed(final long value)
    {
        return Math.abs(value) < 1_000 ? FixedPoint.ofUnits(value) : value;
    }

    private void submit(
        final long orderId,
        final int instrumentId,
        final Side side,
        final OrderType type,
        final long price,
        final long quantity)
    {
        command.clear();
        command.kind = OutputKind.VENUE_NEW;
        command.orderId = orderId;
        command.accountId = ACCOUNT;
        command.instrumentId = instrumentId;
        command.side = side;
        command.orderType = type;
        command.price = fixed(price);
        command.quantity = fixed(quantity);
        venue.submit(command, responses);
    }

    private void cancel(final long orderId)
    {
        command.clear();
        command.kind = OutputKind.VENUE_CANCEL;
        command.orderId = orderId;
        command.accountId = ACCOUNT;
        command.instrumentId = INSTRUMENT;
        venue.cancel(command, responses);
    }

    private void amend(final long orderId, final long price, final long quantity)
    {
        command.clear();
        command.kind = OutputKind.VENUE_AMEND;
        command.orderId = orderId;
        command.accountId = ACCOUNT;
        command.instrumentId = INSTRUMENT;
        command.price = fixed(price);
        command.quantity = fixed(quantity);
        venue.amend(command, responses);
    }

    private void quote(
        final int instrumentId, final long bid, final long bidSize, final long ask, final long askSize)
    {
        marketData.setQuote(
            0, 1, ++feedSequence, instrumentId, fixed(bid), fixed(bidSize), fixed(ask), fixed(askSize));
        venue.onMarketData(marketData, responses);
    }

    private void trade(final int instrumentId, final long price, final long quantity)
    {
        marketData.setTrade(0, 1, ++feedSequence, instrumentId, fixed(price), fixed(quantity), null);
        venue.onMarketData(marketData, responses);
    }

    /**
     * Records each response as a line of text, quantities and prices in units, so a test reads
     * as the sequence of messages the venue sent.
     */
    private static final class RecordingResponses implements VenueResponses
    {
        final List<String> calls = new ArrayList<>();

        void clear()
        {
            calls.clear();
        }

        void expect(final String... expected)
        {
            assertEquals(List.of(expected), calls);
        }

        @Override
        public void ack(final long orderId, final int accountId, final int instrumentId, final long venueOrderId)
        {
            calls.add("ack " + who(orderId, accountId, instrumentId) + " venue=" + venueOrderId);
        }

        @Override
        public void reject(
            final long orderId, final int accountId, final int instrumentId, final RejectReason reason, final long value)
        {
            calls.add("reject " + who(orderId, accountId, instrumentId) + " " + reason + " " + rejectValue(reason, value));
        }

        @Override
        public void fill(
            final long orderId,
            final int accountId,
            final int instrumentId,
            final long price,
            final long quantity,
            final long leavesQuantity)
        {
            calls.add("fill " + who(orderId, accountId, instrumentId) + " " +
                FixedPoint.format(quantity) + "@" + FixedPoint.format(price) +
                " leaves=" + FixedPoint.format(leavesQuantity));
        }

        @Override
        public void canceled(final long orderId, final int accountId, final int instrumentId, final long leavesQuantity)
        {
            calls.add("canceled " + who(orderId, accountId, instrumentId) + " leaves=" + FixedPoint.format(leavesQuantity));
        }

        @Override
        public void cancelRejected(
            final long orderId, final int accountId, final int instrumentId, final RejectReason reason, final long value)
        {
            calls.add("cancelRejected " + who(orderId, accountId, instrumentId) + " " + reason + " " +
                rejectValue(reason, value));
        }

        @Override
        public void replaced(
            final long orderId,
            final int accountId,
            final int instrumentId,
            final long price,
            final long quantity,
            final long leavesQuantity)
        {
            calls.add("replaced " + who(orderId, accountId, instrumentId) + " " +
                FixedPoint.format(quantity) + "@" + FixedPoint.format(price) +
                " leaves=" + FixedPoint.format(leavesQuantity));
        }

        @Override
        public void replaceRejected(
            final long orderId, final int accountId, final int instrumentId, final RejectReason reason, final long value)
        {
            calls.add("replaceRejected " + who(orderId, accountId, instrumentId) + " " + reason + " " +
                rejectValue(reason, value));
        }

        @Override
        public void expired(final long orderId, final int accountId, final int instrumentId, final long leavesQuantity)
        {
            calls.add("expired " + who(orderId, accountId, instrumentId) + " leaves=" + FixedPoint.format(leavesQuantity));
        }

        private static String who(final long orderId, final int accountId, final int instrumentId)
        {
            return "#" + orderId + " a" + accountId + " i" + instrumentId;
        }

        private static String rejectValue(final RejectReason reason, final long value)
        {
            return reason.valueKind() == RejectReason.ValueKind.FIXED ? FixedPoint.format(value) : Long.toString(value);
        }
    }

    /**
     * Counts responses without keeping them, for the allocation check.
     */
    private static final class CountingResponses implements VenueResponses
    {
        long calls;

        @Override
        public void ack(final long orderId, final int accountId, final int instrumentId, final long venueOrderId)
        {
            calls++;
        }

        @Override
        public void reject(
            final long orderId, final int accountId, final int instrumentId, final RejectReason reason, final long value)
        {
            calls++;
        }

        @Override
        public void fill(
            final long orderId,
            final int accountId,
            final int instrumentId,
            final long price,
            final long quantity,
            final long leavesQuantity)
        {
            calls++;
        }

        @Override
        public void canceled(final long orderId, final int accountId, final int instrumentId, final long leavesQuantity)
        {
            calls++;
        }

        @Override
        public void cancelRejected(
            final long orderId, final int accountId, final int instrumentId, final RejectReason reason, final long value)
        {
            calls++;
        }

        @Override
        public void replaced(
            final long orderId,
            final int accountId,
            final int instrumentId,
            final long price,
            final long quantity,
            final long leavesQuantity)
        {
            calls++;
        }

        @Override
        public void replaceRejected(
            final long orderId, final int accountId, final int instrumentId, final RejectReason reason, final long value)
        {
            calls++;
        }

        @Override
        public void expired(final long orderId, final int accountId, final int instrumentId, final long leavesQuantity)
        {
            calls++;
        }
    }
}
