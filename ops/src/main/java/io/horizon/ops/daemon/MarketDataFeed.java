package io.horizon.ops.daemon;

import java.util.Locale;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;

import io.horizon.engine.event.ControlAction;
import io.horizon.engine.event.RejectReason;
import io.horizon.engine.feed.SyntheticFeed;
import io.horizon.engine.feed.SyntheticMarket;
import io.horizon.engine.pipeline.EnginePipeline;
import io.horizon.engine.pipeline.OrderEntry;
import io.horizon.engine.pipeline.RecordedFeed;
import io.horizon.engine.pipeline.RecordedTime;
import io.horizon.engine.reference.ReferenceData;
import io.horizon.fix.marketdata.FixMarketDataFeed;
import io.horizon.ops.feed.BadRowPolicy;
import io.horizon.ops.feed.CsvMarketDataFile;
import io.horizon.ops.feed.FeedPace;
import io.horizon.ops.feed.MarketDataFileException;
import io.horizon.ops.feed.ReplayDriver;
import io.horizon.ops.preset.FeedSettings;
import org.agrona.concurrent.OffsetEpochNanoClock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The run's one market data feed, from the preset's {@code [feed]} table: the seeded synthetic
 * market, a CSV file replayed on its own thread, or FIX market data on a FIX venue's session
 * ({@link FixMarketDataFeed}, read on the thread that polls the venue; no thread of its own). A CSV file is opened (and its header checked)
 * before anything else starts, so a bad path fails the start with a clear message.
 * <p>
 * A file is a recorded source: it brings the engine's clock ({@link #recordedTime()}, the engine
 * runs on the file's time, heartbeats included), paced by {@code feed.pace}; a row skipped under
 * {@code feed.bad_rows = "skip"} is journaled as a {@link ControlAction#FEED_GAP} marker where it was.
 * At {@code pace max} in the shared mode the file thread only parses and stages the rows
 * ({@link RecordedFeed}) and the engine thread steps the recorded clock through them; paced, or in
 * the dedicated mode, the file thread steps the clock in lock-step with the engine. Both give the
 * same journal.
 * <p>
 * Threading: {@link #open}, {@link #start} and {@link #stop} from the daemon's owner thread;
 * {@link #failure()} and {@link #describe()} from any thread.
 */
final class MarketDataFeed
{
    private static final Logger LOG = LoggerFactory.getLogger(MarketDataFeed.class);
    private static final int FEED_ID = 1;

    private final FeedSettings settings;
    private final ReferenceData referenceData;
    private final long seed;
    private final CsvMarketDataFile file;
    private final FeedPace pace;
    private final RecordedTime recordedTime;
    private final AtomicReference<Throwable> failure = new AtomicReference<>();
    private volatile boolean stopping;
    private final FixMarketDataFeed fix;
    private SyntheticFeed synthetic;
    private Thread fileThread;
    private volatile RecordedFeed staged;
    private boolean venuesInProcess = true;

    private MarketDataFeed(
        final FeedSettings settings, final ReferenceData referenceData, final long seed, final CsvMarketDataFile file)
    {
        this.settings = settings;
        this.referenceData = referenceData;
        this.seed = seed;
        this.file = file;
        this.fix = settings.isFix() ?
            new FixMarketDataFeed(referenceData, FEED_ID, new OffsetEpochNanoClock(), "venue " + settings.venue()) : null;
        this.pace = file == null ? null : FeedPace.parse(settings.pace() == null ? FeedPace.MAX : settings.pace());
        this.recordedTime = file == null ? null : new RecordedTime(pace);
        if (file != null)
        {
            file.firstTimestamp().ifPresent(recordedTime::startAt);
        }
    }

    /**
     * @param settings      the preset's feed.
     * @param referenceData the instruments a CSV file may name.
     * @param seed          the synthetic market's seed.
     * @return the feed, not started.
     * @throws io.horizon.ops.feed.MarketDataFileException when a CSV file cannot be used.
     */
    static MarketDataFeed open(final FeedSettings settings, final ReferenceData referenceData, final long seed)
    {
        final CsvMarketDataFile file = settings.isCsv() ? CsvMarketDataFile.open(settings.path(), referenceData,
            BadRowPolicy.parse(settings.badRows() == null ? "stop" : settings.badRows())) : null;
        return new MarketDataFeed(settings, referenceData, seed, file);
    }

    /**
     * A recorded run cannot go back in time: refuses a file whose first row is earlier than the last
     * event the state's journal already holds (a second run of the same file into the same state,
     * say), which would feed the engine data from its past. Nothing to check for a live feed.
     *
     * @param state          the state directory.
     * @param journaledCount events its inbound journal holds.
     * @throws MarketDataFileException naming both times and the fix.
     */
    void requireAfterJournal(final java.nio.file.Path state, final long journaledCount)
    {
        if (file == null || journaledCount == 0 || file.firstTimestamp().isEmpty())
        {
            return;
        }
        final long first = file.firstTimestamp().getAsLong();
        final io.horizon.engine.event.InboundEvent last = new io.horizon.engine.event.InboundEvent();
        try (io.horizon.journal.JournalReader reader = io.horizon.journal.JournalReader.inbound(state))
        {
            reader.seek(journaledCount - 1);
            if (!reader.nextInbound(last))
            {
                return;
            }
        }
        if (first < last.timestampNanos)
        {
            throw new MarketDataFileException(file.file(), 0, null, "starts at " + java.time.Instant.ofEpochSecond(0, first) +
                ", before the last event the journal of " + state + " holds (" + java.time.Instant.ofEpochSecond(0, last.timestampNanos) +
                "); a recorded run cannot go back in time: use a fresh --state, or a file that starts later");
        }
    }

    /**
     * @return the engine clock of a file feed, for the pipeline to be built with; {@code null} for
     *         a live (synthetic) feed, which runs on the wall clock.
     */
    RecordedTime recordedTime()
    {
        return recordedTime;
    }

    /**
     * A FIX feed rides its venue's session: attaches it to that venue, before the pipeline polls it.
     * A file feed notes whether every venue is in process (only then may it stage rows, see {@link #start}).
     *
     * @param venues   the run's venues.
     * @param counters where its refusals are counted for the metrics.
     */
    void attach(final DaemonVenues venues, final io.horizon.engine.counter.EngineCounters counters)
    {
        venuesInProcess = venues.allInProcess();
        if (fix != null)
        {
            fix.countInto(counters, settings.venue());
            venues.fixVenue(settings.venue()).attach(fix);
        }
    }

    /**
     * @param pipeline  the engine: its market data publisher, and order entry for gap markers.
     * @param onFileEnd run when a CSV file has been replayed to its end or failed.
     */
    void start(final EnginePipeline pipeline, final Runnable onFileEnd)
    {
        final io.horizon.engine.feed.MarketDataSink sink = pipeline.marketData();
        if (fix != null)
        {
            // A drop of the session is journaled (FEED_DOWN) so the watchdog marks the feed stale at once, in replay too.
            final OrderEntry orderEntry = pipeline.orderEntry();
            fix.start(sink, (feedId, reason) -> orderEntry.control(ControlAction.FEED_DOWN, feedId, reason) == RejectReason.NONE);
            LOG.info("FIX market data on venue {} as feed {}: subscribing to {} instruments on its session", settings.venue(),
                FEED_ID, referenceData.instrumentCount());
            return;
        }
        if (file == null)
        {
            synthetic = new SyntheticFeed(new SyntheticMarket(referenceData, seed, FEED_ID), sink, settings.rate());
            synthetic.start();
            LOG.info("synthetic feed started at {} events/s over {} instruments", settings.rate(), referenceData.instrumentCount());
            return;
        }
        // As fast as the engine takes it, in the shared mode: the engine thread steps recorded time
        // through the rows the file thread stages. Paced, in the dedicated mode, or with a venue
        // outside the process: the lock-step, where no order leaves before its cause is synced
        // (staged steps sync once per cycle, which only in-process paper venues may wait for).
        staged = pace.isMax() && venuesInProcess ? pipeline.recordedFeed() : null;
        final RecordedFeed stage = staged;
        fileThread = new Thread(() ->
        {
            try
            {
                final int events = stage == null ? file.replay(sink, FEED_ID, new FileDriver(pipeline.orderEntry())) :
                    file.replay(stage, FEED_ID, new StagedDriver(stage));
                if (stage != null && !stage.awaitTaken())
                {
                    return;
                }
                LOG.info("market data file replayed: {} events, {} heartbeats of recorded time{}", events, recordedTime.heartbeats(),
                    file.skippedRows() > 0 ? ", " + file.skippedRows() + " bad rows skipped" : "");
            }
            catch (final Throwable t)
            {
                // Stopped by us (--duration, SIGTERM) is not a failure of the feed.
                if (!stopping)
                {
                    failure.set(t);
                }
            }
            finally
            {
                if (stage != null && !stopping)
                {
                    // A file that failed at a bad row: the rows before it still reach the engine, as in the lock-step.
                    stage.awaitTaken();
                }
                onFileEnd.run();
            }
        }, "horizon-feed-csv");
        fileThread.setDaemon(true);
        fileThread.start();
        LOG.info("replaying market data from {} on its recorded clock, pace {}{}, bad rows: {}", settings.path(), pace,
            stage != null ? " (stepped by the engine thread)" : " (lock-step)", file.badRows().configName());
    }

    /**
     * @return for the run summary: the file feed's clock, pace and skipped rows, or {@code ""}.
     */
    String describe()
    {
        if (fix != null)
        {
            return String.format(Locale.ROOT, "feed: FIX market data on venue %s: %d quotes, %d trades, %d entries refused, " +
                "%d requests rejected by the venue, %d dropped (ring full)%n", settings.venue(), fix.quotes(), fix.trades(),
                fix.refusedEntries(), fix.rejectedRequests(), fix.dropped());
        }
        if (file == null)
        {
            return "";
        }
        final StringBuilder sb = new StringBuilder(256);
        sb.append(String.format(Locale.ROOT, "feed: %s, pace %s, bad rows %s%n", file.file().getFileName(), pace,
            file.badRows().configName()));
        if (file.skippedRows() > 0)
        {
            sb.append(String.format(Locale.ROOT, "%-28s %14d   (journaled as feed-gap markers; replay --type control shows them)%n",
                "bad rows skipped", file.skippedRows()));
            for (final String row : file.skippedSamples())
            {
                sb.append("  ").append(row).append('\n');
            }
            if (file.skippedRows() > file.skippedSamples().size())
            {
                sb.append("  and ").append(file.skippedRows() - file.skippedSamples().size()).append(" more\n");
            }
        }
        return sb.toString();
    }

    /**
     * Stops publishing; returns once the feed thread has ended (at most 5 s for a file).
     */
    void stop()
    {
        stopping = true;
        if (synthetic != null)
        {
            synthetic.close();
        }
        if (staged != null)
        {
            // What the engine has not taken yet is the file's unread part: never published.
            staged.close();
        }
        if (fileThread != null)
        {
            fileThread.interrupt();
            try
            {
                fileThread.join(5_000);
            }
            catch (final InterruptedException ex)
            {
                Thread.currentThread().interrupt();
            }
        }
    }

    /**
     * @return why the file feed stopped early, or {@code null}.
     */
    Throwable failure()
    {
        return failure.get();
    }

    /**
     * Stages a feed-gap marker for each skipped row where it was in the file; the engine thread
     * moves the recorded clock itself, so the rows need nothing besides being staged.
     */
    private static final class StagedDriver implements ReplayDriver
    {
        private final RecordedFeed stage;

        StagedDriver(final RecordedFeed stage)
        {
            this.stage = stage;
        }

        @Override
        public boolean advanceTo(final long recordedNanos)
        {
            return true;
        }

        @Override
        public void skipped(final MarketDataFileException badRow)
        {
            LOG.warn("skipped a bad row (feed.bad_rows = skip): {}", badRow.getMessage());
            while (!stage.gap(badRow.line(), "skipped " + badRow.getMessage()))
            {
                if (Thread.currentThread().isInterrupted())
                {
                    return;
                }
                LockSupport.parkNanos(CsvMarketDataFile.RETRY_PARK_NANOS);
            }
        }
    }

    /**
     * Moves the recorded clock with the file and journals a marker for each skipped row, in step
     * with the data (the marker goes through order entry once the engine has caught up, stamped
     * with the time of the row before it).
     */
    private final class FileDriver implements ReplayDriver
    {
        private final OrderEntry orderEntry;

        FileDriver(final OrderEntry orderEntry)
        {
            this.orderEntry = orderEntry;
        }

        @Override
        public boolean advanceTo(final long recordedNanos)
        {
            return recordedTime.advanceTo(recordedNanos);
        }

        @Override
        public void skipped(final MarketDataFileException badRow)
        {
            LOG.warn("skipped a bad row (feed.bad_rows = skip): {}", badRow.getMessage());
            if (!recordedTime.advanceTo(recordedTime.nanoTime()))
            {
                return;
            }
            while (orderEntry.control(ControlAction.FEED_GAP, badRow.line(), "skipped " + badRow.getMessage()) == RejectReason.RING_FULL)
            {
                if (Thread.currentThread().isInterrupted())
                {
                    return;
                }
                LockSupport.parkNanos(CsvMarketDataFile.RETRY_PARK_NANOS);
            }
        }
    }
}
