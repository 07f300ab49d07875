package io.horizon.fix;

import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Horizon's FIX order path without a session or a socket ({@link FixOrderPathRig}): the venue's
 * own classes encoding the engine's commands with Artio's encoders and decoding ExecutionReports
 * (bytes as QuickFIX/J writes them) into venue responses. Run with {@code -prof gc}: the goal
 * (issue 13) is 0 B/op.
 * <pre>
 *   JMH thread --> FixOrderEntry.submit/amend/cancel --> Artio encoders --> buffer
 *   JMH thread --> FixInbound.onMessage --> ExecutionReportDecoder --> ExecutionReports --> FixOrders --> responses
 * </pre>
 * <ul>
 *   <li>{@link #encodeNewOrder}: a NewOrderSingle encoded and the order tracked (then filled, so
 *       the next call starts clean: one report decoded too).</li>
 *   <li>{@link #newAckFill}: one order's life, NewOrderSingle out, ack and fill in.</li>
 *   <li>{@link #newAckAmendCancel}: NewOrderSingle, ack, OrderCancelReplaceRequest,
 *       OrderCancelRequest, cancel report.</li>
 * </ul>
 * Not final: JMH generates subclasses of benchmark classes.
 * <p>
 * Threading: one JMH thread; the state is per thread.
 */
@State(Scope.Thread)
@Fork(value = 1, jvmArgsAppend = {
    "--add-exports=java.base/jdk.internal.misc=ALL-UNNAMED",
    "--add-exports=java.base/sun.nio.ch=ALL-UNNAMED",
    "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED",
    "-Dchronicle.analytics.disable=true",
    "-XX:-DontCompileHugeMethods"})
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class FixOrderPathBenchmark
{
    private FixOrderPathRig rig;

    @Setup
    public void setUp()
    {
        rig = new FixOrderPathRig();
    }

    @Benchmark
    public long encodeNewOrder()
    {
        return rig.encodeNewOrder();
    }

    @Benchmark
    public long newAckFill()
    {
        return rig.newAckFill();
    }

    @Benchmark
    public long newAckAmendCancel()
    {
        return rig.newAckAmendCancel();
    }
}
