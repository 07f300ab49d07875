package io.horizon.engine.venue;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;

import io.horizon.engine.event.InboundEvent;
import io.horizon.engine.output.EngineOutput;
import io.horizon.engine.snapshot.StateReader;
import io.horizon.engine.snapshot.StateWriter;

/**
 * Several venues in the one venue slot: each order goes to the venue its account is routed to,
 * else the venue its instrument is routed to, else the default venue (the first): {@link VenueRoutes}. The route
 * depends only on configuration, never on time or state, so a replay routes the same way.
 * Market data reaches every venue; every polled venue is polled. Before each call into a venue it
 * tells the responses which venue answers ({@link VenueResponses#respondingVenue}: the venue's
 * position in the list, from 1), so each response event names the venue it came from.
 * <p>
 * Threading: as {@link Venue}: the gateway (or engine) thread only.
 */
public final class VenueRouter implements Venue
{
    private final Venue[] venues;
    private final VenueRoutes routes;
    private final boolean polled;

    /**
     * @param venues            the venues; the first is the default.
     * @param venueByAccount    per account id, the index of its venue, or -1 for none.
     * @param venueByInstrument per instrument id, the index of its venue, or -1 for none.
     */
    public VenueRouter(final List<Venue> venues, final int[] venueByAccount, final int[] venueByInstrument)
    {
        this(venues, venueByAccount, venueByInstrument, null);
    }

    /**
     * @param venues the venues, in the order of the routes' names.
     * @param routes which venue each order goes to; its names must be the venues' names, in order.
     * @throws IllegalArgumentException when the names differ.
     */
    public VenueRouter(final List<Venue> venues, final VenueRoutes routes)
    {
        this(venues, null, null, routes);
    }

    private VenueRouter(final List<Venue> venues, final int[] venueByAccount, final int[] venueByInstrument,
        final VenueRoutes routes)
    {
        if (venues.isEmpty())
        {
            throw new IllegalArgumentException("a router needs at least one venue");
        }
        this.venues = venues.toArray(new Venue[0]);
        boolean anyPolled = false;
        final String[] names = new String[this.venues.length];
        for (int i = 0; i < this.venues.length; i++)
        {
            anyPolled |= this.venues[i].isPolled();
            names[i] = this.venues[i].name();
        }
        this.polled = anyPolled;
        if (routes == null)
        {
            this.routes = new VenueRoutes(List.of(names), venueByAccount, venueByInstrument);
        }
        else if (!routes.names().equals(String.join("+", names)))
        {
            throw new IllegalArgumentException("routes name venues " + routes.names() + ", the router has " +
                String.join("+", names));
        }
        else
        {
            this.routes = routes;
        }
    }

    /**
     * @return the routing, with the venues' names (for whoever must name an order's venue).
     */
    public VenueRoutes routes()
    {
        return routes;
    }

    /**
     * @return the names of the venues joined by {@code +}.
     */
    @Override
    public String name()
    {
        return routes.names();
    }

    /**
     * @param accountId    the order's account.
     * @param instrumentId the order's instrument.
     * @return the venue the order goes to.
     */
    public Venue route(final int accountId, final int instrumentId)
    {
        return venues[routeIndex(accountId, instrumentId)];
    }

    private int routeIndex(final int accountId, final int instrumentId)
    {
        return routes.index(accountId, instrumentId);
    }

    /**
     * @return the venue at that index, with the responses told it is the one answering.
     */
    private Venue answering(final int index, final VenueResponses responses)
    {
        if (responses != null)
        {
            responses.respondingVenue(index + 1);
        }
        return venues[index];
    }

    private Venue routed(final EngineOutput command, final VenueResponses responses)
    {
        return answering(routeIndex(command.accountId, command.instrumentId), responses);
    }

    @Override
    public void onMarketData(final InboundEvent marketData, final VenueResponses responses)
    {
        for (int i = 0; i < venues.length; i++)
        {
            answering(i, responses).onMarketData(marketData, responses);
        }
    }

    @Override
    public void submit(final EngineOutput order, final VenueResponses responses)
    {
        routed(order, responses).submit(order, responses);
    }

    @Override
    public void cancel(final EngineOutput cancel, final VenueResponses responses)
    {
        routed(cancel, responses).cancel(cancel, responses);
    }

    @Override
    public void amend(final EngineOutput amend, final VenueResponses responses)
    {
        routed(amend, responses).amend(amend, responses);
    }

    @Override
    public void reconcile(final EngineOutput order, final VenueResponses responses)
    {
        routed(order, responses).reconcile(order, responses);
    }

    @Override
    public int poll(final VenueResponses responses)
    {
        int work = 0;
        for (int i = 0; i < venues.length; i++)
        {
            if (venues[i].isPolled())
            {
                work += answering(i, responses).poll(responses);
            }
        }
        return work;
    }

    @Override
    public boolean isPolled()
    {
        return polled;
    }

    /**
     * {@inheritDoc}
     *
     * @return the routed venues that are replayable, routed as here, or {@code null} when none
     *         is: commands routed to any other venue (FIX) are left out of the replay, and their
     *         state out of the snapshot.
     */
    @Override
    public ReplayableVenue replayable()
    {
        final ReplayableVenue[] parts = new ReplayableVenue[venues.length];
        boolean any = false;
        for (int i = 0; i < venues.length; i++)
        {
            parts[i] = venues[i].replayable();
            any |= parts[i] != null;
        }
        return any ? new ReplayableParts(parts) : null;
    }

    /**
     * The replayable venues of this router, each in its place: what is routed to another venue
     * goes nowhere. Their states are written one after the other, by venue position.
     */
    private final class ReplayableParts implements ReplayableVenue
    {
        /** By venue position; {@code null} where the venue is not replayable. */
        private final ReplayableVenue[] parts;
        /** The replayable ones alone, in venue position order. */
        private final ReplayableVenue[] present;

        ReplayableParts(final ReplayableVenue[] parts)
        {
            this.parts = parts;
            this.present = Arrays.stream(parts).filter(Objects::nonNull).toArray(ReplayableVenue[]::new);
        }

        @Override
        public String name()
        {
            return routes.names();
        }

        @Override
        public void onMarketData(final InboundEvent marketData, final VenueResponses responses)
        {
            for (final ReplayableVenue part : present)
            {
                part.onMarketData(marketData, responses);
            }
        }

        @Override
        public void submit(final EngineOutput order, final VenueResponses responses)
        {
            toRoutedPart(order, responses, ReplayableVenue::submit);
        }

        @Override
        public void cancel(final EngineOutput cancel, final VenueResponses responses)
        {
            toRoutedPart(cancel, responses, ReplayableVenue::cancel);
        }

        @Override
        public void amend(final EngineOutput amend, final VenueResponses responses)
        {
            toRoutedPart(amend, responses, ReplayableVenue::amend);
        }

        @Override
        public void reconcile(final EngineOutput order, final VenueResponses responses)
        {
            toRoutedPart(order, responses, ReplayableVenue::reconcile);
        }

        /**
         * Hands the command to its venue's part, if that venue is replayable. The callers' method
         * references capture nothing, so this allocates nothing.
         */
        private void toRoutedPart(final EngineOutput command, final VenueResponses responses, final Command call)
        {
            final ReplayableVenue part = parts[routeIndex(command.accountId, command.instrumentId)];
            if (part != null)
            {
                call.apply(part, command, responses);
            }
        }

        @Override
        public ReplayableVenue replayable()
        {
            return this;
        }

        @Override
        public void writeState(final StateWriter out)
        {
            for (final ReplayableVenue part : present)
            {
                part.writeState(out);
            }
        }

        @Override
        public void readState(final StateReader in)
        {
            for (final ReplayableVenue part : present)
            {
                part.readState(in);
            }
        }
    }

    /** One of a venue's command methods: submit, cancel, amend or reconcile. */
    @FunctionalInterface
    private interface Command
    {
        void apply(ReplayableVenue venue, EngineOutput command, VenueResponses responses);
    }

    @Override
    public void close()
    {
        RuntimeException failure = null;
        for (final Venue venue : venues)
        {
            try
            {
                venue.close();
            }
            catch (final RuntimeException ex)
            {
                if (failure == null)
                {
                    failure = ex;
                }
                else
                {
                    failure.addSuppressed(ex);
                }
            }
        }
        if (failure != null)
        {
            throw failure;
        }
    }
}
