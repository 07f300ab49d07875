package io.horizon.journal.lifecycle;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

import io.horizon.engine.event.InboundEvent;
import io.horizon.engine.output.EngineOutput;
import io.horizon.journal.JournalDirectory;
import io.horizon.journal.JournalException;
import io.horizon.journal.JournalReader;
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
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The journal lifecycle takes a cycle out only when every condition holds, keeps it when any one
 * fails, never loses a cycle when a run is cut short, and leaves a journal that readers resume
 * and replay reads back whole from the archive.
 * <p>
 * The journal: four UTC days, 10 events and 10 outputs a day (records 0-9, 10-19, 20-29, 30-39).
 */
final class JournalLifecycleTest
{
    private static final LocalDate DAY_ONE = LocalDate.of(2026, 11, 1);
    private static final Instant NOW = Instant.parse("2026-11-10T00:00:00Z");
    private static final String DAY1 = "20261101F.cq4";
    private static final String DAY2 = "20261102F.cq4";
    private static final String DAY3 = "20261103F.cq4";
    private static final String DAY4 = "20261104F.cq4";

    @TempDir
    Path state;

    @TempDir
    Path archive;

    private final List<LedgerEntry> audited = new ArrayList<>();
    private AuditStore auditLog;

    @BeforeEach
    void writeFourDays()
    {
        DailyJournal.write(state, DAY_ONE, 4, 10);
        auditLog = AuditStore.forFlusher(state.resolve(AuditStore.FILE_NAME));
    }

    @AfterEach
    void closeAuditLog()
    {
        auditLog.close();
    }

    /**
     * As the daemon does: each cycle's audit event is committed before its file goes.
     */
    private void audit(final LedgerEntry entry)
    {
        audited.add(entry);
        auditLog.append(List.of(CycleAuditEvent.draft(entry)));
    }

    private LifecyclePolicy archiving(final String retention)
    {
        return new LifecyclePolicy(LifecycleAction.ARCHIVE, archive, RetentionPolicy.parse(retention));
    }

    private JournalLifecycle lifecycle(
        final LifecyclePolicy policy, final long floor, final JournalPosition flushed, final LegalHoldRecords holds)
    {
        return lifecycle(policy, floor, flushed, holds, CycleArchiver.Steps.NONE);
    }

    private JournalLifecycle lifecycle(
        final LifecyclePolicy policy, final long floor, final JournalPosition flushed, final LegalHoldRecords holds,
        final CycleArchiver.Steps steps)
    {
        return new JournalLifecycle(state, policy, () -> floor, () -> flushed, holds, this::audit, steps);
    }

    private JournalLifecycle.Outcome runWithEveryConditionMet()
    {
        // A snapshot at record 25 (in day 3): days 1 and 2 lie wholly before it.
        return lifecycle(archiving("2d"), 25, new JournalPosition(40, 40), LegalHoldRecords.NONE).runOnce(NOW);
    }

    private List<String> files(final String queue) throws IOException
    {
        try (var s = Files.list(state.resolve("journal").resolve(queue)))
        {
            return s.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".cq4")).sorted().toList();
        }
    }

    private static List<Long> readInbound(final Path stateDirectory, final long from)
    {
        final List<Long> sequences = new ArrayList<>();
        try (JournalReader reader = JournalReader.inbound(stateDirectory))
        {
            if (from >= 0)
            {
                reader.seek(from);
            }
            final InboundEvent e = new InboundEvent();
            while (reader.nextInbound(e))
            {
                sequences.add(e.timestampNanos - 1_000);
            }
        }
        return sequences;
    }

    private static long countOutputs(final Path stateDirectory, final long from)
    {
        long n = 0;
        try (JournalReader reader = JournalReader.outbound(stateDirectory))
        {
            if (from >= 0)
            {
                reader.seek(from);
            }
            final EngineOutput o = new EngineOutput();
            while (reader.nextOutput(o))
            {
                assertEquals(from + n, o.causeSequence, "output " + (from + n));
                n++;
            }
        }
        return n;
    }

    private static List<Long> range(final long from, final long to)
    {
        final List<Long> list = new ArrayList<>();
        for (long i = from; i < to; i++)
        {
            list.add(i);
        }
        return list;
    }

    @Test
    void shouldArchiveCyclesOnlyWhenEveryConditionHolds() throws IOException
    {
        final JournalLifecycle.Outcome outcome = runWithEveryConditionMet();

        assertEquals(4, outcome.takenOut().size(), outcome.toString());
        assertEquals(List.of(DAY3, DAY4), files("inbound"));
        assertEquals(List.of(DAY3, DAY4), files("outbound"));
        assertEquals(KeepReason.RECOVERY, outcome.keptBecause("inbound", DAY3));
        assertEquals(KeepReason.AFTER_KEPT, outcome.keptBecause("inbound", DAY4));
        assertNull(outcome.keptBecause("outbound", DAY1));
        for (final String day : List.of(DAY1, DAY2))
        {
            assertTrue(Files.isRegularFile(archive.resolve("inbound").resolve(day + ".gz")), day);
            assertTrue(Files.isRegularFile(archive.resolve("outbound").resolve(day + ".gz")), day);
        }
        final List<LedgerEntry> ledger = LifecycleLedger.read(state, "inbound");
        assertEquals(List.of(DAY1, DAY2), ledger.stream().map(LedgerEntry::file).toList());
        assertEquals(0, ledger.get(0).firstRecord());
        assertEquals(10, ledger.get(1).firstRecord());
        assertEquals(10, ledger.get(1).records());
        assertEquals(64, ledger.get(0).sha256().length());
        assertEquals(DAY2, ledger.get(0).nextFile());
        assertEquals("archive", ledger.get(0).action());
        assertEquals(outcome.takenOut(), audited);
    }

    @Test
    void shouldLetReadersResumeAfterTheArchivedCyclesAndRefuseToReadFromTheStart()
    {
        runWithEveryConditionMet();

        // Recovery from the snapshot at record 25 (the test's RecoveryFloor) reads the tail only.
        assertEquals(range(25, 40), readInbound(state, 25));
        assertEquals(range(20, 40), readInbound(state, 20));
        assertEquals(20, countOutputs(state, 20));
        try (JournalReader reader = JournalReader.inbound(state))
        {
            assertEquals(20, reader.firstRecord());
            assertEquals(40, reader.entryCount());
            final JournalException archived = assertThrows(JournalException.class, () -> reader.seek(5));
            assertTrue(archived.getMessage().contains("record 5 was in a cycle the journal lifecycle archived"), archived.getMessage());
        }
        final JournalException fromStart = assertThrows(JournalException.class, () -> readInbound(state, -1));
        assertTrue(fromStart.getMessage().contains("starts at record 20") && fromStart.getMessage().contains("--archive"),
            fromStart.getMessage());
    }

    @Test
    void shouldKeepEveryCycleWhenNoSnapshotCoversIt() throws IOException
    {
        final JournalLifecycle.Outcome outcome = lifecycle(archiving("2d"), RecoveryFloor.WHOLE_JOURNAL.lowestInboundRecordNeeded(),
            new JournalPosition(40, 40), LegalHoldRecords.NONE).runOnce(NOW);

        assertEquals(List.of(), outcome.takenOut());
        assertEquals(KeepReason.RECOVERY, outcome.keptBecause("inbound", DAY1));
        assertEquals(KeepReason.RECOVERY, outcome.keptBecause("outbound", DAY1));
        assertEquals(List.of(DAY1, DAY2, DAY3, DAY4), files("inbound"));
    }

    @Test
    void shouldKeepACycleTheAuditLogHasNotFlushed() throws IOException
    {
        final JournalLifecycle.Outcome outcome = lifecycle(archiving("2d"), 30, new JournalPosition(15, 40),
            LegalHoldRecords.NONE).runOnce(NOW);

        assertEquals(List.of(DAY2, DAY3, DAY4), files("inbound"));
        assertEquals(List.of(DAY2, DAY3, DAY4), files("outbound"));
        assertEquals(KeepReason.NOT_FLUSHED, outcome.keptBecause("inbound", DAY2));
        assertEquals(KeepReason.NOT_FLUSHED, outcome.keptBecause("outbound", DAY2));
    }

    @Test
    void shouldKeepACycleTheDeadLetterQueueHasNotFlushed() throws IOException
    {
        final JournalLifecycle.Outcome outcome = lifecycle(archiving("2d"), 30, new JournalPosition(40, 3),
            LegalHoldRecords.NONE).runOnce(NOW);

        assertEquals(List.of(), outcome.takenOut());
        assertEquals(KeepReason.NOT_FLUSHED, outcome.keptBecause("outbound", DAY1));
        assertEquals(List.of(DAY1, DAY2, DAY3, DAY4), files("outbound"));
    }

    @Test
    void shouldKeepACycleWithinItsRetentionPeriod() throws IOException
    {
        // 2026-11-10 less 8 days: day 1 (ends 11-02) has passed, day 2 (ends 11-03) has not.
        final JournalLifecycle.Outcome outcome = lifecycle(archiving("8d"), 30, new JournalPosition(40, 40),
            LegalHoldRecords.NONE).runOnce(NOW);

        assertEquals(List.of(DAY2, DAY3, DAY4), files("inbound"));
        assertEquals(KeepReason.RETENTION, outcome.keptBecause("inbound", DAY2));
        assertEquals(KeepReason.RETENTION, outcome.keptBecause("outbound", DAY2));
    }

    @Test
    void shouldKeepACycleUnderLegalHoldAndEveryCycleAfterIt() throws IOException
    {
        final JournalLifecycle.Outcome outcome = lifecycle(archiving("2d"), 30, new JournalPosition(40, 40),
            () -> new long[]{4}).runOnce(NOW);

        assertEquals(List.of(), outcome.takenOut());
        assertEquals(KeepReason.LEGAL_HOLD, outcome.keptBecause("inbound", DAY1));
        assertEquals(KeepReason.LEGAL_HOLD, outcome.keptBecause("outbound", DAY1));
        assertEquals(KeepReason.AFTER_KEPT, outcome.keptBecause("inbound", DAY2));
        assertEquals(List.of(DAY1, DAY2, DAY3, DAY4), files("inbound"));
        assertFalse(Files.exists(archive.resolve("inbound")));
    }

    @Test
    void shouldNeverTakeOutTheNewestCycle() throws IOException
    {
        final JournalLifecycle.Outcome outcome = lifecycle(archiving("1d"), 40, new JournalPosition(40, 40),
            LegalHoldRecords.NONE).runOnce(NOW);

        assertEquals(6, outcome.takenOut().size());
        assertEquals(KeepReason.NEWEST, outcome.keptBecause("inbound", DAY4));
        assertEquals(List.of(DAY4), files("inbound"));
        assertEquals(List.of(DAY4), files("outbound"));
        assertEquals(range(30, 40), readInbound(state, 30));
    }

    @Test
    void shouldDoNothingUnlessAnActionIsConfigured() throws IOException
    {
        final JournalLifecycle.Outcome outcome = lifecycle(new LifecyclePolicy(LifecycleAction.NONE, null, null), 40,
            new JournalPosition(40, 40), LegalHoldRecords.NONE).runOnce(NOW);

        assertEquals(List.of(), outcome.decisions());
        assertEquals(List.of(DAY1, DAY2, DAY3, DAY4), files("inbound"));
    }

    @Test
    void shouldDeleteWhenConfiguredAndRefuseToReplayTheDeletedCycles(@TempDir final Path unpacked) throws IOException
    {
        final JournalLifecycle.Outcome outcome = lifecycle(new LifecyclePolicy(LifecycleAction.DELETE, null,
            RetentionPolicy.parse("2d")), 25, new JournalPosition(40, 40), LegalHoldRecords.NONE).runOnce(NOW);

        assertEquals(4, outcome.takenOut().size());
        assertEquals(List.of(DAY3, DAY4), files("inbound"));
        assertEquals("delete", LifecycleLedger.read(state, "inbound").get(0).action());
        assertNull(LifecycleLedger.read(state, "inbound").get(0).destination());
        assertEquals(range(20, 40), readInbound(state, 20));
        final JournalException ex = assertThrows(JournalException.class, () -> ArchivedJournal.unpack(state, archive, unpacked));
        assertTrue(ex.getMessage().contains("was deleted by the journal lifecycle"), ex.getMessage());
    }

    @Test
    void shouldReadTheWholeJournalBackFromTheArchive(@TempDir final Path unpacked)
    {
        runWithEveryConditionMet();

        final Path whole = ArchivedJournal.unpack(state, archive, unpacked);

        assertEquals(range(0, 40), readInbound(whole, -1));
        assertEquals(40, countOutputs(whole, 0));
        assertEquals(range(20, 40), readInbound(state, 20));
    }

    @Test
    void shouldRefuseAnArchivedCycleThatDoesNotMatchItsChecksum(@TempDir final Path unpacked) throws IOException
    {
        runWithEveryConditionMet();
        final Path copy = archive.resolve("inbound").resolve(DAY1 + ".gz");
        Files.copy(archive.resolve("inbound").resolve(DAY2 + ".gz"), copy, java.nio.file.StandardCopyOption.REPLACE_EXISTING);

        final JournalException ex = assertThrows(JournalException.class, () -> ArchivedJournal.unpack(state, archive, unpacked));
        assertTrue(ex.getMessage().contains(DAY1) && ex.getMessage().contains("is not the cycle"), ex.getMessage());
    }

    @Test
    void shouldStillRefuseACycleRemovedBySomeoneElse() throws IOException
    {
        runWithEveryConditionMet();
        Files.delete(JournalDirectory.inbound(state).resolve(DAY3));

        final JournalException ex = assertThrows(JournalException.class, () -> readInbound(state, 30));
        assertTrue(ex.getMessage().contains("missing cycle file " + DAY3) && ex.getMessage().contains("did not archive"),
            ex.getMessage());
    }

    @Test
    void shouldLoseNothingWhenARunIsCutShortAtAnyStep(@TempDir final Path unpacked) throws IOException
    {
        for (final CycleArchiver.Step step : CycleArchiver.Step.values())
        {
            final RuntimeException crash = assertThrows(RuntimeException.class, () ->
                lifecycle(archiving("2d"), 25, new JournalPosition(40, 40), LegalHoldRecords.NONE, s ->
                {
                    if (s == step)
                    {
                        throw new IllegalStateException("crash at " + s);
                    }
                }).runOnce(NOW));
            assertEquals("crash at " + step, crash.getMessage());
            // The cycle being taken out is still in the journal; what is there reads as before.
            assertTrue(files("inbound").contains(DAY1), step + ": " + files("inbound"));
            assertEquals(range(30, 40), readInbound(state, 30), step.toString());
            if (step != CycleArchiver.Step.LEDGERED)
            {
                assertEquals(range(0, 40), readInbound(state, -1), step.toString());
            }
        }

        final JournalLifecycle.Outcome finished = runWithEveryConditionMet();

        assertEquals(List.of(DAY3, DAY4), files("inbound"));
        assertEquals(List.of(DAY3, DAY4), files("outbound"));
        assertEquals(2, LifecycleLedger.read(state, "inbound").size(), "one ledger line per cycle, however often interrupted");
        assertEquals(4, finished.takenOut().size());
        try (var s = Files.list(archive.resolve("inbound")))
        {
            assertEquals(List.of(DAY1 + ".gz", DAY2 + ".gz"), s.map(p -> p.getFileName().toString()).sorted().toList());
        }
        assertEquals(range(0, 40), readInbound(ArchivedJournal.unpack(state, archive, unpacked), -1));
    }

    @Test
    void shouldKeepACycleUntilTheAuditLogHasCommittedItsEventAndFinishItAtTheNextRun(@TempDir final Path unpacked)
        throws IOException
    {
        final JournalException refused = assertThrows(JournalException.class, () ->
            new JournalLifecycle(state, archiving("2d"), () -> 25, () -> new JournalPosition(40, 40), LegalHoldRecords.NONE,
                e ->
                {
                    throw new JournalException("the audit log did not commit it");
                }).runOnce(NOW));
        assertEquals("the audit log did not commit it", refused.getMessage());
        assertEquals(List.of(DAY1, DAY2, DAY3, DAY4), files("inbound"), "no file goes before its event is committed");
        assertEquals(1, LifecycleLedger.read(state, "inbound").size());
        assertEquals(List.of(), LedgerWitnesses.read(auditLog).problems(state), "a line whose cycle is still there hides nothing");

        final JournalLifecycle.Outcome finished = runWithEveryConditionMet();

        assertEquals(4, finished.takenOut().size());
        assertEquals(List.of(DAY3, DAY4), files("inbound"));
        assertEquals(List.of(), LedgerWitnesses.ofState(state).problems(state));
        assertEquals(range(0, 40), readInbound(ArchivedJournal.unpack(state, archive, unpacked), -1));
    }

    @Test
    void shouldRefuseALedgerLineTheAuditLogDoesNotVouchFor(@TempDir final Path unpacked) throws IOException
    {
        runWithEveryConditionMet();
        // Someone removes day 3 and passes it off as deleted by the lifecycle with a ledger line.
        final Path day3 = JournalDirectory.inbound(state).resolve(DAY3);
        Files.delete(day3);
        JournalDirectory.openForWriting(JournalDirectory.inbound(state)).close();
        Files.writeString(LifecycleLedger.file(state), "{\"queue\":\"inbound\",\"file\":\"" + DAY3 + "\",\"cycle\":" +
            CycleFile.parse(DAY3).cycle() + ",\"first_record\":20,\"records\":10,\"bytes\":1,\"sha256\":\"" + "ab".repeat(32) +
            "\",\"action\":\"delete\",\"next_file\":\"" + DAY4 + "\",\"time\":\"2026-11-09T00:00:00Z\"}\n",
            java.nio.file.StandardOpenOption.APPEND);

        // The ledger alone accounts for it: a plain reader starts at record 30 as if the lifecycle had deleted it.
        assertEquals(range(30, 40), readInbound(state, 30));
        final JournalException ex = assertThrows(JournalException.class, () -> ArchivedJournal.unpack(state, archive, unpacked));
        assertTrue(ex.getMessage().contains(LifecycleLedger.file(state) + " line 5") &&
            ex.getMessage().contains("has no matching journal.cycle_deleted event in the audit log") &&
            ex.getMessage().contains(DAY3), ex.getMessage());
        final List<String> problems = LedgerWitnesses.ofState(state).problems(state);
        assertEquals(1, problems.size(), problems::toString);
        assertTrue(problems.get(0).contains("line 5"), problems.get(0));
    }

    @Test
    void shouldLetAReaderThatStaysOpenCountAndReadOnAfterTheCyclesBehindItWereArchived()
    {
        try (JournalReader reader = JournalReader.inbound(state))
        {
            final InboundEvent e = new InboundEvent();
            for (int i = 0; i < 25; i++)
            {
                assertTrue(reader.nextInbound(e));
            }
            assertEquals(40, reader.entryCount());

            assertEquals(4, runWithEveryConditionMet().takenOut().size());

            // As the audit flusher does while the daemon runs: count (for its lag), then read on.
            assertEquals(40, reader.entryCount());
            assertEquals(20, reader.firstRecord());
            long read = 25;
            while (reader.nextInbound(e))
            {
                assertEquals(read++, e.timestampNanos - 1_000);
            }
            assertEquals(40, read);
        }
    }

    @Test
    void shouldRefuseToOverwriteADifferentFileInTheArchive() throws IOException
    {
        Files.createDirectories(archive.resolve("inbound"));
        Files.write(archive.resolve("inbound").resolve(DAY1 + ".gz"), new byte[]{1, 2, 3});

        final JournalException ex = assertThrows(JournalException.class, this::runWithEveryConditionMet);

        assertTrue(ex.getMessage().contains("move it aside") || ex.getMessage().contains("cannot take"), ex.getMessage());
        assertEquals(List.of(DAY1, DAY2, DAY3, DAY4), files("inbound"));
    }

    @Test
    void shouldBackUpAJournalWhoseFirstCyclesWereArchived(@TempDir final Path copy) throws IOException
    {
        runWithEveryConditionMet();
        Files.writeString(state.resolve("journal").resolve("manifest.properties"), "layout_version=" +
            io.horizon.engine.journal.JournalCodec.LAYOUT_VERSION + "\nseed=42\norder_capacity=1024\n");

        final io.horizon.journal.JournalCopy.Position position = io.horizon.journal.JournalCopy.copy(state, copy.resolve("state"));

        assertEquals(40, position.inboundEvents(), "counted from record 0, archived records included");
        assertEquals(40, position.outputs());
        assertEquals(LifecycleLedger.read(state, "inbound"), LifecycleLedger.read(copy.resolve("state"), "inbound"));
        assertEquals(range(20, 40), readInbound(copy.resolve("state"), 20));
    }

    @Test
    void shouldArchiveBesideALiveWriterThatKeepsAppendingAndAReaderThatResumes()
    {
        final InboundEvent event = new InboundEvent();
        try (io.horizon.journal.ChronicleJournal writer = io.horizon.journal.ChronicleJournal.open(state,
            io.horizon.journal.SyncPolicy.NONE, 0))
        {
            assertEquals(40, writer.eventCount());
            // Today's cycle (the wall clock's), after the four written days.
            for (long sequence = 40; sequence < 45; sequence++)
            {
                event.setHeartbeat(1_000 + sequence);
                assertTrue(writer.append(event, sequence, true));
            }
            final JournalLifecycle.Outcome outcome = lifecycle(archiving("2d"), 42, new JournalPosition(45, 40),
                LegalHoldRecords.NONE).runOnce(Instant.now());
            assertEquals(4, outcome.takenOut().stream().filter(e -> e.queue().equals("inbound")).count(), outcome.toString());
            for (long sequence = 45; sequence < 50; sequence++)
            {
                event.setHeartbeat(1_000 + sequence);
                assertTrue(writer.append(event, sequence, true));
            }
            writer.onShutdown();
        }

        // A restart: the journal opens at its end, and recovery from the snapshot at 42 reads the tail.
        try (io.horizon.journal.ChronicleJournal reopened = io.horizon.journal.ChronicleJournal.open(state,
            io.horizon.journal.SyncPolicy.NONE, 0))
        {
            assertEquals(50, reopened.eventCount());
        }
        assertEquals(range(42, 50), readInbound(state, 42));
        try (io.horizon.journal.ChronicleOutputJournal outputs = io.horizon.journal.ChronicleOutputJournal.open(state))
        {
            assertEquals(40, outputs.outputCount(), "outputs count from record 0, archived ones included");
        }
    }
}
