package io.horizon.ops.secrets;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.horizon.ops.state.StateLock;
import io.horizon.ops.support.HorizonProcess;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * SIGHUP never kills the daemon, from the first moment its pid can be found through the state
 * directory (the release before exited 129 without a log line on an early {@code kill -HUP}), and
 * a reload says plainly when an environment variable shadows a key of the rotated file.
 */
final class SighupTest
{
    @TempDir
    Path dir;

    private static void hup(final long pid) throws Exception
    {
        new ProcessBuilder("kill", "-HUP", Long.toString(pid)).start().waitFor(5, TimeUnit.SECONDS);
    }

    @Test
    void shouldSurviveSighupFromTheMomentThePidIsDiscoverable() throws Exception
    {
        final Path state = dir.resolve("state");
        final Path log = dir.resolve("daemon.log");
        final Process daemon = HorizonProcess.start(log, "run", "--state", state.toString(), "--metrics-port", "0");
        int sent = 0;
        try
        {
            final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(HorizonProcess.TIMEOUT_S);
            while (System.nanoTime() < deadline && daemon.isAlive() &&
                !(Files.exists(log) && Files.readString(log).contains("Horizon running")))
            {
                final StateLock.Probe probe = Files.isDirectory(state) ? StateLock.probe(state) : StateLock.Probe.FREE;
                if (probe.held())
                {
                    // Found the way an operator would: the process holding the state's lock.
                    assertEquals(daemon.pid(), probe.holderPid());
                    hup(probe.holderPid());
                    sent++;
                }
                Thread.sleep(5);
            }
            assertTrue(daemon.isAlive(), "SIGHUP while starting killed the daemon (exit " +
                (daemon.isAlive() ? "-" : daemon.exitValue()) + "):\n" + Files.readString(log));
            assertTrue(sent > 0, "the pid was discoverable before the daemon ran");
            hup(daemon.pid());
            HorizonProcess.awaitLogLine(daemon, log, "secrets reloaded from");
        }
        finally
        {
            assertEquals(0, HorizonProcess.terminate(daemon), Files.readString(log));
        }
        assertTrue(Files.readString(log).contains("SIGHUP while starting: held"), Files.readString(log));
    }

    @Test
    void shouldSayWhenTheEnvironmentShadowsARotatedKey() throws Exception
    {
        final Path state = dir.resolve("state");
        final Path credentials = SecretsTest.credentials(dir, "credentials.env", "ALPACA_KEY=from-the-file");
        final Path log = dir.resolve("daemon.log");
        final Process daemon = HorizonProcess.start(log, Map.of("ALPACA_KEY", "from-the-environment"),
            "run", "--state", state.toString(), "--credentials", credentials.toString(), "--metrics-port", "0");
        try
        {
            HorizonProcess.awaitLogLine(daemon, log, "Horizon running");
            hup(daemon.pid());
            HorizonProcess.awaitLogLine(daemon, log, "secrets reloaded from");
            final String text = Files.readString(log);
            assertTrue(text.contains("the environment shadows [alpaca.key]") && text.contains("NOT in use"), text);
            assertTrue(!text.contains("from-the-file") && !text.contains("from-the-environment"), "no value in the log");
        }
        finally
        {
            assertEquals(0, HorizonProcess.terminate(daemon), Files.readString(log));
        }
    }
}
