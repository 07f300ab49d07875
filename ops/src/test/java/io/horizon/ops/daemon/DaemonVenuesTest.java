package io.horizon.ops.daemon;

import java.nio.file.Files;
import java.nio.file.Path;

import io.horizon.engine.counter.EngineCounters;
import io.horizon.engine.venue.Venue;
import io.horizon.engine.venue.VenueRouter;
import io.horizon.engine.venue.VenueSessionState;
import io.horizon.engine.venue.paper.PaperVenue;
import io.horizon.fix.FixVenue;
import io.horizon.ops.preset.EmbeddedPresets;
import io.horizon.ops.preset.Preset;
import io.horizon.ops.preset.PresetOverrides;
import io.horizon.ops.preset.PresetReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The daemon's venues from a preset with a paper venue and a FIX venue: one slot, a router that
 * sends MSFT (by instrument) to the FIX venue and everything else to the paper venue, session
 * state published for each, and the FIX venue's files under the state directory.
 */
final class DaemonVenuesTest
{
    @TempDir
    Path state;

    @Test
    void shouldRouteByTheVenuesInstrumentListAndKeepFixFilesInTheStateDirectory()
    {
        final String text = EmbeddedPresets.text(EmbeddedPresets.PAPER)
            + String.join("\n", "",
            "[[venues]]", "name = \"broker\"", "kind = \"fix\"", "host = \"127.0.0.1\"", "port = 1",
            "sender_comp_id = \"HORIZON\"", "target_comp_id = \"BROKER\"", "instruments = [\"MSFT\"]", "");
        final Preset preset = PresetReader.parse("two.hz.toml", "two.hz.toml", text, null, PresetOverrides.none());
        final EngineCounters counters = new EngineCounters();
        try (DaemonVenues venues = DaemonVenues.build(preset, state, counters))
        {
            final VenueRouter router = assertInstanceOf(VenueRouter.class, venues.venue());
            final int aapl = preset.referenceData().instrumentBySymbol("AAPL").id();
            final int msft = preset.referenceData().instrumentBySymbol("MSFT").id();
            final Venue toMsft = router.route(0, msft);
            assertInstanceOf(FixVenue.class, toMsft);
            assertEquals("broker", toMsft.name());
            assertInstanceOf(PaperVenue.class, router.route(0, aapl));
            assertSame(router.route(0, aapl), router.route(-1, -1), "unrouted orders go to the first venue");

            venues.publishEmbeddedStates(counters);
            assertEquals(VenueSessionState.EMBEDDED.code(), VenueSessionState.gauge(counters, "paper").get());
            assertEquals(VenueSessionState.DOWN.code(), VenueSessionState.gauge(counters, "broker").get());
            assertTrue(Files.isDirectory(state.resolve("fix/broker")), "the FIX venue's files live in the state directory");
        }
    }
}
