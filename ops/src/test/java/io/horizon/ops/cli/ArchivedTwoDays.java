package io.horizon.ops.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

import io.horizon.journal.JournalManifest;
import io.horizon.journal.audit.AuditStore;
import io.horizon.journal.flush.JournalPosition;
import io.horizon.journal.lifecycle.CycleAuditEvent;
import io.horizon.journal.lifecycle.JournalLifecycle;
import io.horizon.journal.lifecycle.LegalHoldRecords;
import io.horizon.journal.lifecycle.LifecycleAction;
import io.horizon.journal.lifecycle.LifecyclePolicy;
import io.horizon.journal.retention.RetentionPolicy;
import io.horizon.journal.support.DailyJournal;
import io.horizon.ops.preset.EmbeddedPresets;
import io.horizon.ops.preset.PresetRecord;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The state the {@code replay --archive} tests start from: four UTC days of 10 events (from
 * 2020-03-01) written with the paper preset, and the journal lifecycle's archiving of the first
 * two days of both queues, each cycle's audit event committed to the given audit log before its
 * file goes, as the daemon does.
 */
final class ArchivedTwoDays
{
    private ArchivedTwoDays()
    {
    }

    /**
     * @param state   a new state directory.
     * @param archive the archive directory to fill.
     * @param audit   the audit log that vouches for the ledger (the state's audit.db, or PostgreSQL).
     * @throws IOException when a file cannot be written.
     */
    static void write(final Path state, final Path archive, final AuditStore audit) throws IOException
    {
        DailyJournal.write(state, LocalDate.of(2020, 3, 1), 4, 10);
        Files.writeString(state.resolve("journal").resolve(JournalManifest.FILE_NAME), "layout_version=" +
            io.horizon.engine.journal.JournalCodec.LAYOUT_VERSION + "\nschema_version=" +
            io.horizon.engine.journal.JournalCodec.SCHEMA_VERSION + "\nseed=42\norder_capacity=16384\n");
        JournalManifest.read(state);
        PresetRecord.record(state, EmbeddedPresets.paper());
        final JournalLifecycle.Outcome outcome = new JournalLifecycle(state,
            new LifecyclePolicy(LifecycleAction.ARCHIVE, archive, RetentionPolicy.parse("30d")),
            () -> 25, () -> new JournalPosition(40, 40), LegalHoldRecords.NONE,
            e -> audit.append(List.of(CycleAuditEvent.draft(e)))).runOnce(Instant.now());
        assertEquals(4, outcome.takenOut().size(), outcome::toString);
    }
}
