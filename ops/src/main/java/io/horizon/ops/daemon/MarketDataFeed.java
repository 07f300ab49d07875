package io.horizon.ops.daemon;

import java.util.concurrent.atomic.AtomicReference;

import io.horizon.engine.feed.MarketDataSink;
import io.horizon.engine.feed.SyntheticFeed;
import io.horizon.engine.feed.SyntheticMarket;
import io.horizon.engine.reference.ReferenceData;
import io.horizon.ops.feed.CsvMarketDataFile;
import io.horizon.ops.preset.FeedSettings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The run's one market data feed, from the preset's {@code [feed]} table: the seeded synthetic
 * market, or a CSV file replayed on its own thread. A CSV file is opened (and its header checked)
 * before anything else starts, so a bad path fails the start with a clear message.
 * <p>
 * Threading: {@link #open}, {@link #start} and {@link #stop} from the daemon's owner thread;
 * {@link #failure()} from any thread.
 */
final class MarketDataFeed
{
    private static final Logger LOG = LoggerFactory.getLogger(MarketDataFeed.class);
    private static final int FEED_ID = 1;

    private final FeedSettings settings;
    private final ReferenceData referenceData;
    private final long seed;
    private final CsvMarketDataFile file;
    private final AtomicReference<Throwable> failure = new AtomicReference<>();
    private SyntheticFeed synthetic;
    private Thread fileThread;

    private MarketDataFeed(
        final FeedSettings settings, final ReferenceData referenceData, final long seed, final CsvMarketDataFile file)
    {
        this.settings = settings;
        this.referenceData = referenceData;
        this.seed = seed;
        this.file = file;
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
        final CsvMarketDataFile file = settings.isCsv() ? CsvMarketDataFile.open(settings.path(), referenceData) : null;
        return new MarketDataFeed(settings, referenceData, seed, file);
    }

    /**
     * @param sink      where events go (the pipeline's market data publisher).
     * @param onFileEnd run when a CSV file has been replayed to its end or failed.
     */
    void start(final MarketDataSink sink, final Runnable onFileEnd)
    {
        if (file == null)
        {
            synthetic = new SyntheticFeed(new SyntheticMarket(referenceData, seed, FEED_ID), sink, settings.rate());
            synthetic.start();
            LOG.info("synthetic feed started at {} events/s over {} instruments", settings.rate(), referenceData.instrumentCount());
            return;
        }
        fileThread = new Thread(() ->
        {
            try
            {
                LOG.info("market data file replayed: {} events", file.replay(sink, FEED_ID));
            }
            catch (final Throwable t)
            {
                failure.set(t);
            }
            finally
            {
                onFileEnd.run();
            }
        }, "horizon-feed-csv");
        fileThread.setDaemon(true);
        fileThread.start();
        LOG.info("replaying market data from {}", settings.path());
    }

    /**
     * Stops publishing; returns once the feed thread has ended (at most 5 s for a file).
     */
    void stop()
    {
        if (synthetic != null)
        {
            synthetic.close();
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
}
