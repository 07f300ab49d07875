package io.horizon.journal;

import java.nio.file.Files;
import java.nio.file.Path;

import net.openhft.chronicle.core.time.SystemTimeProvider;
import net.openhft.chronicle.core.time.TimeProvider;
import net.openhft.chronicle.queue.RollCycles;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;
import net.openhft.chronicle.bytes.SyncMode;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueueBuilder;

/**
 * Where a state directory keeps its journal, and how its Chronicle queues are opened.
 * <pre>
 * STATE/journal/inbound/    every inbound event, in ring order   (yyyyMMdd.cq4, one file a UTC day)
 * STATE/journal/outbound/   every BLP output, in output order
 * </pre>
 * Roll cycles are daily and fixed once a queue is created. Stateless; any thread.
 */
public final class JournalDirectory
{
    /** Folder of the journal inside the state directory. */
    public static final String JOURNAL = "journal";
    /** Queue of inbound events. */
    public static final String INBOUND = "inbound";
    /** Queue of outputs. */
    public static final String OUTBOUND = "outbound";

    /**
     * How long a writer waits on a record left half-written by a process that died, before it
     * takes over. Chronicle's default is 10 s; a restart after kill -9 should not wait that long.
     */
    private static final long INCOMPLETE_RECORD_TIMEOUT_MS = 2_000;

    /**
     * Chronicle's sync mode for Horizon's queues: {@code ASYNC} (Chronicle's default; on Linux an
     * {@code msync(MS_ASYNC)}, which waits for nothing). Durability does not come from Chronicle:
     * the inbound journal's syncer ({@code JournalSyncer}) {@code fdatasync}s the whole cycle file,
     * which covers every page Chronicle wrote, and the gateway acts only on what that made durable;
     * the outbound journal is regenerated from the inbound one after a crash, and forced at close.
     * With {@code SYNC} here, Chronicle's background releaser thread also {@code msync(MS_SYNC)}ed
     * every 64 MiB chunk it let go, mid-run: on the outbound queue that wrote up to 64 MiB of dirty
     * pages at once (strace at 100 k events/s: 70-250 ms per chunk on a busy box), which the
     * syncer's next {@code fdatasync} queued behind.
     */
    static final SyncMode CHRONICLE_SYNC = SyncMode.ASYNC;

    private JournalDirectory()
    {
    }

    /**
     * @param stateDirectory the state directory.
     * @return its inbound queue folder.
     */
    public static Path inbound(final Path stateDirectory)
    {
        return stateDirectory.resolve(JOURNAL).resolve(INBOUND);
    }

    /**
     * @param stateDirectory the state directory.
     * @return its outbound queue folder.
     */
    public static Path outbound(final Path stateDirectory)
    {
        return stateDirectory.resolve(JOURNAL).resolve(OUTBOUND);
    }

    /**
     * @return true when the state directory holds an inbound journal.
     */
    public static boolean exists(final Path stateDirectory)
    {
        return Files.isDirectory(inbound(stateDirectory));
    }

    /**
     * Opens a queue for writing, creating it if missing, with Chronicle's own syncs left to the
     * kernel ({@link #CHRONICLE_SYNC}): Horizon makes a queue durable itself (the inbound journal's
     * syncer {@code fdatasync}s the whole cycle file), not through Chronicle.
     */
    public static SingleChronicleQueue openForWriting(final Path queueDirectory)
    {
        return openForWriting(queueDirectory, SystemTimeProvider.INSTANCE, CHRONICLE_SYNC);
    }

    /**
     * Opens a queue for writing whose Chronicle syncs ({@code appender.sync()}, and the sync of each
     * 64 MiB chunk Chronicle releases) behave as {@code syncMode} says; for a writer that syncs
     * through Chronicle ({@code SyncMode.SYNC} makes {@code appender.sync()} wait for the device).
     */
    public static SingleChronicleQueue openForWriting(final Path queueDirectory, final SyncMode syncMode)
    {
        return openForWriting(queueDirectory, SystemTimeProvider.INSTANCE, syncMode);
    }

    /**
     * Opens a queue for writing with a given clock for its roll cycles (tests cross day
     * boundaries this way).
     */
    static SingleChronicleQueue openForWriting(final Path queueDirectory, final TimeProvider clock)
    {
        return openForWriting(queueDirectory, clock, CHRONICLE_SYNC);
    }

    private static SingleChronicleQueue openForWriting(final Path queueDirectory, final TimeProvider clock, final SyncMode syncMode)
    {
        return withCurrentListing(SingleChronicleQueueBuilder.binary(queueDirectory)
            .rollCycle(RollCycles.FAST_DAILY)
            .timeoutMS(INCOMPLETE_RECORD_TIMEOUT_MS)
            .timeProvider(clock)
            .syncMode(syncMode)
            .build());
    }

    /**
     * Opens an existing queue for reading only.
     *
     * @throws JournalException when the folder does not exist.
     */
    public static SingleChronicleQueue openForReading(final Path queueDirectory)
    {
        if (!Files.isDirectory(queueDirectory))
        {
            throw new JournalException("no journal at " + queueDirectory +
                "; pass --state with the state directory of a Horizon that has run");
        }
        return withCurrentListing(SingleChronicleQueueBuilder.binary(queueDirectory)
            .rollCycle(RollCycles.FAST_DAILY)
            .readOnly(true)
            .build());
    }

    /**
     * Chronicle keeps the lowest cycle it has seen in the queue's metadata; once the journal
     * lifecycle has taken the first cycle files out, counting from there fails on a file that is
     * gone. Re-listing the folder makes the queue start at the first file still there.
     */
    private static SingleChronicleQueue withCurrentListing(final SingleChronicleQueue queue)
    {
        try
        {
            queue.refreshDirectoryListing();
            return queue;
        }
        catch (final RuntimeException ex)
        {
            queue.close();
            throw ex;
        }
    }
}
