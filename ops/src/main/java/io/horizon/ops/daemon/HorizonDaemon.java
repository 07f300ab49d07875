package io.horizon.ops.daemon;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import io.horizon.engine.feed.SyntheticFeed;
import io.horizon.engine.feed.SyntheticMarket;
import io.horizon.engine.event.ControlAction;
import io.horizon.engine.pipeline.EnginePipeline;
import io.horizon.engine.reference.ReferenceData;
import io.horizon.engine.venue.paper.PaperVenue;
import io.horizon.journal.ChronicleJournal;
import io.horizon.journal.ChronicleOutputJournal;
import io.horizon.journal.JournalException;
import io.horizon.journal.JournalManifest;
import io.horizon.journal.JournalRecovery;
import io.horizon.journal.flush.StoreAlerts;
import io.horizon.ops.counters.CountersFile;
import io.horizon.ops.feed.CsvMarketDataFile;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The composition root of a running Horizon: it owns the state directory, the counters file,
 * the engine pipeline, the venue and the feed, starts them in dependency order and stops them
 * in reverse, draining the rings in between.
 * <p>
 * Threading: {@link #start}, {@link #awaitStop} and {@link #stop} from the owning thread;
 * {@link #requestStop} from any thread (signal handlers).
 */
public final class HorizonDaemon
{
    private static final Logger LOG = LoggerFactory.getLogger(HorizonDaemon.class);
    private static final int FEED_ID = 1;
    private static final long RECOVERY_IDLE_TIMEOUT_MS = 600_000;

    private final DaemonSettings settings;
    private final ReferenceData referenceData;
    private final StateDirectory state;
    private final CountersFile countersFile;
    private final EnginePipeline pipeline;
    private final ChronicleJournal journal;
    private final ChronicleOutputJournal outputJournal;
    private final CountDownLatch stopRequested = new CountDownLatch(1);
    private final AtomicReference<Throwable> feedFailure = new AtomicReference<>();
    private SyntheticFeed syntheticFeed;
    private Thread fileFeedThread;
    private long startedNanos;
    private long recoveredEvents;
    private long recoveryNanos;
    private RunSummary summary;
    private AuditAndDeadLetters auditAndDeadLetters;

    private HorizonDaemon(
        final DaemonSettings settings,
        final ReferenceData referenceData,
        final StateDirectory state,
        final CountersFile countersFile,
        final EnginePipeline pipeline,
        final ChronicleJournal journal,
        final ChronicleOutputJournal outputJournal)
    {
        this.settings = settings;
        this.referenceData = referenceData;
        this.state = state;
        this.countersFile = countersFile;
        this.pipeline = pipeline;
        this.journal = journal;
        this.outputJournal = outputJournal;
    }

    /**
     * Builds and starts everything.
     *
     * @param settings what to run.
     * @return the running daemon.
     * @throws IOException when the counters file cannot be created.
     */
    public static HorizonDaemon start(final DaemonSettings settings) throws IOException
    {
        final ReferenceData referenceData = DefaultSetup.referenceData();
        final CsvMarketDataFile file = settings.marketDataFile() == null ?
            null : CsvMarketDataFile.open(settings.marketDataFile(), referenceData);
        final StateDirectory state = StateDirectory.open(settings.stateDirectory());
        CountersFile countersFile = null;
        ChronicleJournal journal = null;
        ChronicleOutputJournal outputJournal = null;
        try
        {
            JournalManifest.openOrCreate(state.path(), settings.engine().seed(), settings.engine().orderCapacity());
            journal = ChronicleJournal.open(state.path(), settings.journalSync(), settings.journalSyncIntervalMillis());
            outputJournal = ChronicleOutputJournal.open(state.path());
            countersFile = CountersFile.create(state.path());
            final EnginePipeline pipeline = DefaultSetup.engine(settings.engine())
                .journal(journal)
                .outputJournal(outputJournal)
                .sideEffects(false)
                .venue(new PaperVenue(referenceData, settings.engine().orderCapacity()))
                .counters(countersFile.counters())
                .build();
            final HorizonDaemon daemon =
                new HorizonDaemon(settings, referenceData, state, countersFile, pipeline, journal, outputJournal);
            daemon.startAll(file);
            return daemon;
        }
        catch (final RuntimeException | IOException ex)
        {
            if (countersFile != null)
            {
                countersFile.close();
            }
            if (outputJournal != null)
            {
                outputJournal.close();
            }
            if (journal != null)
            {
                journal.close();
            }
            state.close();
            throw ex;
        }
    }

    private void startAll(final CsvMarketDataFile file)
    {
        startedNanos = System.nanoTime();
        pipeline.start();
        recover();
        // --- Audit log and dead-letter queue (issue 5): they follow the journal from here on. ---
        auditAndDeadLetters = AuditAndDeadLetters.start(state.path(), referenceData, "paper",
            List.of(DefaultSetup.marketMaker().name()), pipeline, countersFile.counters(), StoreAlerts.LOG,
            "paper venue, state in " + state.path() + ", " + recoveredEvents + " journaled events recovered");
        // --- end audit log and dead-letter queue ---
        if (file == null)
        {
            syntheticFeed = new SyntheticFeed(
                new SyntheticMarket(referenceData, settings.engine().seed(), FEED_ID), pipeline.marketData(), settings.feedRate());
            syntheticFeed.start();
            LOG.info("synthetic feed started at {} events/s over {} instruments",
                settings.feedRate(), referenceData.instrumentCount());
        }
        else
        {
            fileFeedThread = new Thread(() -> replayFile(file), "horizon-feed-csv");
            fileFeedThread.setDaemon(true);
            fileFeedThread.start();
            LOG.info("replaying market data from {}", settings.marketDataFile());
        }
        LOG.info("Horizon running: paper venue, state in {}, counters in {}", state.path(), countersFile.path());
    }

    /**
     * Replays the journal into the fresh pipeline with the venue off, then turns the venue on and
     * asks the BLP to reconcile its live orders with it. Nothing live is published before.
     */
    private void recover()
    {
        final long begin = System.nanoTime();
        if (journal.eventCount() > 0)
        {
            LOG.info("recovering: replaying {} journaled events", journal.eventCount());
        }
        recoveredEvents = JournalRecovery.replay(state.path(), pipeline,
            n -> LOG.info("recovery: {} of {} events replayed", n, journal.eventCount()));
        if (recoveredEvents != journal.eventCount())
        {
            throw new JournalException("recovery replayed " + recoveredEvents + " events but the journal holds " +
                journal.eventCount() + "; refusing to go live on a partial state");
        }
        if (!pipeline.awaitIdle(RECOVERY_IDLE_TIMEOUT_MS))
        {
            throw new JournalException("recovery did not finish processing " + recoveredEvents + " events within " +
                RECOVERY_IDLE_TIMEOUT_MS / 1000 + " s");
        }
        pipeline.goLive();
        if (recoveredEvents > 0)
        {
            pipeline.orderEntry().control(ControlAction.RECONCILE, 0, "recovery");
            pipeline.awaitIdle(RECOVERY_IDLE_TIMEOUT_MS);
            LOG.info("recovered {} events in {} ms; {} orders live; reconciled with the venue",
                recoveredEvents, (System.nanoTime() - begin) / 1_000_000, pipeline.counters().liveOrders.get());
        }
        recoveryNanos = System.nanoTime() - begin;
    }

    private void replayFile(final CsvMarketDataFile file)
    {
        try
        {
            final int events = file.replay(pipeline.marketData(), FEED_ID);
            LOG.info("market data file replayed: {} events", events);
        }
        catch (final Throwable t)
        {
            feedFailure.set(t);
        }
        finally
        {
            if (settings.duration() == null)
            {
                requestStop();
            }
        }
    }

    /**
     * @return the audit log and dead-letter queue of this run (for the control channel's redrive).
     */
    public AuditAndDeadLetters auditAndDeadLetters()
    {
        return auditAndDeadLetters;
    }

    /**
     * Asks the daemon to stop; {@link #awaitStop} returns. Any thread.
     */
    public void requestStop()
    {
        stopRequested.countDown();
    }

    /**
     * Blocks until the duration has passed or a stop was requested.
     *
     * @throws InterruptedException when interrupted.
     */
    public void awaitStop() throws InterruptedException
    {
        if (settings.duration() == null)
        {
            stopRequested.await();
        }
        else
        {
            stopRequested.await(settings.duration().toNanos(), TimeUnit.NANOSECONDS);
        }
    }

    /**
     * Stops the feed, drains the engine, and releases the state directory. Idempotent.
     *
     * @return what happened during the run.
     */
    public synchronized RunSummary stop()
    {
        if (summary != null)
        {
            return summary;
        }
        if (syntheticFeed != null)
        {
            syntheticFeed.close();
        }
        if (fileFeedThread != null)
        {
            fileFeedThread.interrupt();
            try
            {
                fileFeedThread.join(5_000);
            }
            catch (final InterruptedException ex)
            {
                Thread.currentThread().interrupt();
            }
        }
        final boolean drained = pipeline.drainAndStop();
        // --- Audit log and dead-letter queue (issue 5): final flush to the journal's end. ---
        if (auditAndDeadLetters != null)
        {
            auditAndDeadLetters.stop(pipeline.counters().eventsProcessed.get() + " events processed" + (drained ? "" : ", not drained"));
        }
        // --- end audit log and dead-letter queue ---
        final long elapsedNanos = System.nanoTime() - startedNanos;
        summary = RunSummary.of(pipeline, referenceData, drained, elapsedNanos, state.path(),
            recoveredEvents, recoveryNanos, settings.journalSync(), feedFailure.get());
        countersFile.close();
        outputJournal.close();
        journal.close();
        state.close();
        return summary;
    }
}
