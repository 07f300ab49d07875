package io.horizon.ops.daemon;

import java.util.Map;

import io.horizon.engine.snapshot.ReferenceFingerprint;
import io.horizon.ops.preset.Preset;

/**
 * The configuration fingerprint a snapshot carries: every preset value that decides what the
 * engine does with its input ({@link Preset#decisionValues()}: seed, order capacity, instruments,
 * accounts, strategies, risk). A snapshot taken under other values is refused at recovery, as
 * a restart under them is ({@code PresetRecord}).
 * <p>
 * Stateless; any thread.
 */
public final class SnapshotFingerprint
{
    private SnapshotFingerprint()
    {
    }

    /**
     * @param preset the preset.
     * @return its fingerprint.
     */
    public static long of(final Preset preset)
    {
        long h = ReferenceFingerprint.start();
        for (final Map.Entry<String, String> e : preset.decisionValues().entrySet())
        {
            h = ReferenceFingerprint.mix(ReferenceFingerprint.mix(h, e.getKey()), e.getValue());
        }
        return h;
    }
}
