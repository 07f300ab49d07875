package io.horizon.ops.secrets;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import io.horizon.ops.cli.HorizonCommand;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The secrets verbs without a daemon: help that teaches, a check that lists names and origins,
 * and a rotation that installs the new file when nobody runs.
 */
final class SecretsCommandTest
{
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private PrintStream originalOut;
    private PrintStream originalErr;

    @TempDir
    Path dir;

    @BeforeEach
    void capture()
    {
        originalOut = System.out;
        originalErr = System.err;
        final PrintStream both = new PrintStream(out, true, StandardCharsets.UTF_8);
        System.setOut(both);
        System.setErr(both);
    }

    @AfterEach
    void restore()
    {
        System.setOut(originalOut);
        System.setErr(originalErr);
    }

    private String output()
    {
        return out.toString(StandardCharsets.UTF_8);
    }

    @Test
    void shouldTeachEachSecretsVerbWithExamples()
    {
        assertEquals(0, HorizonCommand.execute("secrets", "--help"));
        assertEquals(0, HorizonCommand.execute("secrets", "check", "--help"));
        assertEquals(0, HorizonCommand.execute("secrets", "rotate", "--help"));
        assertTrue(output().contains("horizon secrets check --require alpaca.key,alpaca.secret"), output());
        assertTrue(output().contains("horizon secrets rotate --from new-credentials.env --dry-run"), output());
        assertTrue(output().contains("--dry-run"), output());
        assertEquals(0, HorizonCommand.execute("run", "--help"));
        assertTrue(output().contains("--metrics-port"), output());
    }

    @Test
    void shouldListKeyNamesAndWhereEachComesFrom() throws Exception
    {
        final Path file = SecretsTest.credentials(dir, "credentials.env", "ALPACA_KEY=value-one", "ALPACA_SECRET=");
        assertEquals(0, HorizonCommand.execute("secrets", "check", "--credentials", file.toString(), "--require", "alpaca.key"));
        assertTrue(output().contains("secrets from: environment, then file " + file), output());
        assertTrue(output().matches("(?s).*alpaca\\.key\\s+present\\s+file " + java.util.regex.Pattern.quote(file.toString()) + "\\s+\\(required\\).*"), output());
        assertTrue(output().matches("(?s).*alpaca\\.secret\\s+EMPTY.*"), output());
        assertTrue(output().contains("ok: 2 key(s), 1 required, all present"), output());
        assertFalse(output().contains("value-one"));
    }

    @Test
    void shouldInstallTheNewFileWhenNoDaemonRuns() throws Exception
    {
        final Path state = dir.resolve("state");
        Files.createDirectories(state);
        final Path current = SecretsTest.credentials(state, "credentials.env", "ALPACA_KEY=a1", "ALPACA_SECRET=s1");
        final Path next = SecretsTest.credentials(dir, "next.env", "ALPACA_KEY=a2", "ALPACA_SECRET=s2");

        assertEquals(0, HorizonCommand.execute("secrets", "rotate", "--state", state.toString(), "--from", next.toString()));
        assertTrue(output().contains("verified environment, then file " + next + ": keys [alpaca.key, alpaca.secret], required [alpaca.key, alpaca.secret] present"), output());
        assertTrue(output().contains("no daemon runs on " + state), output());
        assertEquals("ALPACA_KEY=a2\nALPACA_SECRET=s2\n", Files.readString(current));
        try (var left = Files.list(state))
        {
            assertEquals(1, left.count(), "no staging file is left behind");
        }
    }
}
