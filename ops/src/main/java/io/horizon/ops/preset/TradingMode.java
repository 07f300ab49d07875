package io.horizon.ops.preset;

import java.util.Locale;

/**
 * Whether a preset trades on paper or against a live market. {@code horizon run} starts only
 * paper presets today: there is no live venue yet, and a live preset naming a paper venue is a
 * contradiction the reader refuses.
 */
public enum TradingMode
{
    PAPER,
    LIVE;

    /**
     * @return the preset spelling ({@code "paper"}).
     */
    public String configName()
    {
        return name().toLowerCase(Locale.ROOT);
    }
}
