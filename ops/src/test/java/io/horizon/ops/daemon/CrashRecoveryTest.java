package io.horizon.ops.daemon;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import io.horizon.ops.cli.HorizonCommand;
import io.horizon.ops.support.HorizonProcess;
import io.horizon.ops.support.LiveJournal;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Kills a real daemon process with SIGKILL in the middle of trading, restarts it on the same
 * state, and checks that it rebuilds its state from the journal, trades again, and that the
 * journal runs on without a gap or a duplicate; killed in one threading mode, restarted in the other.
 */
final class CrashRecoveryTest
{
    private static final long STARTUP_TIMEOUT_S = 60;

    @TempDir
    Path dir;



    /**
     * Reads the whole inbound journal; the reader itself refuses gaps and duplicates.
     */
    private static long[] readJournal(final Path state)
    {
        return LiveJournal.count(state);
    }

    private static long summaryValue(final String summary, final String label)
    {
        for (final String line : summary.split("\n"))
        {
            if (line.startsWith(label))
            {
                final String[] parts = line.substring(label.length()).trim().split("\\s+");
                return Long.parseLong(parts[0]);
            }
        }
        throw new AssertionError("no '" + label + "' in summary:\n" + summary);
    }

    @ParameterizedTest(name = "killed while {0}, restarted {1}")
    @CsvSource({"shared, dedicated", "dedicated, shared"})
    void shouldRebuildStateAfterKill9AndTradeAgainWithAJournalWithoutGapOrDuplicate(
        final String killedThreading, final String restartThreading) throws Exception
    {
        final Path state = dir.resolve("state");
        final Path firstLog = dir.resolve("first.log");
        final Process first = HorizonProcess.start(firstLog, "run", "--state", state.toString(), "--feed-rate", "5000",
            "--threading", killedThreading);
        try
        {
            HorizonProcess.awaitLogLine(first, firstLog, "Horizon running");
            // Killed once it has journaled more than 1,000 events and traded.
            LiveJournal.awaitMoreThan(first, state, 1_000);
        }
        finally
        {
            first.destroyForcibly();
            assertTrue(first.waitFor(30, TimeUnit.SECONDS));
        }
        assertEquals(137, first.exitValue(), "SIGKILL, not a clean stop");
        final String firstOutput = Files.readString(firstLog, StandardCharsets.UTF_8);
        assertTrue(!firstOutput.contains("Horizon run summary"), "a killed daemon prints no summary");

        final long[] beforeRestart = readJournal(state);
        assertTrue(beforeRestart[0] > 1_000, "the first run journaled events: " + beforeRestart[0]);
        assertTrue(beforeRestart[1] > 0, "the first run traded");

        final Path secondLog = dir.resolve("second.log");
        final Process second = HorizonProcess.start(secondLog, "run", "--state", state.toString(), "--duration", "3s",
            "--feed-rate", "5000", "--threading", restartThreading);
        assertTrue(second.waitFor(STARTUP_TIMEOUT_S, TimeUnit.SECONDS), "second run did not finish");
        final String summary = Files.readString(secondLog, StandardCharsets.UTF_8);
        assertEquals(0, second.exitValue(), summary);

        assertEquals(beforeRestart[0], summaryValue(summary, "recovered from the journal"), summary);
        assertTrue(summary.contains("engine threading: " + restartThreading + " (configured)"), summary);
        assertTrue(summaryValue(summary, "fills") > 0, "trading resumed after recovery:\n" + summary);
        assertEquals(0, summaryValue(summary, "handler errors"), summary);

        final long[] afterRestart = readJournal(state);
        assertTrue(afterRestart[0] > beforeRestart[0], "the second run appended to the same journal");
        assertEquals(beforeRestart[0] + summaryValue(summary, "events journaled (this run)"), afterRestart[0],
            "every event of the second run was journaled once, right after the recovered ones:\n" + summary);
    }

    @Test
    void shouldRefuseASecondDaemonOnTheSameState() throws Exception
    {
        final Path state = dir.resolve("state");
        final Path log = dir.resolve("first.log");
        final Process first = HorizonProcess.start(log, "run", "--state", state.toString());
        try
        {
            HorizonProcess.awaitLogLine(first, log, "Horizon running");
            final int status = HorizonCommand.execute("run", "--state", state.toString(), "--duration", "1s");
            assertEquals(2, status);
        }
        finally
        {
            first.destroy();
            assertTrue(first.waitFor(30, TimeUnit.SECONDS));
        }
        final String output = Files.readString(log, StandardCharsets.UTF_8);
        assertTrue(output.contains("Horizon run summary"), "SIGTERM drains and prints the summary:\n" + output);
        assertEquals(0, first.exitValue(), "a clean stop on SIGTERM exits 0:\n" + output);
    }
}
