package io.horizon.journal.snapshot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

import io.horizon.engine.event.FixedPoint;
import io.horizon.engine.pipeline.EnginePipeline;
import io.horizon.engine.reference.ReferenceData;
import io.horizon.engine.snapshot.SnapshotCodec;
import io.horizon.engine.snapshot.SnapshotFacts;
import io.horizon.engine.snapshot.SnapshotFormatException;
import io.horizon.engine.support.SnapshotRun;
import io.horizon.engine.support.TestMarkets;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The snapshot store writes atomically and keeps the newest N; recovery takes the newest snapshot
 * it can trust and reports, by file, every one it passes over: damaged, foreign, of a newer format,
 * beyond the journal's end, or taken with another preset or other instruments.
 */
final class SnapshotStoreTest
{
    private static final ReferenceData REF = TestMarkets.referenceData();
    private static List<SnapshotRun.Taken> taken;

    @TempDir
    Path state;

    @BeforeAll
    static void run()
    {
        taken = SnapshotRun.run(3_000, 700);
        assertTrue(taken.size() >= 4, "snapshots: " + taken.size());
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

    private static long index(final int fromNewest)
    {
        return taken.get(taken.size() - 1 - fromNewest).facts().journalIndex();
    }

    private static Supplier<EnginePipeline> trial()
    {
        return () -> SnapshotRun.engine(REF).sideEffects(false).build();
    }

    private static EnginePipeline target()
    {
        return SnapshotRun.engine(REF).sideEffects(false).build();
    }

    @Test
    void shouldKeepOnlyTheNewestSnapshotsAndNameEachByItsJournalIndex() throws Exception
    {
        final SnapshotStore store = SnapshotStore.of(state, 2);
        for (final SnapshotRun.Taken t : taken)
        {
            final Path file = store.write(t.facts(), t.image());
            assertEquals(store.fileFor(t.facts().journalIndex()), file);
        }
        final List<StoredSnapshot> kept = store.list();
        assertEquals(List.of(index(0), index(1)), kept.stream().map(StoredSnapshot::journalIndex).toList());
        assertEquals(index(1), store.oldestKeptJournalIndex());
        try (var files = Files.list(store.directory()))
        {
            assertEquals(2, files.count(), "no temporary file is left behind");
        }
    }

    @Test
    void shouldRemoveATemporaryFileACrashLeftBehindAtTheNextWrite() throws Exception
    {
        final SnapshotStore store = SnapshotStore.of(state, 3);
        Files.createDirectories(store.directory());
        final Path torn = store.directory().resolve(".snapshot-99-1.tmp");
        Files.write(torn, new byte[]{1, 2, 3});
        store.write(taken.get(0).facts(), taken.get(0).image());
        assertFalse(Files.exists(torn));
        assertEquals(1, store.list().size(), "a temporary file is never taken for a snapshot");
    }

    @Test
    void shouldSayThereIsNoSnapshotToArchiveAgainstWhenNoneIsSound() throws Exception
    {
        final SnapshotStore store = SnapshotStore.of(state, 3);
        assertEquals(SnapshotStore.NO_SNAPSHOT, store.oldestKeptJournalIndex());
        final Path file = store.write(taken.get(0).facts(), taken.get(0).image());
        corrupt(file);
        assertEquals(SnapshotStore.NO_SNAPSHOT, store.oldestKeptJournalIndex());
    }

    @Test
    void shouldReportTheOldestSoundSnapshotWhenTheOldestKeptIsDamaged() throws Exception
    {
        final SnapshotStore store = storeWithAll();
        corrupt(store.fileFor(taken.get(0).facts().journalIndex()));
        assertEquals(taken.get(1).facts().journalIndex(), store.oldestKeptJournalIndex());
    }

    @Test
    void shouldRestoreTheNewestSnapshot() throws Exception
    {
        final SnapshotStore store = storeWithAll();
        final List<String> reports = new ArrayList<>();
        final EnginePipeline target = target();
        final SnapshotFacts facts = SnapshotRecovery.restoreLatest(store, Long.MAX_VALUE, SnapshotRun.CONFIG_FINGERPRINT,
            target, trial(), reports::add);
        assertEquals(index(0), facts.journalIndex());
        assertEquals(index(0) - 1, target.ring().getCursor());
        assertEquals(List.of(), reports);
    }

    @Test
    void shouldFallBackToThePreviousSnapshotWhenTheNewestHasABadChecksum() throws Exception
    {
        final SnapshotStore store = storeWithAll();
        corrupt(store.fileFor(index(0)));
        assertFallsBackToPrevious(store, Long.MAX_VALUE, "bad checksum");
    }

    @Test
    void shouldFallBackToThePreviousSnapshotWhenTheNewestIsCutShort() throws Exception
    {
        final SnapshotStore store = storeWithAll();
        final Path newest = store.fileFor(index(0));
        final byte[] bytes = Files.readAllBytes(newest);
        Files.write(newest, java.util.Arrays.copyOf(bytes, bytes.length / 2));
        assertFallsBackToPrevious(store, Long.MAX_VALUE, "cut short");
    }

    @Test
    void shouldFallBackToThePreviousSnapshotWhenTheNewestCoversMoreThanTheJournalHolds() throws Exception
    {
        assertFallsBackToPrevious(storeWithAll(), index(0) - 1, "the journal holds");
    }

    @Test
    void shouldFallBackToThePreviousSnapshotWhenTheNewestIsOfANewerFormat() throws Exception
    {
        final SnapshotStore store = storeWithAll();
        final Path newest = store.fileFor(index(0));
        final byte[] bytes = Files.readAllBytes(newest);
        new UnsafeBuffer(bytes).putInt(8, SnapshotCodec.FORMAT_VERSION + 1, java.nio.ByteOrder.LITTLE_ENDIAN);
        Files.write(newest, bytes);
        assertFallsBackToPrevious(store, Long.MAX_VALUE, "newer than this release");
    }

    @Test
    void shouldFallBackToThePreviousSnapshotWhenTheNewestIsNotASnapshot() throws Exception
    {
        final SnapshotStore store = storeWithAll();
        Files.writeString(store.fileFor(index(0)), "[engine]\nseed = 42\norder_capacity = 1024\n# not a snapshot, whatever its name says\n");
        assertFallsBackToPrevious(store, Long.MAX_VALUE, "not a Horizon snapshot");
    }

    @Test
    void shouldRefuseALinkInPlaceOfASnapshot() throws Exception
    {
        final SnapshotStore store = storeWithAll();
        final Path newest = store.fileFor(index(0));
        final Path elsewhere = state.resolve("elsewhere.snap");
        Files.move(newest, elsewhere);
        Files.createSymbolicLink(newest, elsewhere);
        assertFallsBackToPrevious(store, Long.MAX_VALUE, "not a plain file");
    }

    @Test
    void shouldReplayTheWholeJournalWhenEverySnapshotWasTakenWithAnotherPreset() throws Exception
    {
        final SnapshotStore store = storeWithAll();
        final List<String> reports = new ArrayList<>();
        final EnginePipeline target = target();
        assertNull(SnapshotRecovery.restoreLatest(store, Long.MAX_VALUE, SnapshotRun.CONFIG_FINGERPRINT + 1, target, trial(),
            reports::add));
        assertEquals(taken.size(), reports.size());
        assertTrue(reports.get(0).contains(store.fileFor(index(0)).toString()) && reports.get(0).contains("another preset"),
            reports.get(0));
        assertEquals(-1, target.ring().getCursor(), "the engine holds nothing from a refused snapshot");
        assertEquals(0, target.blp().ledger().size());
    }

    @Test
    void shouldRefuseASnapshotTakenWithOtherInstrumentsBeforeTheEngineHoldsAnyOfIt() throws Exception
    {
        final SnapshotStore store = storeWithAll();
        final ReferenceData other = ReferenceData.builder()
            .instrument("AAPL", FixedPoint.fromDouble(0.01), FixedPoint.ofUnits(190))
            .instrument("TSLA", FixedPoint.fromDouble(0.01), FixedPoint.ofUnits(250))
            .account("alice", FixedPoint.ofUnits(1_000_000))
            .account("bob", FixedPoint.ofUnits(1_000_000))
            .build();
        final List<String> reports = new ArrayList<>();
        final EnginePipeline target = SnapshotRun.engine(other).sideEffects(false).build();
        assertNull(SnapshotRecovery.restoreLatest(store, Long.MAX_VALUE, SnapshotRun.CONFIG_FINGERPRINT, target,
            () -> SnapshotRun.engine(other).sideEffects(false).build(), reports::add));
        assertTrue(reports.get(0).contains("other instruments or accounts"), reports.get(0));
        assertEquals(-1, target.ring().getCursor());
    }

    @Test
    void shouldRefuseAGivenSnapshotFileWithItsReason() throws Exception
    {
        final SnapshotStore store = storeWithAll();
        corrupt(store.fileFor(index(0)));
        final SnapshotFormatException ex = assertThrows(SnapshotFormatException.class, () -> SnapshotRecovery.restore(
            store.fileFor(index(0)), Long.MAX_VALUE, SnapshotRun.CONFIG_FINGERPRINT, target(), trial()));
        assertTrue(ex.getMessage().contains("bad checksum"), ex.getMessage());
    }

    private void assertFallsBackToPrevious(final SnapshotStore store, final long journalEvents, final String why)
    {
        final List<String> reports = new ArrayList<>();
        final SnapshotFacts facts = SnapshotRecovery.restoreLatest(store, journalEvents, SnapshotRun.CONFIG_FINGERPRINT, target(),
            trial(), reports::add);
        assertEquals(index(1), facts.journalIndex());
        assertEquals(1, reports.size(), reports.toString());
        assertTrue(reports.get(0).contains(store.fileFor(index(0)).toString()), reports.get(0));
        assertTrue(reports.get(0).contains(why), reports.get(0));
        assertTrue(reports.get(0).contains("falls back"), reports.get(0));
    }

    private static void corrupt(final Path file) throws Exception
    {
        final byte[] bytes = Files.readAllBytes(file);
        bytes[bytes.length - 7] ^= 0x10;
        Files.write(file, bytes);
    }
}
