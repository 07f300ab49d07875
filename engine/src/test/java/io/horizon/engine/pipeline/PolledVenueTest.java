package io.horizon.engine.pipeline;

import java.util.ArrayDeque;
import java.util.Queue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import io.horizon.engine.config.EngineConfig;
import io.horizon.engine.event.InboundEvent;
import io.horizon.engine.event.OrderType;
import io.horizon.engine.event.RejectReason;
import io.horizon.engine.event.Side;
import io.horizon.engine.journal.InMemoryJournal;
import io.horizon.engine.output.EngineOutput;
import io.horizon.engine.output.ExecType;
import io.horizon.engine.reference.ReferenceData;
import io.horizon.engine.support.RecordingReports;
import io.horizon.engine.support.TestMarkets;
import io.horizon.engine.venue.Venue;
import io.horizon.engine.venue.VenueResponses;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static io.horizon.engine.support.TestMarkets.AAPL;
import static io.horizon.engine.support.TestMarkets.ALICE;
import static io.horizon.engine.support.TestMarkets.px;
import static io.horizon.engine.support.TestMarkets.qty;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A polled venue (a FIX session) answers from {@link Venue#poll}, not inside the call that sent
 * the order, and while the ring is quiet: both threading modes must keep polling it on the thread
 * that calls its other methods (the engine thread in the shared mode, the gateway thread in the
 * dedicated mode), and what it reports is journaled and reaches the engine.
 */
final class PolledVenueTest
{
    private final ReferenceData ref = TestMarkets.referenceData();
    private final RecordingReports reports = new RecordingReports();
    private EnginePipeline pipeline;

    @AfterEach
    void stop()
    {
        if (pipeline != null)
        {
            pipeline.drainAndStop();
        }
    }

    @ParameterizedTest
    @EnumSource(value = ThreadingMode.class, names = {"SHARED", "DEDICATED"})
    void shouldPollTheVenueOnItsOwnThreadAndJournalWhatItReportsWhileTheRingIsQuiet(final ThreadingMode mode)
    {
        final DelayedVenue venue = new DelayedVenue();
        final InMemoryJournal journal = new InMemoryJournal();
        pipeline = EnginePipeline.builder()
            .config(EngineConfig.builder().threading(mode).ringSize(64).orderCapacity(64).heartbeatIntervalMillis(0).build())
            .referenceData(ref)
            .journal(journal)
            .venue(venue)
            .reportListener(reports)
            .build()
            .start();
        assertEquals(mode, pipeline.threading());

        assertEquals(RejectReason.NONE,
            pipeline.orderEntry().newOrder(ALICE, AAPL, Side.BUY, OrderType.LIMIT, px(10), qty(3), 7, 1));
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (reports.execTypesFor(1).size() < 3 && System.nanoTime() < deadline)
        {
            Thread.onSpinWait();
        }
        assertEquals(java.util.List.of(ExecType.PENDING_NEW, ExecType.NEW, ExecType.FILL), reports.execTypesFor(1),
            "ack and fill reported from poll(), with nothing else arriving");
        assertTrue(pipeline.awaitIdle(10_000));
        assertEquals(3, journal.size(), "the order, the ack and the fill are journaled");
        assertNull(venue.foreignThread.get(), "every venue call on one thread");
    }

    /**
     * Takes orders on submit and answers them later from poll: the ack on one poll, the fill on a
     * later one, as a FIX session reading its socket would.
     */
    private static final class DelayedVenue implements Venue
    {
        private final Queue<long[]> pending = new ArrayDeque<>();
        private final AtomicReference<String> foreignThread = new AtomicReference<>();
        private Thread owner;
        private int polls;

        @Override
        public String name()
        {
            return "delayed";
        }

        @Override
        public void onMarketData(final InboundEvent marketData, final VenueResponses responses)
        {
            check();
        }

        @Override
        public void submit(final EngineOutput order, final VenueResponses responses)
        {
            check();
            pending.add(new long[] {order.orderId, order.accountId, order.instrumentId, order.price, order.quantity, 0});
        }

        @Override
        public void cancel(final EngineOutput cancel, final VenueResponses responses)
        {
            check();
        }

        @Override
        public void amend(final EngineOutput amend, final VenueResponses responses)
        {
            check();
        }

        @Override
        public boolean isPolled()
        {
            return true;
        }

        @Override
        public int poll(final VenueResponses responses)
        {
            check();
            final long[] order = pending.peek();
            if (order == null || ++polls % 50 != 0)
            {
                return 0;
            }
            if (order[5] == 0)
            {
                responses.ack(order[0], (int)order[1], (int)order[2], 77);
                order[5] = 1;
            }
            else
            {
                responses.fill(order[0], (int)order[1], (int)order[2], order[3], order[4], 0);
                pending.remove();
            }
            return 1;
        }

        private void check()
        {
            if (owner == null)
            {
                owner = Thread.currentThread();
            }
            else if (owner != Thread.currentThread())
            {
                foreignThread.compareAndSet(null, Thread.currentThread().getName() + " besides " + owner.getName());
            }
        }
    }
}
