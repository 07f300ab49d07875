package io.horizon.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.horizon.engine.counter.EngineCounters;
import io.horizon.engine.order.ClientOrderIds;
import io.horizon.engine.pipeline.ThreadingMode;
import io.horizon.engine.pipeline.WaitStrategyKind;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.openjdk.jmh.annotations.Fork;

import static io.horizon.bench.BenchmarkMarkets.AAPL;
import static io.horizon.bench.BenchmarkMarkets.CLIENT_ACCOUNT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Runs every benchmark body a few times directly, without JMH, so a benchmark that no longer
 * builds, throws, hangs or measures a degenerate path (rejects instead of orders, a leaking
 * ledger) fails {@code mvn verify} instead of waiting for someone to run the suite.
 */
final class BenchmarkSmokeTest
{
    private static final int CYCLES = 1_000;

    @Test
    @Timeout(30)
    void shouldHopEventsThroughTheRingWithEveryWaitStrategy() throws InterruptedException
    {
        for (final WaitStrategyKind kind : WaitStrategyKind.values())
        {
            for (final String producer : List.of("multi", "single"))
            {
                final RingHopBenchmark bench = new RingHopBenchmark();
                bench.waitStrategy = kind.configName();
                bench.producer = producer;
                bench.start();
                try
                {
                    long last = -1;
                    for (int i = 0; i < 3; i++)
                    {
                        last = bench.throughput();
                    }
                    assertEquals(3L * RingHopBenchmark.BURST - 1, last, kind + " " + producer);
                    for (int i = 0; i < 100; i++)
                    {
                        last = bench.ping();
                    }
                    assertEquals(last, bench.lastSeen(), kind + " " + producer);
                }
                finally
                {
                    bench.stop();
                }
            }
        }
    }

    @Test
    @Timeout(30)
    void shouldRequoteBothSidesOnEveryQuoteWithoutLeakingOrders()
    {
        final BlpBenchmark bench = new BlpBenchmark();
        final BlpBenchmark.RequoteState state = new BlpBenchmark.RequoteState();
        state.setUp();
        for (int i = 0; i < CYCLES; i++)
        {
            assertEquals(2, bench.quoteRequote(state));
        }
        state.check();

        final EngineCounters counters = state.driver().counters();
        assertEquals(2L * CYCLES, counters.amendsRequested.get());
        assertEquals(3 + (long)CYCLES * BlpBenchmark.RequoteState.EVENTS_PER_CYCLE, counters.eventsProcessed.get(),
            "the set-up quote and its two acks, then three events a cycle");
        assertEquals(2, state.driver().blp().ledger().size());
    }

    @Test
    @Timeout(30)
    void shouldSendAckAndFillClientOrdersWithoutLeakingOrders()
    {
        final BlpBenchmark bench = new BlpBenchmark();
        final BlpBenchmark.OrderCycleState state = new BlpBenchmark.OrderCycleState();
        state.setUp();
        for (int i = 0; i < CYCLES; i++)
        {
            assertTrue(bench.clientOrderCycle(state) > 0);
        }
        state.check();

        final EngineCounters counters = state.driver().counters();
        assertEquals(CYCLES, counters.ordersSubmitted.get());
        assertEquals(CYCLES, counters.fills.get());
        assertEquals(3L * CYCLES, counters.eventsProcessed.get());
        assertEquals(0, state.driver().blp().ledger().size());
        assertEquals(0, state.driver().blp().positions().position(CLIENT_ACCOUNT, AAPL), "buys and sells alternate");
        assertTrue(state.driver().reportCount() >= 3L * CYCLES, "pending-new, new and fill reports per cycle");
    }

    @Test
    @Timeout(30)
    void shouldRestAndFillOrdersInThePaperVenueWithoutLeaking()
    {
        final BlpBenchmark bench = new BlpBenchmark();
        final BlpBenchmark.PaperMatchState state = new BlpBenchmark.PaperMatchState();
        state.setUp();
        for (int i = 0; i < CYCLES; i++)
        {
            bench.paperMatch(state);
        }
        state.check();

        assertEquals(CYCLES, state.responses().fills);
        assertEquals(CYCLES, state.responses().acks);
        assertEquals(0, state.venue().restingOrderCount());
    }

    @Test
    @Timeout(30)
    void shouldGenerateRisingIdsAndFormatThemAsHznUlids()
    {
        final ClientOrderIdBenchmark bench = new ClientOrderIdBenchmark();
        bench.setUp();
        for (int i = 0; i < CYCLES; i++)
        {
            bench.nextSameMillis();
            bench.nextNewMillis();
        }
        final String formatted = bench.format();
        assertTrue(ClientOrderIds.isValid(formatted), formatted);
        assertEquals(formatted, bench.appendTo().toString());
        assertEquals(formatted, bench.appendTo().toString(), "the builder is reused, not appended to");
    }

    @ParameterizedTest
    @EnumSource(value = ThreadingMode.class, names = {"SHARED", "DEDICATED"})
    @Timeout(60)
    void shouldDriveTheWholePipelineAndDrain(final ThreadingMode threading)
    {
        final PipelineThroughputBenchmark bench = new PipelineThroughputBenchmark();
        bench.waitStrategy = WaitStrategyKind.BACKOFF.configName();
        bench.threading = threading.configName();
        bench.start();
        final PipelineThroughputBenchmark.PipelineRates rates = new PipelineThroughputBenchmark.PipelineRates();
        rates.reset();
        final int batches = 5;
        try
        {
            for (int i = 0; i < batches; i++)
            {
                bench.marketData(rates);
            }
            bench.check();
        }
        finally
        {
            bench.stop();
        }

        final EngineCounters counters = bench.pipeline().counters();
        final long marketData = (long)batches * PipelineThroughputBenchmark.BATCH;
        assertEquals(marketData, bench.published());
        assertEquals(marketData, counters.quotes.get() + counters.trades.get(), "every market data event reached the BLP");
        assertTrue(rates.blpEvents >= marketData, "blpEvents " + rates.blpEvents);
        assertTrue(counters.venueCommands.get() > 0, "the market maker should have sent orders");
        assertTrue(counters.eventsProcessed.get() > marketData, "venue responses are BLP events too");
        assertTrue(bench.pipeline().blp().ledger().size() <= 4);
    }

    @Test
    void shouldForkEveryBenchmarkWithTheJvmFlagsOfTheRootPom() throws IOException
    {
        final List<String> expected = rootPomJvmFlags();
        for (final Class<?> benchmark : List.of(
            RingHopBenchmark.class, BlpBenchmark.class, ClientOrderIdBenchmark.class, PipelineThroughputBenchmark.class))
        {
            final Fork fork = benchmark.getAnnotation(Fork.class);
            assertNotNull(fork, benchmark.getSimpleName() + " has no @Fork");
            assertEquals(expected, Arrays.asList(fork.jvmArgsAppend()),
                benchmark.getSimpleName() + " @Fork(jvmArgsAppend) is out of step with <horizon.jvm.flags> in pom.xml");
        }
    }

    private static List<String> rootPomJvmFlags() throws IOException
    {
        // Surefire runs in the module directory; the reactor pom is one level up.
        final Path pom = Path.of("").toAbsolutePath().resolveSibling("pom.xml");
        final String text = Files.readString(pom, StandardCharsets.UTF_8);
        final Matcher m = Pattern.compile("<horizon\\.jvm\\.flags>([^<]*)</horizon\\.jvm\\.flags>").matcher(text);
        assertTrue(m.find(), "no <horizon.jvm.flags> in " + pom);
        return List.of(m.group(1).trim().split("\\s+"));
    }

}
