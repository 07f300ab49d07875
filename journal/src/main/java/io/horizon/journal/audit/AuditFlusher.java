package io.horizon.journal.audit;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import io.horizon.journal.CauseOrderedCursor;
import io.horizon.journal.JournalDirectory;
import io.horizon.journal.JournalReader;
import io.horizon.journal.flush.CauseLookup;
import io.horizon.journal.flush.FlushLoop;
import io.horizon.journal.flush.FlusherCounters;
import io.horizon.journal.flush.JournalPosition;
import io.horizon.journal.flush.StoreAlerts;
import io.horizon.journal.sqlite.StoreException;

/**
 * Copies the journal into the audit log, off the hot path, exactly once.
 * <pre>
 * journal/inbound  ─┐   (CauseOrderedCursor)                    flusher thread
 *                   ├─> merge by cause ─> AuditMapping ─> seal ─> batch N+1
 * journal/outbound ─┘                                                 │ handed on when N committed
 *                                              writer thread          v
 *                   audit.db (WAL) <── batch N: rows + position "journal", one transaction
 * </pre>
 * It reads both journals with its own readers and merges them the way {@code horizon replay}
 * does: an output is mapped once the inbound event that caused it has been read, so a control
 * event comes before the cancels it caused. Batches of up to {@value #MAX_RECORDS} records become
 * one SQLite transaction that also moves the named position {@value #POSITION} to the records
 * consumed; after any crash the flusher seeks both journals to the committed position and
 * continues, so every journal entry becomes its audit events exactly once. Stretches of the
 * journal that produce no events (market data) move the position at most once a second.
 * <p>
 * <b>Two threads, one batch in flight.</b> The flusher thread reads, maps and seals (event ids,
 * sequences, hashes: {@link AuditChainSealer}) the next batch while a writer thread
 * ({@code horizon-audit-writer}) inserts and commits the one before; a batch is handed to the
 * writer only after the one before it committed, and from the position that commit stored, so the
 * order of commits and the exactly-once rule are what they are on one thread. A batch is sealed
 * after the chain end its predecessor will leave; if another writer (a CLI tool) appended in
 * between, the store rechains it inside the transaction ({@link AuditStore#appendSealedFromJournal})
 * and the flusher continues from the real end. A failed commit keeps its batch, which is handed on
 * again, unchanged, after the {@link FlushLoop}'s back-off.
 * <p>
 * <b>Durability.</b> The store commits with {@code synchronous=NORMAL} in WAL mode
 * ({@link AuditStore#forFlusher(Path)}): a crash of Horizon loses no commit; a crash of the host
 * can lose the last commits together with the position they moved, and the flusher then copies
 * those journal records again. The journal keeps every record, so the audit log can always be
 * rebuilt from it.
 * <p>
 * Events that do not come from the journal ({@code system.start}, {@code system.stop}) are
 * handed in with {@link #record} and go into the next batch.
 * <p>
 * Threading: {@link #record} from any thread; everything else on the {@link FlushLoop}'s thread
 * (the writer thread is this class's own).
 */
public final class AuditFlusher implements FlushLoop.Flusher
{
    /** Name of the audit log's journal position. */
    public static final String POSITION = "journal";
    /** Most journal records per transaction. */
    public static final int MAX_RECORDS = 16_384;

    private static final long POSITION_ONLY_COMMIT_NANOS = TimeUnit.SECONDS.toNanos(1);

    /**
     * Read and sealed journal records, and the position after them.
     *
     * @param target      the journal position after the records.
     * @param events      their events, sealed after {@code sealedAfter}.
     * @param sealedAfter the chain end the events follow.
     */
    private record Batch(JournalPosition target, List<AuditEvent> events, ChainLink sealedAfter)
    {
        ChainLink end()
        {
            return AuditChainSealer.end(events, sealedAfter);
        }
    }

    private final Path stateDirectory;
    private final AuditStore store;
    private final AuditMapping mapping;
    private final FlusherCounters counters;
    private final Queue<AuditDraft> direct = new ConcurrentLinkedQueue<>();
    private final List<AuditDraft> drafts = new ArrayList<>();
    private final AuditChainSealer sealer = new AuditChainSealer();
    private CauseOrderedCursor journal;
    private CauseLookup causes;
    private ExecutorService writer;
    /** What the store holds. */
    private volatile JournalPosition committed;
    /** Where the last batch made so far ends. */
    private JournalPosition handedOn;
    /** Where the chain will end once every batch made so far is committed. */
    private ChainLink chainEnd;
    /** Sealed, waiting for the batch in flight to commit. */
    private Batch ready;
    /** Handed to the writer (or failed there and to be handed on again); not yet committed. */
    private Batch inFlight;
    private Future<List<AuditEvent>> writing;
    /** The batch in flight failed to commit last time. */
    private boolean retrying;
    private long lastBatchNanos;
    /** The chain's end as of the last commit this flusher made (or read at open), for anchors. */
    private volatile ChainLink committedHead;

    /**
     * @param stateDirectory where the journal is.
     * @param store          the audit log.
     * @param mapping        journal entries to events.
     * @param counters       rows, lag and faults.
     */
    public AuditFlusher(
        final Path stateDirectory, final AuditStore store, final AuditMapping mapping, final FlusherCounters counters)
    {
        this.stateDirectory = stateDirectory;
        this.store = store;
        this.mapping = mapping;
        this.counters = counters;
    }

    /**
     * Starts a flusher on its own thread.
     *
     * @return the running loop; stop it with {@link FlushLoop#stop}.
     */
    public FlushLoop start(final StoreAlerts alerts)
    {
        return new FlushLoop(this, counters, alerts, "horizon-audit-flusher").start();
    }

    /**
     * Queues an event that does not come from the journal. It is written with the next batch,
     * ahead of the journal entries read for it; during the final flush ({@link FlushLoop#stop}),
     * after the journal's last entry. Give it a timestamp when it should carry the time it was
     * recorded rather than the time it was committed. Any thread.
     *
     * @param draft the event.
     */
    public void record(final AuditDraft draft)
    {
        direct.add(draft);
    }

    @Override
    public boolean flushOnce(final boolean finalFlush) throws SQLException
    {
        if (journal == null && !open())
        {
            return false;
        }
        if (ready == null && (inFlight == null || writing != null))
        {
            // While the writer commits the batch in flight, this thread makes the next one; after a
            // failed commit it reads no further until that batch is in.
            ready = nextBatch(finalFlush);
        }
        boolean progressed = false;
        if (writing != null)
        {
            awaitCommit();
            progressed = true;
        }
        if (inFlight == null && ready != null)
        {
            inFlight = ready;
            ready = null;
        }
        if (inFlight != null)
        {
            final boolean retry = retrying;
            handOn(inFlight);
            if (retry)
            {
                // A retry after a fault is waited for here, so that returning means the store is
                // writable again (the loop's "recovered" alert) and a fault stays one episode.
                awaitCommit();
            }
            progressed = true;
        }
        return progressed;
    }

    /**
     * @return false while the daemon has not created the journal yet.
     */
    private boolean open() throws SQLException
    {
        if (!Files.isDirectory(JournalDirectory.inbound(stateDirectory)) ||
            !Files.isDirectory(JournalDirectory.outbound(stateDirectory)))
        {
            return false;
        }
        final JournalPosition position = store.position(POSITION);
        final ChainLink tail = store.tail();
        final JournalReader in = JournalReader.inbound(stateDirectory);
        final JournalReader out;
        try
        {
            out = JournalReader.outbound(stateDirectory);
            in.seek(position.inboundNext());
            out.seek(position.outboundNext());
        }
        catch (final RuntimeException ex)
        {
            in.close();
            throw ex;
        }
        journal = new CauseOrderedCursor(in, out, position.inboundNext(), position.outboundNext());
        causes = new CauseLookup(stateDirectory);
        committed = position;
        handedOn = position;
        chainEnd = tail;
        committedHead = tail;
        lastBatchNanos = System.nanoTime();
        return true;
    }

    /**
     * Reads what the journal holds now, up to a batch, and seals its events.
     *
     * @return the batch; null when there is nothing to commit yet.
     */
    private Batch nextBatch(final boolean finalFlush)
    {
        // Events recorded while running (system.start) go before what the journal holds next;
        // events recorded for the final flush (system.stop) go after the journal's last entry.
        if (!finalFlush)
        {
            drainRecorded();
        }
        final int consumed = read();
        if (finalFlush && consumed < MAX_RECORDS)
        {
            drainRecorded();
        }
        final JournalPosition target = new JournalPosition(journal.inboundNext(), journal.outboundNext());
        final boolean moved = !target.equals(handedOn);
        final long now = System.nanoTime();
        if (drafts.isEmpty() && !(moved && (finalFlush || now - lastBatchNanos >= POSITION_ONLY_COMMIT_NANOS)))
        {
            return null;
        }
        final Batch batch = new Batch(target, sealer.seal(drafts, chainEnd), chainEnd);
        drafts.clear();
        chainEnd = batch.end();
        handedOn = target;
        lastBatchNanos = now;
        return batch;
    }

    private void handOn(final Batch batch)
    {
        if (writer == null)
        {
            writer = Executors.newSingleThreadExecutor(r ->
            {
                final Thread thread = new Thread(r, "horizon-audit-writer");
                thread.setDaemon(true);
                return thread;
            });
        }
        final JournalPosition from = committed;
        writing = writer.submit(() ->
        {
            final List<AuditEvent> written =
                store.appendSealedFromJournal(POSITION, from, batch.target(), batch.events(), batch.sealedAfter());
            // Counted as soon as committed, not when this thread next looks.
            counters.written.getAndAddRelease(written.size());
            return written;
        });
    }

    /**
     * Waits for the batch in flight. On success the position moves; on a fault the batch stays in
     * flight, to be handed on again, and the fault is thrown for the loop's back-off.
     */
    private void awaitCommit() throws SQLException
    {
        final List<AuditEvent> written;
        try
        {
            written = uninterruptibly(writing);
        }
        catch (final ExecutionException ex)
        {
            writing = null;
            retrying = true;
            final Throwable cause = ex.getCause();
            if (cause instanceof SQLException)
            {
                throw (SQLException)cause;
            }
            if (cause instanceof RuntimeException)
            {
                throw (RuntimeException)cause;
            }
            if (cause instanceof Error)
            {
                throw (Error)cause;
            }
            throw new StoreException("audit writer failed: " + cause, cause);
        }
        writing = null;
        retrying = false;
        final Batch done = inFlight;
        inFlight = null;
        committed = done.target();
        final ChainLink end = AuditChainSealer.end(written, done.end());
        committedHead = end;
        if (!end.equals(done.end()))
        {
            // Another writer appended before this batch, so the store rechained it; so must the
            // next batch be, from the chain's real end.
            if (ready != null)
            {
                ready = new Batch(ready.target(), sealer.rechain(ready.events(), end), end);
                chainEnd = ready.end();
            }
            else
            {
                chainEnd = end;
            }
        }
    }

    private static <T> T uninterruptibly(final Future<T> future) throws ExecutionException
    {
        boolean interrupted = false;
        try
        {
            while (true)
            {
                try
                {
                    return future.get();
                }
                catch (final InterruptedException ex)
                {
                    interrupted = true;
                }
            }
        }
        finally
        {
            if (interrupted)
            {
                Thread.currentThread().interrupt();
            }
        }
    }

    private void drainRecorded()
    {
        for (AuditDraft d; (d = direct.poll()) != null; )
        {
            drafts.add(d);
        }
    }

    /**
     * Reads up to a batch: each output once its cause is read, inbound events as they come.
     *
     * @return records consumed; fewer than {@link #MAX_RECORDS} means the journal's end was reached.
     */
    private int read()
    {
        int records = 0;
        while (records < MAX_RECORDS)
        {
            final CauseOrderedCursor.Entry entry = journal.next();
            if (entry == CauseOrderedCursor.Entry.OUTPUT)
            {
                mapping.output(journal.output(), journal.outboundNext() - 1, causes, drafts);
            }
            else if (entry == CauseOrderedCursor.Entry.INBOUND)
            {
                mapping.inbound(journal.event(), journal.inboundNext() - 1, drafts);
            }
            else
            {
                break;
            }
            records++;
        }
        return records;
    }

    @Override
    public long lag()
    {
        if (journal == null)
        {
            return 0;
        }
        // With no batch waiting, what was read and not handed on produced no events: it counts
        // as flushed, as it will be committed with the next batch without further work.
        final boolean waiting = ready != null || inFlight != null;
        final long flushed = waiting ? committed.records() : journal.inboundNext() + journal.outboundNext();
        return Math.max(0, journal.inbound().entryCount() + journal.outbound().entryCount() - flushed);
    }

    /**
     * @return the journal position committed last, or null before the first read of the store.
     *         Any thread (the journal lifecycle reads it).
     */
    public JournalPosition committed()
    {
        return committed;
    }

    /**
     * @return the last event of the chain as this flusher committed it (what anchors sign: the
     *         daemon's own view, not the file's), or null before the store was first opened. Any thread.
     */
    public ChainLink committedHead()
    {
        return committedHead;
    }

    @Override
    public void reset()
    {
        store.reconnect();
    }

    @Override
    public void close()
    {
        if (writing != null)
        {
            try
            {
                uninterruptibly(writing);
            }
            catch (final ExecutionException ex)
            {
                // Not committed: the next start copies those journal records again.
            }
            writing = null;
        }
        if (writer != null)
        {
            writer.shutdown();
            writer = null;
        }
        if (causes != null)
        {
            causes.close();
        }
        if (journal != null)
        {
            journal.close();
        }
        journal = null;
    }

    @Override
    public String storeName()
    {
        return "audit";
    }

    @Override
    public String storeLocation()
    {
        return store.location();
    }
}
