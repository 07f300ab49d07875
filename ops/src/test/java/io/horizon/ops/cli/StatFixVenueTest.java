package io.horizon.ops.cli;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.horizon.engine.event.FixedPoint;
import io.horizon.fix.sim.FixExchangeSimulator;
import io.horizon.fix.sim.FixSimSettings;
import io.horizon.fix.sim.SimFaults;
import io.horizon.ops.preset.EmbeddedPresets;
import io.horizon.ops.support.HorizonProcess;
import io.horizon.ops.support.HorizonProcess.Result;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code horizon stat} of a real daemon (another process, HTTP port off) trading the FIX exchange
 * simulator: the venue's session is shown logged on with the messages it carried and how long it
 * has been up; when the simulator drops the session and refuses the logon, it is shown down, with
 * the commands held for the logon ({@code when_down = "wait"}), how long it has been down and the
 * drop; after the logon it is up again. The figures are the daemon's own counters, read from the
 * counters file.
 */
final class StatFixVenueTest
{
    private static final String LOGGED_ON = ": logged on (next MsgSeqNum";
    private static final long TIMEOUT_NANOS = TimeUnit.SECONDS.toNanos(HorizonProcess.TIMEOUT_S);

    @TempDir
    Path dir;

    @Test
    void shouldShowTheFixSessionUpThenDownWithHeldCommandsThenUpAgain() throws Exception
    {
        final SimFaults faults = new SimFaults();
        final Map<String, Long> instruments = new LinkedHashMap<>();
        instruments.put("AAPL", FixedPoint.ofUnits(190));
        instruments.put("MSFT", FixedPoint.ofUnits(420));
        instruments.put("SPY", FixedPoint.ofUnits(560));
        // The simulator's own market is fixed and far from Horizon's synthetic one, so the market
        // maker's quotes rest there unfilled: it keeps amending them as Horizon's market moves, also
        // while the session is down. (Its random market used to fill the quotes at once; with every
        // side pending a fill, or stopped at the inventory limit, nothing was left to hold.)
        final List<FixSimSettings.FixedQuote> far = List.of(
            new FixSimSettings.FixedQuote("AAPL", FixedPoint.ofUnits(100), FixedPoint.ofUnits(100),
                FixedPoint.ofUnits(300), FixedPoint.ofUnits(100)),
            new FixSimSettings.FixedQuote("MSFT", FixedPoint.ofUnits(200), FixedPoint.ofUnits(100),
                FixedPoint.ofUnits(700), FixedPoint.ofUnits(100)),
            new FixSimSettings.FixedQuote("SPY", FixedPoint.ofUnits(300), FixedPoint.ofUnits(100),
                FixedPoint.ofUnits(900), FixedPoint.ofUnits(100)));
        final FixExchangeSimulator simulator = new FixExchangeSimulator(new FixSimSettings("127.0.0.1", 0,
            FixSimSettings.DEFAULT_COMP_ID, FixSimSettings.DEFAULT_CLIENT_COMP_ID, instruments, 42, 5, far, null, null),
            faults).start();
        final Path state = dir.resolve("state");
        final Path log = dir.resolve("daemon.log");
        Process daemon = null;
        try
        {
            // The fix-sim preset on the simulator's port, holding orders while down, the market
            // from Horizon's synthetic feed (so the market maker keeps amending while the session is
            // down). It amends only after a move of 20 ticks, not 2: a quote whose amend is still
            // unanswered at the drop is not amended again before the logon, and with 2 ticks each
            // quote was amended again as soon as the last amend was answered (50-250 ms later on a
            // busy box), so at the drop all six were sometimes waiting (no command held in a minute;
            // the journal showed the amends back to back). A refused logon takes the simulator about 2 s; a 1.5 s wait between two tries
            // keeps the session "down" (not "reconnecting") long enough for stat to see it.
            String preset = EmbeddedPresets.text(EmbeddedPresets.FIX_SIM)
                .replace("\nport = 9878", "\nport = " + simulator.port())
                .replace("when_down = \"dlq\"", "when_down = \"wait\"")
                .replace("requote_ticks = 2 ", "requote_ticks = 20")
                .replace("reconnect_min_ms = 500", "reconnect_min_ms = 1500")
                .replace("reconnect_max_ms = 30000", "reconnect_max_ms = 1500");
            assertTrue(preset.contains("requote_ticks = 20") && preset.contains("reconnect_max_ms = 1500"), preset);
            final int feed = preset.indexOf("\n[feed]\n");
            final int next = preset.indexOf("\n[", feed + 1);
            assertTrue(feed >= 0 && next > feed, "the preset has a [feed] table");
            preset = preset.substring(0, feed) + "\n[feed]\nkind = \"synthetic\"\nrate = 200\n" + preset.substring(next);
            final Path file = dir.resolve("fix.hz.toml");
            Files.writeString(file, preset, StandardCharsets.UTF_8);
            daemon = HorizonProcess.start(log, "run", "--preset", file.toString(), "--state", state.toString(),
                "--duration", "600s", "--metrics-port", "0");
            HorizonProcess.awaitLogLine(daemon, log, LOGGED_ON);
            HorizonProcess.awaitLogLine(daemon, log, "Horizon running");

            // Logged on, and amending: more messages out than the logon, the OrderMassStatusRequest
            // and the new orders, so the quotes were acknowledged and rest at the venue.
            final JsonNode up = awaitVenue(daemon, state, log, v -> v.at("/fix/logged_on").asBoolean() &&
                v.at("/fix/messages_in").asLong() > 0 && v.path("submitted").asLong() > 0 &&
                v.at("/fix/messages_out").asLong() > v.path("submitted").asLong() + 2, "the session logged on and amending orders");
            assertEquals("logged on", up.path("session").asText(), up::toString);
            assertEquals(0, up.at("/fix/held").asLong(), up::toString);
            assertEquals(0, up.at("/fix/drops").asLong(), up::toString);
            final Instant logon = Instant.parse(up.at("/fix/since").asText());
            final String upScreen = screen(state);
            assertTrue(upScreen.contains("\nVENUES    sim        logged on    submitted "), upScreen);
            assertTrue(line(upScreen, "          msgs in ").matches(" {10}msgs in \\d+ out \\d+  held 0  deferred \\d+  up 0h0\\dm\\d\\ds"),
                "the session's line: messages, held and deferred commands, time since the logon:\n" + upScreen);

            faults.rejectLogons(true);
            simulator.dropSession();
            final Instant dropped = Instant.now();
            final JsonNode down;
            try
            {
                down = awaitVenue(daemon, state, log, v -> "down".equals(v.path("session").asText()) && v.at("/fix/held").asLong() > 0,
                    "the session down and commands held for the logon");
            }
            catch (final AssertionError e)
            {
                throw new AssertionError(e.getMessage() + "\n" + journalSince(state, dropped.minusMillis(500)), e);
            }
            assertFalse(down.at("/fix/logged_on").asBoolean(), down::toString);
            assertTrue(down.at("/fix/drops").asLong() >= 1, down::toString);
            assertTrue(Instant.parse(down.at("/fix/since").asText()).isAfter(logon), "down since the drop, after the logon: " + down);
            final String downScreen = awaitScreen(state, s -> s.contains("\nVENUES    sim        down ") &&
                line(s, "          msgs in ").matches(" {10}msgs in \\d+ out \\d+  held [1-9]\\d*  deferred \\d+  down 0h0\\dm\\d\\ds  drops [1-9]\\d*"),
                "the screen shows the session down with held commands and the drop");
            assertFalse(downScreen.contains("SLOW_CONSUMER"), "no slow-consumer drop here:\n" + downScreen);

            faults.rejectLogons(false);
            final JsonNode again = awaitVenue(daemon, state, log, v -> v.at("/fix/logged_on").asBoolean() && v.at("/fix/held").asLong() == 0,
                "the session logged on again and the held commands sent");
            assertEquals("logged on", again.path("session").asText(), again::toString);
            assertTrue(Instant.parse(again.at("/fix/since").asText()).isAfter(Instant.parse(down.at("/fix/since").asText())),
                "up since the new logon: " + again);
            assertEquals(0, HorizonProcess.terminate(daemon), Files.readString(log));
            daemon = null;
        }
        finally
        {
            simulator.close();
            if (daemon != null)
            {
                daemon.destroyForcibly();
            }
        }
    }

    private static JsonNode awaitVenue(final Process daemon, final Path state, final Path log, final Predicate<JsonNode> condition,
        final String what) throws Exception
    {
        final long deadline = System.nanoTime() + TIMEOUT_NANOS;
        JsonNode last = null;
        while (System.nanoTime() < deadline)
        {
            if (!daemon.isAlive())
            {
                throw new AssertionError("the daemon exited (" + daemon.exitValue() + ") while waiting for " + what +
                    "; last: " + last + "\nthe daemon's log, last lines:\n" + tail(log));
            }
            final Result result = HorizonProcess.inProcess("stat", "--state", state.toString(), "--json");
            assertEquals(0, result.exitCode(), result::toString);
            // The simulator runs in this JVM: its log lines may share the output; the JSON is one line.
            final String json = result.output().lines().filter(l -> l.startsWith("{\"")).findFirst().orElseThrow(
                () -> new AssertionError("no JSON object: " + result));
            for (final JsonNode venue : new ObjectMapper().readTree(json).path("venues"))
            {
                if ("sim".equals(venue.path("venue").asText()))
                {
                    last = venue;
                }
            }
            if (last != null && last.has("fix") && condition.test(last))
            {
                return last;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("timed out waiting for " + what + "; last: " + last + "\nthe daemon's log, last lines:\n" + tail(log));
    }

    private static String awaitScreen(final Path state, final Predicate<String> condition, final String what) throws Exception
    {
        final long deadline = System.nanoTime() + TIMEOUT_NANOS;
        String last = "";
        while (System.nanoTime() < deadline)
        {
            last = screen(state);
            if (condition.test(last))
            {
                return last;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("timed out waiting until " + what + "; last:\n" + last);
    }

    private static String screen(final Path state)
    {
        final Result result = HorizonProcess.inProcess("stat", "--state", state.toString(), "--once");
        assertEquals(0, result.exitCode(), result::toString);
        return result.output();
    }

    /** What the journal holds since the time, for a failure's message: the orders' traffic, and whether quotes still came. */
    private static String journalSince(final Path state, final Instant since)
    {
        final Result orders = HorizonProcess.inProcess("replay", "--state", state.toString(), "--since", since.toString(),
            "--type", "venue_new,venue_amend,venue_cancel,venue_ack,venue_replace_ack,venue_replace_reject,venue_error,venue_fill",
            "--limit", "80");
        final Result quotes = HorizonProcess.inProcess("replay", "--state", state.toString(), "--since", since.toString(),
            "--type", "quote", "--inputs-only", "--json");
        return "the journal's order traffic since " + since + ":\n" + orders.output() + "\nquotes since then: " +
            quotes.output().lines().filter(l -> l.startsWith("{")).count() + ", last: " +
            quotes.output().lines().filter(l -> l.startsWith("{")).reduce((a, b) -> b).orElse("none");
    }

    private static String tail(final Path log) throws Exception
    {
        final List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 60), lines.size()));
    }

    /** @return the first line that starts with {@code prefix}, or "". */
    private static String line(final String screen, final String prefix)
    {
        for (final String line : screen.split("\n"))
        {
            if (line.startsWith(prefix))
            {
                return line;
            }
        }
        return "";
    }
}
