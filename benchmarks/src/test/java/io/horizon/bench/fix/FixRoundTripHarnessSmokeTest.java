package io.horizon.bench.fix;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import io.horizon.engine.order.ClientOrderIds;
import io.horizon.fix.FramerPlacement;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The FIX round-trip harness's smoke mode, so it cannot rot: Horizon and both QuickFIX/J baselines
 * (in-memory store, and synced file store) each log on to a simulator through the tap, every order
 * fills, every moment of every order is stamped, the last of the rounds asked for is tabled in full,
 * every round after the first is listed with its ratio and their median judges the goal, and the
 * table and histograms are written. Speed is not asserted; it goes in the README.
 */
final class FixRoundTripHarnessSmokeTest
{
    @Test
    void shouldTimeEveryOrderOfEveryInitiatorEndToEndAndReportOnlyTheLastRound(@TempDir final Path out) throws Exception
    {
        final FixRoundTripHarness.Settings settings =
            FixRoundTripHarness.Settings.parse("--smoke", "--rounds", "2", "--out", out.toString());
        final ByteArrayOutputStream text = new ByteArrayOutputStream();

        final List<FixRoundTripHarness.Result> results =
            FixRoundTripHarness.run(settings, new PrintStream(text, true, StandardCharsets.UTF_8));

        assertEquals(List.of("horizon@200", "quickfixj@200", "quickfixj-durable@200"),
            results.stream().map(FixRoundTripHarness.Result::label).toList(), "the last round's series only");
        final String printed = text.toString(StandardCharsets.UTF_8);
        for (final String series : List.of("horizon@200", "quickfixj@200", "quickfixj-durable@200"))
        {
            assertTrue(printed.contains("round 1 of 2 (JIT warm-up, not reported): " + series + " own share p50 "), printed);
        }
        assertTrue(printed.contains("200 orders/s: the table below is round 2 of 2"), printed);
        // Round 2 is measured: a row per series, and the per-round ratio with its median (one round: not judged).
        assertTrue(printed.contains("at 200 orders/s, every measured round"), printed);
        for (final String series : List.of("horizon@200", "quickfixj@200", "quickfixj-durable@200"))
        {
            assertTrue(printed.contains("| 2 | " + series), printed);
            assertTrue(!printed.contains("| 1 | " + series), "round 1 warms the JIT and is not measured: " + printed);
        }
        assertTrue(printed.contains("at 200 orders/s, framer thread: Horizon own share p99 / quickfixj's, per measured round: "),
            printed);
        assertTrue(printed.contains("not judged, 1 measured round(s) with both timed, fewer than 3 (--rounds 4)"), printed);
        assertTrue(printed.contains("runq us/ord"), "each thread's run-queue wait: " + printed);
        for (final FixRoundTripHarness.Result r : results)
        {
            assertEquals(0, r.outcome.rejects(), r.label() + " had orders rejected, first: " + r.outcome.firstReject());
            assertEquals(100, r.outcome.times().complete(), r.label() + ": every order timed at all five moments");
            for (final Histogram h : r.series.values())
            {
                assertEquals(100, h.getTotalCount(), r.label());
            }
            final Histogram roundTrip = r.series.get("round trip");
            final Histogram share = r.series.get(FixRoundTripHarness.OWN_SHARE);
            assertTrue(share.getMinValue() <= roundTrip.getMaxValue(), r.label() + ": a share is part of the whole");
        }
        assertTrue(results.get(0).series.containsKey("engine: order event -> decision"));
        assertEquals(100, results.get(0).series.get("in 1: wire -> library poll").getTotalCount(),
            "every fill stamped as it leaves the FIX library's poll");
        assertTrue(results.get(0).outcome.threads().contains("horizon-engine"), results.get(0).outcome.threads());
        final String table = Files.readString(out.resolve("results.md"));
        // A busy machine may fall behind 200/s; the label then says so after the name.
        assertTrue(table.contains("| horizon@200") && table.contains("| round trip | 100 |"), table);
        assertTrue(table.contains("| quickfixj@200") && table.contains("| own share (out + in) | 100 |"), table);
        assertTrue(table.contains("at 200 orders/s: Horizon own share p99"), table);
        assertTrue(table.contains("x quickfixj's") && table.contains("goal <= 0.5 x"), table);
        assertTrue(table.contains("every measured round") && table.contains("per measured round"), table);
        assertTrue(table.contains("| quickfixj-durable@200") && table.contains("x quickfixj-durable's"), table);
        assertTrue(table.contains("baselines quickfixj,quickfixj-durable") && table.contains("round 2 of 2 reported"), table);
        assertTrue(Files.size(out.resolve("horizon@200-round-trip.hgrm")) > 0);
    }

    @Test
    void shouldJudgeTheGoalOnTheMedianOfThePerRoundRatiosOnceThreeRoundsAreMeasured()
    {
        final MeasuredRounds rounds = new MeasuredRounds(1_000);
        // Own share p99 per round, Horizon (thread) / QuickFIX/J: 300/1000, 900/1000, 200/1000.
        final long[][] p99s = {{300, 1_000}, {900, 1_000}, {200, 1_000}};
        for (int i = 0; i < p99s.length; i++)
        {
            rounds.add(i + 2, List.of(result("horizon", FramerPlacement.THREAD, p99s[i][0]),
                result("quickfixj", null, p99s[i][1])));
            if (i == 1)
            {
                assertTrue(printed(rounds).contains("not judged, 2 measured round(s)"), printed(rounds));
            }
        }

        assertEquals(3, rounds.ratios(FramerPlacement.THREAD, "quickfixj").length);
        assertEquals(0.3, MeasuredRounds.median(rounds.ratios(FramerPlacement.THREAD, "quickfixj")), 0.01);
        final String printed = printed(rounds);
        assertTrue(printed.contains("per measured round: 0.30, 0.90, 0.20; median 0.30 x (goal <= 0.5 x on the median of " +
            "3 measured rounds: met)"), printed);
        assertTrue(printed.contains("| 3 | horizon@1k | 1.25 | 900.") && printed.contains("| 4 | quickfixj@1k | 1.25 | 1,000."),
            printed);
        assertEquals(2.5, MeasuredRounds.median(new double[] {4, 1, 2, 3}), 1e-9, "an even count takes the middle two");
        assertTrue(Double.isNaN(MeasuredRounds.median(new double[0])));
    }

    /** A result whose every order's own share is {@code shareMicros} (out and in half each). */
    private static FixRoundTripHarness.Result result(final String name, final FramerPlacement framer, final long shareMicros)
    {
        final RoundTripTimes times = new RoundTripTimes(100, 0);
        for (int i = 0; i < 100; i++)
        {
            final long start = 1_000_000L * (i + 1);
            times.planned[i] = start;
            times.decision(i, start);
            times.wireOut(i, start + shareMicros * 500);
            times.venueOut(i, start + shareMicros * 500 + 10_000, start + shareMicros * 500 + 20_000);
            times.polled(i, start + shareMicros * 1_000 + 20_000 - 1_000);
            times.report(i, start + shareMicros * 1_000 + 20_000);
        }
        return new FixRoundTripHarness.Result(name, framer, 1_000,
            new HorizonFixRun.RunOutcome(times, 1_000, true, 0, null, "", null), "1.25");
    }

    private static String printed(final MeasuredRounds rounds)
    {
        final ByteArrayOutputStream text = new ByteArrayOutputStream();
        rounds.print(List.of(FramerPlacement.THREAD), List.of("quickfixj"), new PrintStream(text, true, StandardCharsets.UTF_8));
        return text.toString(StandardCharsets.UTF_8);
    }

    @Test
    void shouldReadAnOrdersIndexBackFromItsClOrdId()
    {
        assertEquals(123_456_789L, RoundTripTimes.indexOf(ClientOrderIds.format(HorizonFixRun.CLIENT_ORDER_ID_HI, 123_456_789L)));
        assertEquals(-1L, RoundTripTimes.indexOf("hzn_0000000000000000000000000I"), "I is not Crockford base32");
    }

    @Test
    void shouldRefuseAnUnknownArgumentAndAutoThreading()
    {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> FixRoundTripHarness.Settings.parse("--fast"))
            .getMessage().contains("unknown argument '--fast'"));
        assertTrue(assertThrows(IllegalArgumentException.class,
            () -> FixRoundTripHarness.Settings.parse("--threading", "auto")).getMessage().contains("shared or dedicated"));
        assertTrue(assertThrows(IllegalArgumentException.class,
            () -> FixRoundTripHarness.Settings.parse("--rates", "0")).getMessage().contains("positive whole numbers"));
        final String spin = assertThrows(IllegalArgumentException.class,
            () -> FixRoundTripHarness.Settings.parse("--wait-strategy", "spin")).getMessage();
        assertTrue(spin.contains("'spin'") && spin.contains("backoff, sleeping, blocking, yielding, busy-spin"), spin);
    }

    @Test
    void shouldRunBothBaselinesOnceByDefaultAndOnlyTheOnesAskedFor()
    {
        final FixRoundTripHarness.Settings defaults = FixRoundTripHarness.Settings.parse();
        assertEquals(List.of(QuickFixRun.Store.MEMORY, QuickFixRun.Store.FILE_SYNCED), defaults.baselines);
        assertEquals(1, defaults.rounds);
        assertEquals(List.of(QuickFixRun.Store.FILE_SYNCED),
            FixRoundTripHarness.Settings.parse("--baselines", "quickfixj-durable").baselines);
        assertEquals(3, FixRoundTripHarness.Settings.parse("--rounds", "3").rounds);
        final String bad = assertThrows(IllegalArgumentException.class,
            () -> FixRoundTripHarness.Settings.parse("--baselines", "quickfixj,artio")).getMessage();
        assertTrue(bad.contains("'artio'") && bad.contains("quickfixj-durable"), bad);
        final String zero = assertThrows(IllegalArgumentException.class,
            () -> FixRoundTripHarness.Settings.parse("--rounds", "0")).getMessage();
        assertTrue(zero.contains("--rounds") && zero.contains("'0'") && !zero.contains("orders/s"), zero);
    }

    @Test
    void shouldRunHorizonWithEachFramerPlacementAskedForAndRefuseAnUnknownOne()
    {
        assertEquals(List.of(FramerPlacement.THREAD), FixRoundTripHarness.Settings.parse().framers);
        assertEquals(List.of(FramerPlacement.POLLED, FramerPlacement.THREAD),
            FixRoundTripHarness.Settings.parse("--framer", "polled,thread").framers);
        assertEquals(List.of(FramerPlacement.THREAD), FixRoundTripHarness.Settings.parse("--framer", "thread").framers);
        final String bad = assertThrows(IllegalArgumentException.class,
            () -> FixRoundTripHarness.Settings.parse("--framer", "spin")).getMessage();
        assertTrue(bad.contains("\"spin\"") && bad.contains("\"polled\", \"thread\""), bad);
    }
}
