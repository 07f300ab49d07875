package io.horizon.engine.support;

import java.util.concurrent.atomic.AtomicInteger;

import io.horizon.engine.event.InboundEvent;
import io.horizon.engine.output.EngineOutput;
import io.horizon.engine.venue.Venue;
import io.horizon.engine.venue.VenueResponses;
import io.horizon.engine.venue.paper.PaperVenue;

/**
 * Test fixture: the paper venue, counting the market data and the new orders that reach it, for
 * tests that prove something never left the process. Counts readable from any thread.
 */
public final class CountingVenue implements Venue
{
    private final PaperVenue paper;
    private final AtomicInteger submits = new AtomicInteger();
    private final AtomicInteger marketData = new AtomicInteger();

    public CountingVenue(final PaperVenue paper)
    {
        this.paper = paper;
    }

    public int submits()
    {
        return submits.get();
    }

    public int marketData()
    {
        return marketData.get();
    }

    @Override
    public String name()
    {
        return "counting";
    }

    @Override
    public void onMarketData(final InboundEvent event, final VenueResponses responses)
    {
        marketData.incrementAndGet();
        paper.onMarketData(event, responses);
    }

    @Override
    public void submit(final EngineOutput order, final VenueResponses responses)
    {
        submits.incrementAndGet();
        paper.submit(order, responses);
    }

    @Override
    public void cancel(final EngineOutput cancel, final VenueResponses responses)
    {
        paper.cancel(cancel, responses);
    }

    @Override
    public void amend(final EngineOutput amend, final VenueResponses responses)
    {
        paper.amend(amend, responses);
    }
}
