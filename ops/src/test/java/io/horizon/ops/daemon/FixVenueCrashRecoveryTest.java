package io.horizon.ops.daemon;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.horizon.engine.event.EventType;
import io.horizon.engine.event.FixedPoint;
import io.horizon.engine.event.InboundEvent;
import io.horizon.engine.pipeline.ThreadingMode;
import io.horizon.fix.sim.FixExchangeSimulator;
import io.horizon.fix.sim.FixSimSettings;
import io.horizon.fix.sim.SimFaults;
import io.horizon.journal.JournalReader;
import io.horizon.ops.preset.EmbeddedPresets;
import io.horizon.ops.support.EngineThreading;
import io.horizon.ops.support.HorizonProcess;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Horizon trading over FIX (the real CLI in a child process, the {@code fix-sim} preset with
 * sequence numbers kept across restarts) against the FIX exchange simulator (QuickFIX/J, in this
 * JVM), killed with SIGKILL mid-session while its market maker has orders resting, which the
 * simulator fills while Horizon is dead, then restarted on the same state: its session continues its
 * sequence numbers (no reset), what the simulator sent meanwhile is resent or reconciled, every
 * fill the simulator made is journaled exactly once, and {@code replay --verify} passes.
 * <p>
 * The test thread moves the simulator's market (one synthetic step every 5 ms) and stops it
 * before the second run ends; it ends that run itself (SIGTERM, a clean stop) once the run has
 * journaled every fill the simulator made, and at the end both sides must still agree on the
 * filled quantity. The same holds when the simulator drops the session mid-run and gap-fills what
 * it sent meanwhile: order status reconciliation after the logon finds those fills; and with the
 * market maker fed by the simulator's own FIX market data (W/X): after the kill the restart
 * subscribes again and quotes flow into the journal again.
 */
final class FixVenueCrashRecoveryTest
{
    private static final String FIX_FEED = "\nkind = \"fix\"                        # synthetic | csv | fix " +
        "(market data over a FIX venue's session)\nvenue = \"sim\"";
    private static final Pattern LOGGED_ON = Pattern.compile("logged on \\(next MsgSeqNum out (\\d+), in (\\d+)\\)");
    /** A bound on a run the test stops itself (SIGTERM) once what it checks has happened. */
    private static final String STOP_CAP = "120s";

    @TempDir
    Path dir;

    @Test
    void shouldContinueSequenceNumbersReconcileAndJournalEveryFillOnceAfterKill9() throws Exception
    {
        try (FixExchangeSimulator simulator = startSimulator(new SimFaults(), List.of()))
        {
            // Horizon's own synthetic market drives the market maker, so its quotes rest away from the
            // simulator's touch and some are live at the kill; the subject here is the order session.
            final Path preset = writePreset(simulator, true);
            final Path state = dir.resolve("state");
            final Map<String, String> environment = Map.of("HORIZON_METRICS_PORT", "0");

            final Path firstLog = dir.resolve("first.log");
            // Killed in one threading mode, restarted in the other: recovery does not depend on the mode
            // that journaled (at no extra run's cost; the test is slow).
            final Process first = HorizonProcess.start(firstLog, environment, "run", "--preset", preset.toString(),
                "--state", state.toString(), "--threading", "dedicated");
            try
            {
                HorizonProcess.awaitLogLine(first, firstLog, "Horizon running");
                moveMarket(simulator, 3_000);
                // Killed only once quotes rest at the simulator (on a loaded box the first ones may
                // still be unanswered after the fixed 3 s).
                awaitRestingOrders(simulator, "the market maker's quotes rest at the simulator before the kill");
                Thread.sleep(300);
            }
            finally
            {
                first.destroyForcibly();
                assertTrue(first.waitFor(30, TimeUnit.SECONDS));
            }
            assertEquals(137, first.exitValue(), "SIGKILL, not a clean stop");
            final String firstOutput = Files.readString(firstLog, StandardCharsets.UTF_8);
            final int firstOut = sequenceOut(firstOutput);
            assertTrue(journaledFills(state) > 0, "the first run traded over FIX:\n" + firstOutput);

            // The market moves while Horizon is dead: the simulator fills resting orders and
            // sends the reports to a session nobody is logged on to.
            final long filledBeforeDead = simulator.filledQuantity();
            final int resting = simulator.restingOrders();
            assertTrue(resting > 0, "the market maker had orders resting at the kill");
            simulator.fillRestingOrders();
            assertTrue(simulator.filledQuantity() > filledBeforeDead, "fills happened while Horizon was dead");

            // Killed with the framer on its own thread (the default), restarted with it on the polling
            // thread: the framer's placement does not change what is persisted.
            final Path polledPreset = dir.resolve("fix-sim-framer-polled.hz.toml");
            final String thread = "\nframer = \"thread\"";
            assertTrue(Files.readString(preset, StandardCharsets.UTF_8).contains(thread), "the preset names the framer");
            Files.writeString(polledPreset, Files.readString(preset, StandardCharsets.UTF_8)
                .replace(thread, "\nframer = \"polled\""), StandardCharsets.UTF_8);
            final Path secondLog = dir.resolve("second.log");
            final Process second = HorizonProcess.start(secondLog, environment, "run", "--preset", polledPreset.toString(),
                "--state", state.toString(), "--duration", STOP_CAP, "--threading", "shared");
            HorizonProcess.awaitLogLine(second, secondLog, "Horizon running");
            moveMarket(simulator, 2_000);
            // Stopped (SIGTERM, a clean stop) once it has reconciled and journaled every fill so far.
            awaitEveryFillJournaled(second, secondLog, simulator, state, "reconciling recovered live orders with the venue");
            assertEquals(0, HorizonProcess.terminate(second), Files.readString(secondLog, StandardCharsets.UTF_8));
            final String summary = Files.readString(secondLog, StandardCharsets.UTF_8);
            assertTrue(firstOutput.contains(EngineThreading.summaryLine(ThreadingMode.DEDICATED)), firstOutput);
            assertTrue(summary.contains(EngineThreading.summaryLine(ThreadingMode.SHARED)), summary);
            assertTrue(firstOutput.contains("framer = \"thread\"") && summary.contains("framer = \"polled\""), summary);

            // What the FIX venue said after the restart, for whoever reads the test's output.
            summary.lines().filter(line -> line.contains("FixVenue")).limit(40).forEach(System.out::println);
            final int secondOut = sequenceOut(summary);
            assertTrue(secondOut > firstOut + 1, "sequence numbers continued (first run logged on at " + firstOut +
                ", the restart at " + secondOut + "):\n" + summary);
            assertTrue(summary.contains("reconciling recovered live orders with the venue"), summary);
            assertEquals(0, summaryValue(summary, "venue errors"), summary);
            assertEquals(simulator.filledQuantity(), journaledFillQuantity(state),
                "every fill the simulator made is journaled exactly once:\n" + summary);

            final HorizonProcess.Result verify = HorizonProcess.run(dir, "replay", "--state", state.toString(), "--verify",
                "--threading", "dedicated");
            assertEquals(0, verify.exitCode(), verify.output());
            assertTrue(verify.output().contains("outputs identical"), verify.output());
        }
    }

    @Test
    void shouldReconcileFillsTheVenueGapFilledWhileItHadDroppedTheSession() throws Exception
    {
        final SimFaults faults = new SimFaults().gapFillResends(true);
        try (FixExchangeSimulator simulator = startSimulator(faults, List.of()))
        {
            final Path preset = writePreset(simulator, false);
            final Path state = dir.resolve("state");
            final Path log = dir.resolve("run.log");
            final Process run = HorizonProcess.start(log, Map.of("HORIZON_METRICS_PORT", "0"), "run", "--preset",
                preset.toString(), "--state", state.toString(), "--duration", STOP_CAP);
            HorizonProcess.awaitLogLine(run, log, "Horizon running");
            moveMarket(simulator, 2_000);
            // The quotes come from the simulator's own market data: on a loaded box none may rest yet
            // after the fixed 2 s, so the market keeps moving until some do (the drop needs them).
            moveMarketUntilResting(simulator, "the market maker's quotes rest at the simulator before the drop");

            // The venue drops the session and keeps Horizon out while it fills what rests, sending
            // the reports to nobody; asked to resend, it gap-fills over them.
            faults.rejectLogons(true);
            simulator.dropSession();
            final int resting = simulator.restingOrders();
            assertTrue(resting > 0, "the market maker had orders resting at the drop");
            simulator.fillRestingOrders();
            Thread.sleep(1_000);
            faults.rejectLogons(false);
            // Stopped (SIGTERM, a clean stop) once the reconciliation after the new logon has journaled
            // every fill the simulator made.
            awaitEveryFillJournaled(run, log, simulator, state, "a missed fill of");
            assertEquals(0, HorizonProcess.terminate(run), Files.readString(log, StandardCharsets.UTF_8));
            final String output = Files.readString(log, StandardCharsets.UTF_8);
            output.lines().filter(line -> line.contains("FixVenue")).limit(40).forEach(System.out::println);

            final long refusedLines = output.lines().filter(line -> line.contains("FixVenue") &&
                line.contains("no live order has that ClOrdID")).count();
            final HorizonProcess.Result kept = HorizonProcess.run(dir, "audit", "replay", "--state", state.toString(),
                "--category", "venue.refused_message");
            System.out.println(kept.output());
            assertEquals(0, kept.exitCode(), kept.output());
            assertEquals(refusedLines, kept.output().lines().filter(line -> line.contains("venue.refused_message")).count(),
                "each refused message is kept in the audit log:\n" + kept.output());
            assertTrue(output.contains("order status of 11=") && output.contains("a missed fill of"),
                "the fills made while the session was down came back through reconciliation:\n" + output);
            assertEquals(simulator.filledQuantity(), journaledFillQuantity(state),
                "every fill the simulator made is journaled exactly once:\n" + output);
            final HorizonProcess.Result verify = HorizonProcess.run(dir, "replay", "--state", state.toString(), "--verify");
            assertEquals(0, verify.exitCode(), verify.output());
            assertTrue(verify.output().contains("outputs identical"), verify.output());
        }
    }

    @Test
    void shouldResubscribeContinueSequenceNumbersAndQuoteAgainAfterKill9WithFixMarketDataFlowing() throws Exception
    {
        try (FixExchangeSimulator simulator = startSimulator(new SimFaults(), List.of()))
        {
            // The embedded preset as it is: market data over the FIX session (W/X), orders over it too.
            final Path preset = writePreset(simulator, false);
            final Path state = dir.resolve("state");
            final Map<String, String> environment = Map.of("HORIZON_METRICS_PORT", "0");

            final Path firstLog = dir.resolve("first.log");
            final Process first = HorizonProcess.start(firstLog, environment, "run", "--preset", preset.toString(),
                "--state", state.toString());
            try
            {
                HorizonProcess.awaitLogLine(first, firstLog, "Horizon running");
                awaitSubscriptions(simulator, 3, "the first run subscribed to the three instruments");
                moveMarket(simulator, 3_000);
                // Killed with market data flowing, once some of it is journaled (not after a fixed time).
                awaitJournaled(first, firstLog, state, "quotes in the first run", () -> journaledQuotes(state) > 0);
                moveMarket(simulator, 300);
            }
            finally
            {
                first.destroyForcibly();
                assertTrue(first.waitFor(30, TimeUnit.SECONDS));
            }
            assertEquals(137, first.exitValue(), "SIGKILL, not a clean stop");
            final String firstOutput = Files.readString(firstLog, StandardCharsets.UTF_8);
            final int firstOut = sequenceOut(firstOutput);
            final long quotesBefore = journaledQuotes(state);
            assertTrue(quotesBefore > 0, "FIX market data reached the journal in the first run:\n" + firstOutput);
            awaitSubscriptions(simulator, 0, "the dead session's subscriptions ended");

            // Quotes keep moving, and resting orders fill, while Horizon is dead.
            moveMarket(simulator, 200);
            simulator.fillRestingOrders();

            final Path secondLog = dir.resolve("second.log");
            final Process second = HorizonProcess.start(secondLog, environment, "run", "--preset", preset.toString(),
                "--state", state.toString(), "--duration", STOP_CAP);
            HorizonProcess.awaitLogLine(second, secondLog, "Horizon running");
            awaitSubscriptions(simulator, 3, "the restart asked for market data again");
            moveMarket(simulator, 2_000);
            // Stopped (SIGTERM, a clean stop) once it has reconciled, journaled quotes again and every fill so far.
            awaitJournaled(second, secondLog, state, "quotes after the restart", () -> journaledQuotes(state) > quotesBefore);
            awaitEveryFillJournaled(second, secondLog, simulator, state, "OrderMassStatusRequest");
            assertEquals(0, HorizonProcess.terminate(second), Files.readString(secondLog, StandardCharsets.UTF_8));
            final String summary = Files.readString(secondLog, StandardCharsets.UTF_8);
            summary.lines().filter(line -> line.contains("FixVenue") || line.contains("FixMarketData")).limit(40)
                .forEach(System.out::println);

            final int secondOut = sequenceOut(summary);
            assertTrue(secondOut > firstOut + 1, "sequence numbers continued (first run logged on at " + firstOut +
                ", the restart at " + secondOut + "):\n" + summary);
            assertTrue(summary.contains("OrderMassStatusRequest"), "reconciled at the logon:\n" + summary);
            assertTrue(journaledQuotes(state) > quotesBefore, "quotes flowed again after the restart:\n" + summary);
            assertEquals(0, summaryValue(summary, "venue errors"), summary);
            assertEquals(simulator.filledQuantity(), journaledFillQuantity(state),
                "every fill the simulator made is journaled exactly once:\n" + summary);

            final HorizonProcess.Result verify = HorizonProcess.run(dir, "replay", "--state", state.toString(), "--verify");
            assertEquals(0, verify.exitCode(), verify.output());
            assertTrue(verify.output().contains("outputs identical"), verify.output());
        }
    }

    @Test
    void shouldJournalEveryFillTheVenueSentBeforeTheLogoutWhenItStops() throws Exception
    {
        // The simulator's market is crossed (bids above the market maker's asks, asks below its
        // bids), so every quote fills in full at once, and every message it sends waits 300 ms:
        // when the run ends, fills for the last quotes are still on their way.
        final List<FixSimSettings.FixedQuote> crossed = List.of(
            new FixSimSettings.FixedQuote("AAPL", FixedPoint.ofUnits(200), FixedPoint.ofUnits(1_000_000),
                FixedPoint.ofUnits(180), FixedPoint.ofUnits(1_000_000)),
            new FixSimSettings.FixedQuote("MSFT", FixedPoint.ofUnits(430), FixedPoint.ofUnits(1_000_000),
                FixedPoint.ofUnits(410), FixedPoint.ofUnits(1_000_000)),
            new FixSimSettings.FixedQuote("SPY", FixedPoint.ofUnits(570), FixedPoint.ofUnits(1_000_000),
                FixedPoint.ofUnits(550), FixedPoint.ofUnits(1_000_000)));
        final SimFaults faults = new SimFaults().delayMillis(300);
        try (FixExchangeSimulator simulator = startSimulator(faults, crossed))
        {
            for (int i = 0; i < crossed.size(); i++)
            {
                simulator.tick();
            }
            final Path preset = writePreset(simulator, true);
            final Path state = dir.resolve("state");
            final Path log = dir.resolve("run.log");
            final Process run = HorizonProcess.start(log, Map.of("HORIZON_METRICS_PORT", "0"), "run", "--preset",
                preset.toString(), "--state", state.toString(), "--duration", "4s");
            assertTrue(run.waitFor(HorizonProcess.TIMEOUT_S, TimeUnit.SECONDS), "the run did not finish");
            final String output = Files.readString(log, StandardCharsets.UTF_8);
            assertEquals(0, run.exitValue(), output);
            output.lines().filter(line -> line.contains("FixVenue")).limit(40).forEach(System.out::println);

            assertTrue(simulator.filledQuantity() > 0, "the run traded:\n" + output);
            assertEquals(simulator.filledQuantity(), journaledFillQuantity(state),
                "every fill the simulator sent before Horizon's logout is journaled:\n" + output);
        }
    }

    /**
     * @return a started simulator on a free loopback port listing the preset's three instruments
     *         (AAPL 190, MSFT 420, SPY 560), its market moved only by the test thread ({@link #moveMarket}).
     */
    private static FixExchangeSimulator startSimulator(final SimFaults faults,
        final List<FixSimSettings.FixedQuote> quotes)
    {
        final Map<String, Long> instruments = new LinkedHashMap<>();
        instruments.put("AAPL", FixedPoint.ofUnits(190));
        instruments.put("MSFT", FixedPoint.ofUnits(420));
        instruments.put("SPY", FixedPoint.ofUnits(560));
        return new FixExchangeSimulator(new FixSimSettings("127.0.0.1", 0, FixSimSettings.DEFAULT_COMP_ID,
            FixSimSettings.DEFAULT_CLIENT_COMP_ID, instruments, 42, 0, quotes, null, null), faults).start();
    }

    /**
     * Writes the embedded {@code fix-sim} preset pointed at the simulator, its sequence numbers kept
     * across restarts (no reset at logon), with market data over the FIX session or, when
     * {@code syntheticFeed}, from Horizon's own synthetic market.
     */
    private Path writePreset(final FixExchangeSimulator simulator, final boolean syntheticFeed) throws IOException
    {
        String text = edit(EmbeddedPresets.text(EmbeddedPresets.FIX_SIM), "\nport = 9878", "\nport = " + simulator.port());
        text = edit(text, "\nreset_on_logon = true", "\nreset_on_logon = false");
        if (syntheticFeed)
        {
            text = edit(text, FIX_FEED, "\nkind = \"synthetic\"\nrate = 2000");
        }
        else
        {
            assertTrue(text.contains(FIX_FEED), "the preset's market data comes over the FIX session:\n" + text);
        }
        final Path preset = dir.resolve("fix-sim.hz.toml");
        Files.writeString(preset, text, StandardCharsets.UTF_8);
        return preset;
    }

    private static String edit(final String text, final String what, final String with)
    {
        assertTrue(text.contains(what), "the preset has " + what.strip() + ":\n" + text);
        return text.replace(what, with);
    }

    private static void awaitSubscriptions(final FixExchangeSimulator simulator, final int count, final String what)
        throws InterruptedException
    {
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(HorizonProcess.TIMEOUT_S);
        while (simulator.marketDataSubscriptions() != count)
        {
            if (System.nanoTime() > deadline)
            {
                throw new AssertionError("timed out waiting until " + what + " (" + simulator.marketDataSubscriptions() +
                    " subscriptions)");
            }
            Thread.sleep(20);
        }
    }

    /**
     * Waits until the running daemon has logged {@code logged} and its journal (read as {@code replay}
     * reads a live one) holds every fill quantity the simulator made so far.
     */
    private static void awaitEveryFillJournaled(final Process run, final Path log, final FixExchangeSimulator simulator,
        final Path state, final String logged) throws Exception
    {
        awaitJournaled(run, log, state, "'" + logged + "' and every fill the simulator made (" + simulator.filledQuantity() +
            ")", () -> Files.readString(log, StandardCharsets.UTF_8).contains(logged) &&
            journaledFillQuantity(state) == simulator.filledQuantity());
    }

    private interface Check
    {
        boolean holds() throws Exception;
    }

    private static void awaitJournaled(final Process run, final Path log, final Path state, final String what,
        final Check check) throws Exception
    {
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(HorizonProcess.TIMEOUT_S);
        while (!check.holds())
        {
            if (!run.isAlive())
            {
                throw new AssertionError("horizon exited before " + what + ":\n" + Files.readString(log, StandardCharsets.UTF_8));
            }
            if (System.nanoTime() > deadline)
            {
                throw new AssertionError("timed out waiting for " + what + " (journaled " + journaledFillQuantity(state) +
                    "):\n" + Files.readString(log, StandardCharsets.UTF_8));
            }
            Thread.sleep(50);
        }
    }

    private static void awaitRestingOrders(final FixExchangeSimulator simulator, final String what)
        throws InterruptedException
    {
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(HorizonProcess.TIMEOUT_S);
        while (simulator.restingOrders() == 0)
        {
            if (System.nanoTime() > deadline)
            {
                throw new AssertionError("timed out waiting until " + what);
            }
            Thread.sleep(20);
        }
    }

    private static void moveMarketUntilResting(final FixExchangeSimulator simulator, final String what)
        throws InterruptedException
    {
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(HorizonProcess.TIMEOUT_S);
        while (simulator.restingOrders() == 0)
        {
            if (System.nanoTime() > deadline)
            {
                throw new AssertionError("timed out waiting until " + what);
            }
            simulator.tick();
            Thread.sleep(5);
        }
    }

    private static void moveMarket(final FixExchangeSimulator simulator, final long millis) throws InterruptedException
    {
        final long end = System.currentTimeMillis() + millis;
        while (System.currentTimeMillis() < end)
        {
            simulator.tick();
            Thread.sleep(5);
        }
    }

    private static int sequenceOut(final String log)
    {
        final Matcher matcher = LOGGED_ON.matcher(log);
        assertTrue(matcher.find(), "no logon in:\n" + log);
        return Integer.parseInt(matcher.group(1));
    }

    private static long journaledFills(final Path state)
    {
        return journaled(state, EventType.VENUE_FILL);
    }

    private static long journaledQuotes(final Path state)
    {
        return journaled(state, EventType.QUOTE);
    }

    private static long journaled(final Path state, final EventType type)
    {
        long events = 0;
        try (JournalReader reader = JournalReader.inbound(state))
        {
            final InboundEvent e = new InboundEvent();
            while (reader.nextInbound(e))
            {
                events += e.type == type ? 1 : 0;
            }
        }
        return events;
    }

    private static long journaledFillQuantity(final Path state)
    {
        long quantity = 0;
        try (JournalReader reader = JournalReader.inbound(state))
        {
            final InboundEvent e = new InboundEvent();
            while (reader.nextInbound(e))
            {
                quantity += e.type == EventType.VENUE_FILL ? e.quantity : 0;
            }
        }
        return quantity;
    }

    private static long summaryValue(final String summary, final String label)
    {
        for (final String line : summary.split("\n"))
        {
            if (line.startsWith(label))
            {
                return Long.parseLong(line.substring(label.length()).trim().split("\\s+")[0]);
            }
        }
        throw new AssertionError("no '" + label + "' in:\n" + summary);
    }
}
