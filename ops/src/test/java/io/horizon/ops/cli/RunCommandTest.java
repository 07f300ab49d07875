package io.horizon.ops.cli;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import io.horizon.ops.counters.CountersFile;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The README's run command, in process: it starts the embedded default, trades, drains and
 * prints its summary; bad input gets one clear line and no stack trace.
 */
final class RunCommandTest
{
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private PrintStream originalOut;
    private PrintStream originalErr;

    @BeforeEach
    void captureOutput()
    {
        originalOut = System.out;
        originalErr = System.err;
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    @AfterEach
    void restoreOutput()
    {
        System.setOut(originalOut);
        System.setErr(originalErr);
    }

    private String stdout()
    {
        return out.toString(StandardCharsets.UTF_8);
    }

    private String stderr()
    {
        return err.toString(StandardCharsets.UTF_8);
    }

    @Test
    void shouldRunTheDefaultForTheGivenDurationAndPrintASummary(@TempDir final Path dir)
    {
        final Path state = dir.resolve("state");
        final int status = HorizonCommand.execute("run", "--duration", "3s", "--state", state.toString(), "--feed-rate", "2000");

        final String summary = stdout();
        assertEquals(0, status, () -> "stdout:\n" + summary + "\nstderr:\n" + stderr());
        assertTrue(summary.contains("Horizon run summary"), summary);
        assertTrue(summary.contains("events in (this run)"), summary);
        assertTrue(summary.contains("events journaled (this run)"), summary);
        assertTrue(java.util.regex.Pattern.compile("engine threading: (shared|dedicated) \\(auto: \\d+ CPUs? available")
            .matcher(summary).find(), summary);
        assertTrue(summary.contains("rejects by reason:"), summary);
        assertTrue(summary.contains("ring drops (market data)"), summary);
        assertTrue(summary.contains("account paper: equity"), summary);
        assertTrue(eventsIn(summary) > 100, summary);
        assertTrue(Files.exists(state.resolve(CountersFile.FILE_NAME)));
        // The default run trades with real risk on, and the sample market maker still fills.
        assertTrue(summary.contains("risk (moderate profile): kill switch ARMED"), summary);
        assertTrue(counted(summary, "fills") > 0, summary);
        // The sample market maker paces itself to its own rate limit: a first run shows orders
        // that went out, not a wall of rate_limit rejects (issue 19: 231 of 334 refused before).
        final long received = counted(summary, "orders received");
        final long submitted = counted(summary, "orders submitted");
        assertTrue(received > 10, summary);
        assertTrue(received - submitted <= received / 20, "at most 5% of the default run's orders refused:\n" + summary);
    }

    @Test
    void shouldReplayTheSampleCsvAndStopWhenItEnds(@TempDir final Path dir) throws Exception
    {
        final Path csv = dir.resolve("sample.csv");
        try (var in = getClass().getResourceAsStream("/io/horizon/ops/feed/sample-market-data.csv"))
        {
            Files.copy(in, csv);
        }
        final int status = HorizonCommand.execute("run", "--state", dir.resolve("state").toString(), "--feed-csv", csv.toString());
        assertEquals(0, status, this::stderr);
        assertTrue(eventsIn(stdout()) >= 24, stdout());
    }

    @Test
    void shouldRefuseABadDurationWithOneLineAndNoStackTrace(@TempDir final Path dir)
    {
        final int status = HorizonCommand.execute("run", "--duration", "soon", "--state", dir.toString());
        assertEquals(2, status);
        assertTrue(stderr().contains("'soon' is not a duration"), stderr());
        assertFalse(stderr().contains("\tat "), stderr());
    }

    @Test
    void shouldRefuseAnUnknownWaitStrategyNamingTheAllowedOnes(@TempDir final Path dir)
    {
        final int status = HorizonCommand.execute("run", "--duration", "1s", "--wait-strategy", "spinny", "--state", dir.toString());
        assertEquals(2, status);
        assertTrue(stderr().contains("engine.wait_strategy = \"spinny\" (set by --wait-strategy): is not allowed; " +
            "use one of: \"backoff\", \"sleeping\", \"blocking\", \"yielding\", \"busy-spin\""), stderr());
        assertFalse(stderr().contains("\tat "), stderr());
    }

    @Test
    void shouldRefuseAStateDirectoryThatIsAFile(@TempDir final Path dir) throws Exception
    {
        final Path file = Files.writeString(dir.resolve("not-a-dir"), "x");
        final int status = HorizonCommand.execute("run", "--duration", "1s", "--state", file.toString());
        assertEquals(2, status);
        assertTrue(stderr().contains("exists but is not a directory"), stderr());
    }

    @Test
    void shouldRefuseAMissingCsvNamingThePath(@TempDir final Path dir)
    {
        final Path missing = dir.resolve("nope.csv");
        final int status = HorizonCommand.execute("run", "--state", dir.resolve("s").toString(), "--feed-csv", missing.toString());
        assertEquals(2, status);
        assertTrue(stderr().contains("nope.csv"), stderr());
        assertFalse(stderr().contains("\tat "), stderr());
    }

    @Test
    void shouldPrintVersionQuickly()
    {
        assertEquals(0, HorizonCommand.execute("version"));
        assertTrue(stdout().startsWith("horizon "), stdout());
        assertTrue(stdout().contains("java "), stdout());
    }

    @Test
    void shouldTeachUsageInHelp()
    {
        assertEquals(0, HorizonCommand.execute("run", "--help"));
        assertTrue(stdout().contains("Examples:"), stdout());
        assertTrue(stdout().contains("--feed-csv"), stdout());
    }

    private static long eventsIn(final String summary)
    {
        return counted(summary, "events in (this run)");
    }

    private static long counted(final String summary, final String label)
    {
        for (final String line : summary.split("\n"))
        {
            if (line.startsWith(label + " "))
            {
                return Long.parseLong(line.substring(label.length()).trim());
            }
        }
        return -1;
    }
}
