package io.horizon.bench;

import static io.horizon.bench.BenchmarkMarkets.AAPL;
import static io.horizon.bench.BenchmarkMarkets.CLIENT_ACCOUNT;
import static io.horizon.bench.BenchmarkMarkets.MSFT;
import static io.horizon.bench.BenchmarkMarkets.px;
import static io.horizon.bench.BenchmarkMarkets.qty;

import java.util.List;
import java.util.concurrent.TimeUnit;

import io.horizon.engine.event.InboundEvent;
import io.horizon.engine.event.OrderType;
import io.horizon.engine.event.Side;
import io.horizon.engine.output.EngineOutput;
import io.horizon.engine.output.OutputKind;
import io.horizon.engine.reference.ReferenceData;
import io.horizon.engine.snapshot.ReferenceFingerprint;
import io.horizon.engine.snapshot.SnapshotPolicy;
import io.horizon.engine.snapshot.SnapshotTaker;
import io.horizon.engine.snapshot.StateWriter;
import io.horizon.engine.venue.paper.PaperVenue;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What one snapshot costs the engine threads: the copy of the state and its encoding, the whole
 * of the pause ({@code horizon_snapshot_pause_seconds}), with {@code -prof gc} for what it allocates.
 * <pre>
 *   engineOnly:    SnapshotTaker.afterEvent: BLP.writeState -> StateWriter -> SnapshotCodec -> byte[]
 *   withPaperBook: the same, the BLP's part copied into an array, then afterVenueEvent:
 *                  PaperVenue.writeState -> StateWriter -> SnapshotCodec (both records) -> byte[]
 *   paperBookOnly: PaperVenue.writeState into a reused StateWriter
 * </pre>
 * The BLP holds {@code orders} live client orders (ledger capacity 16,384, the preset default) and
 * the paper venue as many resting orders, on two instruments and both sides. A snapshot allocates
 * its image (and, with the book, the BLP's part once more, to hand it to the gateway thread):
 * bytes per snapshot in proportion to the state, never an object per order.
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
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class SnapshotBenchmark
{
    /**
     * @param state a BLP and a book with live orders.
     * @return bytes of the image, so nothing is dead code.
     */
    @Benchmark
    public int engineOnly(final Snapshots state)
    {
        state.engineTaker.afterEvent(state.driver.blp(), ++state.index, BenchmarkMarkets.BASE_NANOS, state.orders);
        return state.lastImage.length;
    }

    /**
     * @param state a BLP and a book with live orders.
     * @return bytes of the image, so nothing is dead code.
     */
    @Benchmark
    public int withPaperBook(final Snapshots state)
    {
        final long index = ++state.index;
        state.bookTaker.afterEvent(state.driver.blp(), index, BenchmarkMarkets.BASE_NANOS, state.orders);
        state.bookTaker.afterVenueEvent(index - 1, state.venue);
        return state.lastImage.length;
    }

    /**
     * @param state a BLP and a book with live orders.
     * @return bytes written, so nothing is dead code.
     */
    @Benchmark
    public int paperBookOnly(final Snapshots state)
    {
        state.book.reset();
        state.venue.writeState(state.book);
        return state.book.position();
    }

    /**
     * A BLP with {@code orders} live client orders and a paper venue with as many resting.
     */
    @State(Scope.Thread)
    public static class Snapshots
    {
        /** Live orders in the ledger, and resting in the book. */
        @Param({"1000"})
        public int orders;

        BlpDriver driver;
        PaperVenue venue;
        SnapshotTaker engineTaker;
        SnapshotTaker bookTaker;
        final StateWriter book = new StateWriter(64 * 1024);
        byte[] lastImage = new byte[0];
        long index;

        /**
         * Fills the ledger and the book.
         */
        @Setup(Level.Trial)
        public void setUp()
        {
            final ReferenceData ref = BenchmarkMarkets.referenceData();
            driver = new BlpDriver(ref, 16_384, List.of());
            venue = new PaperVenue(ref, 16_384);
            final InboundEvent event = new InboundEvent();
            final EngineOutput command = new EngineOutput().clear();
            final BlpBenchmark.CountingResponses responses = new BlpBenchmark.CountingResponses();
            for (int i = 0; i < orders; i++)
            {
                final int instrument = (i & 2) == 0 ? AAPL : MSFT;
                final Side side = (i & 1) == 0 ? Side.BUY : Side.SELL;
                final long base = instrument == AAPL ? px(190) : px(420);
                final long price = side == Side.BUY ? base - px(1) - (i % 50) * px(0.01) : base + px(1) + (i % 50) * px(0.01);
                event.clear();
                event.setNewOrder(driver.nextTimestamp(), CLIENT_ACCOUNT, instrument, side, OrderType.LIMIT, price, qty(10), 1, i + 1);
                driver.process(event);
                command.clear();
                command.kind = OutputKind.VENUE_NEW;
                command.orderId = i + 1;
                command.accountId = CLIENT_ACCOUNT;
                command.instrumentId = instrument;
                command.side = side;
                command.orderType = OrderType.LIMIT;
                command.price = price;
                command.quantity = qty(10);
                venue.submit(command, responses);
            }
            if (driver.blp().ledger().size() != orders || venue.restingOrderCount() != orders)
            {
                throw new IllegalStateException("expected " + orders + " live and resting orders, got " +
                    driver.blp().ledger().size() + " and " + venue.restingOrderCount());
            }
            final long fingerprint = ReferenceFingerprint.of(ref);
            engineTaker = new SnapshotTaker(new SnapshotPolicy(1, 0), (facts, image, pause, ticket) -> lastImage = image,
                fingerprint, 0, ref.instrumentCount(), ref.accountCount(), 16_384);
            bookTaker = new SnapshotTaker(new SnapshotPolicy(1, 0), (facts, image, pause, ticket) -> lastImage = image,
                fingerprint, 0, ref.instrumentCount(), ref.accountCount(), 16_384);
            bookTaker.carryVenueState();
        }
    }
}
