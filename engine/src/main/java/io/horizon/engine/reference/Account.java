package io.horizon.engine.reference;

/**
 * A trading account. Immutable.
 *
 * @param id           dense id, {@code 0..n-1}, used on the hot path.
 * @param name         the name people use.
 * @param startingCash cash at the start of the run, fixed point.
 */
public record Account(int id, String name, long startingCash)
{
}
