package io.horizon.journal.support;

import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicLong;

import io.horizon.engine.config.EngineConfig;
import io.horizon.engine.event.ControlAction;
import io.horizon.engine.event.OrderType;
import io.horizon.engine.event.RejectReason;
import io.horizon.engine.event.Side;
import io.horizon.engine.pipeline.EnginePipeline;
import io.horizon.engine.pipeline.ThreadingMode;
import io.horizon.engine.reference.ReferenceData;
import io.horizon.engine.risk.PreTradeRisk;
import io.horizon.engine.support.RecordingReports;
import io.horizon.engine.support.TestMarkets;
import io.horizon.engine.venue.Venue;
import io.horizon.journal.ChronicleJournal;
import io.horizon.journal.ChronicleOutputJournal;
import io.horizon.journal.JournalReader;
import io.horizon.journal.JournalRecovery;
import io.horizon.journal.SyncPolicy;

import static io.horizon.engine.support.TestMarkets.AAPL;
import static io.horizon.engine.support.TestMarkets.ALICE;
import static io.horizon.engine.support.TestMarkets.MSFT;
import static io.horizon.engine.support.TestMarkets.px;
import static io.horizon.engine.support.TestMarkets.qty;

/**
 * Test fixture: a real pipeline journaling to a state directory (Chronicle inbound and outbound
 * journals), recovered from whatever the directory already holds and then live on the given
 * venue. Tests trade through it while flushers read the same journal.
 */
public final class TradingSession implements AutoCloseable
{
    private final ChronicleJournal journal;
    private final ChronicleOutputJournal outputs;
    private final EnginePipeline pipeline;
    private final RecordingReports reports = new RecordingReports();
    private long nextClientId = 1;
    private long nextFeedSequence = 1;
    private final AtomicLong clock = new AtomicLong(1_764_000_000_000_000_000L);

    public TradingSession(final Path state, final Venue venue)
    {
        this(state, venue, PreTradeRisk.ACCEPT_ALL);
    }

    public TradingSession(final Path state, final Venue venue, final PreTradeRisk risk)
    {
        this(state, venue, risk, ThreadingMode.AUTO);
    }

    /**
     * @param threading the engine's threading mode, for tests that run in both.
     */
    public TradingSession(final Path state, final Venue venue, final ThreadingMode threading)
    {
        this(state, venue, PreTradeRisk.ACCEPT_ALL, threading);
    }

    public TradingSession(final Path state, final Venue venue, final PreTradeRisk risk, final ThreadingMode threading)
    {
        final ReferenceData referenceData = TestMarkets.referenceData();
        journal = ChronicleJournal.open(state, SyncPolicy.NONE, 0);
        outputs = ChronicleOutputJournal.open(state);
        pipeline = EnginePipeline.builder()
            .config(EngineConfig.builder().threading(threading).ringSize(1024).orderCapacity(256).heartbeatIntervalMillis(0).build())
            .referenceData(referenceData)
            .risk(risk)
            .journal(journal)
            .outputJournal(outputs)
            .sideEffects(false)
            .venue(venue)
            .reportListener(reports)
            .clock(() -> clock.addAndGet(1_000))
            .build()
            .start();
        JournalRecovery.replay(state, pipeline, n -> { });
        await();
        pipeline.goLive();
        nextClientId = 1 + journal.eventCount() * 1000;
    }

    public EnginePipeline pipeline()
    {
        return pipeline;
    }

    public RecordingReports reports()
    {
        return reports;
    }

    /**
     * A quote on AAPL and MSFT, then a crossing buy and a resting sell on each, a cancel of the
     * resting sell: every kind of report the paper venue gives.
     */
    public void trade(final int rounds)
    {
        for (int i = 0; i < rounds; i++)
        {
            for (final int instrument : new int[]{AAPL, MSFT})
            {
                final double mid = instrument == AAPL ? 190 : 420;
                pipeline.marketData().quote(clock.addAndGet(1_000), 1, nextFeedSequence++, instrument,
                    px(mid - 0.01), qty(100), px(mid + 0.01), qty(100));
                order(instrument, Side.BUY, px(mid + 0.01), qty(1 + i % 3));
                final long restingHi = 7;
                final long restingLo = nextClientId;
                order(instrument, Side.SELL, px(mid + 5), qty(2));
                pipeline.orderEntry().cancel(ALICE, restingHi, restingLo);
            }
            await();
        }
    }

    public RejectReason order(final int instrument, final Side side, final long price, final long quantity)
    {
        return pipeline.orderEntry().newOrder(ALICE, instrument, side, OrderType.LIMIT, price, quantity, 7, nextClientId++);
    }

    public void control(final ControlAction action, final long value, final String text)
    {
        pipeline.orderEntry().control(action, value, text);
        await();
    }

    public void await()
    {
        if (!pipeline.awaitIdle(20_000))
        {
            throw new AssertionError("pipeline did not go idle");
        }
    }

    /**
     * @return inbound plus outbound records journaled so far (call when idle).
     */
    public long journaledRecords(final Path state)
    {
        try (JournalReader in = JournalReader.inbound(state); JournalReader out = JournalReader.outbound(state))
        {
            return in.entryCount() + out.entryCount();
        }
    }

    @Override
    public void close()
    {
        pipeline.drainAndStop();
        outputs.close();
        journal.close();
    }
}
