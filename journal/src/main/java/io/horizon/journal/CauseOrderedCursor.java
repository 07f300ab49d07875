package io.horizon.journal;

import io.horizon.engine.event.InboundEvent;
import io.horizon.engine.output.EngineOutput;

/**
 * Reads the inbound and outbound journals as one sequence, merged by cause: each output comes
 * right after the inbound event that caused it ({@link EngineOutput#causeSequence}), never
 * before, so a control event comes before the cancels it caused. The incident timeline
 * ({@link JournalTimeline}) and the audit flusher read the journal through this one merge.
 * <p>
 * Positions are journal records: {@link #inboundNext()} and {@link #outboundNext()} are the
 * records of each queue consumed so far (the indexes of the next ones), from where the readers
 * were placed. Without an outbound reader only inbound events come back; one can be
 * {@link #attachOutbound attached} later (a follower that started before the daemon created its
 * outbound queue).
 * <p>
 * Allocation-free per record. Threading: one thread.
 */
public final class CauseOrderedCursor implements AutoCloseable
{
    /** What {@link #next()} found. */
    public enum Entry
    {
        /** {@link #event()} holds the next inbound event. */
        INBOUND,
        /** {@link #output()} holds an output whose cause has been read. */
        OUTPUT,
        /** Nothing more is journaled now. */
        END
    }

    private final JournalReader inbound;
    private JournalReader outbound;
    private final InboundEvent event = new InboundEvent();
    private final EngineOutput output = new EngineOutput();
    private boolean hasOutput;
    private long inboundNext;
    private long outboundNext;

    /**
     * @param inbound      the inbound reader, placed at record {@code inboundNext}.
     * @param outbound     the outbound reader, placed at record {@code outboundNext}; or null.
     * @param inboundNext  the inbound record the reader is at.
     * @param outboundNext the outbound record the reader is at.
     */
    public CauseOrderedCursor(
        final JournalReader inbound, final JournalReader outbound, final long inboundNext, final long outboundNext)
    {
        this.inbound = inbound;
        this.outbound = outbound;
        this.inboundNext = inboundNext;
        this.outboundNext = outboundNext;
    }

    /**
     * Reads the next entry: a pending output once its cause has been read, else the next inbound event.
     *
     * @return what was read.
     * @throws JournalException on a damaged record.
     */
    public Entry next()
    {
        if (outbound != null)
        {
            if (!hasOutput)
            {
                hasOutput = outbound.nextOutput(output);
            }
            if (hasOutput && output.causeSequence < inboundNext)
            {
                hasOutput = false;
                outboundNext++;
                return Entry.OUTPUT;
            }
        }
        if (inbound.nextInbound(event))
        {
            inboundNext++;
            return Entry.INBOUND;
        }
        return Entry.END;
    }

    /**
     * Starts merging outputs in, for a cursor opened without an outbound reader.
     *
     * @param reader the outbound reader, at its first record.
     */
    public void attachOutbound(final JournalReader reader)
    {
        if (outbound != null)
        {
            throw new IllegalStateException("the outbound journal is already attached");
        }
        outbound = reader;
    }

    /**
     * @return true when outputs are merged in.
     */
    public boolean hasOutbound()
    {
        return outbound != null;
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
     * @return inbound records consumed: the journal sequence of the next inbound event.
     */
    public long inboundNext()
    {
        return inboundNext;
    }

    /**
     * @return outbound records consumed: the index of the next output.
     */
    public long outboundNext()
    {
        return outboundNext;
    }

    /**
     * @return the inbound reader (for entry counts and thread hand-over).
     */
    public JournalReader inbound()
    {
        return inbound;
    }

    /**
     * @return the outbound reader, or null.
     */
    public JournalReader outbound()
    {
        return outbound;
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
