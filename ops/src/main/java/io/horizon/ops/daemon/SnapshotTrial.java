package io.horizon.ops.daemon;

import java.util.function.Supplier;

import io.horizon.engine.config.EngineConfig;
import io.horizon.engine.pipeline.EnginePipeline;
import io.horizon.engine.pipeline.ThreadingMode;
import io.horizon.ops.preset.Preset;

/**
 * Builds the throw-away engines a snapshot is tried on before recovery restores it into the real
 * one ({@link io.horizon.journal.snapshot.SnapshotRecovery}): the same BLP as the preset's (reference
 * data, strategies, risk, seed, order capacity), on a small ring, never started, so a trial costs the
 * state and little more.
 * <p>
 * Stateless; any thread.
 */
public final class SnapshotTrial
{
    private static final int TRIAL_RING_SIZE = 64;

    private SnapshotTrial()
    {
    }

    /**
     * @param preset the preset the engine is built from.
     * @param config the real engine's configuration; its seed and order capacity are kept.
     * @return a supplier of fresh trial engines.
     */
    public static Supplier<EnginePipeline> of(final Preset preset, final EngineConfig config)
    {
        final EngineConfig small = EngineConfig.builder()
            .threading(ThreadingMode.SHARED)
            .ringSize(TRIAL_RING_SIZE)
            .seed(config.seed())
            .orderCapacity(config.orderCapacity())
            .heartbeatIntervalMillis(0)
            .build();
        return () -> EngineAssembly.blp(preset, small).sideEffects(false).build();
    }
}
