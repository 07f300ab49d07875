package io.horizon.ops.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

import io.horizon.journal.JournalReader;
import io.horizon.journal.audit.AuditStore;
import io.horizon.journal.flush.JournalPosition;
import io.horizon.journal.lifecycle.CycleAuditEvent;
import io.horizon.journal.lifecycle.JournalLifecycle;
import io.horizon.journal.lifecycle.LegalHoldRecords;
import io.horizon.journal.lifecycle.LifecycleAction;
import io.horizon.journal.lifecycle.LifecycleLedger;
import io.horizon.journal.lifecycle.LifecyclePolicy;
import io.horizon.journal.retention.RetentionPolicy;
import io.horizon.journal.support.PastDays;
import io.horizon.ops.support.HorizonProcess;
import io.horizon.ops.support.HorizonProcess.Result;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A journal whose first cycle the journal lifecycle archived, after someone deleted
 * {@code STATE/journal/lifecycle.jsonl} (the ledger that accounts for it): without the ledger the
 * journal's first remaining record reads as record 0, so nothing may pass it off as a journal that
 * starts at the first event. {@code replay --verify} and {@code audit verify --journal} refuse it,
 * naming the event it really starts at and the missing ledger; {@code audit verify} (no
 * {@code --journal}) names each {@code journal.cycle_archived} audit event the ledger no longer has.
 * <p>
 * The journal is a real paper run's, laid over two past days ({@link PastDays}) so that the
 * lifecycle can archive the first.
 */
final class LostLedgerVerifyTest
{
    private static final String DAY1 = "20200301F.cq4";

    @TempDir
    Path dir;

    private Path state;
    private long archivedEvents;

    @BeforeEach
    void runThenArchiveTheFirstDay() throws Exception
    {
        final Path today = dir.resolve("today");
        final Result run = HorizonProcess.inProcess("run", "--state", today.toString(), "--duration", "2s", "--feed-rate", "2000");
        assertEquals(0, run.exitCode(), run::toString);
        final long events;
        try (JournalReader reader = JournalReader.inbound(today))
        {
            events = reader.entryCount();
        }
        state = dir.resolve("state");
        PastDays.relay(today, state, LocalDate.of(2020, 3, 1), events / 2);
        try (AuditStore audit = AuditStore.forFlusher(state.resolve(AuditStore.FILE_NAME)))
        {
            // As the daemon does: each cycle's audit event is committed before its file goes.
            final JournalLifecycle.Outcome outcome = new JournalLifecycle(state,
                new LifecyclePolicy(LifecycleAction.ARCHIVE, dir.resolve("archive"), RetentionPolicy.parse("1d")),
                () -> events, () -> new JournalPosition(events, Long.MAX_VALUE), LegalHoldRecords.NONE,
                e -> audit.append(List.of(CycleAuditEvent.draft(e)))).runOnce(Instant.now());
            assertEquals(2, outcome.takenOut().size(), outcome::toString);
        }
        archivedEvents = LifecycleLedger.read(state, "inbound").get(0).records();
        assertTrue(archivedEvents > 0);
        final Result sound = HorizonProcess.inProcess("audit", "verify", "--state", state.toString());
        assertEquals(0, sound.exitCode(), "with its ledger the archived journal verifies: " + sound);
        Files.delete(LifecycleLedger.file(state));
    }

    @Test
    void shouldRefuseToReplayAJournalWhoseArchivedStartTheDeletedLedgerNoLongerAccountsFor()
    {
        final Result verify = HorizonProcess.inProcess("replay", "--state", state.toString(), "--verify");

        assertEquals(2, verify.exitCode(), verify::toString);
        assertTrue(verify.output().contains("the journal's first record is event " + archivedEvents + ", not event 0") &&
            verify.output().contains("Restore " + LifecycleLedger.FILE_NAME), verify::toString);
        assertFalse(verify.output().contains("verified"), verify::toString);
        assertFalse(verify.output().contains("\tat "), verify::toString);
    }

    @Test
    void shouldNameEveryArchivedCycleTheDeletedLedgerLostInAuditVerify()
    {
        final Result audit = HorizonProcess.inProcess("audit", "verify", "--state", state.toString());

        assertEquals(1, audit.exitCode(), audit::toString);
        assertTrue(audit.output().contains("(journal.cycle_archived inbound " + DAY1) &&
            audit.output().contains("has no line in " + LifecycleLedger.file(state) + " (the file is missing)"), audit::toString);
        assertTrue(audit.output().contains("(journal.cycle_archived outbound " + DAY1), audit::toString);
        assertTrue(audit.output().contains("FAILED: 2 problem(s)"), audit::toString);

        final Result withJournal = HorizonProcess.inProcess("audit", "verify", "--state", state.toString(), "--journal");
        assertTrue(withJournal.exitCode() != 0, withJournal::toString);
        assertTrue(withJournal.output().contains("the journal's first record is event " + archivedEvents), withJournal::toString);
        assertFalse(withJournal.output().contains("\tat "), withJournal::toString);
    }
}
