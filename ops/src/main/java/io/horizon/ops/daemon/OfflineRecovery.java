package io.horizon.ops.daemon;

import java.nio.file.Path;

import io.horizon.engine.config.EngineConfig;
import io.horizon.engine.pipeline.EnginePipeline;
import io.horizon.journal.ChronicleJournal;
import io.horizon.journal.ChronicleOutputJournal;
import io.horizon.journal.JournalException;
import io.horizon.journal.JournalManifest;
import io.horizon.journal.JournalRecovery;
import io.horizon.journal.SyncPolicy;
import io.horizon.journal.snapshot.SnapshotRecovery;
import io.horizon.journal.snapshot.SnapshotStore;
import io.horizon.engine.snapshot.SnapshotFacts;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import io.horizon.ops.preset.Preset;
import io.horizon.ops.preset.PresetRecord;

/**
 * The recovery a restart does, without going live: restores the newest sound snapshot and replays
 * the journal after it (or the whole journal) through an engine built from its recorded preset, with
 * no venue, so the outbound journal gets the outputs of the last journaled events that a crash (or a
 * copy taken mid-run) left without them. A snapshot is written only once the output journal holds
 * the outputs of every event it covers, so the events before it need no completing. Nothing is
 * published and nothing new is journaled inbound; afterwards {@code horizon replay --verify} finds
 * every output of every journaled event.
 * <p>
 * Threading: the caller's thread; it runs its own pipeline. The caller holds the state's lock.
 */
public final class OfflineRecovery
{
    private static final Logger LOG = LoggerFactory.getLogger(OfflineRecovery.class);
    private static final long IDLE_TIMEOUT_MS = 600_000;

    private OfflineRecovery()
    {
    }

    /**
     * @param state a locked state directory with a journal.
     * @return outputs appended to the outbound journal.
     * @throws JournalException when the journal is damaged or the replay does not finish.
     */
    public static long completeOutputs(final Path state)
    {
        // Outputs it appends are written in this release's layout: raise the manifest first
        // (a journal an older release wrote says layout 1 until then).
        final JournalManifest recorded = JournalManifest.read(state);
        final JournalManifest manifest = JournalManifest.openOrCreate(state, recorded.seed(), recorded.orderCapacity());
        final Preset preset = PresetRecord.forState(state);
        final EngineConfig config = EngineConfig.builder()
            .seed(manifest.seed())
            .orderCapacity(manifest.orderCapacity())
            .heartbeatIntervalMillis(0)
            .build();
        final long before;
        try (ChronicleJournal journal = ChronicleJournal.open(state, SyncPolicy.BATCH, 0);
            ChronicleOutputJournal outputs = ChronicleOutputJournal.open(state))
        {
            before = outputs.outputCount();
            final EnginePipeline pipeline = EngineAssembly.blp(preset, config)
                .journal(journal)
                .outputJournal(outputs)
                .sideEffects(false)
                .build();
            final SnapshotFacts from = SnapshotRecovery.restoreLatest(SnapshotStore.of(state, preset.snapshots().keep()),
                journal.eventCount(), SnapshotFingerprint.of(preset), pipeline,
                SnapshotTrial.of(preset, config), LOG::warn);
            pipeline.start();
            try
            {
                final long replayed = (from == null ? 0 : from.journalIndex()) + JournalRecovery.replay(state, pipeline, n -> { });
                if (replayed != journal.eventCount())
                {
                    throw new JournalException("replayed " + replayed + " events of " + journal.eventCount() + " in " + state);
                }
                if (!pipeline.awaitIdle(IDLE_TIMEOUT_MS))
                {
                    throw new JournalException("the replay of " + state + " did not finish within " + IDLE_TIMEOUT_MS / 1000 + " s");
                }
            }
            finally
            {
                pipeline.drainAndStop();
            }
        }
        return countOutputs(state) - before;
    }

    private static long countOutputs(final Path state)
    {
        return io.horizon.journal.JournalCopy.read(state).outputs();
    }
}
