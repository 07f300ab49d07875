package io.horizon.engine.snapshot;

import java.nio.charset.StandardCharsets;

import io.horizon.engine.reference.Account;
import io.horizon.engine.reference.Instrument;
import io.horizon.engine.reference.ReferenceData;

/**
 * A 64-bit fingerprint (FNV-1a) of what a snapshot's state is indexed by: every instrument (id,
 * symbol, tick size, reference price) and every account (id, name, starting cash). A state taken
 * with other instruments or accounts would put positions and orders on the wrong ones, so a
 * snapshot whose fingerprint differs from the engine's is refused.
 * <p>
 * Stateless; any thread. Allocates (strings to bytes): cold paths only.
 */
public final class ReferenceFingerprint
{
    private static final long OFFSET = 0xcbf29ce484222325L;
    private static final long PRIME = 0x100000001b3L;

    private ReferenceFingerprint()
    {
    }

    /**
     * @param referenceData the engine's reference data.
     * @return its fingerprint.
     */
    public static long of(final ReferenceData referenceData)
    {
        long h = OFFSET;
        for (final Instrument i : referenceData.instruments())
        {
            h = mix(h, i.id());
            h = mix(h, i.symbol());
            h = mix(h, i.tickSize());
            h = mix(h, i.referencePrice());
        }
        h = mix(h, -1);
        for (final Account a : referenceData.accounts())
        {
            h = mix(h, a.id());
            h = mix(h, a.name());
            h = mix(h, a.startingCash());
        }
        return h;
    }

    /**
     * Folds text into a fingerprint, for callers that fingerprint their own settings.
     *
     * @param h    the fingerprint so far ({@link #start()} to begin).
     * @param text the text.
     * @return the new fingerprint.
     */
    public static long mix(final long h, final String text)
    {
        long r = mix(h, text.length());
        for (final byte b : text.getBytes(StandardCharsets.UTF_8))
        {
            r = (r ^ (b & 0xff)) * PRIME;
        }
        return r;
    }

    /**
     * @return the starting value of a fingerprint.
     */
    public static long start()
    {
        return OFFSET;
    }

    private static long mix(final long h, final long value)
    {
        long r = h;
        for (int shift = 0; shift < 64; shift += 8)
        {
            r = (r ^ ((value >>> shift) & 0xff)) * PRIME;
        }
        return r;
    }
}
