package io.horizon.ops.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import io.horizon.engine.pipeline.ThreadingMode;
import io.horizon.journal.snapshot.SnapshotStore;
import io.horizon.journal.snapshot.StoredSnapshot;
import io.horizon.ops.preset.EmbeddedPresets;
import io.horizon.ops.support.EngineThreading;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The snapshots' costs through the daemon's real {@code /metrics}: the engine's pause and the
 * write, per snapshot written, and at the next start the snapshots recovery refused.
 */
final class SnapshotMetricsTest
{
    @TempDir
    Path dir;

    private Path preset() throws Exception
    {
        final String text = EmbeddedPresets.text(EmbeddedPresets.PAPER) +
            "\n[snapshots]\nevery_events = 2000\nevery_seconds = 0\nkeep = 3\n";
        return Files.writeString(dir.resolve("snapshots.hz.toml"), text);
    }

    @Test
    void shouldExportThePauseAndWriteOfEachSnapshotAndTheSnapshotsRefusedAtRecovery() throws Exception
    {
        final Path preset = preset();
        final Path state = dir.resolve("state");
        // Written in one threading mode, refused at recovery in the other (no extra run).
        try (RunningDaemon daemon = RunningDaemon.start(state, "6s", "--preset", preset.toString(), "--threading", "dedicated"))
        {
            EngineThreading.assertRunningIn(state, ThreadingMode.DEDICATED);
            Scrape scrape = daemon.scrape();
            assertEquals("summary", scrape.type("horizon_snapshot_pause_seconds"), scrape::text);
            final long deadline = System.nanoTime() + 30_000_000_000L;
            while (scrape.value("horizon_snapshot_write_seconds_count") < 1 && System.nanoTime() < deadline)
            {
                Thread.sleep(200);
                scrape = daemon.scrape();
            }
            final double written = scrape.value("horizon_snapshot_pause_seconds_count");
            assertTrue(written >= 1, scrape::text);
            assertTrue(scrape.value("horizon_snapshot_pause_seconds_sum") > 0, scrape::text);
            assertTrue(scrape.value("horizon_snapshot_pause_max_seconds") > 0, scrape::text);
            assertTrue(scrape.value("horizon_snapshot_write_seconds_sum") > 0, scrape::text);
            assertEquals(0, scrape.value("horizon_snapshots_refused_at_recovery"), scrape::text);
            assertEquals(0, scrape.value("horizon_snapshots_failed_total"), scrape::text);
            assertEquals(0, daemon.awaitExit());
        }

        // Damage the newest: the next start passes over it, logs it and counts it.
        final List<StoredSnapshot> kept = SnapshotStore.of(state, 3).list();
        assertTrue(!kept.isEmpty(), "snapshots written by the first run");
        final byte[] bytes = Files.readAllBytes(kept.get(0).file());
        bytes[bytes.length / 2] ^= 0x5a;
        Files.write(kept.get(0).file(), bytes);
        try (RunningDaemon daemon = RunningDaemon.start(state, "2s", "--preset", preset.toString(), "--threading", "shared"))
        {
            EngineThreading.assertRunningIn(state, ThreadingMode.SHARED);
            final Scrape scrape = daemon.scrape();
            assertEquals(1, scrape.value("horizon_snapshots_refused_at_recovery"), scrape::text);
            assertEquals(0, daemon.awaitExit());
        }
    }
}
