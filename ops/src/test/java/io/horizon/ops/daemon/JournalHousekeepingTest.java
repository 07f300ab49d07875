package io.horizon.ops.daemon;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

import io.horizon.journal.audit.AuditCategory;
import io.horizon.journal.audit.AuditDraft;
import io.horizon.journal.audit.AuditSeverity;
import io.horizon.journal.audit.AuditStore;
import io.horizon.journal.flush.JournalPosition;
import io.horizon.journal.lifecycle.JournalDiskUse;
import io.horizon.journal.lifecycle.JournalLifecycle;
import io.horizon.journal.lifecycle.KeepReason;
import io.horizon.journal.lifecycle.LegalHoldRecords;
import io.horizon.journal.lifecycle.LifecycleAction;
import io.horizon.journal.lifecycle.RecoveryFloor;
import io.horizon.journal.retention.RetentionPolicy;
import io.horizon.journal.support.DailyJournal;
import io.horizon.ops.preset.AuditSettings;
import io.horizon.ops.preset.JournalLifecycleSettings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The daemon's journal housekeeping: its settings are checked before recovery, each cycle it takes
 * out is audited, a legal hold in the holds file keeps a cycle, and disk use is measured.
 * <p>
 * The journal spans three UTC days in 2020 (long past any retention), 10 events a day.
 */
final class JournalHousekeepingTest
{
    @TempDir
    Path state;

    @TempDir
    Path archive;

    private final List<AuditDraft> audited = new ArrayList<>();

    private JournalLifecycleSettings archiving(final Path holdsFile)
    {
        return new JournalLifecycleSettings(LifecycleAction.ARCHIVE, archive, RetentionPolicy.parse("30d"), 3_600, holdsFile);
    }

    private JournalHousekeeping start(final JournalLifecycleSettings settings, final RecoveryFloor floor, final JournalDiskUse disk)
    {
        // The audit log here is the list: an event is committed once it is in it.
        return JournalHousekeeping.start(state, settings, disk, floor, () -> new JournalPosition(30, 30),
            JournalHousekeeping.legalHolds(settings, state), audited::add,
            entry -> audited.stream().anyMatch(d -> d.payload().contains("\"sha256\":\"" + entry.sha256() + "\"")));
    }

    @Test
    void shouldAuditEveryCycleItArchivesAndMeasureTheJournalsDiskUse()
    {
        DailyJournal.write(state, LocalDate.of(2020, 3, 1), 3, 10);
        final JournalDiskUse disk = new JournalDiskUse(state);
        disk.sample();
        final long before = disk.usedBytes();
        final JournalHousekeeping housekeeping = start(archiving(null), () -> 20, disk);
        try
        {
            final JournalLifecycle.Outcome outcome = housekeeping.runLifecycle();

            assertNotNull(outcome);
            assertEquals(4, outcome.takenOut().size());
            assertEquals(4, audited.size());
            final AuditDraft first = audited.get(0);
            assertEquals(AuditCategory.JOURNAL_CYCLE_ARCHIVED, first.category());
            assertEquals(AuditSeverity.INFO, first.severity());
            assertEquals("system", first.actor());
            assertTrue(first.message().contains("inbound cycle 20200301F.cq4 (records 0 to 9) archived to " + archive),
                first.message());
            assertTrue(first.payload().contains("\"sha256\":\"" + outcome.takenOut().get(0).sha256() + "\"") &&
                first.payload().contains("\"bytes\":") && first.payload().contains("\"destination\":"), first.payload());
            assertTrue(disk.usedBytes() < before, disk.usedBytes() + " < " + before);
            assertTrue(disk.freeBytes() > 0 && disk.sizeBytes() >= disk.freeBytes());
        }
        finally
        {
            housekeeping.stop();
        }
    }

    @Test
    void shouldKeepEverythingWhileRecoveryNeedsTheWholeJournal()
    {
        DailyJournal.write(state, LocalDate.of(2020, 3, 1), 3, 10);
        final JournalHousekeeping housekeeping = start(archiving(null), RecoveryFloor.WHOLE_JOURNAL, new JournalDiskUse(state));
        try
        {
            final JournalLifecycle.Outcome outcome = housekeeping.runLifecycle();

            assertEquals(List.of(), outcome.takenOut());
            assertEquals(KeepReason.RECOVERY, outcome.keptBecause("inbound", "20200301F.cq4"));
            assertEquals(List.of(), audited);
        }
        finally
        {
            housekeeping.stop();
        }
    }

    @Test
    void shouldKeepACycleALegalHoldInTheHoldsFileKeeps() throws Exception
    {
        DailyJournal.write(state, LocalDate.of(2020, 3, 1), 3, 10);
        try (AuditStore store = AuditStore.forFlusher(state.resolve(AuditStore.FILE_NAME)))
        {
            store.append(List.of(AuditDraft.of(AuditCategory.ORDER_FILLED, AuditSeverity.INFO).timestampNanos(1).actor("client")
                .accountId("litigated").correlationId("journal:12").message("fill")));
        }
        final Path holds = Files.writeString(state.resolveSibling(state.getFileName() + "-holds.txt"), "account=litigated\n");
        final JournalHousekeeping housekeeping = start(archiving(holds), () -> 20, new JournalDiskUse(state));
        try
        {
            final JournalLifecycle.Outcome outcome = housekeeping.runLifecycle();

            assertEquals(1, outcome.takenOut().stream().filter(e -> e.queue().equals("inbound")).count());
            assertEquals(KeepReason.LEGAL_HOLD, outcome.keptBecause("inbound", "20200302F.cq4"));
            assertEquals(KeepReason.LEGAL_HOLD, outcome.keptBecause("outbound", "20200302F.cq4"));
        }
        finally
        {
            housekeeping.stop();
            Files.deleteIfExists(holds);
        }
    }

    @Test
    void shouldRefuseAnArchiveInsideTheStateOrABadHoldsFileBeforeStarting() throws Exception
    {
        final JournalLifecycleSettings inside = new JournalLifecycleSettings(LifecycleAction.ARCHIVE, state.resolve("archive"),
            RetentionPolicy.parse("30d"), 3_600, null);
        final IllegalArgumentException overlap = assertThrows(IllegalArgumentException.class,
            () -> JournalHousekeeping.check(inside, state, AuditSettings.NONE));
        assertTrue(overlap.getMessage().startsWith("[journal] archive_dir = " + state.resolve("archive") + " overlaps the state"),
            overlap.getMessage());

        final IllegalArgumentException missing = assertThrows(IllegalArgumentException.class,
            () -> JournalHousekeeping.check(archiving(archive.resolve("nope.txt")), state, AuditSettings.NONE));
        assertTrue(missing.getMessage().contains("no holds file at") && missing.getMessage().contains("[journal] legal_holds_file"),
            missing.getMessage());

        final Path bad = Files.writeString(archive.resolve("holds.txt"), "desk=7\n");
        final IllegalArgumentException unparsable = assertThrows(IllegalArgumentException.class,
            () -> JournalHousekeeping.check(archiving(bad), state, AuditSettings.NONE));
        assertTrue(unparsable.getMessage().contains("holds.txt:1"), unparsable.getMessage());
    }
}
