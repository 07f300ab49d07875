package io.horizon.ops.daemon;

import java.nio.file.Path;
import java.sql.SQLException;
import java.util.List;

import io.horizon.engine.counter.EngineCounters;
import io.horizon.engine.pipeline.EnginePipeline;
import io.horizon.engine.reference.ReferenceData;
import io.horizon.engine.venue.VenueRoutes;
import io.horizon.journal.audit.AuditCategory;
import io.horizon.journal.audit.AuditDraft;
import io.horizon.journal.audit.AuditFlusher;
import io.horizon.journal.audit.AuditMapping;
import io.horizon.journal.audit.AuditSeverity;
import io.horizon.journal.audit.AuditStore;
import io.horizon.journal.audit.AuditTime;
import io.horizon.journal.dlq.DlqEntry;
import io.horizon.journal.dlq.DlqFlusher;
import io.horizon.journal.dlq.DlqStore;
import io.horizon.journal.dlq.DlqTriage;
import io.horizon.journal.dlq.PipelineResubmitter;
import io.horizon.journal.flush.FlushLoop;
import io.horizon.journal.flush.JournalPosition;
import io.horizon.journal.flush.FlusherCounters;
import io.horizon.journal.flush.StoreAlerts;
import io.horizon.journal.json.JsonObjectWriter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running daemon's audit log and dead-letter queue: the two flushers that copy the journal into
 * {@code STATE/audit.db} and {@code STATE/dlq.db} on their own threads, their counters in the
 * counters file, the daemon's own {@code system.start} and {@code system.stop} events, and the
 * in-process redrive a control channel can call.
 * <p>
 * Start after recovery (the journal then holds everything the engine rebuilt from); stop after the
 * pipeline drained, which flushes both stores to the journal's end.
 * <p>
 * Threading: {@link #start} and {@link #stop} from the daemon's owner thread; {@link #redrive}
 * from any thread.
 */
public final class AuditAndDeadLetters
{
    private static final Logger LOG = LoggerFactory.getLogger(AuditAndDeadLetters.class);
    private static final long FINAL_FLUSH_TIMEOUT_MS = 10_000;

    private final AuditBackend backend;
    private final AuditFlusher auditFlusher;
    private final DlqFlusher dlqFlusher;
    private final FlushLoop auditLoop;
    private final FlushLoop dlqLoop;
    private final AuditStore auditStore;
    private final DlqStore dlqStore;
    private final PipelineResubmitter resubmitter;
    private final EnginePipeline pipeline;
    private boolean stopped;

    private AuditAndDeadLetters(
        final AuditBackend backend,
        final AuditFlusher auditFlusher,
        final DlqFlusher dlqFlusher,
        final FlushLoop auditLoop,
        final FlushLoop dlqLoop,
        final AuditStore auditStore,
        final DlqStore dlqStore,
        final PipelineResubmitter resubmitter,
        final EnginePipeline pipeline)
    {
        this.backend = backend;
        this.auditFlusher = auditFlusher;
        this.dlqFlusher = dlqFlusher;
        this.auditLoop = auditLoop;
        this.dlqLoop = dlqLoop;
        this.auditStore = auditStore;
        this.dlqStore = dlqStore;
        this.resubmitter = resubmitter;
        this.pipeline = pipeline;
    }

    /**
     * The daemon's own events are stamped on the engine clock, as everything else the run writes:
     * the wall clock live, the data's time on a recorded source (the row's {@code recorded_at}
     * keeps the wall time).
     */
    private static long engineTimeNanos(final EnginePipeline pipeline)
    {
        return "recorded".equals(pipeline.clockName()) ? pipeline.clock().nanoTime() : AuditTime.nowNanos();
    }

    /**
     * Allocates the counters, starts both flushers and records {@code system.start}. A store that
     * cannot be opened is a fault the flusher waits out; it never stops the daemon.
     *
     * @param stateDirectory the locked state directory.
     * @param auditStore     the live audit store ({@link AuditBackend}): SQLite or PostgreSQL.
     * @param backend        where the dead-letter queue is, the same backend.
     * @param referenceData  account and instrument names.
     * @param venues         which venue each order goes to (rows name each order's own).
     * @param strategyNames  strategy names by id.
     * @param pipeline       the running pipeline (redrives go through its order entry).
     * @param counters       the counters file's counters.
     * @param alerts         where store faults are raised.
     * @param startDetail    what started, for the {@code system.start} event.
     * @return the running flushers.
     */
    public static AuditAndDeadLetters start(
        final Path stateDirectory,
        final AuditStore auditStore,
        final AuditBackend backend,
        final ReferenceData referenceData,
        final VenueRoutes venues,
        final List<String> strategyNames,
        final EnginePipeline pipeline,
        final EngineCounters counters,
        final StoreAlerts alerts,
        final String startDetail)
    {
        final DlqStore dlqStore = backend.openDlqForFlusher();
        createNow(auditStore, dlqStore);
        final AuditFlusher auditFlusher = new AuditFlusher(stateDirectory, auditStore,
            new AuditMapping(referenceData, venues, strategyNames), FlusherCounters.audit(counters));
        final DlqFlusher dlqFlusher = new DlqFlusher(stateDirectory, dlqStore, referenceData, venues, strategyNames,
            FlusherCounters.deadLetters(counters), DlqFlusher.depthGauge(counters));
        auditFlusher.record(AuditDraft.of(AuditCategory.SYSTEM_START, AuditSeverity.INFO)
            .timestampNanos(engineTimeNanos(pipeline))
            .message("Horizon started: " + startDetail)
            .payload(new JsonObjectWriter().begin()
                .field("state", stateDirectory.toString())
                .field("pid", ProcessHandle.current().pid())
                .finish()));
        final FlushLoop auditLoop = auditFlusher.start(alerts);
        final FlushLoop dlqLoop = dlqFlusher.start(alerts);
        LOG.info("audit log {} and dead-letter queue {} follow the journal", auditStore.location(), dlqStore.location());
        return new AuditAndDeadLetters(backend, auditFlusher, dlqFlusher, auditLoop, dlqLoop, auditStore, dlqStore,
            new PipelineResubmitter(pipeline.orderEntry(), referenceData), pipeline);
    }

    /**
     * Creates (or opens) both stores before the daemon says it runs, so a tool started right after
     * ({@code horizon secrets check}, {@code horizon dlq list}) never finds a file SQLite has made
     * but the flusher has not yet given its tables. Best effort: a store that cannot be opened now
     * is a fault its flusher waits out.
     */
    private static void createNow(final AuditStore auditStore, final DlqStore dlqStore)
    {
        try
        {
            auditStore.tail();
        }
        catch (final RuntimeException ex)
        {
            LOG.warn("audit log not open yet ({}); its flusher keeps trying", ex.getMessage());
        }
        try
        {
            dlqStore.depth();
        }
        catch (final SQLException | RuntimeException ex)
        {
            LOG.warn("dead-letter queue not open yet ({}); its flusher keeps trying", ex.getMessage());
        }
    }

    /**
     * Sends a dead letter again through the pipeline's order entry and audits it: what the
     * control channel calls for {@code horizon dlq redrive}. Any thread.
     *
     * @param dlqId the entry.
     * @param actor who asked, e.g. {@code user:alice}.
     * @return the entry as it now stands.
     */
    public DlqEntry redrive(final String dlqId, final String actor)
    {
        try (DlqStore store = backend.openDlqNow())
        {
            return new DlqTriage(store, auditFlusher::record).redrive(dlqId, actor, resubmitter);
        }
    }

    /**
     * @return the live audit store the flusher writes.
     */
    public AuditStore auditStore()
    {
        return auditStore;
    }

    /**
     * @return the audit chain's last event as the flusher committed it, or null before the store
     *         opened. Any thread.
     */
    public io.horizon.journal.audit.ChainLink auditHead()
    {
        return auditFlusher.committedHead();
    }

    /**
     * How far both stores have committed the journal, for the journal lifecycle: the audit log's
     * inbound position, and the lower of its outbound position and the dead-letter queue's.
     * {@link JournalPosition#START} until both have read their stores. Any thread.
     *
     * @return the position every store is past.
     */
    public JournalPosition flushedByAll()
    {
        final JournalPosition audit = auditFlusher.committed();
        final long deadLetters = dlqFlusher.committed();
        if (audit == null || deadLetters < 0)
        {
            return JournalPosition.START;
        }
        return new JournalPosition(audit.inboundNext(), Math.min(audit.outboundNext(), deadLetters));
    }

    /**
     * Queues an event that does not come from the journal ({@code secret.access}) for the audit
     * log's next batch. Any thread.
     *
     * @param draft the event; give it the time it happened.
     */
    public void record(final AuditDraft draft)
    {
        auditFlusher.record(draft);
    }

    /**
     * Records {@code system.stop}, flushes both stores to the journal's end and stops. Call after
     * the pipeline drained. Idempotent.
     *
     * @param stopDetail what happened during the run, for the {@code system.stop} event.
     */
    public synchronized void stop(final String stopDetail)
    {
        if (stopped)
        {
            return;
        }
        stopped = true;
        auditFlusher.record(AuditDraft.of(AuditCategory.SYSTEM_STOP, AuditSeverity.INFO)
            .timestampNanos(engineTimeNanos(pipeline))
            .message("Horizon stopped: " + stopDetail));
        final boolean audit = auditLoop.stop(FINAL_FLUSH_TIMEOUT_MS);
        final boolean dlq = dlqLoop.stop(FINAL_FLUSH_TIMEOUT_MS);
        if (!audit || !dlq)
        {
            LOG.warn("{} behind the journal at shutdown; the rest is flushed on the next start",
                !audit && !dlq ? "audit log and dead-letter queue are" : !audit ? "audit log is" : "dead-letter queue is");
        }
        auditStore.close();
        dlqStore.close();
    }
}
