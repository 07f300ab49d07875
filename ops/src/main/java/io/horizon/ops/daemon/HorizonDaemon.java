package io.horizon.ops.daemon;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import io.horizon.engine.event.ControlAction;
import io.horizon.engine.pipeline.EnginePipeline;
import io.horizon.engine.pipeline.ThreadingMode;
import io.horizon.engine.reference.ReferenceData;
import io.horizon.engine.risk.RiskChain;
import io.horizon.journal.ChronicleJournal;
import io.horizon.journal.ChronicleOutputJournal;
import io.horizon.journal.JournalException;
import io.horizon.journal.JournalManifest;
import io.horizon.journal.JournalRecovery;
import io.horizon.journal.snapshot.SnapshotRecovery;
import io.horizon.journal.snapshot.SnapshotStore;
import io.horizon.engine.snapshot.ReferenceFingerprint;
import io.horizon.engine.snapshot.SnapshotFacts;
import io.horizon.engine.snapshot.SnapshotTaker;
import io.horizon.journal.audit.AuditCategory;
import io.horizon.journal.audit.AuditMapping;
import io.horizon.journal.audit.AuditStore;
import io.horizon.journal.lifecycle.JournalDiskUse;
import io.horizon.journal.lifecycle.RecoveryFloor;
import io.horizon.journal.lifecycle.LedgerWitnesses;
import io.horizon.journal.lifecycle.SnapshotFloor;
import io.horizon.ops.alerting.AlertTime;
import io.horizon.ops.alerting.AuditAlertBridge;
import io.horizon.ops.alerting.DaemonAlerting;
import io.horizon.ops.alerting.RecentAlertsSink;
import io.horizon.ops.control.ControlDesk;
import io.horizon.ops.counters.CountersFile;
import io.horizon.ops.counters.DaemonPhase;
import io.horizon.ops.metrics.MetricsExport;
import io.horizon.ops.metrics.SnapshotMeters;
import io.horizon.ops.preset.Preset;
import io.horizon.ops.preset.PresetRecord;
import io.horizon.ops.secrets.FileSecrets;
import io.micrometer.core.instrument.Tags;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The composition root of a running Horizon: it owns the state directory, the journal, the
 * counters file, the engine pipeline, the venue, the feed and the control desk, all built from
 * one checked {@link Preset}. It starts them in dependency order and stops them in reverse,
 * draining the rings in between:
 * <pre>
 * start: lock state, check preset record, journal, counters, pipeline, alerting, recovery, go live,
 *        alert follower, control desk, feed
 * stop:  control desk, feed, FIX logouts, drain the rings, audit/DLQ flush, alerting, counters, journal, unlock
 * </pre>
 * Threading: {@link #start}, {@link #awaitStop} and {@link #stop} from the owning thread;
 * {@link #requestStop} from any thread (signal handlers).
 */
public final class HorizonDaemon
{
    private static final Logger LOG = LoggerFactory.getLogger(HorizonDaemon.class);
    private static final long RECOVERY_IDLE_TIMEOUT_MS = 600_000;
    private static final long FIX_LOGON_WAIT_MS = 10_000;

    private final DaemonSettings settings;
    private final Preset preset;
    private final ReferenceData referenceData;
    private final StateDirectory state;
    private final CountersFile countersFile;
    private final EnginePipeline pipeline;
    private final ChronicleJournal journal;
    private final ChronicleOutputJournal outputJournal;
    private final MarketDataFeed feed;
    private final RiskChain risk;
    private final KillSwitchWatch killSwitch;
    /** How long a stop waits for the FIX venues' Logouts before it drains the engine. */
    private static final long VENUE_LOGOUT_TIMEOUT_MILLIS = 2_000;
    private final CountDownLatch stopRequested = new CountDownLatch(1);
    private ControlDesk controlDesk;
    private long startedNanos;
    private long recoveredEvents;
    private long recoveryNanos;
    /** Snapshots recovery passed over at start; read by the metrics. */
    private volatile long refusedSnapshots;
    private RunSummary summary;
    private OperatorSurface operatorSurface;
    private AuditAndDeadLetters auditAndDeadLetters;
    private DaemonAlerting alerting;
    private AuditAnchorWriter.Prepared auditAnchors;
    private AuditBackend auditBackend;
    private AuditStore auditStore;
    private AuditAnchorWriter auditAnchorWriter;
    private DaemonVenues venues;
    private JournalDiskUse journalDiskUse;
    private JournalHousekeeping journalHousekeeping;
    private SnapshotWriter snapshots;
    private SnapshotTaker snapshotTaker;
    private SnapshotFacts restoredFrom;

    private HorizonDaemon(
        final DaemonSettings settings,
        final StateDirectory state,
        final CountersFile countersFile,
        final EnginePipeline pipeline,
        final ChronicleJournal journal,
        final ChronicleOutputJournal outputJournal,
        final MarketDataFeed feed,
        final RiskChain risk,
        final KillSwitchWatch killSwitch)
    {
        this.settings = settings;
        this.preset = settings.preset();
        this.referenceData = preset.referenceData();
        this.state = state;
        this.countersFile = countersFile;
        this.pipeline = pipeline;
        this.journal = journal;
        this.outputJournal = outputJournal;
        this.feed = feed;
        this.risk = risk;
        this.killSwitch = killSwitch;
    }

    /**
     * Builds and starts everything.
     *
     * @param settings what to run.
     * @return the running daemon.
     * @throws IOException when the counters file, the preset record or the control channel
     *                     cannot be written.
     */
    public static HorizonDaemon start(final DaemonSettings settings) throws IOException
    {
        final Preset preset = settings.preset();
        final MarketDataFeed feed = MarketDataFeed.open(preset.feed(), preset.referenceData(), preset.engine().seed());
        final StateDirectory state = StateDirectory.open(settings.stateDirectory());
        CountersFile countersFile = null;
        ChronicleJournal journal = null;
        ChronicleOutputJournal outputJournal = null;
        OperatorSurface surface = null;
        DaemonAlerting alerting = null;
        DaemonVenues venues = null;
        try
        {
            PresetRecord.checkRestart(state.path(), preset);
            JournalManifest.openOrCreate(state.path(), preset.engine().seed(), preset.engine().orderCapacity());
            // Outbound first: a reader that sees the inbound queue can then count on the outbound one.
            outputJournal = ChronicleOutputJournal.open(state.path());
            journal = ChronicleJournal.open(state.path(), preset.journal().sync(), preset.journal().syncIntervalMillis());
            feed.requireAfterJournal(state.path(), journal.eventCount());
            PresetRecord.record(state.path(), preset);
            countersFile = CountersFile.create(state.path());
            final RiskChain risk = EngineAssembly.risk(preset);
            final KillSwitchWatch killSwitch = new KillSwitchWatch();
            venues = DaemonVenues.build(preset, state.path(), countersFile.counters());
            feed.attach(venues, countersFile.counters());
            final EnginePipeline.Builder engine = EngineAssembly.blp(preset, preset.engine(), risk);
            if (feed.recordedTime() != null)
            {
                // A recorded source brings the engine clock: the run happens on the data's time.
                engine.recordedTime(feed.recordedTime());
            }
            final SnapshotWriter snapshotWriter = new SnapshotWriter(SnapshotStore.of(state.path(), preset.snapshots().keep()));
            final SnapshotTaker snapshotTaker = new SnapshotTaker(preset.snapshots().policy(), snapshotWriter,
                ReferenceFingerprint.of(preset.referenceData()), SnapshotFingerprint.of(preset),
                preset.referenceData().instrumentCount(), preset.referenceData().accountCount(), preset.engine().orderCapacity());
            final EnginePipeline pipeline = engine
                .snapshots(snapshotTaker)
                .reportListener(killSwitch)
                .journal(journal)
                .outputJournal(outputJournal)
                .sideEffects(false)
                .venue(venues.venue())
                .counters(countersFile.counters())
                .build();
            countersFile.threading(pipeline.threading().configName(), preset.engine().waitStrategy().configName());
            venues.timeRoundTrips(pipeline.latency());
            final HorizonDaemon daemon = new HorizonDaemon(settings, state, countersFile, pipeline, journal, outputJournal, feed, risk,
                killSwitch);
            // Operator surface (metrics on :9100, secrets with SIGHUP reload): bound here so a port
            // clash or a refused credentials file stops us before recovery; served from startAll()
            // once recovery is done; closed in stop() after the drain, before the counters unmap.
            surface = OperatorSurface.open(settings.metrics(), settings.credentialsFile(), state.path(), pipeline, feed::failure);
            daemon.operatorSurface = surface;
            daemon.snapshots = snapshotWriter;
            daemon.snapshotTaker = snapshotTaker;
            daemon.venues = venues;
            daemon.journalDiskUse = journalDiskMetrics(surface, state.path());
            if (surface.metrics() != null)
            {
                SnapshotMeters.bind(surface.metrics(), snapshotWriter, () -> daemon.refusedSnapshots);
            }
            // FIX logon credentials: named in the preset, read from the secrets provider; a missing one stops us here.
            venues.credentials(surface.secrets());
            // Alerting from the preset's [alerting]: a sink whose secret is missing stops us here.
            // On recorded data, alerts are throttled and caught up on the data's time, as everything else.
            alerting = DaemonAlerting.open(preset.alerting(), surface.secrets(), countersFile.counters(),
                feed.recordedTime() == null ? AlertTime.wall() : AlertTime.recorded(feed.recordedTime()));
            alerting.copyTo(new RecentAlertsSink(countersFile.recentAlerts()));
            daemon.alerting = alerting;
            venues.keepRefusals(alerting.sink());
            surface.afterSecretsRotate(alerting::secretsRotated);
            // [audit] anchors: outside the state directory, key from the secrets provider; a bad one stops us here.
            daemon.auditAnchors = AuditAnchorWriter.prepare(preset.audit(), state.path(), settings.credentialsFile() != null ?
                settings.credentialsFile() : state.path().resolve(FileSecrets.FILE_NAME), surface.secrets());
            // [audit] backend: a PostgreSQL writer id taken by another daemon stops us here, before recovery.
            daemon.auditBackend = AuditBackend.of(preset.audit(), state.path(), surface.secrets());
            // [journal] old_cycles and its keys: an archive inside the state or a bad holds file stops us here.
            JournalHousekeeping.check(preset.journal().lifecycle(), state.path(), preset.audit());
            daemon.auditStore = daemon.auditBackend.openAuditForFlusher();
            try
            {
                daemon.startAll();
            }
            catch (final RuntimeException | IOException ex)
            {
                daemon.abortStart(ex);
                throw ex;
            }
            return daemon;
        }
        catch (final RuntimeException | IOException ex)
        {
            if (alerting != null)
            {
                alerting.close();
            }
            if (venues != null)
            {
                venues.close();
            }
            if (surface != null)
            {
                surface.close();
            }
            if (countersFile != null)
            {
                countersFile.close();
            }
            if (outputJournal != null)
            {
                outputJournal.close();
            }
            if (journal != null)
            {
                journal.close();
            }
            state.close();
            throw ex;
        }
    }

    /**
     * Disk use of STATE/journal for the metrics export, sampled by the journal housekeeping.
     */
    private static JournalDiskUse journalDiskMetrics(final OperatorSurface surface, final Path stateDirectory)
    {
        final JournalDiskUse diskUse = new JournalDiskUse(stateDirectory);
        diskUse.sample();
        final MetricsExport metrics = surface.metrics();
        if (metrics != null)
        {
            metrics.gauge("horizon_journal_disk_used_bytes", Tags.empty(), diskUse::usedBytes)
                .gauge("horizon_journal_disk_free_bytes", Tags.empty(), diskUse::freeBytes)
                .gauge("horizon_journal_disk_size_bytes", Tags.empty(), diskUse::sizeBytes);
        }
        return diskUse;
    }

    private void startAll() throws IOException
    {
        startedNanos = System.nanoTime();
        LOG.info("preset {}: {}", preset.source(), preset.description());
        LOG.info("engine threading: {} ({}){}", pipeline.threading().configName(), pipeline.threadingReason(),
            pipeline.threading() == ThreadingMode.SHARED ?
                "; one engine thread, idle strategy " + preset.engine().waitStrategy().configName() :
                "; a thread per stage, wait strategy " + preset.engine().waitStrategy().configName());
        countersFile.phase(DaemonPhase.RECOVERING);
        restoreSnapshot();
        venues.reportHeldOrders(pipeline.orderEntry());
        pipeline.start();
        snapshots.start(pipeline.ring());
        recover();
        venues.publishEmbeddedStates(countersFile.counters());
        alertIfTheKillSwitchIsEngaged();
        // Followers of the journal (metrics sampler and exporter, audit log, dead-letter queue)
        // start here, after recovery, before live input; stop() closes them after the drain.
        operatorSurface.start();
        countersFile.publishLatency(pipeline.latency());
        alerting.followJournal(state.path(),
            new AuditMapping(referenceData, venues.routes(), pipeline.strategyNames()), referenceData);
        auditAndDeadLetters = AuditAndDeadLetters.start(state.path(), auditStore, auditBackend, referenceData, venues.routes(),
            pipeline.strategyNames(), pipeline, countersFile.counters(), alerting.storeAlerts(),
            preset.venues().get(0).name() + " venue, state in " + state.path() + ", " + recoveredEvents +
                " journaled events recovered");
        operatorSurface.secretAccess().attach(auditAndDeadLetters::record);
        venues.attachAudit(auditAndDeadLetters::record);
        // Recovery may fall back as far as the oldest snapshot kept that it would restore under this
        // preset: cycles wholly before it are never read by recovery again. With none it needs the
        // whole journal.
        final RecoveryFloor recoveryFloor = new SnapshotFloor(SnapshotStore.of(state.path(), preset.snapshots().keep()),
            SnapshotFingerprint.of(preset), SnapshotTrial.of(preset, preset.engine()), LOG::warn);
        journalHousekeeping = JournalHousekeeping.start(state.path(), preset.journal().lifecycle(), journalDiskUse,
            recoveryFloor, auditAndDeadLetters::flushedByAll,
            JournalHousekeeping.legalHolds(preset.journal().lifecycle(), state.path()), auditAndDeadLetters::record,
            entry -> LedgerWitnesses.read(auditAndDeadLetters.auditStore()).vouchFor(entry));
        if (auditAnchors != null)
        {
            auditAnchorWriter = AuditAnchorWriter.start(auditAnchors, auditAndDeadLetters.auditStore(), auditAndDeadLetters::auditHead);
        }
        controlDesk = ControlDesk.open(state.path(), pipeline.orderEntry(), pipeline.ring(), auditAndDeadLetters::redrive,
            this::describeSnapshotNow);
        controlDesk.start();
        feed.start(pipeline, () ->
        {
            alertIfTheFeedFailed();
            if (settings.duration() == null)
            {
                requestStop();
            }
        });
        countersFile.phase(DaemonPhase.RUNNING);
        LOG.info("Horizon running: {} venue, {}, state in {}, counters in {}",
            preset.venues().get(0).name(), risk.config(), state.path(), countersFile.path());
    }

    private void abortStart(final Exception cause)
    {
        if (controlDesk != null)
        {
            controlDesk.close();
        }
        feed.stop();
        pipeline.drainAndStop();
        if (journalHousekeeping != null)
        {
            journalHousekeeping.stop();
        }
        snapshots.close();
        if (auditAndDeadLetters != null)
        {
            // Their threads would otherwise outlive a failed start; stopping also records system.stop.
            auditAndDeadLetters.stop("start failed: " + cause.getMessage());
        }
        else if (auditStore != null)
        {
            // A PostgreSQL store holds its writer id while its connection lives.
            auditStore.close();
        }
        if (auditAnchorWriter != null)
        {
            auditAnchorWriter.stop();
        }
    }

    /**
     * Replays the journal into the fresh pipeline with the venue off, then turns the venue on,
     * waits for FIX sessions to log on (so orders sent again and status requests find the session
     * up), and asks the BLP to reconcile its live orders with it. Nothing live is published before.
     */
    /**
     * Restores the newest snapshot recovery can trust into the pipeline, before it starts; every
     * snapshot passed over is logged with what to do. Without one, recovery replays the whole journal.
     */
    private void restoreSnapshot()
    {
        final long begin = System.nanoTime();
        restoredFrom = SnapshotRecovery.restoreLatest(SnapshotStore.of(state.path(), preset.snapshots().keep()),
            journal.eventCount(), SnapshotFingerprint.of(preset), pipeline,
            SnapshotTrial.of(preset, preset.engine()), refusal ->
            {
                refusedSnapshots++;
                LOG.warn(refusal);
            });
        if (restoredFrom != null)
        {
            killSwitch.restoredFrom(risk.killSwitch());
            LOG.info("recovery: snapshot at journal index {} restored in {} ms ({} orders live); replaying the {} events after it",
                restoredFrom.journalIndex(), (System.nanoTime() - begin) / 1_000_000, restoredFrom.liveOrders(),
                journal.eventCount() - restoredFrom.journalIndex());
        }
    }

    private void recover()
    {
        final long begin = System.nanoTime();
        final long first = restoredFrom == null ? 0 : restoredFrom.journalIndex();
        if (journal.eventCount() > first)
        {
            LOG.info("recovering: replaying {} journaled events", journal.eventCount() - first);
        }
        recoveredEvents = first + JournalRecovery.replay(state.path(), pipeline,
            n -> LOG.info("recovery: {} of {} events replayed", n, journal.eventCount() - first));
        if (recoveredEvents != journal.eventCount())
        {
            throw new JournalException("recovery replayed " + recoveredEvents + " events but the journal holds " +
                journal.eventCount() + "; refusing to go live on a partial state");
        }
        if (!pipeline.awaitIdle(RECOVERY_IDLE_TIMEOUT_MS))
        {
            throw new JournalException("recovery did not finish processing " + recoveredEvents + " events within " +
                RECOVERY_IDLE_TIMEOUT_MS / 1000 + " s");
        }
        pipeline.goLive();
        venues.awaitLogon(FIX_LOGON_WAIT_MS);
        if (recoveredEvents > 0)
        {
            pipeline.orderEntry().control(ControlAction.RECONCILE, 0, "recovery");
            pipeline.awaitIdle(RECOVERY_IDLE_TIMEOUT_MS);
            LOG.info("recovered {} events in {} ms; {} orders live; reconciled with the venue",
                recoveredEvents, (System.nanoTime() - begin) / 1_000_000, pipeline.counters().liveOrders.get());
        }
        recoveryNanos = System.nanoTime() - begin;
    }

    /**
     * A kill switch engaged before a restart stays engaged; say so once at start, whether or not
     * its page went out before the restart. Known from the alerts recovery replayed, not from the
     * {@code KillSwitch}, which belongs to the BLP thread while the engine runs.
     */
    private void alertIfTheKillSwitchIsEngaged()
    {
        if (killSwitch.isEngaged())
        {
            final String message = "Horizon started with the kill switch engaged (" + killSwitch.describe(state.path()) +
                "); every new order is rejected until horizon reset --reason ...";
            LOG.warn(message);
            new AuditAlertBridge(alerting.sink()).onAuditEvent(AuditCategory.KILLSWITCH_FIRED.code(), message,
                Map.of(AuditAlertBridge.SUBJECT, "at start"));
        }
    }

    /**
     * A market data file that fails mid-run (a bad row) pages at once and makes {@code /ready}
     * fail (its check reads {@link MarketDataFeed#failure}), not only the summary at shutdown.
     * Runs on the feed's thread, once, when the file ends.
     */
    private void alertIfTheFeedFailed()
    {
        final Throwable failure = feed.failure();
        // Interrupted: the daemon is stopping the feed itself; nothing failed.
        if (failure == null || Thread.currentThread().isInterrupted())
        {
            return;
        }
        final String message = "the market data feed failed and publishes nothing more: " + failure.getMessage() +
            "; fix the file and restart (--bad-rows skip skips rows that cannot be read, and journals where), " +
            "or switch the preset's [feed] to another source";
        LOG.error(message);
        new AuditAlertBridge(alerting.sink()).onAuditEvent(AuditCategory.FEED_STALE.code(), message,
            Map.of(AuditAlertBridge.SUBJECT, "feed failed"));
    }

    /**
     * @return the audit log and dead-letter queue of this run (for the control channel's redrive).
     */
    public AuditAndDeadLetters auditAndDeadLetters()
    {
        return auditAndDeadLetters;
    }

    /**
     * Asks the daemon to stop; {@link #awaitStop} returns. Any thread.
     */
    public void requestStop()
    {
        stopRequested.countDown();
    }

    /**
     * Blocks until the duration has passed or a stop was requested.
     *
     * @throws InterruptedException when interrupted.
     */
    public void awaitStop() throws InterruptedException
    {
        if (settings.duration() == null)
        {
            stopRequested.await();
        }
        else
        {
            stopRequested.await(settings.duration().toNanos(), TimeUnit.NANOSECONDS);
        }
    }

    /**
     * Asks the engine for a snapshot now and waits for it to be on disk. Any thread.
     *
     * @param timeoutMillis how long to wait.
     * @return the snapshot written, or {@code null} when it could not be written in time.
     */
    public SnapshotWriter.Written snapshotNow(final long timeoutMillis)
    {
        return snapshots.awaitWritten(snapshotTaker.request(), timeoutMillis);
    }

    private String describeSnapshotNow(final long timeoutMillis)
    {
        final SnapshotWriter.Written w = snapshotNow(timeoutMillis);
        return w == null ? null : "snapshot " + w.file() + " written: journal index " + w.facts().journalIndex() + ", " +
            w.facts().liveOrders() + " orders live, " + w.bytes() + " bytes; the engine paused " + w.pauseNanos() / 1_000 +
            " us to copy its state";
    }

    /**
     * @return the snapshot recovery started from, or {@code null} when it replayed the whole journal.
     */
    public SnapshotFacts restoredFrom()
    {
        return restoredFrom;
    }

    /**
     * Stops the inputs (control desk, feed), drains the engine, and releases the state directory.
     * Idempotent.
     *
     * @return what happened during the run.
     */
    public synchronized RunSummary stop()
    {
        if (summary != null)
        {
            return summary;
        }
        countersFile.phase(DaemonPhase.STOPPING);
        if (controlDesk != null)
        {
            controlDesk.close();
        }
        feed.stop();
        // Before the drain: FIX sessions log out while the pipeline still journals what they report.
        venues.logOut(VENUE_LOGOUT_TIMEOUT_MILLIS);
        final boolean drained = pipeline.drainAndStop();
        // After the drain: snapshots the stages passed are written; the rest never will be.
        snapshots.close();
        // After the drain: nothing polls the venues any more; what is still up logs out here.
        venues.close();
        operatorSurface.close();
        // Before the stores' last flush, so a cycle it just took out is audited.
        if (journalHousekeeping != null)
        {
            journalHousekeeping.stop();
        }
        // The audit log and the dead-letter queue flush to the journal's end before it closes.
        if (auditAndDeadLetters != null)
        {
            auditAndDeadLetters.stop(pipeline.counters().eventsProcessed.get() + " events processed" + (drained ? "" : ", not drained"));
        }
        // After the final flush: the last anchor names the chain's final head.
        if (auditAnchorWriter != null)
        {
            auditAnchorWriter.stop();
        }
        // After the drain and the stores' last flush, so their last alerts go out; before the counters unmap.
        alerting.close();
        final long elapsedNanos = System.nanoTime() - startedNanos;
        summary = RunSummary.of(pipeline, risk, referenceData, drained, elapsedNanos, state.path(),
            recoveredEvents, recoveryNanos, preset.journal().sync(), feed.failure(), feed.describe());
        // Hook: followers of the journal (see startAll) flush and close here, before the journal.
        countersFile.close();
        outputJournal.close();
        journal.close();
        state.close();
        return summary;
    }
}
