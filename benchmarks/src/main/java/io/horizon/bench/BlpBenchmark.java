package io.horizon.bench;

import java.util.List;
import java.util.concurrent.TimeUnit;

import io.horizon.engine.event.EventType;
import io.horizon.engine.event.InboundEvent;
import io.horizon.engine.event.OrderType;
import io.horizon.engine.event.RejectReason;
import io.horizon.engine.event.Side;
import io.horizon.engine.output.EngineOutput;
import io.horizon.engine.output.OutputKind;
import io.horizon.engine.reference.ReferenceData;
import io.horizon.engine.strategy.MarketMaker;
import io.horizon.engine.venue.VenueResponses;
import io.horizon.engine.venue.paper.PaperVenue;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import static io.horizon.bench.BenchmarkMarkets.AAPL;
import static io.horizon.bench.BenchmarkMarkets.CLIENT_ACCOUNT;
import static io.horizon.bench.BenchmarkMarkets.MAKER_ACCOUNT;
import static io.horizon.bench.BenchmarkMarkets.px;
import static io.horizon.bench.BenchmarkMarkets.qty;

/**
 * What the business-logic processor costs per event, on one thread, with no ring: the BLP is
 * called directly, exactly as its Disruptor handler is, and its outbox is drained after every
 * event as the venue gateway would drain it.
 * <pre>
 *   JMH thread --> BLP.onEvent --> outbox --> drained in line       (quoteRequote, clientOrderCycle)
 *   JMH thread --> PaperVenue.submit / onMarketData --> no-op sink   (paperMatch)
 * </pre>
 * Every case is a closed cycle, so state stays bounded however long it runs (checked after every
 * iteration; a leak fails the run):
 * <ul>
 *   <li>{@link #quoteRequote}: a quote moves the mid ten ticks, the market maker amends its bid
 *       and its ask (risk checks, ledger, two venue commands, reports), then the two replace acks
 *       come back and make both quotes live again, so the next quote requotes too. Three events;
 *       the score is per event.</li>
 *   <li>{@link #clientOrderCycle}: a client limit order passes risk and is sent, then its venue ack
 *       and a full fill (positions, PnL) release it. Three events; the score is per event.</li>
 *   <li>{@link #paperMatch}: the paper venue on the gateway thread: a passive limit order rests,
 *       then a quote crosses it and fills it. Two calls; the score is per call.</li>
 * </ul>
 * The harness writes only the event fields that change between cycles, so its own cost (a few
 * stores, the outbox drain) is small next to the BLP's.
 * <p>
 * Not final: JMH generates subclasses of benchmark and state classes.
 */
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
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class BlpBenchmark
{
    /**
     * A quote that makes the market maker requote both sides, and the two replace acks.
     *
     * @param state the BLP with two live quotes.
     * @return venue commands caused, so nothing is dead code.
     */
    @Benchmark
    @OperationsPerInvocation(RequoteState.EVENTS_PER_CYCLE)
    public long quoteRequote(final RequoteState state)
    {
        return state.cycle();
    }

    /**
     * A client order sent, acked and filled.
     *
     * @param state the BLP with no live orders.
     * @return the order id, so nothing is dead code.
     */
    @Benchmark
    @OperationsPerInvocation(OrderCycleState.EVENTS_PER_CYCLE)
    public long clientOrderCycle(final OrderCycleState state)
    {
        return state.cycle();
    }

    /**
     * A passive order rests in the paper venue and a quote fills it.
     *
     * @param state the paper venue with an empty book and a quote.
     * @return responses so far, so nothing is dead code.
     */
    @Benchmark
    @OperationsPerInvocation(PaperMatchState.CALLS_PER_CYCLE)
    public long paperMatch(final PaperMatchState state)
    {
        return state.cycle();
    }

    /**
     * The market maker's settings in every BLP case: one tick from the mid, five units, requote on
     * a one-tick move.
     *
     * @return a new market maker.
     */
    static MarketMaker marketMaker()
    {
        return new MarketMaker(MAKER_ACCOUNT, 1, qty(5), qty(40), 1);
    }

    /**
     * A BLP running the market maker with a bid and an ask live on AAPL; each cycle moves the mid
     * between two prices ten ticks apart.
     */
    @State(Scope.Thread)
    public static class RequoteState
    {
        /** The quote and one replace ack per side. */
        public static final int EVENTS_PER_CYCLE = 3;

        private static final long MID_LOW = px(190.00);
        private static final long MID_HIGH = px(190.10);
        private static final long HALF_SPREAD = px(0.01);
        private static final int QUOTE_SIDES = 2;

        private BlpDriver driver;
        private final InboundEvent quote = new InboundEvent();
        private final InboundEvent replaceAck = new InboundEvent();
        private final long[] amendOrderIds = new long[QUOTE_SIDES];
        private final long[] amendPrices = new long[QUOTE_SIDES];
        private final long[] amendQuantities = new long[QUOTE_SIDES];
        private boolean high;
        private long cycles;

        /**
         * Builds the BLP, quotes once so the market maker sends its bid and ask, and acks both.
         */
        @Setup(Level.Trial)
        public void setUp()
        {
            final ReferenceData ref = BenchmarkMarkets.referenceData();
            driver = new BlpDriver(ref, 1024, List.of(marketMaker()));
            quote.setQuote(driver.nextTimestamp(), 1, 1, AAPL,
                MID_LOW - HALF_SPREAD, qty(100), MID_LOW + HALF_SPREAD, qty(100));
            final int sent = driver.process(quote);
            if (sent != QUOTE_SIDES)
            {
                throw new IllegalStateException("the market maker sent " + sent + " orders on its first quote, expected 2");
            }
            final long firstOrderId = driver.command(0).orderId;
            final long secondOrderId = driver.command(1).orderId;
            final InboundEvent ack = new InboundEvent();
            ack.setVenueResponse(EventType.VENUE_ACK, driver.nextTimestamp(), 1, firstOrderId, MAKER_ACCOUNT, AAPL);
            driver.process(ack);
            ack.setVenueResponse(EventType.VENUE_ACK, driver.nextTimestamp(), 1, secondOrderId, MAKER_ACCOUNT, AAPL);
            driver.process(ack);
            replaceAck.setVenueResponse(EventType.VENUE_REPLACE_ACK, driver.nextTimestamp(), 1, 0, MAKER_ACCOUNT, AAPL);
        }

        /**
         * Fails the run if orders leaked or the cycle stopped requoting.
         */
        @TearDown(Level.Iteration)
        public void check()
        {
            driver.checkBounded(QUOTE_SIDES);
            final long amends = driver.counters().amendsRequested.get();
            if (amends != QUOTE_SIDES * cycles)
            {
                throw new IllegalStateException(amends + " amends after " + cycles + " requote cycles, expected " +
                    QUOTE_SIDES * cycles + "; the quote no longer makes the market maker requote");
            }
        }

        long cycle()
        {
            high = !high;
            final long mid = high ? MID_HIGH : MID_LOW;
            quote.timestampNanos = driver.nextTimestamp();
            quote.feedSequence++;
            quote.bidPrice = mid - HALF_SPREAD;
            quote.askPrice = mid + HALF_SPREAD;
            final int amends = driver.process(quote);
            // Copied out first: processing an ack reuses the driver's command slots.
            for (int i = 0; i < amends; i++)
            {
                final EngineOutput amend = driver.command(i);
                amendOrderIds[i] = amend.orderId;
                amendPrices[i] = amend.price;
                amendQuantities[i] = amend.quantity;
            }
            for (int i = 0; i < amends; i++)
            {
                replaceAck.timestampNanos = driver.nextTimestamp();
                replaceAck.orderId = amendOrderIds[i];
                replaceAck.price = amendPrices[i];
                replaceAck.quantity = amendQuantities[i];
                replaceAck.leavesQuantity = amendQuantities[i];
                driver.process(replaceAck);
            }
            cycles++;
            return amends;
        }

        BlpDriver driver()
        {
            return driver;
        }

        long cycles()
        {
            return cycles;
        }
    }

    /**
     * A BLP running the market maker (idle: no quotes) that receives client orders for AAPL,
     * alternately buying and selling ten units at 190.00, so the position swings between flat and
     * long ten and cash returns to where it started.
     */
    @State(Scope.Thread)
    public static class OrderCycleState
    {
        /** The new order, its ack and its fill. */
        public static final int EVENTS_PER_CYCLE = 3;

        private static final long PRICE = px(190.00);
        private static final long QUANTITY = qty(10);
        private static final long CLIENT_ID_HI = 0x0192_0000_0000_0001L;

        private BlpDriver driver;
        private final InboundEvent newOrder = new InboundEvent();
        private final InboundEvent ack = new InboundEvent();
        private final InboundEvent fill = new InboundEvent();
        private long clientIdLo;
        private long venueOrderId;
        private long cycles;

        /**
         * Builds the BLP and the three events of the cycle.
         */
        @Setup(Level.Trial)
        public void setUp()
        {
            driver = new BlpDriver(BenchmarkMarkets.referenceData(), 1024, List.of(marketMaker()));
            newOrder.setNewOrder(
                driver.nextTimestamp(), CLIENT_ACCOUNT, AAPL, Side.BUY, OrderType.LIMIT, PRICE, QUANTITY, CLIENT_ID_HI, 0);
            ack.setVenueResponse(EventType.VENUE_ACK, driver.nextTimestamp(), 1, 0, CLIENT_ACCOUNT, AAPL);
            fill.setVenueResponse(EventType.VENUE_FILL, driver.nextTimestamp(), 1, 0, CLIENT_ACCOUNT, AAPL);
            fill.price = PRICE;
            fill.quantity = QUANTITY;
            fill.leavesQuantity = 0;
        }

        /**
         * Fails the run if orders leaked or orders stopped filling.
         */
        @TearDown(Level.Iteration)
        public void check()
        {
            driver.checkBounded(0);
            final long fills = driver.counters().fills.get();
            if (fills != cycles)
            {
                throw new IllegalStateException(fills + " fills after " + cycles + " order cycles; each cycle should fill once");
            }
        }

        long cycle()
        {
            newOrder.timestampNanos = driver.nextTimestamp();
            newOrder.side = (cycles & 1) == 0 ? Side.BUY : Side.SELL;
            newOrder.clientOrderIdLo = ++clientIdLo;
            if (driver.process(newOrder) != 1)
            {
                throw new IllegalStateException("the client order was not sent: " + driver.counters().ordersRejected.get() +
                    " rejects so far (horizon_engine_order_rejects_total{reason} says why)");
            }
            final long orderId = driver.command(0).orderId;

            ack.timestampNanos = driver.nextTimestamp();
            ack.orderId = orderId;
            ack.venueOrderId = ++venueOrderId;
            driver.process(ack);

            fill.timestampNanos = driver.nextTimestamp();
            fill.orderId = orderId;
            driver.process(fill);
            cycles++;
            return orderId;
        }

        BlpDriver driver()
        {
            return driver;
        }

        long cycles()
        {
            return cycles;
        }
    }

    /**
     * The paper venue with a quote on AAPL and an empty book. Cycles alternate: a buy at 189.95
     * rests under a 189.90 / 190.00 quote, then a 189.85 / 189.95 quote fills it; a sell at 189.90
     * rests over that quote, then the 189.90 / 190.00 quote fills it.
     */
    @State(Scope.Thread)
    public static class PaperMatchState
    {
        /** One submit and one quote. */
        public static final int CALLS_PER_CYCLE = 2;

        private static final long QUANTITY = qty(10);
        private static final long BUY_PRICE = px(189.95);
        private static final long SELL_PRICE = px(189.90);

        private PaperVenue venue;
        private final CountingResponses responses = new CountingResponses();
        private final InboundEvent upperQuote = new InboundEvent();
        private final InboundEvent lowerQuote = new InboundEvent();
        private final EngineOutput order = new EngineOutput().clear();
        private long orderId;
        private long cycles;

        /**
         * Builds the venue and gives it the upper quote.
         */
        @Setup(Level.Trial)
        public void setUp()
        {
            final ReferenceData ref = BenchmarkMarkets.referenceData();
            venue = new PaperVenue(ref, 1024);
            upperQuote.setQuote(BenchmarkMarkets.BASE_NANOS, 1, 1, AAPL, px(189.90), qty(100), px(190.00), qty(100));
            lowerQuote.setQuote(BenchmarkMarkets.BASE_NANOS, 1, 2, AAPL, px(189.85), qty(100), px(189.95), qty(100));
            order.kind = OutputKind.VENUE_NEW;
            order.accountId = CLIENT_ACCOUNT;
            order.instrumentId = AAPL;
            order.orderType = OrderType.LIMIT;
            order.quantity = QUANTITY;
            venue.onMarketData(upperQuote, responses);
        }

        /**
         * Fails the run if orders stayed resting or the venue answered anything but an ack and a
         * fill per cycle.
         */
        @TearDown(Level.Iteration)
        public void check()
        {
            final int resting = venue.restingOrderCount();
            if (resting != 0 || responses.acks != cycles || responses.fills != cycles || responses.others != 0)
            {
                throw new IllegalStateException("after " + cycles + " cycles the paper venue has " + resting +
                    " resting orders, sent " + responses.acks + " acks, " + responses.fills + " fills and " +
                    responses.others + " other responses; expected none resting and one ack and one fill per cycle");
            }
        }

        long cycle()
        {
            final boolean buy = (cycles & 1) == 0;
            order.orderId = ++orderId;
            order.side = buy ? Side.BUY : Side.SELL;
            order.price = buy ? BUY_PRICE : SELL_PRICE;
            venue.submit(order, responses);
            venue.onMarketData(buy ? lowerQuote : upperQuote, responses);
            cycles++;
            return responses.fills;
        }

        PaperVenue venue()
        {
            return venue;
        }

        CountingResponses responses()
        {
            return responses;
        }

        long cycles()
        {
            return cycles;
        }
    }

    /**
     * A venue response sink that only counts, standing in for the gateway's ring publication.
     */
    static final class CountingResponses implements VenueResponses
    {
        long acks;
        long fills;
        long others;

        @Override
        public void ack(final long orderId, final int accountId, final int instrumentId, final long venueOrderId)
        {
            acks++;
        }

        @Override
        public void reject(
            final long orderId, final int accountId, final int instrumentId, final RejectReason reason, final long reasonValue)
        {
            others++;
        }

        @Override
        public void fill(
            final long orderId,
            final int accountId,
            final int instrumentId,
            final long price,
            final long quantity,
            final long leavesQuantity)
        {
            fills++;
        }

        @Override
        public void canceled(final long orderId, final int accountId, final int instrumentId, final long leavesQuantity)
        {
            others++;
        }

        @Override
        public void cancelRejected(
            final long orderId, final int accountId, final int instrumentId, final RejectReason reason, final long reasonValue)
        {
            others++;
        }

        @Override
        public void replaced(
            final long orderId,
            final int accountId,
            final int instrumentId,
            final long price,
            final long quantity,
            final long leavesQuantity)
        {
            others++;
        }

        @Override
        public void replaceRejected(
            final long orderId, final int accountId, final int instrumentId, final RejectReason reason, final long reasonValue)
        {
            others++;
        }

        @Override
        public void expired(final long orderId, final int accountId, final int instrumentId, final long leavesQuantity)
        {
            others++;
        }
    }
}
