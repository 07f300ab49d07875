package io.horizon.ops.cli;

import java.nio.file.Files;
import java.nio.file.Path;

import io.horizon.journal.audit.AuditStore;
import io.horizon.ops.support.HorizonProcess;
import io.horizon.ops.support.HorizonProcess.Result;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code horizon replay --archive DIR}: after the journal lifecycle archived the first two of
 * four days, a plain replay says what to do, and with the archive it reads every record again.
 */
final class ReplayArchiveTest
{
    @TempDir
    Path dir;

    private Path state;
    private Path archive;

    @BeforeEach
    void archiveTheFirstTwoDays() throws Exception
    {
        state = dir.resolve("state");
        archive = dir.resolve("archive");
        Files.createDirectories(state);
        try (AuditStore audit = AuditStore.forFlusher(state.resolve(AuditStore.FILE_NAME)))
        {
            ArchivedTwoDays.write(state, archive, audit);
        }
    }

    private static long jsonLines(final String output)
    {
        return output.lines().filter(l -> l.startsWith("{")).count();
    }

    @Test
    void shouldSayToUseTheArchiveWhenTheJournalStartsAfterArchivedCycles()
    {
        final Result plain = HorizonProcess.inProcess("replay", "--state", state.toString(), "--inputs-only", "--json");

        assertEquals(2, plain.exitCode(), plain::toString);
        assertTrue(plain.output().contains("starts at record 20") && plain.output().contains("--archive DIR"), plain::toString);
    }

    @Test
    void shouldReadTheArchivedCyclesAndTheLiveOnesWithArchive() throws Exception
    {
        final Result whole = HorizonProcess.inProcess("replay", "--state", state.toString(), "--archive", archive.toString(),
            "--inputs-only", "--json");

        assertEquals(0, whole.exitCode(), whole::toString);
        assertEquals(40, jsonLines(whole.output()), whole::toString);
        assertTrue(whole.output().contains("unpacked in"), whole::toString);
        try (var left = Files.list(dir))
        {
            assertEquals(2, left.count(), "the temporary copy is removed; state and archive stay");
        }
        assertTrue(Files.isRegularFile(archive.resolve("inbound").resolve("20200301F.cq4.gz")));
        assertFalse(Files.exists(state.resolve("journal").resolve("inbound").resolve("20200301F.cq4")));
    }

    @Test
    void shouldKeepTheUnpackedCopyWhereAskedAndRefuseFollowWithArchive() throws Exception
    {
        final Path kept = dir.resolve("kept");
        final Result unpacked = HorizonProcess.inProcess("replay", "--state", state.toString(), "--archive", archive.toString(),
            "--unpack-to", kept.toString(), "--inputs-only", "--json", "--limit", "3");
        assertEquals(0, unpacked.exitCode(), unpacked::toString);
        assertTrue(Files.isRegularFile(kept.resolve("journal").resolve("inbound").resolve("20200301F.cq4")));

        final Result follow = HorizonProcess.inProcess("replay", "--state", state.toString(), "--archive", archive.toString(), "--follow");
        assertEquals(2, follow.exitCode(), follow::toString);
        assertTrue(follow.output().contains("--follow tails the live journal and --archive reads a copy of it"), follow::toString);
    }

    @Test
    void shouldRefuseALedgerLineTheAuditLogDoesNotVouchFor() throws Exception
    {
        // Someone removes day 3 and adds a ledger line passing it off as deleted by the lifecycle.
        Files.delete(state.resolve("journal").resolve("inbound").resolve("20200303F.cq4"));
        io.horizon.journal.JournalDirectory.openForWriting(state.resolve("journal").resolve("inbound")).close();
        Files.writeString(state.resolve("journal").resolve("lifecycle.jsonl"), "{\"queue\":\"inbound\",\"file\":\"20200303F.cq4\"," +
            "\"cycle\":" + io.horizon.journal.lifecycle.CycleFile.parse("20200303F.cq4").cycle() + ",\"first_record\":20," +
            "\"records\":10,\"bytes\":1,\"sha256\":\"" + "cd".repeat(32) + "\",\"action\":\"delete\",\"next_file\":" +
            "\"20200304F.cq4\",\"time\":\"2020-03-09T00:00:00Z\"}\n", java.nio.file.StandardOpenOption.APPEND);

        final Result forged = HorizonProcess.inProcess("replay", "--state", state.toString(), "--archive", archive.toString(),
            "--inputs-only", "--json");

        assertEquals(2, forged.exitCode(), forged::toString);
        assertTrue(forged.output().contains("lifecycle.jsonl line 5") && forged.output().contains("20200303F.cq4") &&
            forged.output().contains("has no matching journal.cycle_deleted event in the audit log"), forged::toString);
        assertFalse(forged.output().contains("\tat "), forged::toString);
    }
}
