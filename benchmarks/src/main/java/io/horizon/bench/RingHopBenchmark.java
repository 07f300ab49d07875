package io.horizon.bench;

import java.util.concurrent.TimeUnit;

import com.lmax.disruptor.BatchEventProcessor;
import com.lmax.disruptor.BatchEventProcessorBuilder;
import com.lmax.disruptor.EventHandler;
import com.lmax.disruptor.RingBuffer;
import com.lmax.disruptor.Sequence;
import io.horizon.engine.pipeline.WaitStrategyKind;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The raw cost of one hop through a Disruptor ring with no work on either side: the floor under
 * every stage of the engine.
 * <pre>
 *   P1 --> RB --> C1          P1: the JMH thread, publishing
 *                             RB: 65536 slots, multi-producer like Horizon's inbound ring
 *                             C1: a BatchEventProcessor that only records the sequence
 * </pre>
 * Two threads in all, so even a busy-spinning consumer fits a 2-core box; it still competes with
 * the JIT, GC and whatever else the machine runs.
 * <ul>
 *   <li>{@link #throughput}: publishes a burst of {@value #BURST} events and waits until the
 *       consumer has seen the last one, so ops/s counts events consumed, not merely published.</li>
 *   <li>{@link #ping}: publishes one event and spins until the consumer has seen it: one hop out
 *       plus the cache-line trip back to the producer. With a non-spinning consumer this is the
 *       wake-up latency of the wait strategy.</li>
 * </ul>
 * The consumer waits with Horizon's default strategy, {@code backoff}; pass
 * {@code -p waitStrategy=backoff,sleeping,yielding,busy-spin,blocking} to compare.
 * <p>
 * Not final: JMH generates subclasses of benchmark and state classes. Threading: one JMH thread
 * plus the consumer thread this state owns.
 */
@State(Scope.Thread)
@Fork(value = 1, jvmArgsAppend = {
    "--add-exports=java.base/jdk.internal.misc=ALL-UNNAMED",
    "--add-exports=java.base/jdk.internal.ref=ALL-UNNAMED",
    "--add-exports=java.base/sun.nio.ch=ALL-UNNAMED",
    "--add-exports=jdk.compiler/com.sun.tools.javac.file=ALL-UNNAMED",
    "--add-opens=java.base/java.lang=ALL-UNNAMED",
    "--add-opens=java.base/java.lang.reflect=ALL-UNNAMED",
    "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED",
    "-Dchronicle.analytics.disable=true",
    "-XX:-DontCompileHugeMethods"})
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class RingHopBenchmark
{
    /** Events per {@link #throughput} invocation; well under the ring size, so a burst never wraps. */
    public static final int BURST = 4096;
    /** Ring slots: Horizon's default inbound ring size. */
    public static final int RING_SIZE = 1 << 16;

    private static final int SPINS_BETWEEN_LIVENESS_CHECKS = 1 << 20;

    /** How the consumer waits: a {@link WaitStrategyKind} configuration name. */
    @Param({"backoff"})
    public String waitStrategy;

    /** {@code multi} (Horizon's inbound ring) or {@code single}. */
    @Param({"multi"})
    public String producer;

    private RingBuffer<ValueEvent> ring;
    private SequenceRecorder recorder;
    private BatchEventProcessor<ValueEvent> processor;
    private Thread consumer;

    /**
     * Builds the ring and starts the consumer thread.
     */
    @Setup
    public void start()
    {
        final WaitStrategyKind kind = WaitStrategyKind.parse(waitStrategy);
        switch (producer)
        {
            case "multi":
                ring = RingBuffer.createMultiProducer(ValueEvent::new, RING_SIZE, kind.create());
                break;
            case "single":
                ring = RingBuffer.createSingleProducer(ValueEvent::new, RING_SIZE, kind.create());
                break;
            default:
                throw new IllegalArgumentException("producer '" + producer + "' is not known; use multi or single");
        }
        recorder = new SequenceRecorder();
        processor = new BatchEventProcessorBuilder().build(ring, ring.newBarrier(), recorder);
        ring.addGatingSequences(processor.getSequence());
        consumer = new Thread(processor, "ring-hop-consumer");
        consumer.setDaemon(true);
        consumer.start();
    }

    /**
     * Halts the consumer and waits for its thread.
     *
     * @throws InterruptedException if interrupted while joining.
     */
    @TearDown
    public void stop() throws InterruptedException
    {
        processor.halt();
        consumer.join(TimeUnit.SECONDS.toMillis(5));
    }

    /**
     * A burst of events through the ring, counted once the consumer has seen them all.
     *
     * @return the last sequence published.
     */
    @Benchmark
    @BenchmarkMode(Mode.Throughput)
    @OutputTimeUnit(TimeUnit.SECONDS)
    @OperationsPerInvocation(BURST)
    public long throughput()
    {
        final RingBuffer<ValueEvent> ring = this.ring;
        long sequence = -1;
        for (int i = 0; i < BURST; i++)
        {
            sequence = ring.next();
            ring.get(sequence).value = sequence;
            ring.publish(sequence);
        }
        awaitConsumer(sequence);
        return sequence;
    }

    /**
     * One event, timed until the consumer has seen it.
     *
     * @return the sequence published.
     */
    @Benchmark
    @BenchmarkMode(Mode.SampleTime)
    @OutputTimeUnit(TimeUnit.NANOSECONDS)
    public long ping()
    {
        final long sequence = ring.next();
        ring.get(sequence).value = sequence;
        ring.publish(sequence);
        awaitConsumer(sequence);
        return sequence;
    }

    /**
     * @return the last sequence the consumer has seen; for the smoke test.
     */
    long lastSeen()
    {
        return recorder.seen.get();
    }

    private void awaitConsumer(final long sequence)
    {
        int spins = 0;
        while (recorder.seen.get() < sequence)
        {
            Thread.onSpinWait();
            // A dead consumer would otherwise hang the run until JMH's time-out.
            if (++spins == SPINS_BETWEEN_LIVENESS_CHECKS)
            {
                spins = 0;
                if (!consumer.isAlive())
                {
                    throw new IllegalStateException("ring consumer died at sequence " + recorder.seen.get());
                }
            }
        }
    }

    /**
     * A ring slot holding one long. Producer writes between claim and publish; consumer reads.
     */
    public static final class ValueEvent
    {
        /** The value published. */
        long value;
    }

    /**
     * The consumer's only work: a release store of the sequence, so the producer can see progress
     * on a cache line of its own.
     */
    private static final class SequenceRecorder implements EventHandler<ValueEvent>
    {
        private final Sequence seen = new Sequence(-1);

        @Override
        public void onEvent(final ValueEvent event, final long sequence, final boolean endOfBatch)
        {
            seen.set(sequence);
        }
    }
}
