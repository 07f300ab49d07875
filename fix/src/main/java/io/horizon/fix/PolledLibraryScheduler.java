package io.horizon.fix;

import io.aeron.Aeron;
import org.agrona.ErrorHandler;
import org.agrona.concurrent.Agent;
import uk.co.real_logic.artio.library.LibraryConfiguration;
import uk.co.real_logic.artio.library.LibraryScheduler;

/**
 * Runs the Artio library's own agents (its Aeron client conductor, its monitoring) inside the
 * caller's loop instead of on a thread of their own: {@link #doWork()} is called from
 * {@link FixVenue#poll}, on the engine thread (shared mode) or the gateway thread (dedicated).
 * <p>
 * Threading: the thread that polls the library, after {@code FixLibrary.connect} returned.
 */
final class PolledLibraryScheduler implements LibraryScheduler
{
    private Agent monitoring;
    private Agent conductor;
    private ErrorHandler errorHandler;

    @Override
    public void launch(
        final LibraryConfiguration configuration,
        final ErrorHandler errorHandler,
        final Agent monitoringAgent,
        final Agent conductorAgent)
    {
        this.errorHandler = errorHandler;
        this.monitoring = monitoringAgent;
        this.conductor = conductorAgent;
        if (monitoring != null)
        {
            monitoring.onStart();
        }
        if (conductor != null)
        {
            conductor.onStart();
        }
    }

    @Override
    public void configure(final Aeron.Context context)
    {
        context.useConductorAgentInvoker(true);
    }

    /**
     * @return work done by the library's agents.
     */
    int doWork()
    {
        int work = 0;
        try
        {
            if (conductor != null)
            {
                work += conductor.doWork();
            }
            if (monitoring != null)
            {
                work += monitoring.doWork();
            }
        }
        catch (final Exception ex)
        {
            if (errorHandler != null)
            {
                errorHandler.onError(ex);
            }
        }
        return work;
    }

    @Override
    public void close(final int libraryId)
    {
        if (monitoring != null)
        {
            monitoring.onClose();
            monitoring = null;
        }
        if (conductor != null)
        {
            conductor.onClose();
            conductor = null;
        }
    }
}
