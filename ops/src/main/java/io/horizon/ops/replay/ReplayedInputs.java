package io.horizon.ops.replay;

import java.util.concurrent.ConcurrentLinkedQueue;

import io.horizon.engine.event.InboundEvent;
import io.horizon.engine.journal.JournalStage;

/**
 * The journal slot of a what-if engine: it writes nothing, and remembers which journaled input
 * each event of the re-run's ring came from, so that a decision can be matched between two
 * re-runs by the input that caused it. Ring sequences cannot be compared: the paper venue's
 * answers take ring slots too, and they differ as soon as the two presets decide differently.
 * An answer of the venue is attributed to the input the engine last received (the re-run is
 * lock-step, so the venue answers an input before the next one goes in).
 * <p>
 * Threading: {@link #willPublish} on the thread that publishes the journal's inputs, before each
 * one; {@link #append} on the engine's journal thread; the look-ups on the gateway thread, which
 * runs behind the journal stage (the ring's sequence barrier makes what {@link #append} wrote for
 * a sequence visible to it), for a cause no older than the ring's size.
 */
final class ReplayedInputs implements JournalStage
{
    private final ConcurrentLinkedQueue<Long> pending = new ConcurrentLinkedQueue<>();
    private final int mask;
    private final long[] journalSequence;
    private final boolean[] venueAnswer;
    private long lastInput = -1;

    /**
     * @param ringSize the what-if engine's inbound ring size, a power of two.
     */
    ReplayedInputs(final int ringSize)
    {
        if (Integer.bitCount(ringSize) != 1)
        {
            throw new IllegalArgumentException("ring size must be a power of two, got " + ringSize);
        }
        mask = ringSize - 1;
        journalSequence = new long[ringSize];
        venueAnswer = new boolean[ringSize];
    }

    /**
     * Names the journal sequence of the next input that is published (not a venue answer).
     *
     * @param sequence the input's sequence in the journal that is re-run.
     */
    void willPublish(final long sequence)
    {
        pending.add(sequence);
    }

    @Override
    public boolean append(final InboundEvent event, final long sequence, final boolean endOfBatch)
    {
        final int slot = (int)(sequence & mask);
        if (event.type.isVenueResponse())
        {
            venueAnswer[slot] = true;
        }
        else
        {
            final Long input = pending.poll();
            lastInput = input == null ? -1 : input;
            venueAnswer[slot] = false;
        }
        journalSequence[slot] = lastInput;
        // Nothing was written: the re-run only reads.
        return false;
    }

    /**
     * @param ringSequence an output's cause sequence in the re-run's ring.
     * @return how the cause reads in a report and a match key: {@code #N} for the journal's input
     *         N, {@code #N venue} for the paper venue's answer after it.
     */
    String cause(final long ringSequence)
    {
        final int slot = (int)(ringSequence & mask);
        return "#" + journalSequence[slot] + (venueAnswer[slot] ? " venue" : "");
    }

    /**
     * @return the journal sequence of the input that caused it (or that the venue answered).
     */
    long journalSequence(final long ringSequence)
    {
        return journalSequence[(int)(ringSequence & mask)];
    }
}
