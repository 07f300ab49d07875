package io.horizon.bench.latency;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import com.lmax.disruptor.BusySpinWaitStrategy;
import com.lmax.disruptor.EventHandler;
import com.lmax.disruptor.EventPoller;
import com.lmax.disruptor.RingBuffer;
import com.lmax.disruptor.dsl.Disruptor;
import com.lmax.disruptor.dsl.ProducerType;
import io.horizon.engine.event.InboundEvent;
import io.horizon.engine.pipeline.EngineWakeup;
import io.horizon.engine.pipeline.WaitStrategyKind;
import org.HdrHistogram.Histogram;
import org.agrona.concurrent.IdleStrategy;

/**
 * Baseline (a): a raw Disruptor ring hop with no work, at the same rate as the Horizon series:
 * the ceiling for any ring hop on this host. Two ways to wait, matching the two threading modes:
 * <pre>
 *   run:        sender --planned time--> RING --> consumer thread, Disruptor wait strategy
 *                                                 (records now - planned)          [dedicated]
 *   runPolled:  sender --planned time--> RING <-- consumer thread polls, idles as the shared
 *                                                 engine thread does with that kind [shared]
 * </pre>
 * CPU use is that of the consumer thread over the measured window.
 * <p>
 * Threading: {@link #run} and {@link #runPolled} on the caller's thread, which is the sender.
 */
final class RingHopRun
{
    private static final String CONSUMER = "ring-hop-consumer";

    private RingHopRun()
    {
    }

    static LatencyResult run(final long rate, final double seconds, final double warmupSeconds, final WaitStrategyKind waitStrategy)
        throws Exception
    {
        final Histogram histogram = new Histogram(60_000_000_000L, 3);
        final Disruptor<InboundEvent> disruptor = new Disruptor<>(InboundEvent::new, 1 << 16,
            r -> new Thread(r, CONSUMER), ProducerType.MULTI, waitStrategy.create());
        disruptor.handleEventsWith((EventHandler<InboundEvent>)(event, sequence, endOfBatch) -> record(event, histogram));
        final RingBuffer<InboundEvent> ring = disruptor.start();
        final LatencyResult result = send("ring-hop", ring, rate, seconds, warmupSeconds, histogram);
        disruptor.shutdown(30, TimeUnit.SECONDS);
        return result;
    }

    static LatencyResult runPolled(
        final long rate, final double seconds, final double warmupSeconds, final WaitStrategyKind idle) throws Exception
    {
        final Histogram histogram = new Histogram(60_000_000_000L, 3);
        // Waits as the shared engine thread does: backoff and blocking sleep until the publisher wakes them.
        final EngineWakeup wakeup = idle.sleepsUntilSignalled() ? new EngineWakeup() : null;
        final RingBuffer<InboundEvent> ring = RingBuffer.createMultiProducer(InboundEvent::new, 1 << 16,
            wakeup != null ? wakeup : new BusySpinWaitStrategy());
        final EventPoller<InboundEvent> poller = ring.newPoller();
        ring.addGatingSequences(poller.getSequence());
        final IdleStrategy idleStrategy = wakeup == null ? idle.idleStrategy() :
            idle.idleStrategy(wakeup, () -> ring.getCursor() > poller.getSequence().get(), () -> Long.MAX_VALUE);
        final EventPoller.Handler<InboundEvent> handler = (event, sequence, endOfBatch) ->
        {
            record(event, histogram);
            return true;
        };
        final AtomicBoolean running = new AtomicBoolean(true);
        final Thread consumer = new Thread(() ->
        {
            try
            {
                while (running.get() || poller.getSequence().get() < ring.getCursor())
                {
                    idleStrategy.idle(poller.poll(handler) == EventPoller.PollState.PROCESSING ? 1 : 0);
                }
            }
            catch (final Exception ex)
            {
                throw new IllegalStateException(ex);
            }
        }, CONSUMER);
        consumer.setDaemon(true);
        consumer.start();
        final LatencyResult result = send("ring-hop-polled/" + idle.configName(), ring, rate, seconds, warmupSeconds, histogram);
        running.set(false);
        consumer.join(30_000);
        return result;
    }

    private static void record(final InboundEvent event, final Histogram histogram)
    {
        if (event.source == 1)
        {
            histogram.recordValue(Math.max(0, System.nanoTime() - event.timestampNanos));
        }
    }

    private static LatencyResult send(
        final String name,
        final RingBuffer<InboundEvent> ring,
        final long rate,
        final double seconds,
        final double warmupSeconds,
        final Histogram histogram)
    {
        final long warmupEvents = (long)(rate * warmupSeconds);
        final long events = warmupEvents + (long)(rate * seconds);
        final Schedule schedule = new Schedule(System.nanoTime() + 1_000_000, rate);
        long measureStart = 0;
        long lastSend = 0;
        long cpuBefore = -1;
        for (long i = 0; i < events; i++)
        {
            final long planned = schedule.awaitSlot(i);
            final long seq = ring.next();
            final InboundEvent e = ring.get(seq);
            e.timestampNanos = planned;
            e.source = i >= warmupEvents ? 1 : 0;
            ring.publish(seq);
            if (i == warmupEvents)
            {
                measureStart = planned;
                cpuBefore = ThreadCpu.nanos(CONSUMER);
            }
            lastSend = System.nanoTime();
        }
        final long cpuAfter = ThreadCpu.nanos(CONSUMER);
        final long sent = events - warmupEvents;
        final double achieved = sent / Math.max((lastSend - measureStart) / 1e9, 1e-9);
        return new LatencyResult(name, rate, sent, achieved, achieved >= 0.95 * rate, histogram,
            ThreadCpu.cores(cpuBefore, cpuAfter, lastSend - measureStart));
    }
}
