package io.horizon.journal;

import java.nio.file.Path;

import io.horizon.engine.config.EngineConfig;
import io.horizon.engine.event.InboundEvent;
import io.horizon.engine.event.Side;
import io.horizon.engine.feed.SyntheticMarket;
import io.horizon.engine.pipeline.EnginePipeline;
import io.horizon.engine.pipeline.ThreadingMode;
import io.horizon.engine.reference.ReferenceData;
import io.horizon.engine.strategy.MarketMaker;
import io.horizon.engine.strategy.Strategy;
import io.horizon.engine.strategy.StrategyContext;
import io.horizon.engine.support.TestMarkets;
import io.horizon.engine.venue.paper.PaperVenue;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.io.TempDir;

import static io.horizon.engine.support.TestMarkets.ALICE;
import static io.horizon.engine.support.TestMarkets.qty;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code --verify} passes on a journal written by the same engine and catches a deliberately
 * altered BLP at the first output that differs.
 */
final class JournalVerifierTest
{
    private static final int QUOTES = 2_000;

    private final ReferenceData ref = TestMarkets.referenceData();

    @TempDir
    Path state;

    private static EngineConfig config(final ThreadingMode threading)
    {
        return EngineConfig.builder().threading(threading).ringSize(1024).orderCapacity(1024).heartbeatIntervalMillis(0).seed(5).build();
    }

    private EnginePipeline.Builder engine(final ThreadingMode threading, final Strategy... extra)
    {
        final EnginePipeline.Builder b = EnginePipeline.builder()
            .config(config(threading))
            .referenceData(ref)
            .strategy(new MarketMaker(ALICE, 1, qty(5), qty(40), 1));
        for (final Strategy s : extra)
        {
            b.strategy(s);
        }
        return b;
    }

    private void writeJournal(final ThreadingMode threading)
    {
        final ChronicleJournal journal = ChronicleJournal.open(state, SyncPolicy.NONE, 0);
        final ChronicleOutputJournal outputs = ChronicleOutputJournal.open(state);
        final EnginePipeline pipeline = engine(threading)
            .journal(journal)
            .outputJournal(outputs)
            .venue(new PaperVenue(ref, 1024))
            .build()
            .start();
        try
        {
            final SyntheticMarket market = new SyntheticMarket(ref, 3, 1);
            final long base = 1_764_400_000_000_000_000L;
            for (int i = 0; i < QUOTES; i++)
            {
                market.next(base + i * 1_000_000L, pipeline.marketData());
                if ((i & 63) == 0)
                {
                    assertTrue(pipeline.awaitIdle(10_000));
                }
            }
            assertTrue(pipeline.awaitIdle(10_000));
        }
        finally
        {
            assertTrue(pipeline.drainAndStop());
            outputs.close();
            journal.close();
        }
    }

    @ParameterizedTest(name = "written {0}, verified {1}")
    @CsvSource({"SHARED, SHARED", "DEDICATED, DEDICATED", "SHARED, DEDICATED", "DEDICATED, SHARED"})
    void shouldVerifyEveryOutputOfAnUnchangedEngineWhicheverThreadingModeWroteOrVerifiesIt(
        final ThreadingMode written, final ThreadingMode verified)
    {
        writeJournal(written);

        final JournalVerifier.Result result = JournalVerifier.verify(state, engine(verified), n -> { });

        assertNull(result.divergence(), () -> String.valueOf(result.divergence()));
        assertTrue(result.verified());
        assertTrue(result.events() >= QUOTES, "venue responses are re-run too: " + result.events());
        assertTrue(result.outputs() > 100, "the market maker traded: " + result.outputs());
    }

    @ParameterizedTest
    @EnumSource(value = ThreadingMode.class, names = {"SHARED", "DEDICATED"})
    void shouldCatchAnAlteredBlpAtTheFirstDivergentOutput(final ThreadingMode threading)
    {
        writeJournal(threading);
        final Strategy altered = new Strategy()
        {
            private int quotes;

            @Override
            public String name()
            {
                return "altered";
            }

            @Override
            public void onQuote(final InboundEvent quote, final StrategyContext context)
            {
                if (++quotes == 500)
                {
                    context.submitMarket(ALICE, quote.instrumentId, Side.BUY, qty(1));
                }
            }
        };

        final JournalVerifier.Result result = JournalVerifier.verify(state, engine(threading, altered), n -> { });

        assertNotNull(result.divergence());
        final JournalVerifier.Divergence d = result.divergence();
        assertTrue(d.actual().contains("VENUE_NEW") && d.actual().contains("MARKET"), d.toString());
        assertTrue(d.causeEvent().contains("type=QUOTE"), d.toString());
        assertEquals(d.outputIndex(), result.outputs(), "outputs before the divergence all matched");
    }
}
