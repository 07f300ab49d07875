package io.horizon.ops.daemon;

import io.horizon.engine.config.EngineConfig;
import io.horizon.engine.pipeline.EnginePipeline;
import io.horizon.engine.reference.ReferenceData;
import io.horizon.engine.strategy.MarketMaker;
import io.horizon.ops.preset.EmbeddedPresets;

/**
 * The embedded default that {@code horizon run} uses with no preset, for tests: a paper venue, a
 * synthetic feed over three instruments, one paper account, and the sample market maker. The
 * values live in the shipped preset {@code presets/paper.hz.toml}; this class reads them from
 * there. Test sources only: the daemon reads the preset itself.
 * <p>
 * Stateless; any thread.
 */
public final class DefaultSetup
{
    /** The default account's name. */
    public static final String ACCOUNT = "paper";
    /** The default account's starting cash, in USD. */
    public static final long STARTING_CASH_UNITS = 1_000_000;

    private DefaultSetup()
    {
    }

    /**
     * @return AAPL, MSFT and SPY with a 0.01 tick, and the {@value #ACCOUNT} account.
     */
    public static ReferenceData referenceData()
    {
        return EmbeddedPresets.paper().referenceData();
    }

    /**
     * The BLP side of the default engine; see {@link EngineAssembly}.
     *
     * @param config engine configuration.
     * @return a builder holding the default engine.
     */
    public static EnginePipeline.Builder engine(final EngineConfig config)
    {
        return EngineAssembly.blp(EmbeddedPresets.paper(), config);
    }

    /**
     * @return a market maker on account 0: 2 ticks each side, 10 units a quote, at most 100
     *         units of inventory, re-quoting after a 2-tick move, pacing new quotes to the rate limit.
     */
    public static MarketMaker marketMaker()
    {
        return (MarketMaker)EmbeddedPresets.paper().strategies().get(0).create(referenceData());
    }
}
