package io.horizon.ops.cli;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.horizon.ops.counters.CountersSnapshot;
import io.horizon.ops.support.HorizonProcess;
import io.horizon.ops.support.HorizonProcess.Result;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code horizon stat --once} and {@code --json} against a real daemon in another process, with
 * its HTTP port off: the headline figures are the counters' figures, an engaged kill switch shows
 * as engaged, and a stopped daemon is reported as stopped with its last values.
 */
final class StatCommandTest
{
    private static final String[] ORDER_COUNTERS = {
        "horizon_orders_received_total", "horizon_engine_orders_submitted_total", "horizon_engine_fills_total",
        "horizon_orders_rejected_total", "horizon_orders_live"};

    @TempDir
    Path dir;

    @Test
    void shouldShowTheCountersOfARunningDaemonTheKillSwitchItEngagedAndThatItStopped() throws Exception
    {
        final Path state = dir.resolve("state");
        final Path csv = dir.resolve("sample.csv");
        try (InputStream in = getClass().getResourceAsStream("/io/horizon/ops/feed/sample-market-data.csv"))
        {
            Files.copy(in, csv);
        }
        final Path log = dir.resolve("daemon.log");
        // A recorded feed that ends: the order counters then stay put while stat reads them.
        final Process daemon = HorizonProcess.start(log, "run", "--state", state.toString(), "--metrics-port", "0",
            "--feed-csv", csv.toString(), "--duration", "300s", "--threading", "shared");
        final long[] last;
        try
        {
            HorizonProcess.awaitLogLine(daemon, log, "market data file replayed");
            final long[] settled = awaitSettledOrders(state);
            assertTrue(settled[0] > 0, "the sample strategy quoted on the recorded feed");

            final Result once = HorizonProcess.run(dir, "stat", "--state", state.toString(), "--once");
            assertEquals(0, once.exitCode(), once::toString);
            final String[] lines = once.output().split("\n");
            assertTrue(lines[0].startsWith("Horizon RUNNING  pid " + daemon.pid() + "  up "), once::toString);
            assertTrue(lines[0].contains("ready  kill switch armed"), once::toString);
            assertTrue(lines[1].startsWith("threading shared, wait backoff  state " + state.toAbsolutePath().normalize()), once::toString);
            assertEquals(totalLine(settled), lines[3], "the order panel shows the counters:\n" + once);
            assertTrue(once.output().contains("VENUES    paper      embedded"), once::toString);
            assertFalse(once.output().contains("msgs in"), "the paper venue has no session line:\n" + once);

            final JsonNode json = json(HorizonProcess.inProcess("stat", "--state", state.toString(), "--json"), 0);
            assertEquals(daemon.pid(), json.at("/daemon/pid").asLong());
            assertTrue(json.at("/daemon/running").asBoolean());
            assertTrue(json.at("/daemon/ready").asBoolean());
            assertEquals("armed", json.at("/daemon/kill_switch").asText());
            assertEquals("shared", json.at("/daemon/threading").asText());
            assertOrders(settled, json);
            assertEquals("paper", json.at("/venues/0/venue").asText(), json::toString);
            assertEquals("embedded", json.at("/venues/0/session").asText(), json::toString);
            assertFalse(json.at("/venues/0").has("fix"), "the paper venue has no FIX session: " + json);
            for (int i = 0; i < ORDER_COUNTERS.length; i++)
            {
                assertEquals(settled[i], json.at("/counters/" + ORDER_COUNTERS[i]).asLong(), ORDER_COUNTERS[i]);
            }

            final Result kill = HorizonProcess.inProcess("kill", "--state", state.toString(), "--reason", "INC-9: stat test");
            assertEquals(0, kill.exitCode(), kill::toString);
            final JsonNode killed = json(HorizonProcess.inProcess("stat", "--state", state.toString(), "--json"), 0);
            assertEquals("engaged", killed.at("/daemon/kill_switch").asText(), killed::toString);
            awaitAlert(state, "Kill switch engaged");
            final Result killedScreen = HorizonProcess.inProcess("stat", "--state", state.toString(), "--once");
            assertTrue(killedScreen.output().split("\n")[0].contains("KILL SWITCH ENGAGED"), killedScreen::toString);
            assertTrue(killedScreen.output().contains(" critical Kill switch engaged"), "the alert is in the alerts panel:\n" + killedScreen);
            last = orders(CountersSnapshot.read(state));
        }
        finally
        {
            HorizonProcess.terminate(daemon);
        }

        final Result stopped = HorizonProcess.inProcess("stat", "--state", state.toString(), "--once");
        assertEquals(1, stopped.exitCode(), "stat says so in its exit status when the daemon does not run:\n" + stopped);
        final String[] lines = stopped.output().split("\n");
        assertTrue(lines[0].startsWith("Horizon STOPPED  pid " + daemon.pid() + "  at "), stopped::toString);
        assertFalse(stopped.output().contains("RUNNING"), stopped::toString);
        assertTrue(lines[1].startsWith("last values"), stopped::toString);
        assertEquals(totalLine(last), lines[3], "a stopped daemon shows its last values, not zeros:\n" + stopped);

        final JsonNode json = json(HorizonProcess.inProcess("stat", "--state", state.toString(), "--json"), 1);
        assertFalse(json.at("/daemon/running").asBoolean());
        assertEquals("stopped", json.at("/daemon/phase").asText());
        assertTrue(json.at("/daemon/stopped").isTextual(), json::toString);
        assertOrders(last, json);
    }

    private static void assertOrders(final long[] expected, final JsonNode json)
    {
        final String[] fields = {"received", "submitted", "filled", "rejected", "live"};
        for (int i = 0; i < fields.length; i++)
        {
            assertEquals(expected[i], json.at("/orders/" + fields[i]).asLong(), fields[i] + " in " + json);
        }
    }

    private static JsonNode json(final Result result, final int exitCode) throws Exception
    {
        assertEquals(exitCode, result.exitCode(), result::toString);
        assertEquals(1, result.output().lines().count(), "one JSON object on one line:\n" + result);
        return new ObjectMapper().readTree(result.output());
    }

    private static String totalLine(final long[] orders)
    {
        return String.format("  total   %12d%12d%12d%12d%10d", orders[0], orders[1], orders[2], orders[3], orders[4]);
    }

    private static long[] orders(final CountersSnapshot s)
    {
        final long[] values = new long[ORDER_COUNTERS.length];
        for (int i = 0; i < values.length; i++)
        {
            values[i] = s.value(ORDER_COUNTERS[i]);
        }
        return values;
    }

    /**
     * Waits until the engine has worked through the recorded feed: the order counters stop moving.
     */
    private static long[] awaitSettledOrders(final Path state) throws Exception
    {
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(HorizonProcess.TIMEOUT_S);
        long[] before = orders(CountersSnapshot.read(state));
        while (System.nanoTime() < deadline)
        {
            Thread.sleep(500);
            final long[] now = orders(CountersSnapshot.read(state));
            if (java.util.Arrays.equals(before, now) && now[0] > 0)
            {
                return now;
            }
            before = now;
        }
        throw new AssertionError("the order counters never settled");
    }

    private static void awaitAlert(final Path state, final String title) throws Exception
    {
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(HorizonProcess.TIMEOUT_S);
        while (System.nanoTime() < deadline)
        {
            if (CountersSnapshot.read(state).alerts().stream().anyMatch(a -> a.title().equals(title)))
            {
                return;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("no '" + title + "' alert in the counters file");
    }
}
