package io.horizon.fix;

import java.nio.file.Path;

import io.aeron.Aeron;
import io.aeron.FragmentAssembler;
import io.aeron.Subscription;
import org.agrona.CloseHelper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import uk.co.real_logic.artio.CommonConfiguration;
import uk.co.real_logic.artio.messages.MessageStatus;

/**
 * What Artio's framer could not frame, seen where Artio puts it: the framer publishes every read
 * from the venue's socket on the library's inbound stream, the bytes it could not frame with a
 * {@link MessageStatus} other than OK ({@code INVALID}: no {@code 8=BeginString} at the start, no
 * {@code 9=BodyLength} after it, no {@code 35=MsgType}; {@code INVALID_BODYLENGTH};
 * {@code INVALID_CHECKSUM}), and the library drops those without telling its session handler. This
 * class reads that stream as Artio's own {@code FixMessageLogger} does (a subscription of our own
 * beside the library's, read by {@link InvalidFrameHandler}), which looks only at the status of
 * each message and hands the invalid ones to {@link InvalidInput} with the tag and value at fault.
 * <p>
 * Its Aeron client runs its conductor in {@link #poll}, on the venue's polling thread: no thread of
 * its own. The subscription is polled as often as the library's, with a higher limit, so it never
 * holds the framer back.
 * <p>
 * Threading: {@link #poll} on the venue's polling thread; {@link #close} once polling stopped.
 */
final class InvalidFrames implements AutoCloseable
{
    /** Fragments read per poll: more than the library reads, so this reader never lags it. */
    static final int FRAGMENT_LIMIT = 64;

    private static final Logger LOG = LoggerFactory.getLogger(FixVenue.class);

    private final InvalidInput invalidInput;
    private final InvalidFrameHandler handler;
    private final Aeron aeron;
    private final Subscription subscription;
    private final FragmentAssembler assembler;

    /**
     * Subscribes to the inbound stream of the Artio engine under {@code directory}.
     *
     * @param directory    the venue's {@link ArtioMediaStack} directory (its media driver runs).
     * @param invalidInput told of each message the framer could not frame.
     */
    InvalidFrames(final Path directory, final InvalidInput invalidInput)
    {
        this.invalidInput = invalidInput;
        this.aeron = Aeron.connect(new Aeron.Context()
            .aeronDirectoryName(ArtioMediaStack.aeronDirectory(directory))
            .useConductorAgentInvoker(true)
            .errorHandler(ex -> LOG.warn("the reader of invalid FIX messages failed: {}", ex.toString())));
        Subscription added = null;
        try
        {
            added = aeron.addSubscription(ArtioMediaStack.LIBRARY_CHANNEL,
                CommonConfiguration.DEFAULT_INBOUND_LIBRARY_STREAM);
        }
        catch (final RuntimeException ex)
        {
            CloseHelper.quietClose(aeron);
            throw ex;
        }
        this.subscription = added;
        this.handler = new InvalidFrameHandler(invalidInput);
        this.assembler = new FragmentAssembler(handler);
    }

    /**
     * Reads what the framer published since the last poll and reports what was invalid.
     *
     * @param nowNanos {@link System#nanoTime()}.
     * @return work done.
     */
    int poll(final long nowNanos)
    {
        handler.nowNanos(nowNanos);
        int work = aeron.conductorAgentInvoker().invoke();
        work += subscription.poll(assembler, FRAGMENT_LIMIT);
        invalidInput.tick(nowNanos);
        return work;
    }

    @Override
    public void close()
    {
        CloseHelper.closeAll(subscription, aeron);
    }
}
