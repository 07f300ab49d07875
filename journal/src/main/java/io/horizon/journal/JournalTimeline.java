package io.horizon.journal;

import java.nio.file.Files;
import java.nio.file.Path;

import io.horizon.engine.event.InboundEvent;
import io.horizon.engine.output.EngineOutput;

/**
 * The journal as one timeline for people reviewing an incident: each inbound event, followed by
 * the outputs the BLP produced for it (merged by cause, {@link CauseOrderedCursor}). Reads both
 * queues from the start; in follow mode it waits at the end for more instead of stopping.
 * <p>
 * Threading: one thread.
 */
public final class JournalTimeline implements AutoCloseable
{
    /** What {@link #next()} found. */
    public enum Entry
    {
        /** {@link #event()} holds an inbound event. */
        INBOUND,
        /** {@link #output()} holds an output of the last inbound event. */
        OUTPUT,
        /** Nothing more is journaled now. */
        END
    }

    private final Path stateDirectory;
    private final boolean withOutputs;
    private final CauseOrderedCursor cursor;

    private JournalTimeline(final Path stateDirectory, final boolean withOutputs, final CauseOrderedCursor cursor)
    {
        this.stateDirectory = stateDirectory;
        this.withOutputs = withOutputs;
        this.cursor = cursor;
    }

    /**
     * @param stateDirectory the state directory.
     * @param withOutputs    false for inbound events only.
     * @return the timeline.
     * @throws JournalException when there is no journal.
     */
    public static JournalTimeline open(final Path stateDirectory, final boolean withOutputs)
    {
        final JournalReader in = JournalReader.inbound(stateDirectory);
        final JournalReader out = withOutputs && Files.isDirectory(JournalDirectory.outbound(stateDirectory)) ?
            JournalReader.outbound(stateDirectory) : null;
        return new JournalTimeline(stateDirectory, withOutputs, new CauseOrderedCursor(in, out, 0, 0));
    }

    /**
     * Reads the next entry.
     *
     * @return what was read.
     * @throws JournalException on a damaged record.
     */
    public Entry next()
    {
        switch (cursor.next())
        {
            case OUTPUT:
                return Entry.OUTPUT;
            case INBOUND:
                return Entry.INBOUND;
            default:
                if (!cursor.hasOutbound() && withOutputs && Files.isDirectory(JournalDirectory.outbound(stateDirectory)))
                {
                    // Followed from before the daemon created its outbound queue.
                    cursor.attachOutbound(JournalReader.outbound(stateDirectory));
                }
                return Entry.END;
        }
    }

    /**
     * @return the inbound event last read; valid until the next call.
     */
    public InboundEvent event()
    {
        return cursor.event();
    }

    /**
     * @return the output last read; valid until the next call.
     */
    public EngineOutput output()
    {
        return cursor.output();
    }

    /**
     * @return the journal sequence of the last inbound event read.
     */
    public long sequence()
    {
        return cursor.inboundNext() - 1;
    }

    /**
     * @return records read from both queues.
     */
    public long recordsRead()
    {
        final JournalReader out = cursor.outbound();
        return cursor.inbound().recordsRead() + (out == null ? 0 : out.recordsRead());
    }

    @Override
    public void close()
    {
        cursor.close();
    }
}
