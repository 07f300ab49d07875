package io.horizon.ops.deploy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.horizon.journal.snapshot.SnapshotStore;
import io.horizon.ops.support.LiveJournal;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The disaster-recovery drill of deploy/runbooks/disaster-recovery.md, for real, with the
 * real CLI in child processes: a daemon trades, its state is backed up, the state directory
 * is wiped (the host is lost), then restore, audit verify, replay --verify, and a daemon
 * resumes on the restored state and must recover every journaled event. In the backup drill the
 * daemon was asked for a snapshot while it traded ({@code horizon snapshot}): the backup holds it,
 * replay --verify --from-snapshot agrees with it, and the resumed daemon starts from it and
 * replays only the journal after it. Prints the measured
 * RTO, from the start of the restore to the resumed daemon running.
 */
final class DisasterRecoveryDrillTest
{
    private static final long STARTUP_TIMEOUT_S = 120;

    @TempDir
    Path dir;

    @Test
    void shouldRestoreAWipedHostFromBackupVerifyTheAuditChainAndJournalAndResumeFromTheSnapshot() throws Exception
    {
        final Path state = dir.resolve("state");
        final Path backup = dir.resolve("backup");
        final long[] tradedAndSnapshot = tradeAndSnapshot(state);
        final long journaled = tradedAndSnapshot[0];
        final long snapshot = tradedAndSnapshot[1];

        cli("backup", "--state", state.toString(), "--to", backup.toString());
        wipe(state);

        final long restoreStarted = System.nanoTime();
        cli("restore", "--from", backup.toString(), "--state", state.toString());
        assertTrue(Files.isRegularFile(SnapshotStore.of(state, 1).fileFor(snapshot)), "the backup holds the snapshot");
        cli("audit", "verify", "--state", state.toString());
        final String verify = cli("replay", "--state", state.toString(), "--verify");
        assertTrue(verify.contains("verified " + journaled + " events"), verify);
        final String fromSnapshot = cli("replay", "--state", state.toString(), "--verify", "--from-snapshot");
        assertTrue(fromSnapshot.contains("after the snapshot at journal index " + snapshot), fromSnapshot);
        final double rto = resume(state, journaled, restoreStarted, snapshot);
        System.out.printf(Locale.ROOT, "DR drill RTO: %.1f s (restore, audit verify, replay --verify, daemon running; %d events)%n",
            rto, journaled);
    }

    @Test
    void shouldResumeFromAStoppedDaemonsStateDirectoryCopiedToANewHost() throws Exception
    {
        // The state directory is everything a backup must hold: a file copy of a stopped daemon's
        // directory, on a new path, verifies and resumes with every event.
        final Path state = dir.resolve("old-host/state");
        final Path restored = dir.resolve("new-host/state");
        final long journaled = trade(state);
        copy(state, restored);
        wipe(state);

        final long restoreStarted = System.nanoTime();
        final String verify = cli("replay", "--state", restored.toString(), "--verify");
        assertTrue(verify.contains("verified " + journaled + " events"), verify);
        final double rto = resume(restored, journaled, restoreStarted, -1);
        System.out.printf(Locale.ROOT, "cold-copy drill: replay --verify and daemon running in %.1f s (%d events)%n",
            rto, journaled);
    }

    private long trade(final Path state)
    {
        final String summary = cli("run", "--state", state.toString(), "--duration", "3s", "--feed-rate", "3000");
        final long journaled = summaryValue(summary, "events journaled (this run)");
        assertTrue(journaled > 1_000 && summaryValue(summary, "fills") > 0, "the first daemon traded:\n" + summary);
        return journaled;
    }

    /**
     * A daemon trades; while it runs, {@code horizon snapshot} has it snapshot its engine state; once
     * its journal holds more than 1,000 events, some after the snapshot, and a fill, it is stopped
     * with SIGTERM (a clean stop).
     *
     * @return events journaled, and the snapshot's journal index.
     */
    private long[] tradeAndSnapshot(final Path state) throws Exception
    {
        final Path log = dir.resolve("trade.log");
        final Process daemon = new ProcessBuilder(HorizonCli.command("run", "--state", state.toString(), "--duration", "120s",
            "--feed-rate", "3000")).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        try
        {
            awaitRunning(daemon, log);
            final String taken = cli("snapshot", "--state", state.toString(), "--timeout", "30s");
            final Matcher m = Pattern.compile("written: journal index (\\d+)").matcher(taken);
            assertTrue(m.find(), taken);
            LiveJournal.awaitMoreThan(daemon, state, Math.max(1_000, Long.parseLong(m.group(1))));
            daemon.destroy();
            assertTrue(daemon.waitFor(STARTUP_TIMEOUT_S, TimeUnit.SECONDS), "the trading daemon did not stop on SIGTERM");
            final String summary = Files.readString(log, StandardCharsets.UTF_8);
            assertEquals(0, daemon.exitValue(), summary);
            final long journaled = summaryValue(summary, "events journaled (this run)");
            assertTrue(journaled > 1_000 && summaryValue(summary, "fills") > 0, "the first daemon traded:\n" + summary);
            final long snapshot = Long.parseLong(m.group(1));
            assertTrue(snapshot > 0 && snapshot < journaled, "snapshot at " + snapshot + " of " + journaled);
            return new long[] {journaled, snapshot};
        }
        finally
        {
            daemon.destroyForcibly();
        }
    }

    private static void awaitRunning(final Process daemon, final Path log) throws Exception
    {
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(STARTUP_TIMEOUT_S);
        while (!Files.readString(log, StandardCharsets.UTF_8).contains("Horizon running"))
        {
            if (!daemon.isAlive() || System.nanoTime() > deadline)
            {
                fail("the daemon never ran:\n" + Files.readString(log, StandardCharsets.UTF_8));
            }
            Thread.sleep(20);
        }
    }

    /**
     * Starts a daemon on the restored state, measures the time until it runs, lets it trade,
     * and checks that it recovered every journaled event, from the given snapshot when there is one.
     *
     * @param snapshot the journal index of the snapshot recovery must start from, or -1 for none.
     * @return seconds from {@code restoreStarted} until the daemon logged that it runs.
     */
    private double resume(final Path state, final long journaled, final long restoreStarted, final long snapshot) throws Exception
    {
        final Path log = dir.resolve("resume.log");
        final Process daemon = new ProcessBuilder(HorizonCli.command("run", "--state", state.toString(), "--duration", "2s"))
            .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        try
        {
            awaitRunning(daemon, log);
            final double rto = (System.nanoTime() - restoreStarted) / 1e9;
            assertTrue(daemon.waitFor(STARTUP_TIMEOUT_S, TimeUnit.SECONDS), "the resumed daemon did not stop");
            final String summary = Files.readString(log, StandardCharsets.UTF_8);
            assertEquals(0, daemon.exitValue(), summary);
            assertEquals(journaled, summaryValue(summary, "recovered from the journal"), summary);
            if (snapshot >= 0)
            {
                assertTrue(summary.contains("recovery: snapshot at journal index " + snapshot + " restored") &&
                    summary.contains("replaying the " + (journaled - snapshot) + " events after it"), summary);
            }
            assertTrue(summaryValue(summary, "fills") > 0, "trading resumed:\n" + summary);
            return rto;
        }
        finally
        {
            daemon.destroyForcibly();
        }
    }

    private String cli(final String... args)
    {
        final ExternalTool.Result result = ExternalTool.run(dir, Map.of(), HorizonCli.command(args));
        assertEquals(0, result.exitCode(), "horizon " + String.join(" ", args) + "\n" + result.output());
        return result.output();
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

    private static void copy(final Path from, final Path to) throws IOException
    {
        Files.walkFileTree(from, new SimpleFileVisitor<>()
        {
            @Override
            public FileVisitResult preVisitDirectory(final Path d, final BasicFileAttributes attrs) throws IOException
            {
                Files.createDirectories(to.resolve(from.relativize(d).toString()));
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(final Path f, final BasicFileAttributes attrs) throws IOException
            {
                Files.copy(f, to.resolve(from.relativize(f).toString()), StandardCopyOption.COPY_ATTRIBUTES);
                return FileVisitResult.CONTINUE;
            }
        });
    }

    private static void wipe(final Path state) throws IOException
    {
        Files.walkFileTree(state, new SimpleFileVisitor<>()
        {
            @Override
            public FileVisitResult visitFile(final Path f, final BasicFileAttributes attrs) throws IOException
            {
                Files.delete(f);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(final Path d, final IOException ex) throws IOException
            {
                Files.delete(d);
                return FileVisitResult.CONTINUE;
            }
        });
        assertTrue(!Files.exists(state), "the state directory is gone");
    }
}
