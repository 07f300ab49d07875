package io.horizon.ops.backup;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import io.horizon.ops.support.HorizonProcess;
import io.horizon.ops.support.HorizonProcess.Result;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A backup taken while a daemon trades and a SQLite store is being written, restored into an
 * empty directory: the copy checks out, replay works, {@code replay --verify} passes,
 * {@code audit verify} proves the restored audit chain (and again after a run on it), the SQLite
 * copy is intact, and a daemon runs on. Restores over a live or non-empty state, and of a damaged
 * backup, are refused. Every verb runs as its own process.
 */
final class BackupRestoreTest
{
    @TempDir
    Path dir;

    @Test
    void shouldBackUpARunningStateAndRestoreItSoReplayAndVerifyPass() throws Exception
    {
        final Path state = dir.resolve("state");
        final Path backup = dir.resolve("backup");
        final Path restored = dir.resolve("restored");
        // A WAL-mode SQLite store written during the backup, as audit.db and dlq.db are.
        final Path store = Files.createDirectories(state).resolve("test-store.db");
        final AtomicBoolean writing = new AtomicBoolean(true);
        final AtomicLong rowsBeforeBackup = new AtomicLong();
        final Thread writer = new Thread(() -> writeRows(store, writing), "test-sqlite-writer");

        final Path log = dir.resolve("daemon.log");
        final Process daemon = HorizonProcess.start(log, "run", "--state", state.toString(), "--feed-rate", "2000");
        try
        {
            HorizonProcess.awaitLogLine(daemon, log, "Horizon running");
            createStore(store);
            writer.start();
            Thread.sleep(1_500);
            rowsBeforeBackup.set(rows(store));

            final Result taken = HorizonProcess.run(dir, "backup", "--state", state.toString(), "--to", backup.toString());
            assertEquals(0, taken.exitCode(), taken::toString);
            assertTrue(taken.output().contains("(a daemon is running: online copy)"), taken::toString);
            assertTrue(taken.output().contains("test-store.db: copied through SQLite's backup API, integrity ok"), taken::toString);

            final Result overLive = HorizonProcess.inProcess("restore", "--from", backup.toString(), "--state", state.toString());
            assertEquals(2, overLive.exitCode(), overLive::toString);
            assertTrue(overLive.output().contains("horizon: error: a Horizon is running on " + state.toAbsolutePath().normalize() +
                "; restore never overwrites a live state"), overLive::toString);
        }
        finally
        {
            writing.set(false);
            writer.join(10_000);
            final int exit = HorizonProcess.terminate(daemon);
            assertEquals(0, exit, "daemon exit:\n" + read(log));
        }
        assertTrue(Files.exists(backup.resolve(BackupManifest.FILE_NAME)));
        assertFalse(Files.exists(backup.resolve("horizon.lock")), "the live lock is not copied");
        assertFalse(Files.exists(backup.resolve("counters.dat")), "counters are re-created at every start");

        final Result restore = HorizonProcess.run(dir, "restore", "--from", backup.toString(), "--state", restored.toString());
        assertEquals(0, restore.exitCode(), restore::toString);
        assertTrue(restore.output().contains("files match their checksums; journal reads cleanly"), restore::toString);

        final Result verify = HorizonProcess.run(dir, "replay", "--state", restored.toString(), "--verify");
        assertEquals(0, verify.exitCode(), verify::toString);
        assertTrue(verify.output().contains("verified "), verify::toString);
        final Result replay = HorizonProcess.inProcess("replay", "--state", restored.toString(), "--limit", "5", "--inputs-only");
        assertEquals(0, replay.exitCode(), replay::toString);
        assertTrue(replay.output().contains("replay: 5 entries printed"), replay::toString);

        // The SQLite copy is a consistent snapshot from during the backup.
        assertEquals("ok", integrity(restored.resolve("test-store.db")));
        assertTrue(rows(restored.resolve("test-store.db")) >= rowsBeforeBackup.get(), "rows written before the backup are in it");
        for (final String daemonStore : new String[]{"audit.db", "dlq.db"})
        {
            assertEquals("ok", integrity(restored.resolve(daemonStore)), daemonStore);
        }
        if (Files.exists(state.resolve("audit_archive.db")))
        {
            assertEquals("ok", integrity(restored.resolve("audit_archive.db")));
        }

        // The audit log copied mid-run is a consistent prefix of the chain: it verifies as restored.
        final Result auditVerify = HorizonProcess.run(dir, "audit", "verify", "--state", restored.toString());
        assertEquals(0, auditVerify.exitCode(), auditVerify::toString);
        final long restoredEvents = chainLength(auditVerify.output());
        assertTrue(restoredEvents > 0, auditVerify::toString);

        final Result runOn = HorizonProcess.inProcess("run", "--state", restored.toString(), "--duration", "1s");
        assertEquals(0, runOn.exitCode(), runOn::toString);
        assertTrue(runOn.output().contains("recovered from the journal"), runOn::toString);
        final Result verifyAgain = HorizonProcess.inProcess("replay", "--state", restored.toString(), "--verify");
        assertEquals(0, verifyAgain.exitCode(), verifyAgain::toString);
        // The daemon on the restored state resumed its audit flusher from the copied position: the
        // chain grew past the restored events and still verifies.
        final Result auditAgain = HorizonProcess.inProcess("audit", "verify", "--state", restored.toString());
        assertEquals(0, auditAgain.exitCode(), auditAgain::toString);
        assertTrue(chainLength(auditAgain.output()) > restoredEvents, auditAgain::toString);
    }

    private static long chainLength(final String verifyOutput)
    {
        final java.util.regex.Matcher m = java.util.regex.Pattern.compile("chain verified: (\\d+) events").matcher(verifyOutput);
        assertTrue(m.find(), verifyOutput);
        return Long.parseLong(m.group(1));
    }

    @Test
    void shouldRefuseANonEmptyTargetAndADamagedBackup() throws Exception
    {
        final Path state = dir.resolve("state");
        final Path backup = dir.resolve("backup");
        assertEquals(0, HorizonProcess.inProcess("run", "--state", state.toString(), "--duration", "1s").exitCode());
        final Result taken = HorizonProcess.inProcess("backup", "--state", state.toString(), "--to", backup.toString());
        assertEquals(0, taken.exitCode(), taken::toString);

        final Path occupied = Files.createDirectories(dir.resolve("occupied"));
        Files.writeString(occupied.resolve("notes.txt"), "mine");
        final Result notEmpty = HorizonProcess.inProcess("restore", "--from", backup.toString(), "--state", occupied.toString());
        assertEquals(2, notEmpty.exitCode(), notEmpty::toString);
        assertTrue(notEmpty.output().contains("is not empty; restore never overwrites a state"), notEmpty::toString);
        assertEquals("mine", Files.readString(occupied.resolve("notes.txt")));

        final Path preset = backup.resolve("presets").resolve("active.hz.toml");
        Files.writeString(preset, Files.readString(preset).replace("seed = 42", "seed = 43"));
        final Result damaged = HorizonProcess.inProcess("restore", "--from", backup.toString(), "--state", dir.resolve("r").toString());
        assertEquals(2, damaged.exitCode(), damaged::toString);
        assertTrue(damaged.output().contains("the backup is damaged: " + preset + " does not match its SHA-256"), damaged::toString);
        assertFalse(Files.exists(dir.resolve("r")), "nothing is restored from a damaged backup");

        final Result again = HorizonProcess.inProcess("backup", "--state", state.toString(), "--to", backup.toString());
        assertEquals(2, again.exitCode(), again::toString);
        assertTrue(again.output().contains("is not empty; back up into a new or empty directory"), again::toString);
    }

    @Test
    void shouldBackUpAndRestoreSnapshotsAndFixSessionStateWithoutFollowingLinks() throws Exception
    {
        final Path state = dir.resolve("state");
        final Path backup = dir.resolve("backup");
        final Path restored = dir.resolve("restored");
        assertEquals(0, HorizonProcess.inProcess("run", "--state", state.toString(), "--duration", "1s").exitCode());
        final Path snapshots = Files.createDirectories(state.resolve("snapshots"));
        Files.write(snapshots.resolve("snapshot-00000000000000000100.bin"), new byte[]{1, 2, 3, 4});
        Files.write(snapshots.resolve("snapshot-00000000000000000200.bin.tmp"), new byte[]{9});
        final Path secret = Files.writeString(dir.resolve("outside.txt"), "not part of the state");
        Files.createSymbolicLink(snapshots.resolve("linked.bin"), secret);
        final Path fix = Files.createDirectories(state.resolve("fix").resolve("broker"));
        Files.write(fix.resolve("sequence_numbers_received.data"), new byte[]{0, 0, 0, 42});
        Files.writeString(fix.resolve("session_ids.data"), "broker HZN->BRK");
        Files.createSymbolicLink(state.resolve("fix").resolve("elsewhere"), dir);
        Files.write(Files.createDirectories(fix.resolve("aeron")).resolve("cnc.dat"), new byte[1024]);

        final Result taken = HorizonProcess.inProcess("backup", "--state", state.toString(), "--to", backup.toString());

        assertEquals(0, taken.exitCode(), taken::toString);
        assertTrue(taken.output().contains("snapshots: 1 files copied (before the journal, which covers them)"), taken::toString);
        assertTrue(taken.output().contains("fix: 2 files of FIX session state copied"), taken::toString);
        assertFalse(taken.output().contains("not a known part of a state directory"), taken::toString);
        assertFalse(Files.exists(backup.resolve("snapshots").resolve("snapshot-00000000000000000200.bin.tmp")), "a temporary file is left out");
        assertFalse(Files.exists(backup.resolve("snapshots").resolve("linked.bin"), java.nio.file.LinkOption.NOFOLLOW_LINKS),
            "a link is not followed");
        assertFalse(Files.exists(backup.resolve("fix").resolve("elsewhere"), java.nio.file.LinkOption.NOFOLLOW_LINKS));
        assertFalse(Files.exists(backup.resolve("fix").resolve("broker").resolve("aeron")), "Aeron media files are re-created at start");
        final BackupManifest manifest = BackupManifest.read(backup);
        assertTrue(manifest.files().containsKey("snapshots/snapshot-00000000000000000100.bin"), manifest.files()::toString);
        assertTrue(manifest.files().containsKey("fix/broker/sequence_numbers_received.data"), manifest.files()::toString);

        final Result restore = HorizonProcess.inProcess("restore", "--from", backup.toString(), "--state", restored.toString());

        assertEquals(0, restore.exitCode(), restore::toString);
        assertArrayEquals(new byte[]{1, 2, 3, 4}, Files.readAllBytes(restored.resolve("snapshots").resolve("snapshot-00000000000000000100.bin")));
        assertArrayEquals(new byte[]{0, 0, 0, 42},
            Files.readAllBytes(restored.resolve("fix").resolve("broker").resolve("sequence_numbers_received.data")));
        assertEquals("broker HZN->BRK", Files.readString(restored.resolve("fix").resolve("broker").resolve("session_ids.data")));
    }

    private static void createStore(final Path store) throws Exception
    {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + store); Statement s = c.createStatement())
        {
            s.execute("PRAGMA journal_mode = WAL");
            s.execute("CREATE TABLE events (id INTEGER PRIMARY KEY, payload TEXT NOT NULL)");
        }
    }

    private static void writeRows(final Path store, final AtomicBoolean writing)
    {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + store);
            PreparedStatement insert = c.prepareStatement("INSERT INTO events (payload) VALUES (?)"))
        {
            c.createStatement().execute("PRAGMA busy_timeout = 10000");
            long n = 0;
            while (writing.get())
            {
                insert.setString(1, "row " + n++);
                insert.executeUpdate();
                Thread.sleep(2);
            }
        }
        catch (final Exception ex)
        {
            throw new IllegalStateException(ex);
        }
    }

    private static long rows(final Path store) throws Exception
    {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + store);
            ResultSet rs = c.createStatement().executeQuery("SELECT COUNT(*) FROM events"))
        {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static String integrity(final Path store) throws Exception
    {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + store);
            ResultSet rs = c.createStatement().executeQuery("PRAGMA integrity_check"))
        {
            rs.next();
            return rs.getString(1);
        }
    }

    private static String read(final Path log) throws Exception
    {
        return Files.readString(log, StandardCharsets.UTF_8);
    }
}
