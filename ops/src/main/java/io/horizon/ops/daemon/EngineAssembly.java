package io.horizon.ops.daemon;

import java.util.Locale;
import java.util.Map;

import io.horizon.engine.config.EngineConfig;
import io.horizon.engine.pipeline.EnginePipeline;
import io.horizon.engine.risk.RiskChain;
import io.horizon.engine.risk.RiskConfig;
import io.horizon.engine.risk.RiskProfile;
import io.horizon.ops.preset.Preset;
import io.horizon.ops.preset.StrategySettings;

/**
 * Builds the business-logic side of the engine from a preset: configuration, reference data,
 * risk, strategies. The daemon adds its journal and venue, {@code replay --verify} its comparator and
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
        return blp(preset, config, risk(preset));
    }

    /**
     * @param preset the preset; its reference data, strategies and risk.
     * @param config the engine configuration.
     * @param risk   the risk chain built by {@link #risk(Preset)}, kept by the caller for reporting.
     * @return a builder holding the BLP's parts, without journal or venue.
     */
    public static EnginePipeline.Builder blp(final Preset preset, final EngineConfig config, final RiskChain risk)
    {
        final EnginePipeline.Builder builder = EnginePipeline.builder()
            .config(config)
            .referenceData(preset.referenceData())
            .risk(risk);
        for (final StrategySettings strategy : preset.strategies())
        {
            builder.strategy(strategy.create(preset.referenceData()));
        }
        return builder;
    }

    /**
     * Builds the pre-trade risk chain, kill switch and watchdog from the preset's {@code [risk]}
     * table: its profile, then each override by limit name. The risk engine checks names and
     * ranges; a bad one is refused with a message naming the key and value.
     *
     * @param preset the preset.
     * @return a fresh risk chain (it holds state, so one per engine).
     */
    public static RiskChain risk(final Preset preset)
    {
        final RiskConfig.Builder config =
            RiskConfig.builder(RiskProfile.valueOf(preset.risk().profile().toUpperCase(Locale.ROOT)));
        for (final Map.Entry<String, Object> override : preset.risk().overrides().entrySet())
        {
            final Object value = override.getValue();
            config.set(override.getKey(), value instanceof java.math.BigDecimal ?
                ((java.math.BigDecimal)value).toPlainString() : String.valueOf(value));
        }
        return new RiskChain(config.build());
    }
}
