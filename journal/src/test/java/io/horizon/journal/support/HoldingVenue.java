package io.horizon.journal.support;

import io.horizon.engine.event.InboundEvent;
import io.horizon.engine.output.EngineOutput;
import io.horizon.engine.venue.Venue;
import io.horizon.engine.venue.VenueResponses;

/**
 * Test fixture: a venue that holds an amend instead of passing it on, as a FIX venue holds
 * commands while its session is down ({@code when_down = "wait"}), and refuses it at its next
 * poll once told to ({@link #refuseHeldAmend}), as a venue error naming the held command, as that
 * venue does past {@code wait_limit_ms}. Everything else passes to the wrapped venue, so the
 * order the amend was for can fill meanwhile.
 * <p>
 * Threading: the venue methods on the gateway (or engine) thread; {@link #refuseHeldAmend} and
 * {@link #holdsAmend} on any thread.
 */
public final class HoldingVenue implements Venue
{
    private final Venue venue;
    private final EngineOutput held = new EngineOutput();
    private volatile boolean holding;
    private volatile String refusal;

    public HoldingVenue(final Venue venue)
    {
        this.venue = venue;
    }

    /**
     * @param reason why the held amend is refused, reported at the venue's next poll.
     */
    public void refuseHeldAmend(final String reason)
    {
        refusal = reason;
    }

    /**
     * @return true while an amend is held.
     */
    public boolean holdsAmend()
    {
        return holding;
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
        venue.submit(order, responses);
    }

    @Override
    public void cancel(final EngineOutput cancel, final VenueResponses responses)
    {
        venue.cancel(cancel, responses);
    }

    @Override
    public void amend(final EngineOutput amend, final VenueResponses responses)
    {
        held.copyFrom(amend);
        holding = true;
    }

    @Override
    public boolean isPolled()
    {
        return true;
    }

    @Override
    public int poll(final VenueResponses responses)
    {
        final String reason = refusal;
        if (!holding || reason == null)
        {
            return 0;
        }
        refusal = null;
        holding = false;
        responses.venueError(held, new IllegalStateException(reason));
        return 1;
    }
}
