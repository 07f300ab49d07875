package io.horizon.ops.preset;

import java.util.Map;

import io.horizon.engine.reference.ReferenceData;
import io.horizon.engine.strategy.Strategy;

/**
 * One {@code [[strategies]]} entry of a preset: enough to build the strategy the same way on
 * every start, on recovery and on {@code horizon replay --verify}. Immutable; any thread.
 */
public interface StrategySettings
{
    /**
     * @return the preset's {@code kind} ({@code "market-maker"}).
     */
    String kind();

    /**
     * @param referenceData the run's instruments and accounts; the settings were checked against them.
     * @return a new strategy instance, for one pipeline.
     */
    Strategy create(ReferenceData referenceData);

    /**
     * @return every key of the entry but {@code kind}, in file order, each value as written in TOML.
     */
    Map<String, String> keys();
}
