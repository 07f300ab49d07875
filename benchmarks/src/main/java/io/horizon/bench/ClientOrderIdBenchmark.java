package io.horizon.bench;

import java.util.concurrent.TimeUnit;

import io.horizon.engine.order.ClientOrderIdGenerator;
import io.horizon.engine.order.ClientOrderIds;
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
 * Client order ids: generating one on the BLP (hot path, must not allocate) and turning one into
 * its {@code hzn_} text form at the edges.
 * <pre>
 *   JMH thread --> ClientOrderIdGenerator.next --> hi(), lo()      (BLP, every strategy order and amend)
 *   JMH thread --> ClientOrderIds.format / appendTo                (edges: reports, audit, FIX)
 * </pre>
 * <ul>
 *   <li>{@link #nextSameMillis}: a second id within the same millisecond, the common case under
 *       load: the 80 random bits are incremented.</li>
 *   <li>{@link #nextNewMillis}: the first id of a new millisecond: two draws from the seeded
 *       random generator.</li>
 *   <li>{@link #format}: allocates by design, 120 to 144 bytes a call on JDK 17 with compressed
 *       pointers (the builder's array, the string and its array, and the builder itself unless
 *       escape analysis removes it); edges only.</li>
 *   <li>{@link #appendTo}: the same text into a reused builder, which allocates nothing; the way
 *       to write ids on a path that must not allocate.</li>
 * </ul>
 * Not final: JMH generates subclasses of benchmark classes.
 * <p>
 * Threading: one JMH thread; the state is per thread.
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
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class ClientOrderIdBenchmark
{
    private static final long START_MILLIS = BenchmarkMarkets.BASE_NANOS / 1_000_000L;

    private ClientOrderIdGenerator generator;
    private long millis;
    private long hi;
    private long lo;
    private final StringBuilder text = new StringBuilder(ClientOrderIds.LENGTH);

    /**
     * A generator with the engine's default seed and one id drawn, so the formatting cases have a
     * real id to write.
     */
    @Setup
    public void setUp()
    {
        generator = new ClientOrderIdGenerator(42);
        millis = START_MILLIS;
        generator.next(millis);
        hi = generator.hi();
        lo = generator.lo();
    }

    /**
     * @return the new id's two halves folded together, so neither read is dead code.
     */
    @Benchmark
    public long nextSameMillis()
    {
        generator.next(millis);
        return generator.hi() ^ generator.lo();
    }

    /**
     * @return the new id's two halves folded together, so neither read is dead code.
     */
    @Benchmark
    public long nextNewMillis()
    {
        generator.next(++millis);
        return generator.hi() ^ generator.lo();
    }

    /**
     * @return the id as text; allocates.
     */
    @Benchmark
    public String format()
    {
        return ClientOrderIds.format(hi, lo);
    }

    /**
     * @return the reused builder, holding the id as text.
     */
    @Benchmark
    public StringBuilder appendTo()
    {
        text.setLength(0);
        return ClientOrderIds.appendTo(text, hi, lo);
    }
}
