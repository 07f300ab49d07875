package io.horizon.bench;

import java.util.concurrent.TimeUnit;

import io.horizon.engine.counter.EngineCounters;
import io.horizon.engine.event.FixedPoint;
import io.horizon.engine.event.InboundEvent;
import io.horizon.engine.event.OrderType;
import io.horizon.engine.event.Side;
import io.horizon.engine.market.MarketState;
import io.horizon.engine.order.Order;
import io.horizon.engine.order.LiveOrders;
import io.horizon.engine.order.OrderLedger;
import io.horizon.engine.output.AlertKind;
import io.horizon.engine.output.EngineOutput;
import io.horizon.engine.output.Runbook;
import io.horizon.engine.position.PositionBook;
import io.horizon.engine.reference.ReferenceData;
import io.horizon.engine.risk.RiskChain;
import io.horizon.engine.risk.RiskConfig;
import io.horizon.engine.risk.RiskContext;
import io.horizon.engine.risk.RiskLayer;
import io.horizon.engine.risk.RiskLimit;
import io.horizon.engine.risk.RiskProfile;
import io.horizon.engine.risk.RiskVerdict;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The full pre-trade risk chain per order, every layer enabled, on the accept path (the longest:
 * an order that passes all twelve layers and is recorded in the rate, per-tick and dedup windows).
 * <pre>
 *  JMH thread (plays the BLP)
 *     │ QUOTE ──> RiskChain.onMarketData ──> feed watchdog (tick time, gaps), quote arrival
 *     │ ORDER ──> RiskChain.check ──> PreTradeLayers: 1 kill switch ─> 2 account loss halt ─> 3 sanity
 *     │                              ─> 4 price bounds ─> 5 notional ─> 6 rate limit ─> 7 orders/tick ─> 8 market orders
 *     │                              ─> 9 stop-loss cooldown ─> 10 quote and deviation (paused feed, stale quote, fat finger)
 *     │                              ─> 11 position + gross leverage ─> 12 dedup ──> verdict
 *     └─ no ring, no venue: the chain alone, as the BLP calls it
 * </pre>
 * Event time advances 100 ms per operation, so the rate limit (10 a second) is met exactly and
 * never rejects; eight orders of different sizes take turns, so the same order recurs every
 * 800 ms, outside the 500 ms dedup window. {@link #quoteOnly} is the baseline to subtract.
 * Run with {@code -prof gc}: the goal is 0 B/op.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@State(Scope.Thread)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
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
public class RiskChainBenchmark
{
    private static final long STEP_NANOS = 100_000_000L;
    private static final int ORDERS = 8;

    private final RiskVerdict verdict = new RiskVerdict();
    private final InboundEvent quote = new InboundEvent();
    private final Order[] orders = new Order[ORDERS];
    private BenchContext context;
    private RiskChain risk;
    private long now;
    private long feedSequence;
    private int next;

    @Setup(Level.Trial)
    public void setUp()
    {
        final ReferenceData ref = ReferenceData.builder()
            .instrument("AAPL", FixedPoint.fromDouble(0.01), FixedPoint.ofUnits(190))
            .instrument("MSFT", FixedPoint.fromDouble(0.01), FixedPoint.ofUnits(420))
            .instrument("SPY", FixedPoint.fromDouble(0.01), FixedPoint.ofUnits(560))
            .account("paper", FixedPoint.ofUnits(1_000_000))
            .build();
        context = new BenchContext(ref);
        // The moderate profile has every layer on; shrink-to-fit is the one option it leaves off.
        risk = new RiskChain(RiskConfig.builder(RiskProfile.MODERATE).set(RiskLimit.NOTIONAL_SHRINK_TO_FIT, 1).build());
        risk.attach(context);
        now = 1_795_910_400_000_000_000L;
        for (int i = 0; i < ORDERS; i++)
        {
            orders[i] = context.ledger().create(1, i + 1, 0, 0, -1, Side.BUY, OrderType.LIMIT,
                FixedPoint.fromDouble(189.95), FixedPoint.ofUnits(10 + i), now);
        }
        for (int k = 0; k < 3; k++)
        {
            publishQuote();
        }
    }

    @TearDown(Level.Trial)
    public void check()
    {
        if (risk.counters().rejects(RiskLayer.DEDUP) + risk.counters().rejects(RiskLayer.RATE_LIMIT) +
            risk.counters().rejects(RiskLayer.QUOTE_AND_DEVIATION) > 0)
        {
            throw new IllegalStateException("the accept path was not measured: some orders were rejected");
        }
    }

    private void publishQuote()
    {
        quote.setQuote(now, 1, ++feedSequence, 0, FixedPoint.fromDouble(189.99), FixedPoint.ofUnits(500),
            FixedPoint.fromDouble(190.01), FixedPoint.ofUnits(500));
        context.market().apply(quote);
        risk.onMarketData(quote, now);
    }

    /**
     * A quote, then an order through every layer.
     */
    @Benchmark
    public boolean quoteThenOrder()
    {
        now += STEP_NANOS;
        context.sequence += 2;
        quote.timestampNanos = now;
        quote.feedSequence = ++feedSequence;
        risk.onMarketData(quote, now);
        final Order order = orders[next];
        next = (next + 1) & (ORDERS - 1);
        return risk.check(order, now, verdict.accept());
    }

    /**
     * The quote alone, to subtract.
     */
    @Benchmark
    public long quoteOnly()
    {
        now += STEP_NANOS;
        context.sequence++;
        quote.timestampNanos = now;
        quote.feedSequence = ++feedSequence;
        risk.onMarketData(quote, now);
        return feedSequence;
    }

    /**
     * What the BLP lends risk, reduced to the state the chain reads: no venue, no outbox.
     */
    static final class BenchContext implements RiskContext
    {
        private final ReferenceData referenceData;
        private final MarketState market;
        private final PositionBook positions;
        private final OrderLedger ledger = new OrderLedger(16);
        private final EngineCounters counters = new EngineCounters();
        private final EngineOutput scratch = new EngineOutput();
        long sequence;

        BenchContext(final ReferenceData referenceData)
        {
            this.referenceData = referenceData;
            this.market = new MarketState(referenceData.instrumentCount());
            this.positions = new PositionBook(referenceData, market);
        }

        @Override
        public ReferenceData referenceData()
        {
            return referenceData;
        }

        @Override
        public MarketState market()
        {
            return market;
        }

        @Override
        public PositionBook positions()
        {
            return positions;
        }

        @Override
        public LiveOrders liveOrders()
        {
            return ledger.view();
        }

        OrderLedger ledger()
        {
            return ledger;
        }

        @Override
        public EngineCounters counters()
        {
            return counters;
        }

        @Override
        public long nowNanos()
        {
            return 0;
        }

        @Override
        public long currentSequence()
        {
            return sequence;
        }

        @Override
        public int cancelAllOrders()
        {
            return 0;
        }

        @Override
        public boolean cancel(final Order order)
        {
            return false;
        }

        @Override
        public long submitFlatten(final int accountId, final int instrumentId, final Side side, final long quantity)
        {
            return 0;
        }

        @Override
        public EngineOutput alert(final AlertKind kind, final Runbook runbook)
        {
            return scratch.clear();
        }
    }
}
