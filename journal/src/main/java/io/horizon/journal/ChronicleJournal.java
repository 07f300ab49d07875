package io.horizon.journal;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import io.horizon.engine.event.InboundEvent;
import io.horizon.engine.journal.DurablePosition;
import io.horizon.engine.journal.JournalCodec;
import io.horizon.engine.journal.JournalStage;
import net.openhft.chronicle.core.time.SystemTimeProvider;
import net.openhft.chronicle.core.time.TimeProvider;
import net.openhft.chronicle.queue.ExcerptAppender;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;

/**
 * The inbound journal: a Chronicle Queue that records every inbound event in ring order, in the
 * binary layout of {@link JournalCodec}, before anything it causes can leave the process.
 * <p>
 * The ring sequence is the event's position in the journal (recovery replays the journal into
 * a fresh ring from sequence 0), so the journal checks that every append continues the one
 * before it: a gap or a duplicate is refused with an error rather than written. Events below
 * {@link #eventCount()} at open are already journaled; during recovery their replay is skipped.
 * <p>
 * Durability follows the {@link SyncPolicy}, off the writing thread: {@link #append} only writes
 * to the memory-mapped cycle file and, at the end of a batch, hands "written up to here" to the
 * {@link JournalSyncer}, whose thread makes it durable and publishes it ({@link #durability()}); the
 * venue gateway acts on an event only once it is durable. {@link #onShutdown} syncs everything
 * written before it returns, whatever the policy.
 * <p>
 * Threading: {@link #append}, {@link #endBatch}, {@link #onStart} and {@link #onShutdown} on the
 * journal thread only (the engine thread in the shared mode); {@link #durability()} from any
 * thread; {@link #open} and {@link #close} on the owner thread, before start and after stop.
 */
public final class ChronicleJournal implements JournalStage, AutoCloseable
{
    private final SingleChronicleQueue queue;
    private final SyncPolicy syncPolicy;
    private final long recoveredCount;
    private final MappedRecordWriter writer = new MappedRecordWriter();
    private final JournalSyncer syncer;
    private ExcerptAppender appender;
    private long nextSequence;
    private int cycle = Integer.MIN_VALUE;

    private ChronicleJournal(
        final SingleChronicleQueue queue,
        final SyncPolicy syncPolicy,
        final long syncIntervalMillis,
        final long recoveredCount,
        final JournalSyncer.FileSync fileSync)
    {
        this.queue = queue;
        this.syncPolicy = syncPolicy;
        this.recoveredCount = recoveredCount;
        this.nextSequence = recoveredCount;
        this.syncer = new JournalSyncer(
            syncPolicy, TimeUnit.MILLISECONDS.toNanos(syncIntervalMillis), recoveredCount - 1, fileSync, queue.fileAbsolutePath());
    }

    /**
     * Opens (or creates) the inbound journal of a state directory and reads how many events it
     * holds, checking that the last record is sound.
     *
     * @param stateDirectory     the state directory.
     * @param syncPolicy         when to msync.
     * @param syncIntervalMillis for {@link SyncPolicy#PERIODIC}, > 0.
     * @return the open journal.
     * @throws JournalException when the last record is unreadable.
     */
    public static ChronicleJournal open(final Path stateDirectory, final SyncPolicy syncPolicy, final long syncIntervalMillis)
    {
        return open(stateDirectory, syncPolicy, syncIntervalMillis, SystemTimeProvider.INSTANCE);
    }

    /**
     * As {@link #open(Path, SyncPolicy, long)}, with the clock that decides the daily roll.
     */
    static ChronicleJournal open(
        final Path stateDirectory, final SyncPolicy syncPolicy, final long syncIntervalMillis, final TimeProvider clock)
    {
        return open(stateDirectory, syncPolicy, syncIntervalMillis, clock, JournalSyncer.FileSync.FORCE);
    }

    /**
     * As above, with how the syncer syncs a file (tests hold a sync back or make it fail).
     */
    static ChronicleJournal open(
        final Path stateDirectory,
        final SyncPolicy syncPolicy,
        final long syncIntervalMillis,
        final TimeProvider clock,
        final JournalSyncer.FileSync fileSync)
    {
        if (syncPolicy == SyncPolicy.PERIODIC && syncIntervalMillis <= 0)
        {
            throw new IllegalArgumentException(
                "journal.sync_interval_ms = " + syncIntervalMillis + " is not allowed with the periodic policy; use > 0, e.g. 100");
        }
        final SingleChronicleQueue queue = JournalDirectory.openForWriting(JournalDirectory.inbound(stateDirectory), clock);
        try
        {
            final long count = JournalReader.lastInboundSequence(queue) + 1;
            return new ChronicleJournal(queue, syncPolicy, syncIntervalMillis, count, fileSync);
        }
        catch (final RuntimeException ex)
        {
            queue.close();
            throw ex;
        }
    }

    /**
     * @return events the journal held when it was opened: the ones recovery replays.
     */
    public long eventCount()
    {
        return recoveredCount;
    }

    @Override
    public DurablePosition durability()
    {
        return syncer;
    }

    /**
     * Observes every sync of this journal from now on: which events each made durable, and when
     * (diagnostics, e.g. the latency harness's breakdown). Owner thread, before {@link #onStart}.
     */
    public void syncTimings(final SyncTimings timings)
    {
        syncer.timings(timings);
    }

    @Override
    public void onStart()
    {
        appender = queue.createAppender();
        syncer.start();
    }

    @Override
    public boolean append(final InboundEvent event, final long sequence, final boolean endOfBatch)
    {
        if (sequence < recoveredCount)
        {
            // Recovery is replaying what is already here.
            return false;
        }
        if (sequence != nextSequence)
        {
            throw new JournalException("journal " + queue.fileAbsolutePath() + " expected event " + nextSequence +
                " but was given " + sequence + "; refusing to write a gap or a duplicate");
        }
        if (appender == null)
        {
            onStart();
        }
        writer.appendInbound(appender, event, sequence);
        final int written = appender.cycle();
        if (written != cycle)
        {
            // The daily roll (or the first record): the syncer learns the file before any sequence in it.
            cycle = written;
            syncer.rolledTo(appender.currentFile());
        }
        nextSequence++;
        if (endOfBatch)
        {
            syncer.written(sequence);
        }
        return true;
    }

    @Override
    public void endBatch()
    {
        if (nextSequence > recoveredCount)
        {
            syncer.written(nextSequence - 1);
        }
    }

    /**
     * Stops the syncer and syncs everything written, on this thread, before returning; a sync that
     * fails is reported through {@link #durability()} (effects stay held back), never ignored.
     */
    @Override
    public void onShutdown()
    {
        syncer.drain(nextSequence - 1);
        if (appender != null)
        {
            appender.close();
            appender = null;
        }
    }

    @Override
    public void close()
    {
        // Owner thread, after the journal thread is done: a journal closed without onShutdown is still synced.
        syncer.drain(nextSequence - 1);
        queue.close();
    }

    @Override
    public String toString()
    {
        return "chronicle(" + queue.fileAbsolutePath() + ", sync=" + syncPolicy.configName() + ")";
    }
}
