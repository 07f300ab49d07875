package io.horizon.engine.event;

/**
 * Order type. A limit order carries a price and may rest; a market order fills at the touch.
 */
public enum OrderType
{
    LIMIT,
    MARKET
}
