package io.horizon.ops.replay;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.horizon.engine.event.FixedPoint;
import io.horizon.engine.output.EngineOutput;
import io.horizon.engine.output.ExecType;
import io.horizon.engine.output.OutputKind;
import io.horizon.journal.JournalReader;
import io.horizon.ops.preset.PresetRecord;
import io.horizon.ops.support.HorizonProcess;
import io.horizon.ops.support.HorizonProcess.Result;
import io.horizon.ops.support.RecordedMarketFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code horizon replay --what-if}: the journal's inputs re-run with another preset name exactly
 * the orders, and the amends, a tighter limit refuses; the same preset reports no difference; on a journal written
 * from a file and on one written live; the state is left as it was.
 */
final class WhatIfReplayTest
{
    private static final long LIMIT = FixedPoint.parse("3000");
    private static final String AMEND_LIMIT = "5601";

    @TempDir
    Path dir;

    @Test
    @SuppressWarnings("unchecked")
    void shouldNameExactlyTheOrdersATighterNotionalLimitRefusesAndNoDifferenceForTheSamePreset() throws Exception
    {
        final Path csv = RecordedMarketFile.start().quotes(0, 10_000, 250).quotes(10_000, 20_000, 250, 0.25).write(dir.resolve("day.csv"));
        final Path state = dir.resolve("state");
        final Result run = HorizonProcess.inProcess("run", "--state", state.toString(), "--feed-csv", csv.toString(), "--metrics-port", "0");
        assertEquals(0, run.exitCode(), run::toString);
        final Path active = PresetRecord.file(state);
        final long journalBytes = size(state.resolve("journal"));

        final Result same = HorizonProcess.inProcess("replay", "--state", state.toString(), "--what-if", active.toString());
        assertEquals(0, same.exitCode(), same::toString);
        assertTrue(same.output().contains("no difference"), same::toString);

        final Path tighter = Files.writeString(dir.resolve("tighter.hz.toml"),
            Files.readString(active).replace("[risk]\nprofile = \"moderate\"\n",
                "[risk]\nprofile = \"moderate\"\n\n[risk.overrides]\nmax_order_notional = 3000\n"));
        assertTrue(Files.readString(tighter).contains("max_order_notional"), "the tighter preset");
        final Result text = HorizonProcess.inProcess("replay", "--state", state.toString(), "--what-if", tighter.toString());
        assertEquals(1, text.exitCode(), text::toString);
        assertTrue(text.output().contains("refused with the other preset (accepted in the baseline)"), text::toString);
        assertTrue(text.output().contains("by notional: notional 4200"), "a MSFT order of 10 at 420: " + text);

        final Result json = HorizonProcess.inProcess("replay", "--state", state.toString(), "--what-if", tighter.toString(), "--json");
        assertEquals(1, json.exitCode(), json::toString);
        // The captured output holds log lines too; the report is the one JSON line.
        final String line = json.output().lines().filter(l -> l.startsWith("{")).findFirst().orElseThrow();
        final Map<String, Object> report = new ObjectMapper().readValue(line, Map.class);
        assertEquals(false, report.get("no_difference"));
        final List<Map<String, Object>> refused = (List<Map<String, Object>>)report.get("refused");
        assertFalse(refused.isEmpty(), json::toString);
        final Set<String> named = new HashSet<>();
        final boolean killSwitchFired = ((List<Map<String, Object>>)report.get("alerts_fired")).stream()
            .anyMatch(a -> "KILL_SWITCH_FIRED".equals(a.get("kind")));
        int byNotional = 0;
        for (final Map<String, Object> order : refused)
        {
            if ("notional".equals(order.get("layer")))
            {
                byNotional++;
                assertTrue(FixedPoint.parse((String)order.get("notional")) > LIMIT, "refused only above the limit: " + order);
            }
            else
            {
                // The consequence: a streak of refusals fires the kill switch, which the report names too.
                assertEquals("kill_switch", order.get("layer"), order::toString);
                assertTrue(killSwitchFired, "a kill switch refusal comes with the kill switch alert: " + report.get("alerts_fired"));
            }
            named.add(key(order));
        }
        assertTrue(byNotional > 0, json::toString);
        for (final Map<String, Object> order : (List<Map<String, Object>>)report.get("only_baseline"))
        {
            named.add(key(order));
        }
        // Every order the journal shows accepted above the limit is named: refused, or never placed
        // because the strategy took another path once its earlier orders were refused.
        int above = 0;
        try (JournalReader reader = JournalReader.outbound(state))
        {
            final EngineOutput o = new EngineOutput();
            while (reader.nextOutput(o))
            {
                if (o.execType == ExecType.PENDING_NEW && FixedPoint.multiply(o.price, o.quantity) > LIMIT)
                {
                    above++;
                    assertTrue(named.contains(java.time.Instant.ofEpochSecond(0, o.timestampNanos) + " " +
                        FixedPoint.format(o.quantity) + " @ " + FixedPoint.format(o.price)), "not named: " + o);
                }
            }
        }
        assertTrue(above > 0, "the run had orders above the limit");
        assertEquals(journalBytes, size(state.resolve("journal")), "the state is only read");
    }

    @Test
    @SuppressWarnings("unchecked")
    void shouldNameTheAmendsATighterNotionalLimitRefusesMatchedByTheInputThatCausedThem() throws Exception
    {
        // SPY quoted at 560 for 10 s, then at 560.25: the market maker amends its SPY quotes up,
        // above a notional limit its first quotes were under.
        final Path csv = RecordedMarketFile.start().quotes(0, 10_000, 250).quotes(10_000, 20_000, 250, 0.25).write(dir.resolve("day.csv"));
        final Path state = dir.resolve("state");
        assertEquals(0, HorizonProcess.inProcess("run", "--state", state.toString(), "--feed-csv", csv.toString(),
            "--metrics-port", "0").exitCode());
        final Path active = PresetRecord.file(state);
        final Path tighter = Files.writeString(dir.resolve("tighter.hz.toml"),
            Files.readString(active).replace("[risk]\nprofile = \"moderate\"\n",
                "[risk]\nprofile = \"moderate\"\n\n[risk.overrides]\nmax_order_notional = " + AMEND_LIMIT + "\n"));

        final Result text = HorizonProcess.inProcess("replay", "--state", state.toString(), "--what-if", tighter.toString());
        assertEquals(1, text.exitCode(), text::toString);
        assertTrue(text.output().contains("amends refused with the other preset (accepted in the baseline)"), text::toString);
        assertTrue(text.output().matches("(?s).*amend (buy|sell) 10 SPY limit @ \\S+ to 10 @ \\S+ .*\\[input #\\d+]  by notional: .*"),
            "the amend with its old and new price, its input and the layer: " + text);

        final Result json = HorizonProcess.inProcess("replay", "--state", state.toString(), "--what-if", tighter.toString(), "--json");
        assertEquals(1, json.exitCode(), json::toString);
        final String line = json.output().lines().filter(l -> l.startsWith("{")).findFirst().orElseThrow();
        final Map<String, Object> report = new ObjectMapper().readValue(line, Map.class);
        final Map<String, Object> amends = (Map<String, Object>)report.get("amends");
        final List<Map<String, Object>> refused = (List<Map<String, Object>>)amends.get("refused");
        assertFalse(refused.isEmpty(), line);

        // What the journal itself shows: each accepted amend's command, by the input that caused it.
        final Map<String, EngineOutput> amendedInJournal = new java.util.HashMap<>();
        try (JournalReader reader = JournalReader.outbound(state))
        {
            final EngineOutput o = new EngineOutput();
            while (reader.nextOutput(o))
            {
                if (o.kind == OutputKind.VENUE_AMEND)
                {
                    amendedInJournal.put("#" + o.causeSequence + " " + o.side.name().toLowerCase(java.util.Locale.ROOT) + " " + o.instrumentId,
                        new EngineOutput().copyFrom(o));
                }
            }
        }
        assertFalse(amendedInJournal.isEmpty(), "the market maker amended in the recorded run");
        final int spy = 2;
        final Set<String> named = new HashSet<>();
        for (final Map<String, Object> amend : refused)
        {
            assertEquals("notional", amend.get("layer"), amend::toString);
            assertEquals("SPY", amend.get("market"), "only SPY's amends go above the limit: " + amend);
            final Map<String, Object> before = (Map<String, Object>)amend.get("baseline");
            assertEquals(true, before.get("accepted"), amend::toString);
            assertEquals(amend.get("cause"), before.get("cause"), "matched by the input that caused it: " + amend);
            // The refused amend's report gives the old price; the match does not depend on it.
            assertEquals(before.get("price"), amend.get("price"), amend::toString);
            assertTrue(FixedPoint.parse((String)before.get("notional")) > FixedPoint.parse(AMEND_LIMIT), "above the limit: " + before);
            final String key = amend.get("cause") + " " + amend.get("side") + " " + spy;
            final EngineOutput journaled = amendedInJournal.get(key);
            assertTrue(journaled != null, "the journal shows this amend accepted, caused by the same input: " + key);
            assertEquals(FixedPoint.format(journaled.price), before.get("new_price"), "the new price, as journaled: " + amend);
            // The strategy's refused amend names what it asked for (its report keeps it since journal schema 2).
            assertEquals(before.get("new_price"), amend.get("new_price"), "the refusal asked for the same price: " + amend);
            assertEquals(before.get("new_quantity"), amend.get("new_quantity"), amend::toString);
            assertTrue(FixedPoint.parse((String)amend.get("notional")) > FixedPoint.parse(AMEND_LIMIT), "above the limit: " + amend);
            named.add(key);
        }
        for (final Map<String, Object> amend : (List<Map<String, Object>>)amends.get("only_baseline"))
        {
            named.add(amend.get("cause") + " " + amend.get("side") + " " + spy);
        }
        // Every amend the journal shows going above the limit is named: refused, or never asked for
        // because the strategy took another path once its earlier requests were refused.
        for (final Map.Entry<String, EngineOutput> e : amendedInJournal.entrySet())
        {
            if (FixedPoint.multiply(e.getValue().price, e.getValue().quantity) > FixedPoint.parse(AMEND_LIMIT))
            {
                assertTrue(named.contains(e.getKey()), "not named: " + e.getValue() + " in " + amends);
            }
        }
        final Map<String, Object> baselineSummary = (Map<String, Object>)report.get("baseline");
        assertEquals(0, ((Number)baselineSummary.get("amends_refused")).intValue(), line);
        assertTrue(((Number)((Map<String, Object>)report.get("what_if")).get("amends_refused")).intValue() >= refused.size(), line);

        final Result same = HorizonProcess.inProcess("replay", "--state", state.toString(), "--what-if", active.toString(), "--json");
        assertEquals(0, same.exitCode(), same::toString);
        final Map<String, Object> none = new ObjectMapper().readValue(
            same.output().lines().filter(l -> l.startsWith("{")).findFirst().orElseThrow(), Map.class);
        assertEquals(true, none.get("no_difference"), same::toString);
        assertTrue(((Number)((Map<String, Object>)none.get("baseline")).get("amends_accepted")).intValue() > 0,
            "amends were compared: " + none.get("baseline"));
    }

    @Test
    void shouldReportNoDifferenceOnAJournalWrittenLiveWithItsOwnPreset() throws Exception
    {
        final Path state = dir.resolve("live");
        final Result run = HorizonProcess.inProcess("run", "--state", state.toString(), "--duration", "3s", "--metrics-port", "0");
        assertEquals(0, run.exitCode(), run::toString);

        final Result same = HorizonProcess.inProcess("replay", "--state", state.toString(), "--what-if", PresetRecord.file(state).toString());

        assertEquals(0, same.exitCode(), same::toString);
        assertTrue(same.output().contains("no difference"), same::toString);
        assertTrue(same.output().matches("(?s).*orders accepted\\s+[1-9]\\d*\\s+[1-9].*"), "the live run traded: " + same);
    }

    @Test
    void shouldRefuseAPresetThatTradesOtherInstruments() throws Exception
    {
        final Path csv = RecordedMarketFile.start().quotes(0, 1_000, 250).write(dir.resolve("day.csv"));
        final Path state = dir.resolve("state");
        assertEquals(0, HorizonProcess.inProcess("run", "--state", state.toString(), "--feed-csv", csv.toString(),
            "--metrics-port", "0").exitCode());
        final Path other = Files.writeString(dir.resolve("other.hz.toml"),
            Files.readString(PresetRecord.file(state)).replace("\"SPY\"", "\"QQQ\""));

        final Result refused = HorizonProcess.inProcess("replay", "--state", state.toString(), "--what-if", other.toString());

        assertEquals(2, refused.exitCode(), refused::toString);
        assertTrue(refused.output().contains("are not the journal's"), refused::toString);
        assertFalse(refused.output().contains("\tat "), refused::toString);
    }

    private static String key(final Map<String, Object> order)
    {
        return order.get("time") + " " + order.get("quantity") + " @ " + order.get("price");
    }

    private static long size(final Path dir) throws java.io.IOException
    {
        try (var files = Files.walk(dir))
        {
            return files.filter(Files::isRegularFile).mapToLong(f -> f.toFile().length()).sum();
        }
    }
}
