package io.horizon.journal;

import java.nio.file.Files;
import java.nio.file.Path;

import io.horizon.engine.event.InboundEvent;
import io.horizon.engine.output.EngineOutput;

/**
 * The journal as one timeline for people reviewing an incident: each inbound event, followed by
 * the outputs the BLP produced for it. Reads both queues from the start; in follow mode it waits
 * at the end for more instead of stopping.
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
    private final JournalReader inbound;
    private JournalReader outbound;
    private final InboundEvent event = new InboundEvent();
    private final EngineOutput output = new EngineOutput();
    private final EngineOutput pending = new EngineOutput();
    private boolean hasPending;
    private long lastSequence = -1;

    private JournalTimeline(
        final Path stateDirectory, final boolean withOutputs, final JournalReader inbound, final JournalReader outbound)
    {
        this.stateDirectory = stateDirectory;
        this.withOutputs = withOutputs;
        this.inbound = inbound;
        this.outbound = outbound;
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
        return new JournalTimeline(stateDirectory, withOutputs, in, out);
    }

    /**
     * Reads the next entry.
     *
     * @return what was read.
     * @throws JournalException on a damaged record.
     */
    public Entry next()
    {
        if (outbound != null)
        {
            if (!hasPending)
            {
                hasPending = outbound.nextOutput(pending);
            }
            if (hasPending && pending.causeSequence <= lastSequence)
            {
                output.copyFrom(pending);
                hasPending = false;
                return Entry.OUTPUT;
            }
        }
        if (inbound.nextInbound(event))
        {
            lastSequence++;
            return Entry.INBOUND;
        }
        if (outbound == null && withOutputs && Files.isDirectory(JournalDirectory.outbound(stateDirectory)))
        {
            // Followed from before the daemon created its outbound queue.
            outbound = JournalReader.outbound(stateDirectory);
        }
        return Entry.END;
    }

    /**
     * @return the inbound event last read; valid until the next call.
     */
    public InboundEvent event()
    {
        return event;
    }

    /**
     * @return the output last read; valid until the next call.
     */
    public EngineOutput output()
    {
        return output;
    }

    /**
     * @return the journal sequence of the last inbound event read.
     */
    public long sequence()
    {
        return lastSequence;
    }

    /**
     * @return records read from both queues.
     */
    public long recordsRead()
    {
        return inbound.recordsRead() + (outbound == null ? 0 : outbound.recordsRead());
    }

    @Override
    public void close()
    {
        inbound.close();
        if (outbound != null)
        {
            outbound.close();
        }
    }
}
