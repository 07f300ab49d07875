package io.horizon.ops.support;

import io.horizon.engine.event.InboundEvent;
import io.horizon.engine.output.EngineOutput;
import io.horizon.engine.venue.Venue;
import io.horizon.engine.venue.VenueResponses;

/**
 * A venue named {@code paper} whose session is down: every order, cancel and amend throws, so the
 * gateway answers each with a venue-exception reject and the dead-letter queue captures it.
 */
public final class DownVenue implements Venue
{
    /** What every call throws with. */
    public static final String ERROR = "FIX session PAPER-1 is down";

    @Override
    public String name()
    {
        return "paper";
    }

    @Override
    public void onMarketData(final InboundEvent marketData, final VenueResponses responses)
    {
    }

    @Override
    public void submit(final EngineOutput order, final VenueResponses responses)
    {
        throw new IllegalStateException(ERROR);
    }

    @Override
    public void cancel(final EngineOutput cancel, final VenueResponses responses)
    {
        throw new IllegalStateException(ERROR);
    }

    @Override
    public void amend(final EngineOutput amend, final VenueResponses responses)
    {
        throw new IllegalStateException(ERROR);
    }
}
