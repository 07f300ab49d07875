package io.horizon.ops.preset;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The presets shipped inside Horizon: {@value #PAPER}, the embedded default that
 * {@code horizon run} uses when given none, {@value #TUNED_HOST}, an example for a host with
 * isolated cores, and {@value #FIX_SIM}, a FIX 4.4 venue against {@code horizon fix-sim}. {@code horizon preset show NAME} prints them as a starting point.
 * <p>
 * Stateless; any thread.
 */
public final class EmbeddedPresets
{
    /** The default: paper venue, synthetic feed, the sample market maker. */
    public static final String PAPER = "paper.hz.toml";
    /** An example for a tuned host: busy-spin, pinned stage threads, a bigger ring. */
    public static final String TUNED_HOST = "tuned-host.hz.toml";
    /** Trading over FIX 4.4 against {@code horizon fix-sim}. */
    public static final String FIX_SIM = "fix-sim.hz.toml";
    /** Every shipped preset. */
    public static final List<String> NAMES = List.of(PAPER, TUNED_HOST, FIX_SIM);

    private static final Preset DEFAULT = parse(PAPER);

    private EmbeddedPresets()
    {
    }

    /**
     * @return the embedded default, checked once at class load.
     */
    public static Preset paper()
    {
        return DEFAULT;
    }

    /**
     * @param name a name from {@link #NAMES}, with or without {@code .hz.toml}.
     * @return the name with its suffix, or {@code null} when no such preset is shipped.
     */
    public static String find(final String name)
    {
        final String full = name.endsWith(".hz.toml") ? name : name + ".hz.toml";
        return NAMES.contains(full) ? full : null;
    }

    /**
     * @param name a name from {@link #NAMES}.
     * @return its TOML text.
     */
    public static String text(final String name)
    {
        try (InputStream in = EmbeddedPresets.class.getResourceAsStream("/presets/" + name))
        {
            if (in == null)
            {
                throw new IllegalStateException("preset " + name + " is missing from the horizon jar; rebuild it");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
    }

    /**
     * @param name a name from {@link #NAMES}.
     * @return the checked preset.
     */
    public static Preset parse(final String name)
    {
        return parse(name, PresetOverrides.none());
    }

    /**
     * @param name      a name from {@link #NAMES}.
     * @param overrides command-line overrides.
     * @return the checked preset.
     * @throws PresetException when an override is not allowed.
     */
    public static Preset parse(final String name, final PresetOverrides overrides)
    {
        return PresetReader.parse(name + " (embedded)", name, text(name), null, overrides);
    }
}
