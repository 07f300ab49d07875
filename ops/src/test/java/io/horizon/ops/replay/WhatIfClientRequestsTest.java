package io.horizon.ops.replay;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.horizon.engine.event.FixedPoint;
import io.horizon.engine.event.OrderType;
import io.horizon.engine.event.Side;
import io.horizon.engine.order.ClientOrderIds;
import io.horizon.engine.pipeline.EnginePipeline;
import io.horizon.engine.venue.paper.PaperVenue;
import io.horizon.journal.ChronicleJournal;
import io.horizon.journal.ChronicleOutputJournal;
import io.horizon.journal.JournalManifest;
import io.horizon.journal.SyncPolicy;
import io.horizon.ops.daemon.EngineAssembly;
import io.horizon.ops.preset.EmbeddedPresets;
import io.horizon.ops.preset.Preset;
import io.horizon.ops.preset.PresetRecord;
import io.horizon.ops.support.HorizonProcess;
import io.horizon.ops.support.HorizonProcess.Result;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code horizon replay --what-if} on a journal of a client's orders, amends and cancels: an
 * amend a tighter notional limit refuses is named by the client order ids it carried, with the
 * price and quantity it asked for; a cancel of an order the tighter limit never let in is named
 * as refused; each matched between the runs by the journaled input that caused it.
 */
final class WhatIfClientRequestsTest
{
    private static final int PAPER = 0;
    private static final int AAPL = 0;

    @TempDir
    Path state;

    @Test
    @SuppressWarnings("unchecked")
    void shouldNameAClientsAmendAndCancelThatATighterLimitRefusesByTheirClientOrderIds() throws Exception
    {
        final Preset paper = EmbeddedPresets.paper();
        JournalManifest.openOrCreate(state, paper.engine().seed(), paper.engine().orderCapacity());
        PresetRecord.record(state, paper);
        try (ChronicleJournal journal = ChronicleJournal.open(state, SyncPolicy.NONE, 0);
            ChronicleOutputJournal outputs = ChronicleOutputJournal.open(state))
        {
            final EnginePipeline pipeline = EngineAssembly.blp(paper, paper.engine())
                .journal(journal).outputJournal(outputs).sideEffects(false)
                .venue(new PaperVenue(paper.referenceData(), paper.engine().orderCapacity())).build().start();
            pipeline.goLive();
            final long now = System.currentTimeMillis() * 1_000_000L;
            pipeline.marketData().quote(now, 1, 1, AAPL, FixedPoint.parse("189.98"), FixedPoint.ofUnits(100),
                FixedPoint.parse("190.02"), FixedPoint.ofUnits(100));
            idle(pipeline);
            // A: 5 at 189.50 (947.50), then amended to 20 (3790): above 3000.
            pipeline.orderEntry().newOrder(PAPER, AAPL, Side.BUY, OrderType.LIMIT, FixedPoint.parse("189.5"), FixedPoint.ofUnits(5), 7, 1);
            idle(pipeline);
            pipeline.orderEntry().amend(PAPER, 7, 1, 7, 2, FixedPoint.parse("189.5"), FixedPoint.ofUnits(20));
            idle(pipeline);
            // B: 20 at 189 (3780), then cancelled: with the tighter limit B never existed.
            pipeline.orderEntry().newOrder(PAPER, AAPL, Side.BUY, OrderType.LIMIT, FixedPoint.parse("189"), FixedPoint.ofUnits(20), 7, 3);
            idle(pipeline);
            pipeline.orderEntry().cancel(PAPER, 7, 3);
            idle(pipeline);
            assertTrue(pipeline.drainAndStop());
        }
        final Path tighter = Files.writeString(state.resolveSibling("tighter.hz.toml"), Files.readString(PresetRecord.file(state))
            .replace("[risk]\nprofile = \"moderate\"\n", "[risk]\nprofile = \"moderate\"\n\n[risk.overrides]\nmax_order_notional = 3000\n"));
        assertTrue(Files.readString(tighter).contains("max_order_notional"), "the tighter preset");

        final Result text = HorizonProcess.inProcess("replay", "--state", state.toString(), "--what-if", tighter.toString());
        assertEquals(1, text.exitCode(), text::toString);
        final String amended = ClientOrderIds.format(7, 2);
        assertTrue(text.output().contains("amends refused with the other preset (accepted in the baseline): 1"), text::toString);
        assertTrue(text.output().contains("client " + amended + "  paper  amend buy 5 AAPL limit @ 189.5 to 20 @ 189.5 (notional 3790)"),
            text::toString);
        assertTrue(text.output().contains("cancels refused with the other preset (accepted in the baseline): 1"), text::toString);
        assertTrue(text.output().matches("(?s).*cancel buy 20 AAPL limit @ 189  \\[input #\\d+]  by lifecycle: unknown order.*"),
            "the cancel as the baseline accepted it, and why the other preset refused it: " + text);

        final Result json = HorizonProcess.inProcess("replay", "--state", state.toString(), "--what-if", tighter.toString(), "--json");
        final Map<String, Object> report = new ObjectMapper().readValue(
            json.output().lines().filter(l -> l.startsWith("{")).findFirst().orElseThrow(), Map.class);
        final List<Map<String, Object>> amends = (List<Map<String, Object>>)((Map<String, Object>)report.get("amends")).get("refused");
        assertEquals(1, amends.size(), amends::toString);
        final Map<String, Object> amend = amends.get(0);
        assertEquals("client " + amended, amend.get("origin"));
        assertEquals("notional", amend.get("layer"));
        assertEquals("20", amend.get("new_quantity"), "a client's refused amend still shows what it asked for: " + amend);
        assertEquals("189.5", amend.get("new_price"));
        assertEquals("3790", amend.get("notional"));
        final List<Map<String, Object>> cancels = (List<Map<String, Object>>)((Map<String, Object>)report.get("cancels")).get("refused");
        assertEquals(1, cancels.size(), cancels::toString);
        assertEquals("client " + ClientOrderIds.format(7, 3), cancels.get(0).get("origin"));
        assertEquals(((Map<String, Object>)cancels.get(0).get("baseline")).get("cause"), cancels.get(0).get("cause"));
        final List<Map<String, Object>> orders = (List<Map<String, Object>>)report.get("refused");
        assertEquals(1, orders.size(), "only B's new order: " + orders);
        assertEquals("3780", orders.get(0).get("notional"));
    }

    private static void idle(final EnginePipeline pipeline)
    {
        assertTrue(pipeline.awaitIdle(10_000));
    }
}
