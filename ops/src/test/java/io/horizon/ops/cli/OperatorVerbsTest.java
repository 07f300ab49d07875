package io.horizon.ops.cli;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import io.horizon.ops.support.HorizonProcess;
import io.horizon.ops.support.HorizonProcess.Result;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code horizon kill}, {@code reset} and {@code stat} against a real daemon in another process,
 * each run as its own process the way an operator runs them; then SIGTERM, which drains, prints
 * the summary and exits 0, and the journal shows both commands with the operator and reason.
 */
final class OperatorVerbsTest
{
    private static final String USER = System.getProperty("user.name");

    @TempDir
    Path dir;

    @Test
    void shouldKillAndResetARunningDaemonJournalingTheOperatorAndReason() throws Exception
    {
        final Path state = dir.resolve("state");
        final Path log = dir.resolve("daemon.log");
        final Process daemon = HorizonProcess.start(log, "run", "--state", state.toString(), "--feed-rate", "2000");
        final int exit;
        try
        {
            HorizonProcess.awaitLogLine(daemon, log, "Horizon running");

            final Result kill = HorizonProcess.run(dir, "kill", "--state", state.toString(), "--reason", "INC-1: runaway quoting");
            assertEquals(0, kill.exitCode(), kill::toString);
            assertTrue(kill.output().contains("KILL processed by Horizon on " + state.toAbsolutePath().normalize() +
                ": journaled and processed by the engine; operator user:" + USER + ", reason \"INC-1: runaway quoting\""),
                kill::toString);

            final Result blank = HorizonProcess.inProcess("reset", "--state", state.toString(), "--reason", "  ");
            assertEquals(2, blank.exitCode(), blank::toString);
            assertTrue(blank.output().contains("horizon: error: --reason must not be blank"), blank::toString);
            assertFalse(blank.output().contains("\tat "), blank::toString);

            final Result reset = HorizonProcess.run(dir, "reset", "--state", state.toString(), "--reason", "INC-1 closed");
            assertEquals(0, reset.exitCode(), reset::toString);
            assertTrue(reset.output().contains("RESET processed by Horizon"), reset::toString);

            final Result stat = HorizonProcess.run(dir, "stat", "--state", state.toString(), "--once", "--all");
            assertEquals(0, stat.exitCode(), stat::toString);
            assertTrue(stat.output().startsWith("# horizon running, pid " + daemon.pid()), stat::toString);
            assertTrue(counter(stat.output(), "horizon_events_processed_total") > 0, stat::toString);
        }
        finally
        {
            exit = HorizonProcess.terminate(daemon);
        }
        final String output = Files.readString(log, StandardCharsets.UTF_8);
        assertEquals(0, exit, "SIGTERM is a clean stop:\n" + output);
        assertTrue(output.contains("SIGTERM: stopping"), output);
        assertTrue(output.contains("Horizon run summary"), output);

        final Result controls = HorizonProcess.inProcess("replay", "--state", state.toString(), "--type", "control");
        assertEquals(0, controls.exitCode(), controls::toString);
        assertTrue(controls.output().contains("KILL value 0  \"user:" + USER + ": INC-1: runaway quoting\""), controls::toString);
        assertTrue(controls.output().contains("RESET value 0  \"user:" + USER + ": INC-1 closed\""), controls::toString);
        // When the kill switch lands (issue 3), the orders the market maker sends between KILL and
        // RESET are rejected; this one line then checks it:
        // assertTrue(HorizonProcess.run(dir, "replay", "--state", state.toString(), "--type", "rejected").output().contains("kill switch engaged"));

        final Result late = HorizonProcess.inProcess("kill", "--state", state.toString(), "--reason", "too late");
        assertEquals(1, late.exitCode(), late::toString);
        assertTrue(late.output().contains("horizon: error: no Horizon is running on " + state.toAbsolutePath().normalize()),
            late::toString);

        final Result lastValues = HorizonProcess.inProcess("stat", "--state", state.toString(), "--once", "--all");
        assertEquals(1, lastValues.exitCode(), "exit 1: no daemon runs\n" + lastValues);
        assertTrue(lastValues.output().startsWith("# horizon not running (last values)"), lastValues::toString);
        final Result refreshed = HorizonProcess.inProcess("stat", "--state", state.toString(), "--all", "--count", "2", "--interval", "100ms");
        assertEquals(0, refreshed.exitCode(), refreshed::toString);
        assertEquals(2, refreshed.output().lines().filter(line -> line.startsWith("COUNTER")).count(), refreshed::toString);
        assertTrue(refreshed.output().contains("PER SECOND"), "the second reading shows rates:\n" + refreshed);
        assertTrue(refreshed.output().contains("horizon_engine_fills_total"), refreshed::toString);
    }

    private static long counter(final String statOutput, final String name)
    {
        for (final String line : statOutput.split("\n"))
        {
            if (line.startsWith(name + " "))
            {
                return Long.parseLong(line.substring(name.length() + 1).trim());
            }
        }
        throw new AssertionError("no " + name + " in:\n" + statOutput);
    }
}
