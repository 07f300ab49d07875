package io.horizon.engine.venue;

import java.util.ArrayList;
import java.util.List;

import io.horizon.engine.event.InboundEvent;
import io.horizon.engine.output.EngineOutput;
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
    void shouldRefuseARouteToAVenueThatIsNotThere()
    {
        assertThrows(IllegalArgumentException.class, () -> new VenueRouter(List.of(first), new int[] {1}, new int[0]));
    }

    private static EngineOutput order(final int accountId, final int instrumentId)
    {
        final EngineOutput out = new EngineOutput().clear();
        out.accountId = accountId;
        out.instrumentId = instrumentId;
        return out;
    }

    private final class Named implements Venue
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
        public boolean isPolled()
        {
            return polled;
        }

        @Override
        public int poll(final VenueResponses responses)
        {
            calls.add(name + " poll");
            return 1;
        }
    }
}
