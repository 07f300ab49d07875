package io.horizon.ops.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.horizon.engine.pipeline.ThreadingMode;
import io.horizon.journal.JournalReader;
import io.horizon.journal.snapshot.SnapshotStore;
import io.horizon.journal.snapshot.StoredSnapshot;
import io.horizon.ops.preset.EmbeddedPresets;
import io.horizon.ops.support.EngineThreading;
import io.horizon.ops.support.HorizonProcess;
import io.horizon.ops.support.HorizonProcess.Result;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Snapshots end to end, on a real daemon in its own process: {@code horizon snapshot} through the
 * control channel, snapshots by the preset's interval, SIGKILL, a newest snapshot torn as if the kill
 * had hit its write, and a restart that passes over it, starts from the previous one, replays only
 * the journal after it and trades on; {@code replay --verify} agrees, from the start and from the
 * snapshot. Killed in one threading mode, restarted and verified in both.
 */
final class SnapshotRecoveryTest
{
    @TempDir
    Path dir;

    private Path preset() throws Exception
    {
        final String paper = EmbeddedPresets.text(EmbeddedPresets.PAPER);
        final String text = paper.replace("[metrics]\nenabled = true", "[metrics]\nenabled = false") +
            "\n[snapshots]\nevery_events = 3000\nevery_seconds = 0\nkeep = 4\n";
        final Path file = dir.resolve("snapshots.hz.toml");
        Files.writeString(file, text);
        return file;
    }

    private static long journalEvents(final Path state)
    {
        try (JournalReader reader = JournalReader.inbound(state))
        {
            return reader.entryCount();
        }
    }

    private static void awaitSnapshots(final Process daemon, final Path state, final int count) throws Exception
    {
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(HorizonProcess.TIMEOUT_S);
        while (SnapshotStore.of(state, 4).list().size() < count)
        {
            if (!daemon.isAlive() || System.nanoTime() > deadline)
            {
                throw new AssertionError("the daemon did not keep " + count + " snapshots: " + SnapshotStore.of(state, 4).list());
            }
            Thread.sleep(50);
        }
    }

    @ParameterizedTest(name = "killed while {0}, restarted {1}")
    @CsvSource({"SHARED, DEDICATED", "DEDICATED, SHARED"})
    void shouldRecoverFromThePreviousSnapshotWhenKill9TornTheNewestAndVerifyFromIt(final ThreadingMode killed,
        final ThreadingMode restarted) throws Exception
    {
        final Path preset = preset();
        final Path state = dir.resolve("state");
        final Path firstLog = dir.resolve("first.log");
        final Process first = HorizonProcess.start(firstLog, "run", "--preset", preset.toString(), "--state", state.toString(),
            "--feed-rate", "5000", "--threading", killed.configName());
        try
        {
            HorizonProcess.awaitLogLine(first, firstLog, "Horizon running");
            final String started = Files.readString(firstLog, StandardCharsets.UTF_8);
            assertTrue(started.contains(EngineThreading.summaryLine(killed)), started);
            final Result snapshot = HorizonProcess.run(dir, "snapshot", "--state", state.toString(), "--timeout", "30s");
            assertEquals(0, snapshot.exitCode(), snapshot::toString);
            assertTrue(snapshot.output().contains("written: journal index"), snapshot::toString);
            // Killed once the interval has taken snapshots too (three kept: the newest is torn below).
            awaitSnapshots(first, state, 3);
        }
        finally
        {
            first.destroyForcibly();
            assertTrue(first.waitFor(30, TimeUnit.SECONDS));
        }
        assertEquals(137, first.exitValue(), "SIGKILL, not a clean stop");

        final SnapshotStore store = SnapshotStore.of(state, 4);
        final List<StoredSnapshot> kept = store.list();
        assertTrue(kept.size() >= 2, "snapshots on disk: " + kept);
        // A kill during a write leaves a temporary file (never the final name: rename is atomic);
        // a torn final file stands for a disk that lost part of it. Recovery must pass over both.
        final Path newest = kept.get(0).file();
        final byte[] bytes = Files.readAllBytes(newest);
        Files.write(newest, Arrays.copyOf(bytes, bytes.length - 64));
        Files.write(store.directory().resolve(".snapshot-" + (kept.get(0).journalIndex() + 3000) + "-1.tmp"),
            Arrays.copyOf(bytes, 100));
        final long journaled = journalEvents(state);

        final Path secondLog = dir.resolve("second.log");
        final Process second = HorizonProcess.start(secondLog, "run", "--preset", preset.toString(), "--state", state.toString(),
            "--duration", "2s", "--feed-rate", "5000", "--threading", restarted.configName());
        assertTrue(second.waitFor(HorizonProcess.TIMEOUT_S, TimeUnit.SECONDS), "second run did not finish");
        final String log = Files.readString(secondLog, StandardCharsets.UTF_8);
        assertEquals(0, second.exitValue(), log);
        assertTrue(log.contains(EngineThreading.summaryLine(restarted)), log);
        assertTrue(log.contains("snapshot " + newest + " refused: the header says the state has"), log);
        assertTrue(log.contains("recovery: snapshot at journal index " + kept.get(1).journalIndex() + " restored"), log);
        assertTrue(log.contains("replaying the " + (journaled - kept.get(1).journalIndex()) + " events after it"), log);
        assertTrue(log.contains("recovered from the journal"), log);
        assertTrue(journalEvents(state) > journaled, "the second run traded on and journaled more");

        // The journal holds a run in each mode; each verification replays it in one of them.
        final Result verify = HorizonProcess.inProcess("replay", "--state", state.toString(), "--verify", "--threading",
            killed.configName());
        assertEquals(0, verify.exitCode(), verify::toString);
        final Result fromSnapshot = HorizonProcess.inProcess("replay", "--state", state.toString(), "--verify", "--from-snapshot",
            "--threading", restarted.configName());
        assertEquals(0, fromSnapshot.exitCode(), fromSnapshot::toString);
        assertTrue(fromSnapshot.output().contains("after the snapshot at journal index"), fromSnapshot::toString);
        // The second run, restored at kept[1], took its next snapshot where the torn one had been:
        // snapshot positions follow the journal, not the wall clock.
        final Path tornCopy = dir.resolve("torn.snap");
        Files.write(tornCopy, Arrays.copyOf(bytes, bytes.length - 64));
        final Result torn = HorizonProcess.inProcess("replay", "--state", state.toString(), "--verify", "--from-snapshot",
            tornCopy.toString());
        assertEquals(2, torn.exitCode(), torn::toString);
        assertTrue(torn.output().contains("--from-snapshot " + tornCopy + " refused: the header says the state has"), torn::toString);
        assertTrue(!torn.output().contains("\tat "), torn::toString);
    }
}
