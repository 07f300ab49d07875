package io.horizon.engine.venue;

import java.util.ArrayList;
import java.util.List;

import io.horizon.engine.event.InboundEvent;
import io.horizon.engine.output.EngineOutput;
import io.horizon.engine.snapshot.StateReader;
import io.horizon.engine.snapshot.StateWriter;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Several venues in the one slot: an order's account wins over its instrument, and anything
 * unrouted goes to the first venue; market data reaches all, polling only the polled ones.
 */
final class VenueRouterTest
{
    private final List<String> calls = new ArrayList<>();
    private final Venue first = new Named("first", false);
    private final Venue second = new Named("second", true);
    private final Venue third = new Named("third", false);
    // accounts: 0 -> third, 1 -> none; instruments: 0 -> second, 1 -> none
    private final VenueRouter router = new VenueRouter(List.of(first, second, third), new int[] {2, -1}, new int[] {1, -1});

    @Test
    void shouldRouteByAccountThenInstrumentElseToTheFirstVenue()
    {
        router.submit(order(0, 0), null);
        router.submit(order(1, 0), null);
        router.cancel(order(1, 1), null);
        router.amend(order(0, 1), null);
        assertEquals(List.of("third submit", "second submit", "first cancel", "third amend"), calls);
        assertEquals("first+second+third", router.name());
    }

    @Test
    void shouldGiveMarketDataToEveryVenueAndPollOnlyPolledOnes()
    {
        router.onMarketData(new InboundEvent(), null);
        assertEquals(List.of("first md", "second md", "third md"), calls);
        calls.clear();
        assertTrue(router.isPolled());
        assertEquals(1, router.poll(null));
        assertEquals(List.of("second poll"), calls);
        assertFalse(new VenueRouter(List.of(first), new int[0], new int[0]).isPolled());
    }

    @Test
    void shouldStampEachResponseWithTheVenueIdOfTheVenueThatAnswered()
    {
        final List<String> stamped = new ArrayList<>();
        final VenueResponseEvents responses = new VenueResponseEvents(new VenueResponseEvents.EventSlots()
        {
            private final InboundEvent slot = new InboundEvent();

            @Override
            public InboundEvent claim()
            {
                return slot;
            }

            @Override
            public void commit(final InboundEvent event)
            {
                stamped.add(event.orderId + " from venue " + event.source);
            }
        }, () -> 0L, 1);
        router.submit(order(0, 0), responses);
        router.submit(order(1, 0), responses);
        router.submit(order(1, 1), responses);
        router.poll(responses);
        assertEquals(List.of("10 from venue 3", "10 from venue 2", "11 from venue 1", "99 from venue 2"), stamped);
    }

    @Test
    void shouldRefuseARouteToAVenueThatIsNotThere()
    {
        assertThrows(IllegalArgumentException.class, () -> new VenueRouter(List.of(first), new int[] {1}, new int[0]));
    }

    private static EngineOutput order(final int accountId, final int instrumentId)
    {
        final EngineOutput out = new EngineOutput().clear();
        out.orderId = 10L + instrumentId;
        out.accountId = accountId;
        out.instrumentId = instrumentId;
        return out;
    }

    @Test
    void shouldReplayOnlyItsReplayableVenuesRoutedAsLiveAndCarryTheirStatesInOrder()
    {
        final Replayable replayable = new Replayable("paper");
        // accounts: 0 -> the replayable one (index 1), 1 -> none; instruments: none; default: first.
        final VenueRouter mixed = new VenueRouter(List.of(first, replayable), new int[] {1, -1}, new int[0]);
        assertEquals(null, router.replayable(), "no replayable venue, nothing to replay");

        final ReplayableVenue parts = mixed.replayable();
        parts.submit(order(0, 0), null);
        parts.submit(order(1, 0), null);
        parts.cancel(order(0, 1), null);
        parts.cancel(order(1, 1), null);
        parts.amend(order(0, 2), null);
        parts.amend(order(1, 2), null);
        parts.reconcile(order(0, 0), null);
        parts.reconcile(order(1, 0), null);
        parts.onMarketData(new InboundEvent(), null);
        final List<String> replayed = List.of("paper submit", "paper cancel", "paper amend", "paper reconcile", "paper md");
        assertEquals(replayed, calls, "each command to its own method; the first venue is live-only: left out");

        final StateWriter out = new StateWriter(64);
        parts.writeState(out);
        assertEquals(Long.BYTES, out.position());
        parts.readState(new StateReader().wrap(out.buffer(), 0, out.position()));
        final List<String> withState = new ArrayList<>(replayed);
        withState.addAll(List.of("paper write", "paper read 5"));
        assertEquals(withState, calls);
    }

    private final class Replayable extends Named implements ReplayableVenue
    {
        Replayable(final String name)
        {
            super(name, false);
        }

        @Override
        public void writeState(final StateWriter out)
        {
            calls.add("paper write");
            out.putLong(calls.size() - 1);
        }

        @Override
        public void readState(final StateReader in)
        {
            calls.add("paper read " + in.getLong("count"));
        }

        @Override
        public ReplayableVenue replayable()
        {
            return this;
        }
    }

    private class Named implements Venue
    {
        private final String name;
        private final boolean polled;

        Named(final String name, final boolean polled)
        {
            this.name = name;
            this.polled = polled;
        }

        @Override
        public String name()
        {
            return name;
        }

        @Override
        public void onMarketData(final InboundEvent marketData, final VenueResponses responses)
        {
            calls.add(name + " md");
        }

        @Override
        public void submit(final EngineOutput order, final VenueResponses responses)
        {
            calls.add(name + " submit");
            if (responses != null)
            {
                responses.ack(order.orderId, order.accountId, order.instrumentId, 1);
            }
        }

        @Override
        public void cancel(final EngineOutput cancel, final VenueResponses responses)
        {
            calls.add(name + " cancel");
        }

        @Override
        public void amend(final EngineOutput amend, final VenueResponses responses)
        {
            calls.add(name + " amend");
        }

        @Override
        public void reconcile(final EngineOutput order, final VenueResponses responses)
        {
            calls.add(name + " reconcile");
        }

        @Override
        public boolean isPolled()
        {
            return polled;
        }

        @Override
        public int poll(final VenueResponses responses)
        {
            calls.add(name + " poll");
            if (responses != null)
            {
                responses.ack(99, 0, 0, 1);
            }
            return 1;
        }
    }
}
