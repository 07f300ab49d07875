package io.horizon.ops.daemon;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.horizon.journal.audit.AuditJournalCheck;
import io.horizon.journal.audit.AuditMapping;
import io.horizon.journal.audit.AuditQuery;
import io.horizon.journal.audit.ChainVerification;
import io.horizon.journal.audit.PostgresAuditStore;
import io.horizon.journal.postgres.PostgresTarget;
import io.horizon.journal.support.PostgresTestServer;
import io.horizon.ops.support.HorizonProcess;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Two real daemons (separate JVMs, each its own state and journal) write into one real PostgreSQL
 * audit log at once under their own writer ids: a third daemon that asks for a taken id is refused
 * before it trades, one writer is killed with SIGKILL mid-flush and restarted, and afterwards each
 * writer's chain verifies and holds every event of its own journal exactly once.
 */
final class PostgresWritersTest
{
    @TempDir
    Path dir;

    private Path preset(final String writerId) throws Exception
    {
        final String paper;
        try (InputStream in = getClass().getResourceAsStream("/presets/paper.hz.toml"))
        {
            paper = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        final Path file = dir.resolve(writerId + ".hz.toml");
        Files.writeString(file, paper + "\n[daemon]\nid = \"" + writerId + "\"\n\n[audit]\nbackend = \"postgres\"\n");
        return file;
    }

    private Path credentials(final PostgresTarget target) throws Exception
    {
        final Path file = dir.resolve("credentials.env");
        Files.writeString(file, "audit.postgres_url=" + target.url() + "\naudit.postgres_user=" + target.user() +
            "\naudit.postgres_password=" + target.password() + "\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        return file;
    }

    private Process daemon(final String writerId, final String log, final String... more) throws Exception
    {
        return daemonIn(writerId, "state-" + writerId, log, more);
    }

    private Process daemonIn(final String writerId, final String state, final String log, final String... more) throws Exception
    {
        final List<String> args = new java.util.ArrayList<>(List.of("run", "--preset", preset(writerId).toString(),
            "--state", dir.resolve(state).toString(), "--credentials", dir.resolve("credentials.env").toString(),
            "--metrics-port", "0", "--feed-rate", "2000"));
        args.addAll(List.of(more));
        return HorizonProcess.start(dir.resolve(log), args.toArray(String[]::new));
    }

    private String log(final String name) throws Exception
    {
        return Files.readString(dir.resolve(name), StandardCharsets.UTF_8);
    }

    @Test
    void shouldKeepEachDaemonsChainWholeWhileTwoWriteAtOnceAndRefuseATakenWriterId() throws Exception
    {
        final PostgresTarget target = PostgresTestServer.newDatabase(null);
        credentials(target);

        final Process a = daemon("desk-a", "a.log");
        final Process b = daemon("desk-b", "b1.log");
        try
        {
            HorizonProcess.awaitLogLine(a, dir.resolve("a.log"), "Horizon running");
            HorizonProcess.awaitLogLine(b, dir.resolve("b1.log"), "Horizon running");

            // Another host's daemon (its own state) configured with desk-a's id.
            final Process third = daemonIn("desk-a", "state-third", "third.log", "--duration", "3s");
            final boolean finished = third.waitFor(HorizonProcess.TIMEOUT_S, TimeUnit.SECONDS);
            if (!finished)
            {
                third.destroyForcibly();
            }
            assertTrue(finished, "the third daemon did not finish:\n" + log("third.log"));
            assertNotEquals(0, third.exitValue(), log("third.log"));
            assertTrue(log("third.log").contains("writer id 'desk-a' is in use by another Horizon"), log("third.log"));
            assertFalse(log("third.log").contains("Horizon running"), "refused before it ran");
            assertFalse(log("third.log").contains(target.password() + "@"), "no credentials in the message");

            // A dead-letter id is unique per writer only: redrive refuses a --writer that is not the one the
            // daemon on --state writes under (it would send its own entry of that id), or one with no rows.
            assertEquals("postgres desk-a\n", Files.readString(dir.resolve("state-desk-a").resolve(AuditBackendMark.FILE_NAME)));
            final HorizonProcess.Result other = HorizonProcess.inProcess("dlq", "redrive", "dlq_0000000000000001", "--postgres",
                "--writer", "desk-b", "--credentials", dir.resolve("credentials.env").toString(),
                "--state", dir.resolve("state-desk-a").toString());
            assertEquals(2, other.exitCode(), other.output());
            assertTrue(other.output().contains("--writer desk-b is not the writer id of the daemon on " +
                dir.resolve("state-desk-a").toAbsolutePath() + ", which writes under 'desk-a'"), other.output());
            assertTrue(other.output().contains("pass --writer desk-a"), other.output());
            final HorizonProcess.Result none = HorizonProcess.inProcess("dlq", "redrive", "dlq_0000000000000001", "--postgres",
                "--writer", "desk-z", "--credentials", dir.resolve("credentials.env").toString(),
                "--state", dir.resolve("state-third").toString());
            assertEquals(2, none.exitCode(), none.output());
            assertTrue(none.output().contains("--writer desk-z has no rows in "), none.output());
            assertTrue(none.output().contains("(its writers: desk-a, desk-b)"), none.output());

            // Kill desk-b while its flusher commits behind the feed, as a crash would.
            Thread.sleep(1_500);
        }
        finally
        {
            b.destroyForcibly();
            assertTrue(b.waitFor(30, TimeUnit.SECONDS));
        }
        assertEquals(137, b.exitValue(), "SIGKILL, not a clean stop");
        final Process b2 = daemon("desk-b", "b2.log", "--duration", "3s");
        assertTrue(b2.waitFor(HorizonProcess.TIMEOUT_S, TimeUnit.SECONDS), "the restarted desk-b did not finish");
        assertEquals(0, b2.exitValue(), log("b2.log"));
        assertTrue(a.isAlive(), "desk-a traded all along:\n" + log("a.log"));
        a.destroy();
        assertTrue(a.waitFor(HorizonProcess.TIMEOUT_S, TimeUnit.SECONDS), "desk-a did not stop on SIGTERM");
        assertEquals(0, a.exitValue(), log("a.log"));

        final AuditMapping mapping = new AuditMapping(DefaultSetup.referenceData(), "paper",
            List.of(DefaultSetup.marketMaker().name()));
        assertEquals(List.of("desk-a", "desk-b"), PostgresAuditStore.writers(target));
        for (final String writer : List.of("desk-a", "desk-b"))
        {
            try (PostgresAuditStore store = PostgresAuditStore.openExisting(target.forWriter(writer)))
            {
                final ChainVerification chain = store.verify(n -> { });
                assertTrue(chain.verified(), writer + ": " + chain.summary());
                final AuditJournalCheck.Result check = AuditJournalCheck.compare(dir.resolve("state-" + writer), mapping, store, null);
                assertTrue(check.matches(), writer + ": " + check.problem());
                assertTrue(check.matched() > 50, writer + " traded: " + check.matched());
                assertEquals(List.of(), store.guardProblems());
            }
        }
        try (PostgresAuditStore all = PostgresAuditStore.openExisting(target.forWriter(null)))
        {
            assertEquals(List.of("desk-a", "desk-b"), List.copyOf(all.countByWriter(AuditQuery.ALL).keySet()));
        }

        final HorizonProcess.Result verify = HorizonProcess.inProcess("audit", "verify", "--postgres",
            "--credentials", dir.resolve("credentials.env").toString());
        assertEquals(0, verify.exitCode(), verify.output());
        assertTrue(verify.output().contains("writer desk-a:") && verify.output().contains("writer desk-b:"), verify.output());
        final HorizonProcess.Result stats = HorizonProcess.inProcess("audit", "stats", "--postgres",
            "--credentials", dir.resolve("credentials.env").toString());
        assertEquals(0, stats.exitCode(), stats.output());
        assertTrue(stats.output().contains("by writer:") && stats.output().contains("desk-b"), stats.output());
        final HorizonProcess.Result dlq = HorizonProcess.inProcess("dlq", "list", "--postgres", "--all",
            "--credentials", dir.resolve("credentials.env").toString());
        assertEquals(0, dlq.exitCode(), dlq.output());
        assertTrue(dlq.output().contains("the dead-letter queue is empty"), "the paper venue failed no call: " + dlq.output());
    }
}
