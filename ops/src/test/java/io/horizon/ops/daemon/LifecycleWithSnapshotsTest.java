package io.horizon.ops.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.horizon.engine.pipeline.ThreadingMode;
import io.horizon.journal.JournalReader;
import io.horizon.journal.lifecycle.LedgerEntry;
import io.horizon.journal.lifecycle.LifecycleLedger;
import io.horizon.journal.snapshot.SnapshotStore;
import io.horizon.journal.snapshot.StoredSnapshot;
import io.horizon.journal.support.PastDays;
import io.horizon.ops.preset.EmbeddedPresets;
import io.horizon.ops.support.EngineThreading;
import io.horizon.ops.support.HorizonProcess;
import io.horizon.ops.support.HorizonProcess.Result;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The journal lifecycle and snapshots in one real daemon ({@code old_cycles = "archive"}, a short
 * retention, snapshots on): the daemon archives a cycle that a kept snapshot covers while it
 * trades; a restart recovers from a snapshot without the archived cycle; {@code replay --verify
 * --archive} re-runs the whole history; {@code audit verify --journal} checks from the first record
 * still there (saying what it did not compare) or, with {@code --journal-archive}, all of it; and a
 * forged ledger line is named by {@code audit verify} and refused by {@code replay --archive}.
 * <p>
 * The journal rolls by the wall clock, which a test cannot move: the first run's journal is laid
 * over two past days ({@link PastDays}) as if that run had crossed midnight, and the daemon then
 * runs on it today, so it holds three cycles when its lifecycle runs.
 */
final class LifecycleWithSnapshotsTest
{
    private static final LocalDate FIRST_DAY = LocalDate.of(2020, 3, 1);

    @TempDir
    Path dir;

    private Path preset(final Path archive) throws Exception
    {
        final String paper = EmbeddedPresets.text(EmbeddedPresets.PAPER);
        assertTrue(paper.contains("[journal]\n") && paper.contains("[metrics]\nenabled = true"));
        final String text = paper.replace("[metrics]\nenabled = true", "[metrics]\nenabled = false")
            .replace("[journal]\n", "[journal]\nold_cycles = \"archive\"\narchive_dir = \"" + archive + "\"\nretention = \"1d\"\n" +
                "lifecycle_interval_s = 10\n") +
            "\n[snapshots]\nevery_events = 2000\nevery_seconds = 0\nkeep = 2\n";
        final Path file = dir.resolve("lifecycle.hz.toml");
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

    private String runToEnd(final String name, final String... args) throws Exception
    {
        final Path log = dir.resolve(name + ".log");
        final Process run = HorizonProcess.start(log, args);
        assertTrue(run.waitFor(HorizonProcess.TIMEOUT_S, TimeUnit.SECONDS), name + " did not finish");
        final String text = Files.readString(log, StandardCharsets.UTF_8);
        assertEquals(0, run.exitValue(), text);
        return text;
    }

    @Test
    void shouldArchiveACycleASnapshotCoversThenRecoverFromTheSnapshotAndVerifyTheWholeHistory() throws Exception
    {
        final Path archive = dir.resolve("archive");
        final Path preset = preset(archive);
        final Path today = dir.resolve("today");
        // The runs alternate threading modes (one test body, both modes, no extra run): each recovers
        // what the other mode journaled and snapshotted.
        final String first = runToEnd("first", "run", "--preset", preset.toString(), "--state", today.toString(), "--duration", "3s",
            "--feed-rate", "4000", "--threading", "dedicated");
        assertTrue(first.contains(EngineThreading.summaryLine(ThreadingMode.DEDICATED)), first);
        final List<StoredSnapshot> firstSnapshots = SnapshotStore.of(today, 2).list();
        assertFalse(firstSnapshots.isEmpty(), "the first run took no snapshot");
        // Day one ends before the oldest snapshot kept: a snapshot covers it whole.
        final long split = firstSnapshots.get(firstSnapshots.size() - 1).journalIndex();
        final Path state = dir.resolve("state");
        PastDays.relay(today, state, FIRST_DAY, split);
        final long before = journalEvents(state);

        // The daemon runs on: its lifecycle (every 10 s) archives what the kept snapshots cover. Slower, so
        // that a snapshot outlives the lifecycle's check of it (a trial restore) on a busy machine.
        final Path secondLog = dir.resolve("second.log");
        final Process second = HorizonProcess.start(secondLog, "run", "--preset", preset.toString(), "--state", state.toString(),
            "--duration", "40s", "--feed-rate", "400", "--threading", "shared");
        try
        {
            HorizonProcess.awaitLogLine(second, secondLog, "journal lifecycle: archived inbound 20200301F.cq4");
        }
        finally
        {
            assertEquals(0, HorizonProcess.terminate(second), Files.readString(secondLog));
        }
        final String secondText = Files.readString(secondLog, StandardCharsets.UTF_8);
        assertTrue(secondText.contains(EngineThreading.summaryLine(ThreadingMode.SHARED)), secondText);
        assertTrue(secondText.contains("recovery: snapshot at journal index " + firstSnapshots.get(0).journalIndex() + " restored"),
            secondText);
        final List<LedgerEntry> archived = LifecycleLedger.read(state, "inbound");
        assertEquals("20200301F.cq4", archived.get(0).file());
        assertEquals(0, archived.get(0).firstRecord());
        assertEquals(split, archived.get(0).records());
        assertTrue(Files.isRegularFile(archive.resolve("inbound").resolve("20200301F.cq4.gz")));
        assertFalse(Files.exists(state.resolve("journal").resolve("inbound").resolve("20200301F.cq4")));
        assertTrue(journalEvents(state) > before, "the second run traded on");

        // A restart recovers from a snapshot without the archived cycle.
        final long kept = SnapshotStore.of(state, 2).list().get(0).journalIndex();
        final String third = runToEnd("third", "run", "--preset", preset.toString(), "--state", state.toString(), "--duration",
            "2s", "--feed-rate", "4000", "--threading", "dedicated");
        assertTrue(third.contains("recovery: snapshot at journal index " + kept + " restored"), third);
        assertTrue(third.contains(EngineThreading.summaryLine(ThreadingMode.DEDICATED)), third);

        final Result whole = HorizonProcess.inProcess("replay", "--state", state.toString(), "--verify", "--archive",
            archive.toString(), "--threading", "shared");
        assertEquals(0, whole.exitCode(), whole::toString);
        assertTrue(whole.output().contains("unpacked in"), whole::toString);

        final Result fromPresent = HorizonProcess.inProcess("audit", "verify", "--state", state.toString(), "--journal");
        assertEquals(0, fromPresent.exitCode(), fromPresent::toString);
        assertTrue(fromPresent.output().contains("journal lifecycle ledger: " + (archived.size() +
            LifecycleLedger.read(state, "outbound").size()) + " cycles taken out, each with its audit event"), fromPresent::toString);
        assertTrue(fromPresent.output().contains("NOT CHECKED: the journal starts at inbound " +
            archived.get(archived.size() - 1).endRecord()) && fromPresent.output().contains("--journal-archive DIR"),
            fromPresent::toString);

        final Result withArchive = HorizonProcess.inProcess("audit", "verify", "--state", state.toString(), "--journal",
            "--journal-archive", archive.toString());
        assertEquals(0, withArchive.exitCode(), withArchive::toString);
        assertTrue(withArchive.output().contains("journal: read with the cycles the journal lifecycle archived in " + archive),
            withArchive::toString);
        assertFalse(withArchive.output().contains("NOT CHECKED: the journal starts at"), withArchive::toString);

        // A forged ledger: its first line now names another file content than the one archived.
        final List<String> lines = Files.readAllLines(LifecycleLedger.file(state));
        final String sha = archived.get(0).sha256();
        Files.writeString(LifecycleLedger.file(state), String.join("\n", lines).replace(sha, "ef".repeat(32)) + "\n");
        final Result forged = HorizonProcess.inProcess("audit", "verify", "--state", state.toString());
        assertEquals(1, forged.exitCode(), forged::toString);
        assertTrue(forged.output().contains("PROBLEM: journal lifecycle: " + LifecycleLedger.file(state) + " line 1 ") &&
            forged.output().contains("has no matching journal.cycle_archived event"), forged::toString);
        assertTrue(forged.output().contains("(journal.cycle_archived inbound 20200301F.cq4, sha256 " + sha + ") has no line in"),
            forged::toString);
        final Result replay = HorizonProcess.inProcess("replay", "--state", state.toString(), "--verify", "--archive",
            archive.toString());
        assertEquals(2, replay.exitCode(), replay::toString);
        assertTrue(replay.output().contains(LifecycleLedger.file(state) + " line 1 "), replay::toString);
    }
}
