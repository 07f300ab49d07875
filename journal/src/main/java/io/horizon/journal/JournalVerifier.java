package io.horizon.journal;

import java.nio.file.Path;
import java.util.function.LongConsumer;
import java.util.function.ToLongFunction;

import com.lmax.disruptor.RingBuffer;
import io.horizon.engine.event.InboundEvent;
import io.horizon.engine.journal.OutputJournal;
import io.horizon.engine.output.EngineOutput;
import io.horizon.engine.pipeline.EnginePipeline;

/**
 * {@code horizon replay --verify}: re-runs every journaled input through a fresh BLP, with no
 * venue, and compares each output it produces with the output journaled at the same position.
 * Because the BLP is a pure function of its input, any difference means the code, the
 * configuration or the journal changed: the first one is reported with the output's position,
 * the event that caused it, what was journaled and what the re-run produced.
 * <p>
 * Verify a stopped daemon's state (or a copy): a live daemon may not have journaled its last
 * outputs yet.
 * <p>
 * Threading: the caller's thread; it runs its own pipeline.
 */
public final class JournalVerifier
{
    private JournalVerifier()
    {
    }

    /**
     * A difference between the journal and the re-run.
     *
     * @param outputIndex   position of the output in the outbound journal (from 0).
     * @param causeSequence inbound event that caused it.
     * @param causeEvent    that event, described.
     * @param expected      what the journal holds, or "(nothing)".
     * @param actual        what the re-run produced, or "(nothing)".
     */
    public record Divergence(long outputIndex, long causeSequence, String causeEvent, String expected, String actual)
    {
    }

    /**
     * @param events     inbound events re-run.
     * @param outputs    outputs compared.
     * @param divergence the first difference, or {@code null} when the re-run matched.
     */
    public record Result(long events, long outputs, Divergence divergence)
    {
        /**
         * @return true when every output matched.
         */
        public boolean verified()
        {
            return divergence == null;
        }
    }

    /**
     * @param stateDirectory the state to verify.
     * @param fresh          a pipeline builder configured like the daemon that wrote the journal
     *                       (reference data, strategies, risk, config); the verifier sets its
     *                       journal, output journal and side effects.
     * @param progress       told the number of events re-run so far, every 1M events.
     * @return the outcome.
     * @throws JournalException when a journal is missing or damaged.
     */
    public static Result verify(final Path stateDirectory, final EnginePipeline.Builder fresh, final LongConsumer progress)
    {
        return verify(stateDirectory, fresh, pipeline -> 0, progress);
    }

    /**
     * As {@link #verify(Path, EnginePipeline.Builder, LongConsumer)}, from a snapshot: the re-run
     * engine is restored from it and re-runs only the journal after it, and its outputs are compared
     * with the journaled outputs of those events.
     *
     * @param stateDirectory the state to verify.
     * @param fresh          as above.
     * @param restore        restores the built pipeline (not started) from a snapshot and returns the
     *                       snapshot's journal index; 0 restores nothing.
     * @param progress       told the number of events re-run so far, every 1M events.
     * @return the outcome; its event count is of the events re-run.
     */
    public static Result verify(
        final Path stateDirectory,
        final EnginePipeline.Builder fresh,
        final ToLongFunction<EnginePipeline> restore,
        final LongConsumer progress)
    {
        final Comparator comparator = new Comparator(JournalReader.outbound(stateDirectory));
        long events = 0;
        try
        {
            final EnginePipeline pipeline = fresh
                .sideEffects(false)
                .outputJournal(comparator)
                .build();
            final long first = restore.applyAsLong(pipeline);
            comparator.first = first;
            pipeline.start();
            try (JournalReader inbound = JournalReader.inbound(stateDirectory))
            {
                if (first > 0)
                {
                    inbound.seek(first);
                }
                final RingBuffer<InboundEvent> ring = pipeline.ring();
                final InboundEvent scratch = new InboundEvent();
                while (inbound.nextInbound(scratch))
                {
                    final long seq = ring.next();
                    try
                    {
                        ring.get(seq).copyFrom(scratch);
                    }
                    finally
                    {
                        ring.publish(seq);
                    }
                    events++;
                    if ((events & ((1 << 20) - 1)) == 0)
                    {
                        progress.accept(events);
                    }
                    if (comparator.divergence != null)
                    {
                        break;
                    }
                }
                if (!pipeline.awaitIdle(600_000))
                {
                    throw new JournalException("the re-run did not finish within 10 minutes");
                }
            }
            finally
            {
                pipeline.drainAndStop();
            }
            comparator.checkNothingLeft();
            final Divergence divergence = comparator.divergence == null ? null : describe(stateDirectory, comparator.divergence);
            return new Result(events, comparator.compared, divergence);
        }
        finally
        {
            comparator.reader.close();
        }
    }

    private static Divergence describe(final Path stateDirectory, final Divergence raw)
    {
        String cause = "(event " + raw.causeSequence() + " not found)";
        try (JournalReader reader = JournalReader.inbound(stateDirectory))
        {
            final InboundEvent e = new InboundEvent();
            for (long i = 0; reader.nextInbound(e); i++)
            {
                if (i == raw.causeSequence())
                {
                    cause = e.toString();
                    break;
                }
            }
        }
        return new Divergence(raw.outputIndex(), raw.causeSequence(), cause, raw.expected(), raw.actual());
    }

    /**
     * Stands in the gateway's output journal slot: compares instead of writing.
     * Gateway thread while running; the caller's thread after the pipeline stopped.
     */
    private static final class Comparator implements OutputJournal
    {
        private final JournalReader reader;
        private final EngineOutput journaled = new EngineOutput();
        private volatile Divergence divergence;
        private long compared;
        private long skipped;
        private boolean handedOver;
        /** Outputs of events before this one (a snapshot covers them) are not compared. */
        private long first;

        Comparator(final JournalReader reader)
        {
            this.reader = reader;
        }

        @Override
        public void append(final EngineOutput out)
        {
            if (divergence != null)
            {
                return;
            }
            if (!handedOver)
            {
                reader.handOverToCurrentThread();
                handedOver = true;
            }
            if (!nextCompared())
            {
                divergence = new Divergence(skipped + compared, out.causeSequence, null, "(nothing)", out.toString());
                return;
            }
            if (!journaled.sameAs(out))
            {
                divergence = new Divergence(skipped + compared, out.causeSequence, null, journaled.toString(), out.toString());
                return;
            }
            compared++;
        }

        /**
         * Reads the next journaled output the re-run must match, passing over those of events
         * before {@link #first}.
         */
        private boolean nextCompared()
        {
            while (reader.nextOutput(journaled))
            {
                if (journaled.causeSequence >= first)
                {
                    return true;
                }
                skipped++;
            }
            return false;
        }

        void checkNothingLeft()
        {
            reader.handOverToCurrentThread();
            if (divergence == null && nextCompared())
            {
                divergence = new Divergence(skipped + compared, journaled.causeSequence, null, journaled.toString(), "(nothing)");
            }
        }
    }
}
