package io.horizon.bench.latency;

import java.util.concurrent.TimeUnit;

import com.lmax.disruptor.EventHandler;
import com.lmax.disruptor.RingBuffer;
import com.lmax.disruptor.dsl.Disruptor;
import com.lmax.disruptor.dsl.ProducerType;
import io.horizon.engine.event.InboundEvent;
import io.horizon.engine.pipeline.WaitStrategyKind;
import org.HdrHistogram.Histogram;

/**
 * Baseline (a): a raw Disruptor ring hop with no work, at the same rate and wait strategy as the
 * Horizon series: the ceiling for any ring hop on this host.
 * <pre>
 *   sender --planned time--> RING --> consumer (records now - planned)
 * </pre>
 * Threading: {@link #run} on the caller's thread, which is the sender.
 */
final class RingHopRun
{
    private RingHopRun()
    {
    }

    static LatencyResult run(final long rate, final double seconds, final double warmupSeconds, final WaitStrategyKind waitStrategy)
        throws Exception
    {
        final Histogram histogram = new Histogram(60_000_000_000L, 3);
        final long warmupEvents = (long)(rate * warmupSeconds);
        final long events = warmupEvents + (long)(rate * seconds);
        final Disruptor<InboundEvent> disruptor = new Disruptor<>(InboundEvent::new, 1 << 16,
            r -> new Thread(r, "ring-hop-consumer"), ProducerType.MULTI, waitStrategy.create());
        disruptor.handleEventsWith((EventHandler<InboundEvent>)(event, sequence, endOfBatch) ->
        {
            if (event.source == 1)
            {
                histogram.recordValue(Math.max(0, System.nanoTime() - event.timestampNanos));
            }
        });
        final RingBuffer<InboundEvent> ring = disruptor.start();
        final Schedule schedule = new Schedule(System.nanoTime() + 1_000_000, rate);
        long measureStart = 0;
        long lastSend = 0;
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
            }
            lastSend = System.nanoTime();
        }
        disruptor.shutdown(30, TimeUnit.SECONDS);
        final long sent = events - warmupEvents;
        final double achieved = sent / Math.max((lastSend - measureStart) / 1e9, 1e-9);
        return new LatencyResult("ring-hop", rate, sent, achieved, achieved >= 0.95 * rate, histogram);
    }
}
