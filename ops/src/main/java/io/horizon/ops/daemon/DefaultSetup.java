package io.horizon.ops.daemon;

import io.horizon.engine.config.EngineConfig;
import io.horizon.engine.event.FixedPoint;
import io.horizon.engine.pipeline.EnginePipeline;
import io.horizon.engine.reference.ReferenceData;
import io.horizon.engine.risk.RiskChain;
import io.horizon.engine.risk.RiskConfig;
import io.horizon.engine.risk.RiskProfile;
import io.horizon.engine.strategy.MarketMaker;

/**
 * The embedded default that {@code horizon run} uses with no preset: a paper venue, a synthetic
 * feed over three instruments, one paper account, the sample market maker, and real pre-trade
 * risk with the moderate profile.
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
        return ReferenceData.builder()
            .instrument("AAPL", FixedPoint.fromDouble(0.01), FixedPoint.ofUnits(190))
            .instrument("MSFT", FixedPoint.fromDouble(0.01), FixedPoint.ofUnits(420))
            .instrument("SPY", FixedPoint.fromDouble(0.01), FixedPoint.ofUnits(560))
            .account(ACCOUNT, FixedPoint.ofUnits(STARTING_CASH_UNITS))
            .build();
    }

    /**
     * The BLP side of the default engine: configuration, reference data, risk and strategies. The
     * daemon adds its journal and venue; {@code replay --verify} adds its comparator. Both must
     * build the BLP the same way or a re-run could not reproduce the journal.
     *
     * @param config engine configuration.
     * @param risk   a fresh risk chain (it holds state, so one per engine).
     * @return a builder holding the default engine.
     */
    public static EnginePipeline.Builder engine(final EngineConfig config, final RiskChain risk)
    {
        return EnginePipeline.builder()
            .config(config)
            .referenceData(referenceData())
            .risk(risk)
            .strategy(marketMaker());
    }

    /**
     * @return a market maker on account 0: 2 ticks each side, 10 units a quote, at most 100
     *         units of inventory, re-quoting after a 2-tick move.
     */
    public static MarketMaker marketMaker()
    {
        return new MarketMaker(0, 2, FixedPoint.ofUnits(10), FixedPoint.ofUnits(100), 2);
    }

    /**
     * @return the pre-trade risk chain, kill switch and watchdog with the moderate profile's limits.
     */
    public static RiskChain risk()
    {
        return new RiskChain(RiskConfig.of(RiskProfile.MODERATE));
    }
}
