package io.horizon.bench;

import java.util.concurrent.TimeUnit;

import io.horizon.engine.config.EngineConfig;
import com.lmax.disruptor.RingBuffer;
import io.horizon.engine.counter.EngineCounters;
import io.horizon.engine.event.InboundEvent;
import io.horizon.engine.event.Side;
import io.horizon.engine.feed.MarketDataSink;
import io.horizon.engine.feed.SyntheticMarket;
import io.horizon.engine.journal.JournalStage;
import io.horizon.engine.pipeline.EnginePipeline;
import io.horizon.engine.pipeline.ThreadingMode;
import io.horizon.engine.pipeline.WaitStrategyKind;
import io.horizon.engine.reference.ReferenceData;
import io.horizon.engine.strategy.MarketMaker;
import io.horizon.engine.venue.paper.PaperVenue;
import org.agrona.concurrent.EpochNanoClock;
import org.agrona.concurrent.SystemEpochNanoClock;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
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

import static io.horizon.bench.BenchmarkMarkets.MAKER_ACCOUNT;
import static io.horizon.bench.BenchmarkMarkets.qty;

/**
 * The whole engine end to end, as {@code horizon run} assembles it with the paper venue and the
 * market maker, minus the journal: how many market data events per second go through the
 * inbound ring and the BLP, with every venue command and response they cause flowing too.
 * <pre>
 *   P1 ----> RB <---- J   (JournalStage.NONE)
 *            ^  <---- BLP (risk, orders, positions, market maker) --> outbox
 *            |  <---- GW  (gated on J and BLP; reads the outbox) --> paper venue
 *            |                                                          |
 *            +------------- venue acks, replace acks, fills ------------+
 *
 *   P1: the JMH thread, publishing a seeded synthetic feed; RB: the inbound ring, 65536 slots
 *   (threading = dedicated; with threading = shared, J, BLP and GW are one engine thread:
 *    P1 ----> RB <---- engine (J batch, then BLP + GW per event) --> paper venue --> RB)
 * </pre>
 * Each invocation publishes {@value #BATCH} seeded random-walk quotes and trades through
 * {@code pipeline.marketData()}, then waits until every stage, the gateway last, has passed all of
 * them, so ops/s is market data events per second end to end. The venue responses they cause are
 * BLP events as well; they are reported beside the score as the {@code blpEvents} rate (every
 * event the BLP processed, from {@code counters().eventsProcessed}: market data, venue responses
 * and timer heartbeats).
 * <p>
 * On 2 cores the producer competes with three stage threads (journal, BLP, gateway) and the
 * heartbeat timer: with the default back-off wait strategy idle stages yield and then block, and
 * the producer waits with {@code Thread.yield()} rather than spinning, so it gives its core to the
 * stages instead of fighting them. Busy-spin here would put four spinning threads on two cores;
 * pass {@code -p waitStrategy=busy-spin} only on a host with cores to spare.
 * <p>
 * Journal-on figures come with the Chronicle journal; until then {@link JournalStage#NONE}
 * stands in and costs one virtual call per event.
 * <p>
 * Not final: JMH generates subclasses of benchmark and state classes. Threading: one JMH thread
 * publishes; the pipeline owns its stage threads.
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
public class PipelineThroughputBenchmark
{
    /** Market data events published per invocation; with what they cause, well under the ring size. */
    public static final int BATCH = 1024;

    /** The most orders the market maker keeps live: a bid and an ask per instrument. */
    private static final int MAX_LIVE_ORDERS = 4;
    private static final long DRAIN_TIMEOUT_MILLIS = 10_000;

    /** How the stages wait: a {@link WaitStrategyKind} configuration name. */
    @Param({"backoff"})
    public String waitStrategy;

    /** How many threads carry the engine: a {@link ThreadingMode} configuration name. */
    @Param({"dedicated", "shared"})
    public String threading;

    private final EpochNanoClock clock = new SystemEpochNanoClock();
    private EnginePipeline pipeline;
    private RingBuffer<InboundEvent> ring;
    private EngineCounters counters;
    private SyntheticMarket market;
    private RetryingSink sink;
    private long published;

    /**
     * Builds and starts the pipeline with the default engine configuration and the given wait
     * strategy.
     */
    @Setup(Level.Trial)
    public void start()
    {
        final ReferenceData ref = BenchmarkMarkets.referenceData();
        final EngineConfig config = EngineConfig.builder()
            .threading(ThreadingMode.parse(threading))
            .waitStrategy(WaitStrategyKind.parse(waitStrategy))
            .build();
        pipeline = EnginePipeline.builder()
            .config(config)
            .referenceData(ref)
            .journal(JournalStage.NONE)
            .venue(new PaperVenue(ref, config.orderCapacity()))
            .strategy(new MarketMaker(MAKER_ACCOUNT, 1, qty(5), qty(40), 1))
            .clock(clock)
            .build()
            .start();
        ring = pipeline.ring();
        counters = pipeline.counters();
        market = new SyntheticMarket(ref, 7, 1);
        sink = new RetryingSink(pipeline.marketData());
        published = 0;
    }

    /**
     * Fails the run if orders leaked or any stage raised.
     */
    @TearDown(Level.Iteration)
    public void check()
    {
        final long live = counters.liveOrders.get();
        if (live > MAX_LIVE_ORDERS)
        {
            throw new IllegalStateException("live orders grew to " + live + "; the market maker should hold at most " +
                MAX_LIVE_ORDERS);
        }
        if (counters.handlerErrors.get() != 0)
        {
            throw new IllegalStateException(counters.handlerErrors.get() + " handler errors in the pipeline");
        }
    }

    /**
     * Drains and stops the pipeline; fails if it could not drain.
     */
    @TearDown(Level.Trial)
    public void stop()
    {
        if (!pipeline.drainAndStop())
        {
            throw new IllegalStateException("the pipeline did not drain in time");
        }
    }

    /**
     * A batch of market data through the whole pipeline.
     *
     * @param rates extra per-second figures reported beside the score.
     * @return the ring sequence every stage has now passed.
     */
    @Benchmark
    @BenchmarkMode(Mode.Throughput)
    @OutputTimeUnit(TimeUnit.SECONDS)
    @OperationsPerInvocation(BATCH)
    public long marketData(final PipelineRates rates)
    {
        final long eventsBefore = counters.eventsProcessed.get();
        final long retriesBefore = sink.retries;
        final long base = clock.nanoTime();
        for (int i = 0; i < BATCH; i++)
        {
            market.next(base + i, sink);
        }
        published += BATCH;
        final long passed = awaitEveryStage(ring.getCursor());
        rates.blpEvents += counters.eventsProcessed.get() - eventsBefore;
        rates.ringFullRetries += sink.retries - retriesBefore;
        return passed;
    }

    /**
     * @return market data events published so far.
     */
    long published()
    {
        return published;
    }

    /**
     * @return the running pipeline; read its BLP only after {@link #stop}.
     */
    EnginePipeline pipeline()
    {
        return pipeline;
    }

    /**
     * Waits until the last stage, the venue gateway, has passed {@code sequence}; the journal and
     * the BLP are ahead of it. Waiting for the BLP alone would let the gateway fall up to a whole
     * ring behind: the score would then be the gateway's rate measured against a full ring, and the
     * market maker would see its acks tens of thousands of events late.
     */
    private long awaitEveryStage(final long sequence)
    {
        final long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(DRAIN_TIMEOUT_MILLIS);
        long passed;
        while ((passed = ring.getMinimumGatingSequence()) < sequence)
        {
            // Yield, not spin: on 2 cores a spinning producer takes a core from the stages.
            Thread.yield();
            if (System.nanoTime() > deadline)
            {
                throw new IllegalStateException("the pipeline passed sequence " + passed + " of " + sequence +
                    " within " + DRAIN_TIMEOUT_MILLIS + " ms");
            }
        }
        return passed;
    }

    /**
     * Rates reported beside the score, per second of measurement.
     */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.OPERATIONS)
    public static class PipelineRates
    {
        /** Every event the BLP processed: market data, venue responses, heartbeats. */
        public long blpEvents;
        /** Times a publish found the ring full and was retried. */
        public long ringFullRetries;

        /**
         * JMH sums auxiliary counters per iteration; start each from zero.
         */
        @Setup(Level.Iteration)
        public void reset()
        {
            blpEvents = 0;
            ringFullRetries = 0;
        }
    }

    /**
     * Retries a publish the ring refused, yielding between tries: a benchmark must not lose input,
     * and a refusal is back-pressure that belongs in the figure. Each refusal is also counted by
     * the publisher as a market data drop.
     */
    private static final class RetryingSink implements MarketDataSink
    {
        private final MarketDataSink delegate;
        private long retries;

        RetryingSink(final MarketDataSink delegate)
        {
            this.delegate = delegate;
        }

        @Override
        public boolean quote(
            final long timestampNanos,
            final int feedId,
            final long feedSequence,
            final int instrumentId,
            final long bidPrice,
            final long bidQuantity,
            final long askPrice,
            final long askQuantity)
        {
            while (!delegate.quote(
                timestampNanos, feedId, feedSequence, instrumentId, bidPrice, bidQuantity, askPrice, askQuantity))
            {
                retries++;
                Thread.yield();
            }
            return true;
        }

        @Override
        public boolean trade(
            final long timestampNanos,
            final int feedId,
            final long feedSequence,
            final int instrumentId,
            final long price,
            final long quantity,
            final Side aggressor)
        {
            while (!delegate.trade(timestampNanos, feedId, feedSequence, instrumentId, price, quantity, aggressor))
            {
                retries++;
                Thread.yield();
            }
            return true;
        }
    }
}
