package io.horizon.ops.daemon;

import io.horizon.engine.config.EngineConfig;
import io.horizon.engine.pipeline.EnginePipeline;
import io.horizon.ops.preset.Preset;
import io.horizon.ops.preset.StrategySettings;

/**
 * Builds the business-logic side of the engine from a preset: configuration, reference data,
 * strategies. The daemon adds its journal and venue, {@code replay --verify} its comparator and
 * {@code horizon restore} its recovery run: all of them build the BLP here, the same way, or a
 * re-run could not reproduce the journal.
 * <p>
 * Stateless; any thread.
 */
public final class EngineAssembly
{
    private EngineAssembly()
    {
    }

    /**
     * @param preset the preset; its reference data and strategies.
     * @param config the engine configuration; replay and verify pass their own.
     * @return a builder holding the BLP's parts, without journal or venue.
     */
    public static EnginePipeline.Builder blp(final Preset preset, final EngineConfig config)
    {
        final EnginePipeline.Builder builder = EnginePipeline.builder()
            .config(config)
            .referenceData(preset.referenceData());
        for (final StrategySettings strategy : preset.strategies())
        {
            builder.strategy(strategy.create(preset.referenceData()));
        }
        // Risk hook: the risk engine (issue 3) is built here from preset.risk(), profile and overrides.
        return builder;
    }
}
