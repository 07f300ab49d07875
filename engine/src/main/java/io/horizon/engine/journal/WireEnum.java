package io.horizon.engine.journal;

import java.util.function.ToIntFunction;

/**
 * The frozen mapping between one engine enum and its wire values in the journal schema
 * ({@code engine/src/main/resources/sbe/horizon-journal.xml}). Constants are matched by name once,
 * at class initialisation; after that both directions are array look-ups, so encoding and
 * decoding never allocate and never depend on the Java enum's ordinal. The schema value
 * {@code NONE} (0) stands for "not set": it is an engine constant where the engine enum has a
 * {@code NONE}, and {@code null} where it has none.
 * <p>
 * Threading: immutable after construction; any thread.
 *
 * @param <D> the engine enum.
 * @param <W> the SBE-generated enum.
 */
final class WireEnum<D extends Enum<D>, W extends Enum<W>>
{
    private static final int WIRE_RANGE = 256;

    private final D[] byWire;
    private final boolean[] known = new boolean[WIRE_RANGE];
    private final W[] toWire;
    private final W none;

    @SuppressWarnings("unchecked")
    WireEnum(final Class<D> engineEnum, final W[] wireValues, final ToIntFunction<W> value)
    {
        final D[] engineValues = engineEnum.getEnumConstants();
        byWire = (D[])java.lang.reflect.Array.newInstance(engineEnum, WIRE_RANGE);
        toWire = (W[])java.lang.reflect.Array.newInstance(wireValues.getClass().getComponentType(), engineValues.length);
        W noneValue = null;
        for (final W w : wireValues)
        {
            if ("NULL_VAL".equals(w.name()))
            {
                continue;
            }
            final int code = value.applyAsInt(w);
            known[code] = true;
            D match = null;
            for (final D d : engineValues)
            {
                if (d.name().equals(w.name()))
                {
                    match = d;
                }
            }
            if (match == null && !"NONE".equals(w.name()))
            {
                throw new IllegalStateException("journal schema value " + w + " of " + engineEnum.getSimpleName() +
                    " has no engine constant of that name");
            }
            byWire[code] = match;
            if (match != null)
            {
                toWire[match.ordinal()] = w;
            }
            if ("NONE".equals(w.name()))
            {
                noneValue = w;
            }
        }
        for (final D d : engineValues)
        {
            if (toWire[d.ordinal()] == null)
            {
                throw new IllegalStateException(engineEnum.getName() + "." + d + " has no value in the journal schema " +
                    "(sbe/horizon-journal.xml): add a validValue with the next unused number");
            }
        }
        none = noneValue;
    }

    /**
     * @return the wire value of {@code constant}; {@code NONE} for {@code null}.
     */
    W toWire(final D constant)
    {
        return constant == null ? none : toWire[constant.ordinal()];
    }

    /**
     * @return whether {@code code} is a value this release's schema defines.
     */
    boolean isKnown(final int code)
    {
        return code >= 0 && code < WIRE_RANGE && known[code];
    }

    /**
     * @return the engine constant for a known {@code code}; {@code null} for {@code NONE} where
     *         the engine enum has no such constant.
     */
    D fromWire(final int code)
    {
        return byWire[code];
    }
}
