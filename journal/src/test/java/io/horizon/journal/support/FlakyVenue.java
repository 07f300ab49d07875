package io.horizon.journal.support;

import io.horizon.engine.event.InboundEvent;
import io.horizon.engine.output.EngineOutput;
import io.horizon.engine.venue.Venue;
import io.horizon.engine.venue.VenueResponses;

/**
 * Test fixture: a venue whose order calls raise while {@link #fail(String)} is in force, and pass
 * to the wrapped venue otherwise. Market data always passes.
 */
public final class FlakyVenue implements Venue
{
    private final Venue venue;
    private volatile String failure;

    public FlakyVenue(final Venue venue)
    {
        this.venue = venue;
    }

    /**
     * @param message what each call raises, or null to heal.
     */
    public void fail(final String message)
    {
        failure = message;
    }

    private void check()
    {
        final String f = failure;
        if (f != null)
        {
            throw new IllegalStateException(f);
        }
    }

    @Override
    public String name()
    {
        return venue.name();
    }

    @Override
    public void onMarketData(final InboundEvent marketData, final VenueResponses responses)
    {
        venue.onMarketData(marketData, responses);
    }

    @Override
    public void submit(final EngineOutput order, final VenueResponses responses)
    {
        check();
        venue.submit(order, responses);
    }

    @Override
    public void cancel(final EngineOutput cancel, final VenueResponses responses)
    {
        check();
        venue.cancel(cancel, responses);
    }

    @Override
    public void amend(final EngineOutput amend, final VenueResponses responses)
    {
        check();
        venue.amend(amend, responses);
    }
}
