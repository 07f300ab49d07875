package io.horizon.journal.lifecycle;

import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

import io.horizon.engine.event.FixedPoint;
import io.horizon.engine.pipeline.EnginePipeline;
import io.horizon.engine.reference.ReferenceData;
import io.horizon.engine.support.SnapshotRun;
import io.horizon.engine.support.TestMarkets;
import io.horizon.journal.flush.JournalPosition;
import io.horizon.journal.retention.RetentionPolicy;
import io.horizon.journal.snapshot.SnapshotStore;
import io.horizon.journal.support.DailyJournal;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The daemon's recovery floor counts only the snapshots recovery would restore under the running
 * preset: one taken with another configuration fingerprint, or one whose instruments and accounts
 * are not the preset's, is passed over by recovery, so the journal before it must stay; and the
 * lifecycle keeps every cycle when the floor lies past the journal's end.
 */
final class SnapshotFloorTest
{
    private static final LocalDate DAY_ONE = LocalDate.of(2026, 11, 1);
    private static final Instant NOW = Instant.parse("2026-12-01T00:00:00Z");
    private static List<SnapshotRun.Taken> taken;

    @TempDir
    Path state;

    @TempDir
    Path archive;

    private final List<String> reports = new ArrayList<>();

    @BeforeAll
    static void run()
    {
        taken = SnapshotRun.run(3_000, 700);
        assertTrue(taken.size() >= 3, "snapshots: " + taken.size());
    }

    private SnapshotStore storeWithAll() throws Exception
    {
        final SnapshotStore store = SnapshotStore.of(state, 10);
        for (final SnapshotRun.Taken t : taken)
        {
            store.write(t.facts(), t.image());
        }
        return store;
    }

    private static Supplier<EnginePipeline> trial(final ReferenceData ref)
    {
        return () -> SnapshotRun.engine(ref).sideEffects(false).build();
    }

    private static ReferenceData otherInstruments()
    {
        return ReferenceData.builder()
            .instrument("AAPL", FixedPoint.fromDouble(0.01), FixedPoint.ofUnits(190))
            .instrument("TSLA", FixedPoint.fromDouble(0.01), FixedPoint.ofUnits(250))
            .account("alice", FixedPoint.ofUnits(1_000_000))
            .account("bob", FixedPoint.ofUnits(1_000_000))
            .build();
    }

    private static long oldest()
    {
        return taken.get(0).facts().journalIndex();
    }

    private JournalLifecycle.Outcome runLifecycle(final RecoveryFloor floor)
    {
        return new JournalLifecycle(state, new LifecyclePolicy(LifecycleAction.ARCHIVE, archive, RetentionPolicy.parse("2d")),
            floor, () -> new JournalPosition(Long.MAX_VALUE / 4, Long.MAX_VALUE / 4), LegalHoldRecords.NONE, e -> { })
            .runOnce(NOW);
    }

    @Test
    void shouldCountTheOldestSnapshotRecoveryWouldRestoreUnderThePreset() throws Exception
    {
        final SnapshotFloor floor = new SnapshotFloor(storeWithAll(), SnapshotRun.CONFIG_FINGERPRINT,
            trial(TestMarkets.referenceData()), reports::add);

        assertEquals(oldest(), floor.lowestInboundRecordNeeded());
        assertEquals(List.of(), reports);
    }

    @Test
    void shouldNotCountSnapshotsTakenWithAnotherPresetFingerprint() throws Exception
    {
        final SnapshotFloor floor = new SnapshotFloor(storeWithAll(), SnapshotRun.CONFIG_FINGERPRINT + 1,
            trial(TestMarkets.referenceData()), reports::add);

        assertEquals(RecoveryFloor.WHOLE_JOURNAL.lowestInboundRecordNeeded(), floor.lowestInboundRecordNeeded());
        assertEquals(taken.size(), reports.size(), reports::toString);
        assertTrue(reports.get(0).contains("another preset") && reports.get(0).contains("does not count as a recovery point"),
            reports.get(0));
        // Verdicts are kept per file: asking again neither re-reads them nor repeats the report.
        floor.lowestInboundRecordNeeded();
        assertEquals(taken.size(), reports.size());
    }

    @Test
    void shouldNotCountSnapshotsOfOtherInstrumentsThanThePresets() throws Exception
    {
        final SnapshotFloor floor = new SnapshotFloor(storeWithAll(), SnapshotRun.CONFIG_FINGERPRINT,
            trial(otherInstruments()), reports::add);

        assertEquals(RecoveryFloor.WHOLE_JOURNAL.lowestInboundRecordNeeded(), floor.lowestInboundRecordNeeded());
        assertEquals(taken.size(), reports.size(), reports::toString);
    }

    @Test
    void shouldKeepEveryCycleWhileNoSnapshotMatchesThePresetAndArchiveOnceOneDoes() throws Exception
    {
        // Days of 200 records: the oldest snapshot (about record 700) lies in the fourth day.
        DailyJournal.write(state, DAY_ONE, 6, 200);
        final SnapshotStore store = storeWithAll();

        final JournalLifecycle.Outcome mismatched = runLifecycle(new SnapshotFloor(store, SnapshotRun.CONFIG_FINGERPRINT + 1,
            trial(TestMarkets.referenceData()), reports::add));
        assertEquals(List.of(), mismatched.takenOut());
        assertEquals(KeepReason.RECOVERY, mismatched.keptBecause("inbound", "20261101F.cq4"));

        final JournalLifecycle.Outcome matched = runLifecycle(new SnapshotFloor(store, SnapshotRun.CONFIG_FINGERPRINT,
            trial(TestMarkets.referenceData()), reports::add));
        final long wholeCycles = oldest() / 200;
        assertTrue(wholeCycles >= 1, "the oldest snapshot is at " + oldest());
        assertEquals(wholeCycles, matched.takenOut().stream().filter(e -> e.queue().equals("inbound")).count(),
            matched::toString);
    }

    @Test
    void shouldKeepEveryCycleWhenTheFloorLiesPastTheJournalsEnd()
    {
        DailyJournal.write(state, DAY_ONE, 3, 10);

        final JournalLifecycle.Outcome outcome = runLifecycle(() -> 31);

        assertEquals(List.of(), outcome.takenOut());
        assertEquals(KeepReason.RECOVERY, outcome.keptBecause("inbound", "20261101F.cq4"));
        assertEquals(2, runLifecycle(() -> 30).takenOut().stream().filter(e -> e.queue().equals("inbound")).count(),
            "a floor at the journal's very end is a snapshot of the whole journal");
    }
}
