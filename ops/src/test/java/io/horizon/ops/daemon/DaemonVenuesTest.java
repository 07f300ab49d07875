package io.horizon.ops.daemon;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import io.horizon.engine.counter.EngineCounters;
import io.horizon.engine.event.FixedPoint;
import io.horizon.engine.event.OrderType;
import io.horizon.engine.event.Side;
import io.horizon.engine.output.EngineOutput;
import io.horizon.engine.output.ExecType;
import io.horizon.engine.output.OutputKind;
import io.horizon.engine.venue.Venue;
import io.horizon.engine.venue.VenueRouter;
import io.horizon.engine.venue.VenueSessionState;
import io.horizon.engine.venue.paper.PaperVenue;
import io.horizon.fix.FixVenue;
import io.horizon.journal.audit.AuditDraft;
import io.horizon.journal.audit.AuditMapping;
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
        final Preset preset = twoVenues();
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

    @Test
    void shouldNameEachOrdersOwnVenueInTheAuditLogWhenThePresetHasSeveral()
    {
        final Preset preset = twoVenues();
        try (DaemonVenues venues = DaemonVenues.build(preset, state, new EngineCounters()))
        {
            final AuditMapping mapping = new AuditMapping(preset.referenceData(), venues.routes(), List.of());
            final int aapl = preset.referenceData().instrumentBySymbol("AAPL").id();
            final int msft = preset.referenceData().instrumentBySymbol("MSFT").id();
            final List<AuditDraft> rows = new ArrayList<>();
            mapping.output(acknowledged(1, msft), 1, null, rows);
            mapping.output(acknowledged(2, aapl), 2, null, rows);

            assertEquals(2, rows.size(), rows.toString());
            assertEquals("broker", rows.get(0).venueName(), "MSFT is routed to the FIX venue");
            assertTrue(rows.get(0).message().startsWith("broker acknowledged "), rows.get(0).message());
            assertEquals("paper", rows.get(1).venueName(), "AAPL goes to the first venue");
            assertTrue(rows.get(1).message().startsWith("paper acknowledged "), rows.get(1).message());
        }
    }

    /** The embedded paper preset plus a FIX venue that takes MSFT. */
    private static Preset twoVenues()
    {
        final String text = EmbeddedPresets.text(EmbeddedPresets.PAPER)
            + String.join("\n", "",
            "[[venues]]", "name = \"broker\"", "kind = \"fix\"", "host = \"127.0.0.1\"", "port = 1",
            "sender_comp_id = \"HORIZON\"", "target_comp_id = \"BROKER\"", "instruments = [\"MSFT\"]", "");
        return PresetReader.parse("two.hz.toml", "two.hz.toml", text, null, PresetOverrides.none());
    }

    private static EngineOutput acknowledged(final long orderId, final int instrumentId)
    {
        final EngineOutput report = new EngineOutput().clear();
        report.kind = OutputKind.EXECUTION_REPORT;
        report.execType = ExecType.NEW;
        report.orderId = orderId;
        report.accountId = 0;
        report.instrumentId = instrumentId;
        report.side = Side.BUY;
        report.orderType = OrderType.LIMIT;
        report.price = FixedPoint.ofUnits(100);
        report.quantity = FixedPoint.ofUnits(1);
        report.leavesQuantity = report.quantity;
        return report;
    }
}
