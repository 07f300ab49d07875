package io.horizon.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Stream;

import io.horizon.engine.counter.EngineCounters;
import io.horizon.engine.event.EventType;
import io.horizon.engine.event.FixedPoint;
import io.horizon.engine.event.InboundEvent;
import io.horizon.engine.event.OrderState;
import io.horizon.engine.event.OrderType;
import io.horizon.engine.event.Side;
import io.horizon.engine.output.EngineOutput;
import io.horizon.engine.output.ExecType;
import io.horizon.engine.output.OutputKind;
import io.horizon.engine.reference.ReferenceData;
import io.horizon.journal.ChronicleJournal;
import io.horizon.journal.ChronicleOutputJournal;
import io.horizon.journal.SyncPolicy;
import io.horizon.journal.audit.AuditFlusher;
import io.horizon.journal.audit.AuditMapping;
import io.horizon.journal.audit.AuditStore;
import io.horizon.journal.audit.PostgresAuditStore;
import io.horizon.journal.flush.FlushLoop;
import io.horizon.journal.flush.FlusherCounters;
import io.horizon.journal.flush.StoreAlerts;
import io.horizon.journal.postgres.PostgresTarget;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
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

/**
 * How fast the audit flusher copies the journal into its store, SQLite or PostgreSQL, and how far
 * it falls behind a steady load.
 * <pre>
 * flush:   setup P --> journal/inbound + journal/outbound        (N venue fills, N fill reports)
 *          AuditFlusher (this thread) <-- journal --> store       one audit row per report
 *                       (its writer thread commits)               store: audit.db, or a new
 *                                                                 database on the PostgreSQL server
 * lag:     P (this thread, paced) --> journal <-- AuditFlusher (FlushLoop thread) --> store
 *                                                  ^ sampler thread reads the lag gauge
 *
 * postgres: one server per trial (zonky embedded PostgreSQL, a child process on 127.0.0.1, its
 *           data directory in the temp dir), synchronous_commit = on as in production; each
 *           invocation writes into a new database under writer id "bench", dropped after it.
 * </pre>
 * {@code backend} chooses the store; both run in one JMH run, so their scores compare. Each
 * {@code flush} invocation also prints the CPU time per row spent in this JVM (every thread) and
 * in the server's processes, which the load of a shared machine disturbs far less than wall time.
 * <p>
 * {@code flush} is single-shot: each invocation copies a prepared journal of
 * {@value #FLUSH_ROWS} reports into a new audit.db; the score is time per audit row (rows/s is its
 * inverse). {@code lag} writes venue fills and their reports at {@code rate} rows/s for
 * {@code seconds} s while the flusher runs (paced in ticks of 200 µs: it writes what is due,
 * then sleeps, rather than spinning on a core the flusher needs), then waits until it has caught
 * up; the score is
 * that whole time, so score minus {@code seconds} s is how long the flusher needed after the
 * last event. Each invocation also prints the largest lag the gauge showed, overall and in each
 * {@value #LAG_WINDOW_SECONDS}-second window of the load (the windows after the first are the lag
 * "once warm": the first holds the JIT's and the store's warm-up), and the CPU time per row of
 * this JVM and of the PostgreSQL server over the whole invocation.
 * <p>
 * Every event here becomes an audit row, the worst case: a real session audits only order
 * events, not market data.
 */
@State(Scope.Benchmark)
@Fork(value = 1, jvmArgsAppend = {
    "--add-exports=java.base/jdk.internal.misc=ALL-UNNAMED",
    "--add-exports=java.base/jdk.internal.ref=ALL-UNNAMED",
    "--add-exports=java.base/sun.nio.ch=ALL-UNNAMED",
    "--add-exports=jdk.compiler/com.sun.tools.javac.file=ALL-UNNAMED",
    "--add-opens=java.base/java.lang=ALL-UNNAMED",
    "--add-opens=java.base/java.lang.reflect=ALL-UNNAMED",
    "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED",
    "-Dchronicle.analytics.disable=true",
    "-XX:-DontCompileHugeMethods",
    "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn"})
public class AuditFlushBenchmark
{
    static final int FLUSH_ROWS = 200_000;
    /** The {@code lag} load's windows: the largest lag is reported per window of this length. */
    static final int LAG_WINDOW_SECONDS = 5;
    /** The paced producer's tick: it writes what is due, then sleeps this long. */
    static final long PACE_NANOS = TimeUnit.MICROSECONDS.toNanos(200);

    private static final ReferenceData REFERENCE_DATA = ReferenceData.builder()
        .instrument("AAPL", FixedPoint.fromDouble(0.01), FixedPoint.ofUnits(190))
        .instrument("MSFT", FixedPoint.fromDouble(0.01), FixedPoint.ofUnits(420))
        .account("paper", FixedPoint.ofUnits(1_000_000))
        .build();

    @Param({"100000"})
    public int rate;

    /** How long {@code lag}'s steady load lasts; windows after the first show the lag once warm. */
    @Param({"5"})
    public int seconds;

    /** The audit store's backend: {@code sqlite} (audit.db) or {@code postgres} (a real server). */
    @Param({"sqlite", "postgres"})
    public String backend;

    private final AtomicInteger databases = new AtomicInteger();
    private EmbeddedPostgres server;
    private long postmaster;
    private String database;

    private Path prepared;
    private Path work;
    private AuditStore store;
    private AuditFlusher flusher;

    /**
     * Writes the journal {@code flush} copies, once.
     */
    @Setup(Level.Trial)
    public void writeJournal() throws IOException
    {
        if ("postgres".equals(backend))
        {
            server = EmbeddedPostgres.builder()
                .setCleanDataDirectory(true)
                .setServerConfig("synchronous_commit", "on")
                .start();
            try (Connection c = server.getPostgresDatabase().getConnection(); Statement st = c.createStatement();
                java.sql.ResultSet rs = st.executeQuery("SELECT pg_backend_pid()"))
            {
                rs.next();
                postmaster = ProcessCpu.parentOf(rs.getLong(1));
            }
            catch (final SQLException ex)
            {
                throw new IllegalStateException("cannot find the server's postmaster: " + ex.getMessage(), ex);
            }
        }
        prepared = Files.createTempDirectory("horizon-audit-bench-journal");
        try (JournalWriter writer = new JournalWriter(prepared))
        {
            for (int i = 0; i < FLUSH_ROWS; i++)
            {
                writer.fillAndReport(1_764_400_000_000_000_000L + i * 1_000L);
            }
        }
    }

    /**
     * A new audit store before every invocation.
     */
    @Setup(Level.Invocation)
    public void newStore() throws IOException
    {
        work = Files.createTempDirectory("horizon-audit-bench");
        store = openStore(work);
        flusher = new AuditFlusher(prepared, store, mapping(), FlusherCounters.audit(new EngineCounters()));
    }

    @TearDown(Level.Invocation)
    public void closeStore() throws IOException
    {
        flusher.close();
        store.close();
        dropDatabase();
        delete(work);
    }

    @TearDown(Level.Trial)
    public void deleteJournal() throws IOException
    {
        delete(prepared);
        if (server != null)
        {
            server.close();
        }
    }

    /**
     * A new, empty store for one invocation: an audit.db in {@code dir}, or a new database on the
     * server whose writer lease this flusher holds.
     */
    private AuditStore openStore(final Path dir)
    {
        if (server == null)
        {
            return AuditStore.forFlusher(dir.resolve(AuditStore.FILE_NAME));
        }
        database = "horizon_bench_" + databases.incrementAndGet();
        superuser("CREATE DATABASE " + database);
        final PostgresAuditStore pg = PostgresAuditStore.forFlusher(new PostgresTarget(
            "jdbc:postgresql://127.0.0.1:" + server.getPort() + "/" + database, "postgres", "postgres", "bench"));
        pg.claimWriter();
        return pg;
    }

    private void dropDatabase()
    {
        if (server != null && database != null)
        {
            superuser("DROP DATABASE " + database + " WITH (FORCE)");
            database = null;
        }
    }

    private void superuser(final String sql)
    {
        try (Connection c = server.getPostgresDatabase().getConnection(); Statement st = c.createStatement())
        {
            st.execute(sql);
        }
        catch (final SQLException ex)
        {
            throw new IllegalStateException(sql + ": " + ex.getMessage(), ex);
        }
    }

    /**
     * Copies the whole prepared journal into a new audit.db.
     *
     * @return rows written, so nothing is optimised away.
     */
    @Benchmark
    @BenchmarkMode(Mode.SingleShotTime)
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    @OperationsPerInvocation(FLUSH_ROWS)
    @Warmup(iterations = 2)
    @Measurement(iterations = 5)
    public long flush() throws Exception
    {
        final long jvm = ProcessCpu.jvmNanos();
        final long db = ProcessCpu.serverNanos(postmaster);
        while (flusher.flushOnce(true))
        {
            // until the journal's end
        }
        final long rows = store.count();
        System.out.printf("  [%s: CPU per row %.1f µs in the JVM, %.1f µs in the PostgreSQL server] ", backend,
            (ProcessCpu.jvmNanos() - jvm) / 1e3 / FLUSH_ROWS, (ProcessCpu.serverNanos(postmaster) - db) / 1e3 / FLUSH_ROWS);
        return rows;
    }

    /**
     * Steady load while the flusher runs on its own thread; ends when it has caught up.
     *
     * @return rows written.
     */
    @Benchmark
    @BenchmarkMode(Mode.SingleShotTime)
    @OutputTimeUnit(TimeUnit.MILLISECONDS)
    @Warmup(iterations = 1)
    @Measurement(iterations = 3)
    public long lag() throws Exception
    {
        final Path state = Files.createTempDirectory("horizon-audit-bench-lag");
        final EngineCounters counters = new EngineCounters();
        final FlusherCounters flushCounters = FlusherCounters.audit(counters);
        final AuditStore lagStore = openStore(state);
        final AtomicBoolean sampling = new AtomicBoolean(true);
        final AtomicLong maxLag = new AtomicLong();
        final AtomicLongArray windowLag = new AtomicLongArray((seconds + LAG_WINDOW_SECONDS - 1) / LAG_WINDOW_SECONDS + 1);
        final long cpuBefore = ProcessCpu.jvmNanos();
        final long serverBefore = server == null ? 0 : ProcessCpu.serverNanos(postmaster);
        final long[] startedAt = {Long.MAX_VALUE};
        try (JournalWriter writer = new JournalWriter(state))
        {
            final FlushLoop loop = new AuditFlusher(state, lagStore, mapping(), flushCounters).start(StoreAlerts.LOG);
            final Thread sampler = new Thread(() ->
            {
                while (sampling.get())
                {
                    final long lagNow = flushCounters.lag.get();
                    maxLag.accumulateAndGet(lagNow, Math::max);
                    final long since = System.nanoTime() - startedAt[0];
                    if (since >= 0)
                    {
                        final int window = (int)Math.min(windowLag.length() - 1,
                            TimeUnit.NANOSECONDS.toSeconds(since) / LAG_WINDOW_SECONDS);
                        windowLag.accumulateAndGet(window, lagNow, Math::max);
                    }
                    try
                    {
                        Thread.sleep(5);
                    }
                    catch (final InterruptedException ex)
                    {
                        return;
                    }
                }
            }, "lag-sampler");
            sampler.start();

            final long rows = (long)rate * seconds;
            final long start = System.nanoTime();
            startedAt[0] = start;
            long written = 0;
            while (written < rows)
            {
                // Write what is due, then sleep: the rate is steady at the scale of a tick, and the
                // producer leaves the cores to the flusher as the engine's journal stage would.
                final long due = Math.min(rows, (System.nanoTime() - start) * rate / 1_000_000_000L + 1);
                for (; written < due; written++)
                {
                    writer.fillAndReport(System.currentTimeMillis() * 1_000_000L);
                }
                LockSupport.parkNanos(PACE_NANOS);
            }
            final long lastEvent = System.nanoTime();
            final double producedRate = rows * 1e9 / (lastEvent - start);
            final boolean caughtUp = loop.stop(120_000);
            final long drainedMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - lastEvent);
            sampling.set(false);
            sampler.join();
            System.out.printf("%n  %s lag at %,d rows/s (produced %,.0f/s): max %,d journal records behind (%.0f ms of load), " +
                "caught up %d ms after the last event%s%n", backend, rate, producedRate, maxLag.get(), maxLag.get() / (2.0 * rate) * 1000,
                drainedMillis, caughtUp ? "" : " (NOT caught up)");
            final StringBuilder windows = new StringBuilder();
            for (int w = 0; w < windowLag.length(); w++)
            {
                windows.append(w == 0 ? "" : ", ").append(w == windowLag.length() - 1 ? "drain " : "")
                    .append(String.format("%.0f", windowLag.get(w) / (2.0 * rate) * 1000));
            }
            System.out.printf("  %s largest lag per %d s window, ms of load: %s; CPU per row %.1f µs in the JVM, %.1f µs in the " +
                "PostgreSQL server%n", backend, LAG_WINDOW_SECONDS, windows, (ProcessCpu.jvmNanos() - cpuBefore) / 1e3 / rows,
                server == null ? 0.0 : (ProcessCpu.serverNanos(postmaster) - serverBefore) / 1e3 / rows);
            return flushCounters.written.get();
        }
        finally
        {
            lagStore.close();
            dropDatabase();
            delete(state);
        }
    }

    private static AuditMapping mapping()
    {
        return new AuditMapping(REFERENCE_DATA, "paper", List.of("market-maker"));
    }

    private static void delete(final Path dir) throws IOException
    {
        try (Stream<Path> files = Files.walk(dir))
        {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    /**
     * Writes what the engine would journal for a fill: the venue's fill event (inbound) and the
     * fill report it caused (outbound).
     */
    private static final class JournalWriter implements AutoCloseable
    {
        private final ChronicleJournal inbound;
        private final ChronicleOutputJournal outbound;
        private final InboundEvent event = new InboundEvent();
        private final EngineOutput output = new EngineOutput();
        private long sequence;

        JournalWriter(final Path state)
        {
            inbound = ChronicleJournal.open(state, SyncPolicy.NONE, 0);
            outbound = ChronicleOutputJournal.open(state);
            inbound.onStart();
        }

        void fillAndReport(final long timestampNanos)
        {
            final long orderId = 1 + sequence;
            event.setVenueResponse(EventType.VENUE_FILL, timestampNanos, 1, orderId, 0, (int)(sequence & 1));
            event.price = FixedPoint.parse("190.01");
            event.quantity = FixedPoint.ofUnits(10);
            inbound.append(event, sequence, true);

            output.clear();
            output.kind = OutputKind.EXECUTION_REPORT;
            output.execType = ExecType.FILL;
            output.state = OrderState.FILLED;
            output.causeSequence = sequence;
            output.causeType = EventType.VENUE_FILL;
            output.timestampNanos = timestampNanos;
            output.orderId = orderId;
            output.clientOrderIdHi = 0x0194_0000_0000_0000L | sequence;
            output.clientOrderIdLo = 0x5EED_0000_0000_0000L + sequence;
            output.accountId = 0;
            output.instrumentId = (int)(sequence & 1);
            output.strategyId = 0;
            output.side = Side.BUY;
            output.orderType = OrderType.LIMIT;
            output.price = FixedPoint.parse("190.01");
            output.quantity = FixedPoint.ofUnits(10);
            output.cumulativeQuantity = output.quantity;
            output.lastPrice = output.price;
            output.lastQuantity = output.quantity;
            outbound.append(output);
            sequence++;
        }

        @Override
        public void close()
        {
            inbound.onShutdown();
            outbound.close();
            inbound.close();
        }
    }
}
