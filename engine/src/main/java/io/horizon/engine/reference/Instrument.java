package io.horizon.engine.reference;

/**
 * A tradable instrument. Immutable.
 *
 * @param id             dense id, {@code 0..n-1}, used on the hot path.
 * @param symbol         the name people and venues use ({@code "AAPL"}).
 * @param tickSize       smallest price increment, fixed point.
 * @param referencePrice a typical price, fixed point; the synthetic feed starts its walk here.
 */
public record Instrument(int id, String symbol, long tickSize, long referencePrice)
{
}
