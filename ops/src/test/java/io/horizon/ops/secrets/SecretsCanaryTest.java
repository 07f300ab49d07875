package io.horizon.ops.secrets;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import io.horizon.journal.audit.AuditEvent;
import io.horizon.journal.audit.AuditQuery;
import io.horizon.journal.audit.AuditStore;
import io.horizon.journal.sqlite.SqliteFile;
import io.horizon.ops.cli.HorizonCommand;
import io.horizon.ops.support.HorizonProcess;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Plants canary secrets in a credentials file and the environment of a real daemon process, runs
 * every surface that touches secrets (the daemon's log, its metrics scrape and readiness, the
 * {@code secrets check} and {@code secrets rotate} verbs with SIGHUP, and their error messages),
 * then searches every output, every event of the audit log and every file in the state directory:
 * no canary appears anywhere, while the key names, their {@code secret.access} events and the
 * rotation do.
 */
final class SecretsCanaryTest
{
    private static final String KEY_CANARY = "CANARY-key-5b1e0c77";
    private static final String SECRET_CANARY = "CANARY-secret-9d2f4a10";
    private static final String ENV_CANARY = "CANARY-env-31c8e6d2";
    private static final String NEW_KEY_CANARY = "CANARY-rotated-key-77aa01";
    private static final String NEW_SECRET_CANARY = "CANARY-rotated-secret-77aa02";
    private static final List<String> CANARIES = List.of(KEY_CANARY, SECRET_CANARY, ENV_CANARY, NEW_KEY_CANARY, NEW_SECRET_CANARY);

    @TempDir
    Path dir;

    private final List<String> outputs = new ArrayList<>();

    @Test
    void shouldNeverLetASecretValueOutWhileKeyNamesAndRotationShow() throws Exception
    {
        final Path state = dir.resolve("state");
        final Path credentials = SecretsTest.credentials(dir, "credentials.env",
            "ALPACA_KEY=" + KEY_CANARY, "ALPACA_SECRET=" + SECRET_CANARY);
        final int port = freePort();
        final Path log = dir.resolve("daemon.log");
        final Process daemon = startDaemon(log, "run", "--state", state.toString(), "--credentials", credentials.toString(),
            "--metrics-bind", "127.0.0.1", "--metrics-port", Integer.toString(port), "--feed-rate", "1000");
        try
        {
            awaitLog(daemon, log, "Horizon running");
            final HttpClient http = HttpClient.newHttpClient();
            outputs.add(get(http, port, "/metrics"));
            outputs.add(get(http, port, "/ready"));

            assertEquals(0, cli("secrets", "check", "--state", state.toString(), "--credentials", credentials.toString(),
                "--require", "alpaca.key,alpaca.secret"), this::last);
            assertTrue(last().contains("alpaca.key") && last().contains("present"), last());
            assertEquals(2, cli("secrets", "check", "--credentials", credentials.toString(), "--require", "nope.key"), this::last);
            assertTrue(last().contains("horizon: error: required secret(s) missing or empty: nope.key"), last());

            final Path rotated = SecretsTest.credentials(dir, "new.env",
                "ALPACA_KEY=" + NEW_KEY_CANARY, "ALPACA_SECRET=" + NEW_SECRET_CANARY);
            assertEquals(0, cli("secrets", "rotate", "--state", state.toString(), "--credentials", credentials.toString(),
                "--from", rotated.toString(), "--dry-run"), this::last);
            assertTrue(last().contains("dry run: would install it as " + credentials), last());
            assertTrue(Files.readString(credentials).contains(KEY_CANARY), "a dry run changes nothing");

            final Path halfRotated = SecretsTest.credentials(dir, "half.env", "ALPACA_KEY=" + NEW_KEY_CANARY);
            assertEquals(2, cli("secrets", "rotate", "--state", state.toString(), "--credentials", credentials.toString(),
                "--from", halfRotated.toString()), this::last);
            assertTrue(last().contains("missing or empty secret(s): alpaca.secret"), last());

            assertEquals(0, cli("secrets", "rotate", "--state", state.toString(), "--credentials", credentials.toString(),
                "--from", rotated.toString()), this::last);
            assertTrue(last().contains("sent SIGHUP to daemon pid " + daemon.pid()), last());
            assertTrue(Files.readString(credentials).contains(NEW_KEY_CANARY), "the new file is installed");
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(credentials)));
            awaitLog(daemon, log, "secrets reloaded from");
            awaitScrape(http, port, "horizon_secrets_reloads_total{result=\"ok\"} 1.0");

            final Path leaky = dir.resolve("leaky.env");
            Files.writeString(leaky, "ALPACA_KEY " + KEY_CANARY + "\n");
            Files.setPosixFilePermissions(leaky, PosixFilePermissions.fromString("rw-------"));
            assertEquals(2, cli("secrets", "check", "--credentials", leaky.toString()), this::last);
            assertTrue(last().contains("line 1: expected KEY=VALUE"), last());
            Files.setPosixFilePermissions(leaky, PosixFilePermissions.fromString("rw-r--r--"));
            assertEquals(2, cli("secrets", "check", "--credentials", leaky.toString()), this::last);
            assertTrue(last().contains("chmod 600"), last());
        }
        finally
        {
            daemon.destroy();
            assertTrue(daemon.waitFor(60, TimeUnit.SECONDS));
        }
        final String daemonLog = Files.readString(log, StandardCharsets.UTF_8);
        assertTrue(daemonLog.contains("Horizon run summary"), daemonLog);
        assertTrue(daemonLog.contains("secret.access key=alpaca.key found=true actor=system"), "reads are logged by key:\n" + daemonLog);
        assertTrue(daemonLog.contains("keys [alpaca.key, alpaca.secret"), daemonLog);
        outputs.add(daemonLog);

        // The same reads are in the audit log, by key name and reader, and the chain holds.
        final List<AuditEvent> reads = new ArrayList<>();
        try (AuditStore audit = AuditStore.openExisting(state.resolve(AuditStore.FILE_NAME), SqliteFile.Access.READ))
        {
            assertTrue(audit.verify(n -> { }).verified());
            audit.forEach(new AuditQuery(null, null, List.of(), null, null, Long.MAX_VALUE), e ->
            {
                outputs.add(e.toString());
                if ("secret.access".equals(e.category()))
                {
                    reads.add(e);
                }
            });
        }
        final String user = "user:" + System.getProperty("user.name");
        assertTrue(reads.stream().anyMatch(e -> "system".equals(e.actor()) && e.payload().contains("\"key\":\"alpaca.secret\"")),
            "the daemon's reload is audited as system: " + reads);
        assertTrue(reads.stream().anyMatch(e -> user.equals(e.actor()) && e.message().equals("secret alpaca.key read")),
            "secrets check and rotate on the state directory are audited as the operator: " + reads);

        for (final String output : outputs)
        {
            for (final String canary : CANARIES)
            {
                assertFalse(output.contains(canary), () -> "a secret value leaked into:\n" + output);
            }
        }
        try (Stream<Path> files = Files.walk(state))
        {
            for (final Path file : files.filter(Files::isRegularFile).toList())
            {
                final String bytes = new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1);
                for (final String canary : CANARIES)
                {
                    assertFalse(bytes.contains(canary), "a secret value was written to " + file);
                }
            }
        }
    }

    private int cli(final String... args)
    {
        final PrintStream originalOut = System.out;
        final PrintStream originalErr = System.err;
        final ByteArrayOutputStream captured = new ByteArrayOutputStream();
        final PrintStream both = new PrintStream(captured, true, StandardCharsets.UTF_8);
        System.setOut(both);
        System.setErr(both);
        int status;
        try
        {
            status = HorizonCommand.execute(args);
        }
        catch (final RuntimeException ex)
        {
            both.println(ex);
            status = -1;
        }
        finally
        {
            System.setOut(originalOut);
            System.setErr(originalErr);
        }
        outputs.add(captured.toString(StandardCharsets.UTF_8));
        return status;
    }

    private String last()
    {
        return outputs.get(outputs.size() - 1);
    }

    private Process startDaemon(final Path log, final String... args) throws IOException
    {
        final ProcessBuilder builder = new ProcessBuilder(HorizonProcess.command(args)).redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().put("HORIZON_PAGERDUTY_ROUTING_KEY", ENV_CANARY);
        return builder.start();
    }

    private static void awaitLog(final Process process, final Path log, final String line) throws Exception
    {
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline)
        {
            if (Files.exists(log) && Files.readString(log, StandardCharsets.UTF_8).contains(line))
            {
                return;
            }
            if (!process.isAlive())
            {
                throw new AssertionError("daemon exited early:\n" + Files.readString(log, StandardCharsets.UTF_8));
            }
            Thread.sleep(50);
        }
        throw new AssertionError("daemon never logged '" + line + "'");
    }

    private void awaitScrape(final HttpClient http, final int port, final String sample) throws Exception
    {
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        String scrape = get(http, port, "/metrics");
        while (!scrape.contains(sample) && System.nanoTime() < deadline)
        {
            Thread.sleep(200);
            scrape = get(http, port, "/metrics");
        }
        outputs.add(scrape);
        assertTrue(scrape.contains(sample), () -> "no '" + sample + "' in the scrape");
    }

    private static String get(final HttpClient http, final int port, final String path) throws Exception
    {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
            HttpResponse.BodyHandlers.ofString()).body();
    }

    private static int freePort() throws IOException
    {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress()))
        {
            return socket.getLocalPort();
        }
    }
}
