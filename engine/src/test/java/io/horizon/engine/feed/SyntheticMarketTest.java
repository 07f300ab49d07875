package io.horizon.engine.feed;

import io.horizon.engine.event.FixedPoint;
import io.horizon.engine.event.Side;
import io.horizon.engine.reference.Instrument;
import io.horizon.engine.reference.ReferenceData;
import org.junit.jupiter.api.Test;

import java.lang.management.ManagementFactory;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

class SyntheticMarketTest
{
    private static final long TICK = FixedPoint.parse("0.01");
    private static final int FEED_ID = 7;
    private static final int EVENTS = 20_000;

    private static ReferenceData referenceData()
    {
        return ReferenceData.builder()
            .instrument("AAPL", TICK, FixedPoint.parse("190.00"))
            .instrument("MSFT", TICK, FixedPoint.parse("420.50"))
            .instrument("SPY", TICK, FixedPoint.parse("560.25"))
            .account("main", FixedPoint.ofUnits(1_000_000))
            .build();
    }

    private static List<RecordingMarketDataSink.Call> run(
        final ReferenceData ref, final long seed, final int events, final RecordingMarketDataSink sink)
    {
        final SyntheticMarket market = new SyntheticMarket(ref, seed, FEED_ID);
        for (int i = 0; i < events; i++)
        {
            market.next(1_000_000_000L + i * 1_000L, sink);
        }
        return sink.calls();
    }

    @Test
    void shouldProduceIdenticalSequenceForSameSeed()
    {
        final List<RecordingMarketDataSink.Call> first = run(referenceData(), 42L, EVENTS, new RecordingMarketDataSink());
        final List<RecordingMarketDataSink.Call> second = run(referenceData(), 42L, EVENTS, new RecordingMarketDataSink());

        assertEquals(EVENTS, first.size());
        assertEquals(first, second);
    }

    @Test
    void shouldProduceDifferentSequenceForDifferentSeed()
    {
        final List<RecordingMarketDataSink.Call> first = run(referenceData(), 42L, EVENTS, new RecordingMarketDataSink());
        final List<RecordingMarketDataSink.Call> second = run(referenceData(), 43L, EVENTS, new RecordingMarketDataSink());

        assertNotEquals(first, second);
    }

    @Test
    void shouldEmitExactlyOneEventPerCallWithSequenceRisingByOneFromOne()
    {
        final List<RecordingMarketDataSink.Call> calls = run(referenceData(), 1L, EVENTS, new RecordingMarketDataSink());

        assertEquals(EVENTS, calls.size());
        for (int i = 0; i < calls.size(); i++)
        {
            assertEquals(i + 1L, calls.get(i).feedSequence());
        }
    }

    @Test
    void shouldPassTimestampAndFeedIdThrough()
    {
        final List<RecordingMarketDataSink.Call> calls = run(referenceData(), 1L, 100, new RecordingMarketDataSink());

        for (int i = 0; i < calls.size(); i++)
        {
            assertEquals(1_000_000_000L + i * 1_000L, calls.get(i).timestampNanos());
            assertEquals(FEED_ID, calls.get(i).feedId());
        }
    }

    @Test
    void shouldKeepPricesPositiveOnTickAndBidBelowAskEvenAtTheFloor()
    {
        // A reference price at the floor makes the walk hit it constantly.
        final ReferenceData ref = ReferenceData.builder()
            .instrument("PENNY", TICK, TICK * SyntheticMarket.MIN_MID_TICKS)
            .instrument("TINY", TICK, TICK)
            .account("main", 0)
            .build();
        final List<RecordingMarketDataSink.Call> calls = run(ref, 9L, 50_000, new RecordingMarketDataSink());

        for (final RecordingMarketDataSink.Call call : calls)
        {
            if (call.quote())
            {
                assertTrue(call.bidPrice() > 0, () -> "bid not positive: " + call);
                assertTrue(call.bidPrice() < call.askPrice(), () -> "bid not below ask: " + call);
                assertEquals(0, call.bidPrice() % TICK, () -> "bid off tick: " + call);
                assertEquals(0, call.askPrice() % TICK, () -> "ask off tick: " + call);
            }
            else
            {
                assertTrue(call.price() > 0, () -> "trade price not positive: " + call);
                assertEquals(0, call.price() % TICK, () -> "trade price off tick: " + call);
            }
        }
    }

    @Test
    void shouldEmitWholeUnitSizesFromOneToHundred()
    {
        final List<RecordingMarketDataSink.Call> calls = run(referenceData(), 5L, EVENTS, new RecordingMarketDataSink());

        for (final RecordingMarketDataSink.Call call : calls)
        {
            final long[] sizes = call.quote() ?
                new long[] {call.bidQuantity(), call.askQuantity()} : new long[] {call.quantity()};
            for (final long size : sizes)
            {
                assertEquals(0, size % FixedPoint.SCALE, () -> "not whole units: " + call);
                assertTrue(size >= FixedPoint.ofUnits(1) && size <= FixedPoint.ofUnits(100), () -> "size out of range: " + call);
            }
        }
    }

    @Test
    void shouldEmitTradesAboutOneCallInFiveWithAnAggressor()
    {
        final List<RecordingMarketDataSink.Call> calls = run(referenceData(), 3L, EVENTS, new RecordingMarketDataSink());

        final long trades = calls.stream().filter(call -> !call.quote()).count();
        final double share = (double)trades / calls.size();
        assertTrue(share > 0.15 && share < 0.25, () -> "trade share " + share);
        calls.stream().filter(call -> !call.quote()).forEach(call -> assertNotNull(call.aggressor(), call::toString));
    }

    @Test
    void shouldStartTheWalkNearTheReferencePrice()
    {
        final ReferenceData ref = referenceData();
        final List<RecordingMarketDataSink.Call> calls = run(ref, 11L, ref.instrumentCount(), new RecordingMarketDataSink());

        for (final RecordingMarketDataSink.Call call : calls)
        {
            final long reference = ref.instrument(call.instrumentId()).referencePrice();
            final long price = call.quote() ? (call.bidPrice() + call.askPrice()) / 2 : call.price();
            assertTrue(Math.abs(price - reference) <= 5 * TICK, () -> "far from reference " + reference + ": " + call);
        }
    }

    @Test
    void shouldOnlyEmitInstrumentsFromTheReferenceData()
    {
        final ReferenceData ref = referenceData();
        final List<RecordingMarketDataSink.Call> calls = run(ref, 21L, EVENTS, new RecordingMarketDataSink());

        final Set<Integer> seen = new HashSet<>();
        for (final RecordingMarketDataSink.Call call : calls)
        {
            assertTrue(ref.isInstrument(call.instrumentId()), () -> "unknown instrument: " + call);
            seen.add(call.instrumentId());
        }
        final Set<Integer> all = new HashSet<>();
        for (final Instrument instrument : ref.instruments())
        {
            all.add(instrument.id());
        }
        assertEquals(all, seen);
    }

    @Test
    void shouldCountDropsAndKeepTheSequenceRisingWhenTheSinkRefuses()
    {
        final RecordingMarketDataSink sink = new RecordingMarketDataSink(call -> call.feedSequence() % 3 != 0);
        final SyntheticMarket market = new SyntheticMarket(referenceData(), 8L, FEED_ID);
        for (int i = 0; i < 300; i++)
        {
            market.next(i, sink);
        }

        assertEquals(300, market.eventsGenerated());
        assertEquals(100, market.dropped());
        final List<RecordingMarketDataSink.Call> calls = sink.calls();
        for (int i = 0; i < calls.size(); i++)
        {
            assertEquals(i + 1L, calls.get(i).feedSequence());
        }
        assertEquals(200, sink.accepted().size());
    }

    @Test
    void shouldGiveTheSameEventsWhetherOrNotTheSinkDrops()
    {
        // A full ring must not change the walk, or a replay with a different ring size would diverge.
        final List<RecordingMarketDataSink.Call> open = run(referenceData(), 4L, 1_000, new RecordingMarketDataSink());
        final List<RecordingMarketDataSink.Call> full = run(referenceData(), 4L, 1_000, new RecordingMarketDataSink(call -> false));

        for (int i = 0; i < open.size(); i++)
        {
            assertEquals(open.get(i).feedSequence(), full.get(i).feedSequence());
            assertEquals(open.get(i).bidPrice(), full.get(i).bidPrice());
            assertEquals(open.get(i).askPrice(), full.get(i).askPrice());
            assertEquals(open.get(i).price(), full.get(i).price());
        }
    }

    @Test
    void shouldNotAllocatePerCall()
    {
        assumeTrue(ManagementFactory.getThreadMXBean() instanceof com.sun.management.ThreadMXBean);
        final com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean)ManagementFactory.getThreadMXBean();
        assumeTrue(threads.isThreadAllocatedMemorySupported() && threads.isThreadAllocatedMemoryEnabled());
        final MarketDataSink sink = new CountingSink();
        final SyntheticMarket market = new SyntheticMarket(referenceData(), 6L, FEED_ID);
        for (int i = 0; i < 200_000; i++)
        {
            market.next(i, sink);
        }

        final long before = threads.getCurrentThreadAllocatedBytes();
        for (int i = 0; i < 1_000_000; i++)
        {
            market.next(i, sink);
        }
        final long allocated = threads.getCurrentThreadAllocatedBytes() - before;

        // A few hundred bytes of slack for the measurement itself; one object per call would be megabytes.
        assertTrue(allocated < 4_096, () -> "allocated " + allocated + " bytes over a million calls");
    }

    private static final class CountingSink implements MarketDataSink
    {
        private long count;

        @Override
        public boolean quote(
            final long timestampNanos, final int feedId, final long feedSequence, final int instrumentId,
            final long bidPrice, final long bidQuantity, final long askPrice, final long askQuantity)
        {
            count++;
            return (count & 7) != 0;
        }

        @Override
        public boolean trade(
            final long timestampNanos, final int feedId, final long feedSequence, final int instrumentId,
            final long price, final long quantity, final Side aggressor)
        {
            count++;
            return (count & 7) != 0;
        }
    }
}
