package io.horizon.ops.daemon;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Predicate;

import io.horizon.journal.audit.AuditDraft;
import io.horizon.journal.audit.AuditStore;
import io.horizon.journal.JournalException;
import io.horizon.journal.lifecycle.AuditLegalHolds;
import io.horizon.journal.lifecycle.CycleAuditEvent;
import io.horizon.journal.lifecycle.FlushedPositions;
import io.horizon.journal.lifecycle.JournalDiskUse;
import io.horizon.journal.lifecycle.JournalLifecycle;
import io.horizon.journal.lifecycle.LedgerEntry;
import io.horizon.journal.lifecycle.LedgerWitnesses;
import io.horizon.journal.lifecycle.LegalHoldRecords;
import io.horizon.journal.lifecycle.LifecycleAction;
import io.horizon.journal.lifecycle.RecoveryFloor;
import io.horizon.journal.retention.AnchorLocation;
import io.horizon.journal.retention.LegalHold;
import io.horizon.journal.retention.LegalHoldsFile;
import io.horizon.journal.sqlite.SqliteFile;
import io.horizon.ops.preset.AuditSettings;
import io.horizon.ops.preset.JournalLifecycleSettings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The daemon's journal housekeeping, on its own thread ({@code horizon-journal-lifecycle}), off the
 * hot path: every {@value #DISK_SAMPLE_SECONDS} s it measures the journal's disk use for the
 * metrics, and every {@code [journal] lifecycle_interval_s} it runs the {@link JournalLifecycle}
 * with the preset's {@code old_cycles}, {@code archive_dir}, {@code retention} and
 * {@code legal_holds_file}. Each cycle taken out is audited ({@code journal.cycle_archived} or
 * {@code journal.cycle_deleted}: queue, file, records, bytes, SHA-256, destination) through the
 * audit log's out-of-band path, and the file is removed only once the audit log has committed that
 * event, so the ledger line and the event always come together ({@link LedgerWitnesses}). A run that fails keeps every cycle it had not finished, logs the
 * reason (once until it changes) and is tried again at the next interval.
 * <p>
 * Threading: {@link #check} and {@link #start} from the owner thread before the daemon goes live,
 * {@link #stop} from the owner thread; runs on its own thread only.
 */
final class JournalHousekeeping
{
    /** Seconds between disk-use samples. */
    static final long DISK_SAMPLE_SECONDS = 30;

    private static final Logger LOG = LoggerFactory.getLogger(JournalHousekeeping.class);
    private static final String HOLDS_KEY = "[journal] legal_holds_file";
    /** How long a removal waits for the audit log to commit its event. */
    private static final long WITNESS_TIMEOUT_MS = 20_000;
    private static final long WITNESS_POLL_MS = 50;

    private final JournalLifecycle lifecycle;
    private final JournalDiskUse diskUse;
    private final ScheduledExecutorService timer;
    private String lastFailure;

    private JournalHousekeeping(final JournalLifecycle lifecycle, final JournalDiskUse diskUse)
    {
        this.lifecycle = lifecycle;
        this.diskUse = diskUse;
        this.timer = Executors.newSingleThreadScheduledExecutor(r ->
        {
            final Thread thread = new Thread(r, "horizon-journal-lifecycle");
            thread.setDaemon(true);
            return thread;
        });
    }

    /**
     * Checks the lifecycle settings against the state directory and the audit backend, before
     * recovery: an archive inside the state directory, a holds file that is missing or does not
     * parse, or legal holds with the PostgreSQL audit log stop the start with the fix.
     *
     * @throws IllegalArgumentException naming the key and the fix.
     */
    static void check(final JournalLifecycleSettings settings, final Path stateDirectory, final AuditSettings audit)
    {
        if (settings.archive() != null && (AnchorLocation.isInside(settings.archive(), stateDirectory) ||
            AnchorLocation.isInside(stateDirectory, settings.archive())))
        {
            throw new IllegalArgumentException("[journal] archive_dir = " + settings.archive() + " overlaps the state directory " +
                stateDirectory + "; archiving there frees no disk and mixes the archive into backups of the state. Name a " +
                "directory outside it, e.g. /var/lib/horizon-journal-archive");
        }
        if (settings.archive() != null && Files.exists(settings.archive()) && !Files.isDirectory(settings.archive()))
        {
            throw new IllegalArgumentException("[journal] archive_dir = " + settings.archive() + " is not a directory; name a " +
                "directory (it is created if missing)");
        }
        if (settings.legalHoldsFile() != null)
        {
            if (audit.isPostgres())
            {
                throw new IllegalArgumentException(HOLDS_KEY + " needs the SQLite audit log in this release (legal holds are " +
                    "matched against audit.db); remove it with [audit] backend = \"postgres\", or keep old_cycles = \"keep\"");
            }
            try
            {
                LegalHoldsFile.read(settings.legalHoldsFile(), HOLDS_KEY);
            }
            catch (final RuntimeException ex)
            {
                throw new IllegalArgumentException(ex.getMessage(), ex);
            }
        }
    }

    /**
     * The legal holds of the preset's holds file, matched against {@code STATE/audit.db} on each run.
     */
    static LegalHoldRecords legalHolds(final JournalLifecycleSettings settings, final Path stateDirectory)
    {
        if (settings.legalHoldsFile() == null)
        {
            return LegalHoldRecords.NONE;
        }
        return () ->
        {
            final List<LegalHold> holds = LegalHoldsFile.read(settings.legalHoldsFile(), HOLDS_KEY);
            if (holds.isEmpty())
            {
                return new long[0];
            }
            try (AuditStore store = AuditStore.openExisting(stateDirectory.resolve(AuditStore.FILE_NAME), SqliteFile.Access.READ))
            {
                return new AuditLegalHolds(store, () -> holds).heldInboundRecords();
            }
        };
    }

    /**
     * Starts sampling disk use at once and running the lifecycle every interval.
     *
     * @param stateDirectory the state directory.
     * @param settings       the preset's lifecycle keys.
     * @param diskUse        where disk use is kept for the metrics.
     * @param floor          what recovery may still need.
     * @param flushed        how far the stores committed.
     * @param holds          what legal holds keep.
     * @param audit          the audit log's out-of-band path.
     * @param inAuditLog     whether the audit log has committed a cycle's event ({@link LedgerWitnesses}).
     * @return the running housekeeping.
     */
    static JournalHousekeeping start(
        final Path stateDirectory,
        final JournalLifecycleSettings settings,
        final JournalDiskUse diskUse,
        final RecoveryFloor floor,
        final FlushedPositions flushed,
        final LegalHoldRecords holds,
        final Consumer<AuditDraft> audit,
        final Predicate<LedgerEntry> inAuditLog)
    {
        final JournalLifecycle lifecycle = new JournalLifecycle(stateDirectory, settings.policy(), floor, flushed, holds,
            entry -> witness(entry, audit, inAuditLog));
        final JournalHousekeeping housekeeping = new JournalHousekeeping(lifecycle, diskUse);
        housekeeping.timer.scheduleWithFixedDelay(housekeeping::sampleDiskUse, 0, DISK_SAMPLE_SECONDS, TimeUnit.SECONDS);
        if (settings.action() != LifecycleAction.NONE)
        {
            housekeeping.timer.scheduleWithFixedDelay(housekeeping::runLifecycle, settings.intervalSeconds(),
                settings.intervalSeconds(), TimeUnit.SECONDS);
            LOG.info("journal lifecycle: old cycles are {}d{} after {} (and only once a snapshot covers them, audit and " +
                "dead letters flushed them, and no legal hold keeps them); checked every {} s", settings.actionName(),
                settings.archive() == null ? "" : " to " + settings.archive(), settings.retention(), settings.intervalSeconds());
        }
        return housekeeping;
    }

    /**
     * Runs the lifecycle once now, on the caller's thread (tests and the scheduled run).
     *
     * @return what it did, or null when it failed (logged).
     */
    JournalLifecycle.Outcome runLifecycle()
    {
        try
        {
            final JournalLifecycle.Outcome outcome = lifecycle.runOnce(Instant.now());
            for (final LedgerEntry e : outcome.takenOut())
            {
                LOG.info("journal lifecycle: {} {} {} (records {} to {}, {} bytes, sha256 {}){}", e.action().equals("archive") ?
                    "archived" : "deleted", e.queue(), e.file(), e.firstRecord(), e.endRecord() - 1, e.bytes(), e.sha256(),
                    e.destination() == null ? "" : " to " + e.destination());
            }
            lastFailure = null;
            sampleDiskUse();
            return outcome;
        }
        catch (final RuntimeException ex)
        {
            final String message = ex.getMessage();
            if (!java.util.Objects.equals(message, lastFailure))
            {
                LOG.error("journal lifecycle: this run took nothing more out and is retried at the next interval: {}", message);
                lastFailure = message;
            }
            return null;
        }
    }

    private void sampleDiskUse()
    {
        try
        {
            diskUse.sample();
        }
        catch (final RuntimeException ex)
        {
            LOG.warn("journal disk use not measured: {}", ex.getMessage());
        }
    }

    /**
     * Has a cycle's removal witnessed by the audit log before its file goes: queues its
     * {@link CycleAuditEvent} (unless the audit log holds it already, from a run that stopped before
     * the removal) and waits until the audit log has committed it.
     *
     * @throws JournalException when it is not committed in time; the file then stays and the next run tries again.
     */
    private static void witness(
        final LedgerEntry entry, final Consumer<AuditDraft> audit, final Predicate<LedgerEntry> inAuditLog)
    {
        if (inAuditLog.test(entry))
        {
            return;
        }
        audit.accept(CycleAuditEvent.draft(entry));
        final long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(WITNESS_TIMEOUT_MS);
        while (!inAuditLog.test(entry))
        {
            if (System.nanoTime() - deadline > 0)
            {
                throw new JournalException("the audit log did not commit the " + entry.action() + " of " + entry.queue() +
                    " cycle " + entry.file() + " within " + WITNESS_TIMEOUT_MS / 1000 + " s; the cycle stays in the journal " +
                    "until it has (is the audit log behind or failing? see horizon_audit_* metrics)");
            }
            try
            {
                Thread.sleep(WITNESS_POLL_MS);
            }
            catch (final InterruptedException ex)
            {
                Thread.currentThread().interrupt();
                throw new JournalException("stopped while waiting for the audit log to commit the " + entry.action() + " of " +
                    entry.file() + "; the cycle stays in the journal", ex);
            }
        }
    }

    /**
     * Stops the thread; a run in progress finishes its current step first (each step is safe to cut short).
     */
    void stop()
    {
        timer.shutdown();
        try
        {
            if (!timer.awaitTermination(30, TimeUnit.SECONDS))
            {
                LOG.warn("journal lifecycle still running after 30 s at stop; leaving it (every step is safe to cut short)");
                timer.shutdownNow();
            }
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
            timer.shutdownNow();
        }
    }
}
