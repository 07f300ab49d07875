package io.horizon.journal.lifecycle;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import io.horizon.journal.JournalDirectory;
import io.horizon.journal.JournalException;
import io.horizon.journal.audit.AuditStore;
import io.horizon.journal.flush.JournalPosition;
import io.horizon.journal.retention.RetentionPolicy;
import io.horizon.journal.support.DailyJournal;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The free-space refusal of {@link ArchivedJournal#unpack}: the disk is asked through a
 * {@link FreeSpace} probe the test sizes, so no real disk has to fill. A copy that cannot fit is
 * refused before anything is written, naming the directory, the bytes needed and the bytes free;
 * a disk that fills part way leaves no partial copy; the state and the archive are never touched.
 * <p>
 * The journal: four UTC days of 10 events; the lifecycle archives days 1 and 2 of both queues.
 */
final class ArchivedJournalFreeSpaceTest
{
    private static final String DAY1 = "20261101F.cq4";
    private static final String DAY2 = "20261102F.cq4";

    @TempDir
    Path state;

    @TempDir
    Path archive;

    @TempDir
    Path unpacked;

    private AuditStore auditLog;
    private long needed;

    @BeforeEach
    void archiveTwoOfFourDays() throws IOException
    {
        DailyJournal.write(state, LocalDate.of(2026, 11, 1), 4, 10);
        auditLog = AuditStore.forFlusher(state.resolve(AuditStore.FILE_NAME));
        final JournalLifecycle.Outcome outcome = new JournalLifecycle(state,
            new LifecyclePolicy(LifecycleAction.ARCHIVE, archive, RetentionPolicy.parse("2d")),
            () -> 25, () -> new JournalPosition(40, 40), LegalHoldRecords.NONE,
            entry -> auditLog.append(List.of(CycleAuditEvent.draft(entry)))).runOnce(Instant.parse("2026-11-10T00:00:00Z"));
        assertEquals(4, outcome.takenOut().size(), outcome::toString);
        // What the copy takes: the archived cycles at their recorded length, and each queue's newest
        // cycle (copied; the older ones are hard links on this one file system).
        for (final LedgerEntry e : outcome.takenOut())
        {
            needed += e.bytes();
        }
        for (final String queue : List.of(JournalDirectory.INBOUND, JournalDirectory.OUTBOUND))
        {
            final Path folder = state.resolve(JournalDirectory.JOURNAL).resolve(queue);
            final List<CycleFile> present = CycleFile.list(folder);
            needed += Files.size(folder.resolve(present.get(present.size() - 1).name()));
        }
    }

    @AfterEach
    void closeAuditLog()
    {
        auditLog.close();
    }

    @Test
    void shouldRefuseBeforeWritingAnythingWhenTheWholeCopyDoesNotFit() throws IOException
    {
        final List<Long> filesSeenAtEachAsk = new ArrayList<>();
        final FreeSpace oneByteShort = directory ->
        {
            filesSeenAtEachAsk.add(filesIn(unpacked));
            return needed - 1;
        };

        final JournalException ex = assertThrows(JournalException.class,
            () -> ArchivedJournal.unpack(state, archive, unpacked, () -> LedgerWitnesses.ofState(state), oneByteShort));

        assertTrue(ex.getMessage().contains("unpacking the archived journal needs " + needed + " bytes and " + unpacked +
            " has " + (needed - 1) + " free") && ex.getMessage().contains("replay --unpack-to DIR"), ex.getMessage());
        assertEquals(List.of(0L), filesSeenAtEachAsk, "asked once, before anything was written");
        assertEquals(0, filesIn(unpacked), "nothing was written");
        assertUntouched();
    }

    @Test
    void shouldLeaveNoPartialCopyWhenTheDiskFillsWhileUnpacking() throws IOException
    {
        final int[] asks = {0};
        // Room for the whole copy when asked first, and for the first cycle; then someone else fills the disk.
        final FreeSpace filling = directory -> ++asks[0] <= 2 ? needed : 0;

        final JournalException ex = assertThrows(JournalException.class,
            () -> ArchivedJournal.unpack(state, archive, unpacked, () -> LedgerWitnesses.ofState(state), filling));

        assertTrue(ex.getMessage().contains("unpacking the archived cycle " + DAY2 + " needs") &&
            ex.getMessage().contains(" has 0 free"), ex.getMessage());
        assertEquals(3, asks[0]);
        assertEquals(0, filesIn(unpacked), "the cycle unpacked before the refusal was removed");
        assertTrue(Files.isDirectory(unpacked), "the directory the caller made stays");
        assertUntouched();
    }

    @Test
    void shouldUnpackWhenTheDiskHoldsExactlyTheCopy() throws IOException
    {
        final FreeSpace exact = directory -> needed;

        ArchivedJournal.unpack(state, archive, unpacked, () -> LedgerWitnesses.ofState(state), exact);

        assertTrue(Files.isRegularFile(unpacked.resolve("journal").resolve("inbound").resolve(DAY1)));
        assertTrue(Files.isRegularFile(unpacked.resolve("journal").resolve("outbound").resolve(DAY2)));
        assertUntouched();
    }

    private void assertUntouched()
    {
        assertTrue(Files.isRegularFile(CycleArchiver.destination(archive, "inbound", DAY1)));
        assertTrue(Files.isRegularFile(CycleArchiver.destination(archive, "outbound", DAY2)));
        assertFalse(Files.exists(state.resolve("journal").resolve("inbound").resolve(DAY1)));
        assertEquals(2, CycleFile.list(state.resolve("journal").resolve("inbound")).size());
        assertEquals(4, LifecycleLedger.lines(state).size());
    }

    private static long filesIn(final Path directory)
    {
        try (Stream<Path> all = Files.walk(directory))
        {
            return all.filter(Files::isRegularFile).count();
        }
        catch (final IOException ex)
        {
            throw new java.io.UncheckedIOException(ex);
        }
    }
}
