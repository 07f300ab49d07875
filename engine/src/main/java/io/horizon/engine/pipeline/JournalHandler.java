package io.horizon.engine.pipeline;

import java.util.function.LongConsumer;

import com.lmax.disruptor.EventHandler;
import io.horizon.engine.counter.EngineCounters;
import io.horizon.engine.counter.LatencyRecorder;
import io.horizon.engine.event.InboundEvent;
import io.horizon.engine.journal.JournalRetry;
import io.horizon.engine.journal.JournalStage;

/**
 * Runs a {@link JournalStage}. An event the stage fails to record is retried with back-off
 * ({@link JournalRetry}) until it succeeds or the pipeline halts: nothing it causes leaves the
 * process meanwhile, and the ring's back-pressure (counted drops, explicit rejects) makes the
 * fault visible. It never skips an event; when the pipeline halts while an event cannot be
 * recorded, that event is given up, counted, and reported to {@code unjournaled} so the gateway
 * acts on nothing from it onwards.
 * <p>
 * In the dedicated mode it is a ring consumer of its own ({@link #onEvent}); in the shared mode the
 * engine agent calls {@link #tryAppend} and keeps its own place.
 * <p>
 * Threading: the journal thread (dedicated) or the engine thread (shared).
 */
final class JournalHandler implements EventHandler<InboundEvent>
{
    private final JournalStage stage;
    private final EngineCounters counters;
    private final LatencyRecorder appendLatency;
    private final LongConsumer unjournaled;
    private final JournalRetry retry;
    private volatile boolean halted;

    /**
     * @param unjournaled told the sequence of the first event given up at halt (once).
     */
    JournalHandler(
        final JournalStage stage,
        final EngineCounters counters,
        final LatencyRecorder appendLatency,
        final LongConsumer unjournaled)
    {
        this.stage = stage;
        this.counters = counters;
        this.appendLatency = appendLatency;
        this.unjournaled = unjournaled;
        this.retry = new JournalRetry("inbound", counters);
    }

    /**
     * Stops retrying a failing journal so the pipeline can halt. Any thread.
     */
    void halt()
    {
        halted = true;
    }

    boolean isHalted()
    {
        return halted;
    }

    JournalRetry retry()
    {
        return retry;
    }

    @Override
    public void onStart()
    {
        stage.onStart();
    }

    @Override
    public void onShutdown()
    {
        stage.onShutdown();
    }

    @Override
    public void onEvent(final InboundEvent event, final long sequence, final boolean endOfBatch)
    {
        while (!tryAppend(event, sequence, endOfBatch))
        {
            if (halted)
            {
                giveUp(sequence);
                return;
            }
            retry.backOff();
        }
    }

    /**
     * One attempt to journal one event.
     *
     * @return true when it is journaled (or the stage had nothing to write); false when the stage
     *         failed: counted and logged, to be tried again after {@link JournalRetry#backOff()}.
     */
    boolean tryAppend(final InboundEvent event, final long sequence, final boolean endOfBatch)
    {
        try
        {
            final long begin = System.nanoTime();
            if (stage.append(event, sequence, endOfBatch))
            {
                appendLatency.record(System.nanoTime() - begin);
                counters.journalEvents.incrementRelease();
            }
            retry.succeeded(sequence);
            return true;
        }
        catch (final Throwable t)
        {
            retry.failed(sequence, t);
            return false;
        }
    }

    /**
     * Ends a batch appended without a sync point ({@link JournalStage#endBatch()}): hands it to the
     * journal's syncer. A failure is counted as a handler error; the next batch end covers the same
     * records.
     */
    void endBatch()
    {
        try
        {
            stage.endBatch();
        }
        catch (final Throwable t)
        {
            counters.handlerErrors.increment();
        }
    }

    /**
     * Gives an event up at halt: counted, and nothing from it onwards is acted on.
     */
    void giveUp(final long sequence)
    {
        retry.gaveUp(sequence);
        unjournaled.accept(sequence);
    }
}
