package io.horizon.engine.pipeline;

import com.lmax.disruptor.EventHandler;
import io.horizon.engine.counter.EngineCounters;
import io.horizon.engine.counter.LatencyRecorder;
import io.horizon.engine.event.InboundEvent;
import io.horizon.engine.journal.JournalStage;
import org.agrona.concurrent.BackoffIdleStrategy;
import org.agrona.concurrent.IdleStrategy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a {@link JournalStage} as a ring consumer. An event the stage fails to record is retried
 * with back-off until it succeeds or the pipeline halts: the gateway is gated on this stage, so
 * while the journal is failing nothing leaves the process, and the ring's back-pressure (counted
 * drops, explicit rejects) makes the fault visible. It never skips an event.
 * <p>
 * Threading: the journal thread, via the Disruptor.
 */
final class JournalHandler implements EventHandler<InboundEvent>
{
    private static final Logger LOG = LoggerFactory.getLogger(JournalHandler.class);

    private final JournalStage stage;
    private final EngineCounters counters;
    private final LatencyRecorder appendLatency;
    private final IdleStrategy retryIdle = new BackoffIdleStrategy(1, 1, 1_000_000, 100_000_000);
    private volatile boolean halted;

    JournalHandler(final JournalStage stage, final EngineCounters counters, final LatencyRecorder appendLatency)
    {
        this.stage = stage;
        this.counters = counters;
        this.appendLatency = appendLatency;
    }

    void halt()
    {
        halted = true;
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
        int failures = 0;
        while (true)
        {
            try
            {
                final long begin = System.nanoTime();
                if (stage.append(event, sequence, endOfBatch))
                {
                    appendLatency.record(System.nanoTime() - begin);
                    counters.journalEvents.incrementRelease();
                }
                if (failures > 0)
                {
                    LOG.warn("journal recovered at sequence {} after {} failed attempts", sequence, failures);
                }
                return;
            }
            catch (final Throwable t)
            {
                counters.handlerErrors.increment();
                if (failures++ == 0)
                {
                    // Back-off starts afresh for each failing event; the happy path never touches it.
                    retryIdle.reset();
                    LOG.error("journal failed at sequence {} ({}); holding every effect back and retrying", sequence, t.toString());
                }
                if (halted)
                {
                    LOG.error("journal gave up at sequence {} because the pipeline is halting; this event is not journaled", sequence);
                    return;
                }
                retryIdle.idle();
            }
        }
    }
}
