package io.horizon.ops.preset;

import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The preset's {@code [feed] kind = "fix"}: market data over a FIX venue's session, the venue named
 * by {@code venue} (or the only FIX venue), and the contradictions the reader refuses.
 */
final class FixFeedPresetTest
{
    private static final String INSTRUMENTS = String.join("\n",
        "[[instruments]]", "symbol = \"AAPL\"", "tick_size = 0.01", "reference_price = 190", "",
        "[[accounts]]", "name = \"paper\"", "starting_cash = 1000", "");

    private static String fixVenue(final String name)
    {
        return String.join("\n", "[[venues]]", "name = \"" + name + "\"", "kind = \"fix\"", "host = \"127.0.0.1\"",
            "port = 9878", "sender_comp_id = \"HORIZON\"", "target_comp_id = \"HZSIM\"", "");
    }

    private static Preset parse(final String text)
    {
        return PresetReader.parse("test.hz.toml", "test.hz.toml", text, Path.of("/presets"), PresetOverrides.none());
    }

    private static void assertOneError(final String text, final String expected)
    {
        final List<String> errors = assertThrows(PresetException.class, () -> parse(text)).errors();
        assertEquals(List.of(expected), errors);
    }

    @Test
    void shouldTakeMarketDataFromTheOnlyFixVenueWhenNoneIsNamed()
    {
        final Preset preset = parse(INSTRUMENTS + fixVenue("broker") + "[feed]\nkind = \"fix\"\n");
        assertTrue(preset.feed().isFix());
        assertEquals("broker", preset.feed().venue());
        assertNull(preset.feed().path());
    }

    @Test
    void shouldTakeMarketDataFromTheNamedFixVenue()
    {
        final Preset preset = parse(INSTRUMENTS + "[[venues]]\nname = \"paper\"\nkind = \"paper\"\n" + fixVenue("orders") +
            fixVenue("quotes") + "[feed]\nkind = \"fix\"\nvenue = \"quotes\"\n");
        assertEquals("quotes", preset.feed().venue());
    }

    @Test
    void shouldShipTheFixSimPresetOnFixMarketDataFromItsVenue()
    {
        final Preset preset = EmbeddedPresets.parse(EmbeddedPresets.FIX_SIM);
        assertTrue(preset.feed().isFix());
        assertEquals("sim", preset.feed().venue());
        assertTrue(PresetToml.render(preset).contains("[feed]\nkind = \"fix\"\nvenue = \"sim\"\n"), PresetToml.render(preset));
    }

    @Test
    void shouldRefuseAFixFeedWithoutAFixVenueNamingTheFix()
    {
        assertOneError(INSTRUMENTS + "[feed]\nkind = \"fix\"\n",
            "test.hz.toml: feed.venue: kind = \"fix\" needs a [[venues]] entry of kind = \"fix\": market data comes over " +
                "that venue's session");
        assertOneError(INSTRUMENTS + fixVenue("a") + fixVenue("b") + "[feed]\nkind = \"fix\"\n",
            "test.hz.toml: feed.venue: kind = \"fix\" with several FIX venues needs venue = one of [a, b]");
        assertOneError(INSTRUMENTS + "[[venues]]\nname = \"paper\"\nkind = \"paper\"\n" + fixVenue("broker") +
                "[feed]\nkind = \"fix\"\nvenue = \"paper\"\n",
            "test.hz.toml: feed.venue = \"paper\": names no [[venues]] entry of kind = \"fix\"; FIX venues: [broker] " +
                "(market data comes over that venue's session)");
    }

    @Test
    void shouldRefuseKeysThatContradictTheFeedKind()
    {
        assertOneError(INSTRUMENTS + fixVenue("broker") + "[feed]\nkind = \"fix\"\nrate = 100\n",
            "test.hz.toml: feed.rate = 100: contradicts kind = \"fix\": FIX market data comes as the venue sends it; " +
                "remove the rate, or use kind = \"synthetic\"");
        assertOneError(INSTRUMENTS + fixVenue("broker") + "[feed]\nkind = \"fix\"\npace = \"1x\"\n",
            "test.hz.toml: feed.pace = \"1x\": contradicts kind = \"fix\": only a file feed has a pace; remove it, or use " +
                "kind = \"csv\"");
        assertOneError(INSTRUMENTS + fixVenue("broker") + "[feed]\nvenue = \"broker\"\n",
            "test.hz.toml: feed.venue = \"broker\": contradicts kind = \"synthetic\": only a FIX feed names a venue; " +
                "remove it, or use kind = \"fix\"");
    }
}
