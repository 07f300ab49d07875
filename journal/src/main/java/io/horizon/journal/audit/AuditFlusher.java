package io.horizon.journal.audit;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;

import io.horizon.engine.event.InboundEvent;
import io.horizon.engine.output.EngineOutput;
import io.horizon.journal.JournalDirectory;
import io.horizon.journal.JournalReader;
import io.horizon.journal.flush.CauseLookup;
import io.horizon.journal.flush.FlushLoop;
import io.horizon.journal.flush.FlusherCounters;
import io.horizon.journal.flush.JournalPosition;
import io.horizon.journal.flush.StoreAlerts;

/**
 * Copies the journal into the audit log, off the hot path, exactly once.
 * <pre>
 * journal/inbound  ─┐                                          ┌─> audit.db (WAL)
 *                   ├─> merge by cause ─> AuditMapping ─> batch ┤   rows + position "journal",
 * journal/outbound ─┘                                          │   one transaction
 *                                                               └─ lag, rows, faults: counters
 * </pre>
 * It reads both journals with its own readers and merges them the way {@code horizon replay}
 * does: an output is mapped once the inbound event that caused it has been read, so a control
 * event comes before the cancels it caused. Batches of up to {@value #MAX_RECORDS} records become
 * one SQLite transaction that also moves the named position {@value #POSITION} to the records
 * consumed; after any crash the flusher seeks both journals to the committed position and
 * continues, so every journal entry becomes its audit events exactly once. Stretches of the
 * journal that produce no events (market data) move the position at most once a second.
 * <p>
 * Events that do not come from the journal ({@code system.start}, {@code system.stop}) are
 * handed in with {@link #record} and go into the next transaction.
 * <p>
 * Threading: {@link #record} from any thread; everything else on the {@link FlushLoop}'s thread.
 */
public final class AuditFlusher implements FlushLoop.Flusher
{
    /** Name of the audit log's journal position. */
    public static final String POSITION = "journal";
    /** Most journal records per transaction. */
    public static final int MAX_RECORDS = 16_384;

    private static final long POSITION_ONLY_COMMIT_NANOS = TimeUnit.SECONDS.toNanos(1);

    private final Path stateDirectory;
    private final AuditStore store;
    private final AuditMapping mapping;
    private final FlusherCounters counters;
    private final Queue<AuditDraft> direct = new ConcurrentLinkedQueue<>();
    private final List<AuditDraft> batch = new ArrayList<>();
    private final InboundEvent event = new InboundEvent();
    private final EngineOutput output = new EngineOutput();
    private JournalReader inbound;
    private JournalReader outbound;
    private CauseLookup causes;
    private boolean hasOutput;
    private JournalPosition committed;
    private long inboundNext;
    private long outboundNext;
    private boolean pending;
    private long lastCommitNanos;

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
        if (inbound == null && !open())
        {
            return false;
        }
        if (!pending)
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
        }
        final JournalPosition target = new JournalPosition(inboundNext, outboundNext);
        final boolean moved = !target.equals(committed);
        if (batch.isEmpty() && !(moved && (finalFlush || System.nanoTime() - lastCommitNanos >= POSITION_ONLY_COMMIT_NANOS)))
        {
            return false;
        }
        pending = true;
        final List<AuditEvent> written = store.appendFromJournal(POSITION, committed, target, batch);
        pending = false;
        counters.written.getAndAddRelease(written.size());
        batch.clear();
        committed = target;
        lastCommitNanos = System.nanoTime();
        return true;
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
        inbound = in;
        outbound = out;
        causes = new CauseLookup(stateDirectory);
        committed = position;
        inboundNext = position.inboundNext();
        outboundNext = position.outboundNext();
        lastCommitNanos = System.nanoTime();
        return true;
    }

    private void drainRecorded()
    {
        for (AuditDraft d; (d = direct.poll()) != null; )
        {
            batch.add(d);
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
            if (!hasOutput)
            {
                hasOutput = outbound.nextOutput(output);
            }
            if (hasOutput && output.causeSequence < inboundNext)
            {
                mapping.output(output, outboundNext, causes, batch);
                outboundNext++;
                hasOutput = false;
                records++;
                continue;
            }
            if (!inbound.nextInbound(event))
            {
                break;
            }
            mapping.inbound(event, inboundNext, batch);
            inboundNext++;
            records++;
        }
        return records;
    }

    @Override
    public long lag()
    {
        if (inbound == null)
        {
            return 0;
        }
        final long flushed = pending || committed == null ? (committed == null ? 0 : committed.records()) : inboundNext + outboundNext;
        return Math.max(0, inbound.entryCount() + outbound.entryCount() - flushed);
    }

    /**
     * @return the journal position committed last, or null before the first read of the store.
     *         Flusher thread (or after the loop stopped).
     */
    public JournalPosition committed()
    {
        return committed;
    }

    @Override
    public void reset()
    {
        store.reconnect();
    }

    @Override
    public void close()
    {
        if (causes != null)
        {
            causes.close();
        }
        if (outbound != null)
        {
            outbound.close();
        }
        if (inbound != null)
        {
            inbound.close();
        }
        inbound = null;
        outbound = null;
    }

    @Override
    public String storeName()
    {
        return "audit";
    }

    @Override
    public Path storeFile()
    {
        return store.path();
    }
}
