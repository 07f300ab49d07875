package io.horizon.engine.pipeline;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import org.agrona.concurrent.IdleStrategy;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertFalse;

/**
 * The shared engine thread sleeps until a publisher signals; a signal is never lost, whether it
 * comes before, while or after the engine decides to sleep.
 */
final class EngineWakeupTest
{
    private static final long AN_HOUR = TimeUnit.HOURS.toNanos(1);

    @Test
    void shouldWakeTheSleepingEngineWhenAPublisherSignals() throws Exception
    {
        for (int round = 0; round < 200; round++)
        {
            final EngineWakeup wakeup = new EngineWakeup();
            final AtomicBoolean published = new AtomicBoolean();
            // No spin or yield phase and an hour-long park: only the signal can end this idle call.
            final IdleStrategy idle = wakeup.idleStrategy(0, 0, AN_HOUR, published::get, () -> Long.MAX_VALUE);
            final Thread engine = new Thread(idle::idle, "engine-under-test");
            engine.setDaemon(true);
            engine.start();
            if ((round & 1) == 0)
            {
                Thread.yield();
            }
            published.set(true);
            wakeup.signalAllWhenBlocking();
            engine.join(TimeUnit.SECONDS.toMillis(10));
            assertFalse(engine.isAlive(), "round " + round + ": the engine slept through a publish");
        }
    }
}
