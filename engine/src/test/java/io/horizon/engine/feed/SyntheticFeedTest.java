package io.horizon.engine.feed;

import io.horizon.engine.event.FixedPoint;
import io.horizon.engine.event.Side;
import io.horizon.engine.reference.ReferenceData;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SyntheticFeedTest
{
    private static final long DEADLINE_NANOS = TimeUnit.SECONDS.toNanos(10);

    private static SyntheticMarket market()
    {
        final ReferenceData ref = ReferenceData.builder()
            .instrument("AAPL", FixedPoint.parse("0.01"), FixedPoint.parse("190"))
            .instrument("MSFT", FixedPoint.parse("0.01"), FixedPoint.parse("420"))
            .account("main", 0)
            .build();
        return new SyntheticMarket(ref, 1L, 3);
    }

    private static void awaitTrue(final BooleanSupplier condition, final String what) throws InterruptedException
    {
        final long deadline = System.nanoTime() + DEADLINE_NANOS;
        while (!condition.getAsBoolean())
        {
            if (System.nanoTime() - deadline > 0)
            {
                throw new AssertionError("timed out waiting for " + what);
            }
            Thread.sleep(5);
        }
    }

    private static boolean feedThreadAlive()
    {
        for (final Thread thread : Thread.getAllStackTraces().keySet())
        {
            if (SyntheticFeed.THREAD_NAME.equals(thread.getName()) && thread.isAlive())
            {
                return true;
            }
        }
        return false;
    }

    @Test
    void shouldPublishEventsOnceStarted() throws InterruptedException
    {
        final RecordingMarketDataSink sink = new RecordingMarketDataSink();
        try (SyntheticFeed feed = new SyntheticFeed(market(), sink, 1_000))
        {
            feed.start();
            awaitTrue(() -> feed.published() >= 20, "20 published events");
            assertEquals(0, feed.dropped());
        }
        assertTrue(sink.size() >= 20);
    }

    @Test
    void shouldStampMonotonicEpochTimestampsOnANamedDaemonThread() throws InterruptedException
    {
        final AtomicReference<Thread> feedThread = new AtomicReference<>();
        final RecordingMarketDataSink recorder = new RecordingMarketDataSink();
        final MarketDataSink sink = new MarketDataSink()
        {
            @Override
            public boolean quote(
                final long timestampNanos, final int feedId, final long feedSequence, final int instrumentId,
                final long bidPrice, final long bidQuantity, final long askPrice, final long askQuantity)
            {
                feedThread.set(Thread.currentThread());
                return recorder.quote(
                    timestampNanos, feedId, feedSequence, instrumentId, bidPrice, bidQuantity, askPrice, askQuantity);
            }

            @Override
            public boolean trade(
                final long timestampNanos, final int feedId, final long feedSequence, final int instrumentId,
                final long price, final long quantity, final Side aggressor)
            {
                feedThread.set(Thread.currentThread());
                return recorder.trade(timestampNanos, feedId, feedSequence, instrumentId, price, quantity, aggressor);
            }
        };
        final Instant before = Instant.now();
        try (SyntheticFeed feed = new SyntheticFeed(market(), sink, 5_000))
        {
            feed.start();
            awaitTrue(() -> recorder.size() >= 200, "200 events");
        }
        final Instant after = Instant.now();

        assertEquals(SyntheticFeed.THREAD_NAME, feedThread.get().getName());
        assertTrue(feedThread.get().isDaemon());
        final List<RecordingMarketDataSink.Call> calls = recorder.calls();
        final long slackNanos = Duration.ofSeconds(1).toNanos();
        final long lowest = before.getEpochSecond() * 1_000_000_000L + before.getNano() - slackNanos;
        final long highest = after.getEpochSecond() * 1_000_000_000L + after.getNano() + slackNanos;
        long previous = Long.MIN_VALUE;
        for (final RecordingMarketDataSink.Call call : calls)
        {
            assertTrue(call.timestampNanos() >= previous, () -> "timestamp went backwards at " + call);
            assertTrue(call.timestampNanos() >= lowest && call.timestampNanos() <= highest, () -> "not epoch nanos now: " + call);
            previous = call.timestampNanos();
        }
    }

    @Test
    void shouldStopPublishingWhenClosed() throws InterruptedException
    {
        final RecordingMarketDataSink sink = new RecordingMarketDataSink();
        final SyntheticFeed feed = new SyntheticFeed(market(), sink, 100_000);
        feed.start();
        awaitTrue(() -> feed.published() > 0, "a published event");

        feed.close();

        assertFalse(feedThreadAlive());
        final int afterClose = sink.size();
        assertEquals(afterClose, feed.published());
        Thread.sleep(20);
        assertEquals(afterClose, sink.size());
    }

    @Test
    void shouldBeIdempotentOnClose()
    {
        final SyntheticFeed neverStarted = new SyntheticFeed(market(), new RecordingMarketDataSink(), 10);
        neverStarted.close();
        neverStarted.close();

        final SyntheticFeed feed = new SyntheticFeed(market(), new RecordingMarketDataSink(), 10);
        feed.start();
        feed.close();
        feed.close();
        assertFalse(feedThreadAlive());
    }

    @Test
    void shouldRefuseToStartTwiceOrAfterClose()
    {
        try (SyntheticFeed feed = new SyntheticFeed(market(), new RecordingMarketDataSink(), 10))
        {
            feed.start();
            assertThrows(IllegalStateException.class, feed::start);
        }
        final SyntheticFeed closed = new SyntheticFeed(market(), new RecordingMarketDataSink(), 10);
        closed.close();
        assertThrows(IllegalStateException.class, closed::start);
    }

    @Test
    void shouldCountDropsWhenTheSinkRefuses() throws InterruptedException
    {
        try (SyntheticFeed feed = new SyntheticFeed(market(), new RecordingMarketDataSink(call -> false), 1_000))
        {
            feed.start();
            awaitTrue(() -> feed.dropped() >= 5, "5 dropped events");
            assertEquals(0, feed.published());
        }
    }

    @Test
    void shouldRejectNonPositiveRate()
    {
        for (final double rate : new double[] {0, -5, Double.NaN, Double.POSITIVE_INFINITY})
        {
            final IllegalArgumentException ex = assertThrows(
                IllegalArgumentException.class,
                () -> new SyntheticFeed(market(), new RecordingMarketDataSink(), rate));
            assertTrue(ex.getMessage().contains(String.valueOf(rate)), ex::getMessage);
        }
    }
}
