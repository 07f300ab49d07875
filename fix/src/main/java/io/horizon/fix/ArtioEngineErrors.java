package io.horizon.fix;

import java.util.HashMap;
import java.util.Map;

import org.agrona.concurrent.errors.ErrorConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Errors of a venue's Artio engine in Horizon's log. Artio records each error in its distinct
 * error log (a buffer in the engine's monitoring file, kept by the engine) and, with this as its
 * monitoring agent's {@link ErrorConsumer}, reports the errors observed since its last look: among
 * them what the framer met on the venue's connection (a message larger than its receive buffer,
 * which drops the session as {@code EXCEPTION}) and failures of its own. Each distinct error gets
 * a WARN line with its first line (the message, not the stack trace) when it is first seen, and
 * again at most once per {@link #REPEAT_MILLIS} with how many times it happened meanwhile, so an
 * error that repeats cannot fill the disk.
 * <p>
 * Threading: the Artio engine's monitoring agent (its own duty cycle). Not thread-safe.
 */
final class ArtioEngineErrors implements ErrorConsumer
{
    /** A distinct error is logged again at most this often. */
    static final long REPEAT_MILLIS = 10_000;
    /** Distinct errors remembered; more, and the oldest are forgotten all at once (logged again). */
    static final int REMEMBERED = 256;

    private static final Logger LOG = LoggerFactory.getLogger(ArtioMediaStack.class);

    private final String engine;
    private final Map<String, long[]> logged = new HashMap<>();

    /**
     * @param engine the engine as the log names it (its venue's directory).
     */
    ArtioEngineErrors(final String engine)
    {
        this.engine = engine;
    }

    @Override
    public void accept(
        final int observationCount,
        final long firstObservationTimestamp,
        final long lastObservationTimestamp,
        final String encodedException)
    {
        final int end = encodedException.indexOf('\n');
        final String first = (end < 0 ? encodedException : encodedException.substring(0, end)).trim();
        final long[] seen = logged.get(first);
        if (seen == null)
        {
            if (logged.size() >= REMEMBERED)
            {
                logged.clear();
            }
            logged.put(first, new long[] {lastObservationTimestamp, observationCount});
            LOG.warn("Artio engine {}: {} (seen {} time(s); Artio's distinct error log in the engine's directory has " +
                "the stack trace)", engine, first, observationCount);
        }
        else if (lastObservationTimestamp - seen[0] >= REPEAT_MILLIS)
        {
            LOG.warn("Artio engine {}: {} again, {} more time(s) since it was last logged", engine, first,
                observationCount - seen[1]);
            seen[0] = lastObservationTimestamp;
            seen[1] = observationCount;
        }
    }
}
