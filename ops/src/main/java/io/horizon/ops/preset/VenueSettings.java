package io.horizon.ops.preset;

/**
 * One {@code [[venues]]} entry.
 *
 * @param name the venue's name in logs, metrics and audit ({@code "paper"}).
 * @param kind what connects to it: {@code "paper"}, the built-in simulated venue, is the only kind so far.
 */
public record VenueSettings(String name, String kind)
{
    /** The simulated venue. */
    public static final String PAPER = "paper";
}
