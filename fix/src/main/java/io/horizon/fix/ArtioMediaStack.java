package io.horizon.fix;

import java.io.File;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.List;

import com.sun.management.HotSpotDiagnosticMXBean;
import io.aeron.archive.Archive;
import io.aeron.archive.ArchiveThreadingMode;
import io.aeron.archive.ArchivingMediaDriver;
import io.aeron.archive.client.AeronArchive;
import io.aeron.driver.MediaDriver;
import io.horizon.engine.pipeline.WaitStrategyKind;
import io.horizon.fix.codecs.FixDictionaryImpl;
import io.aeron.driver.ThreadingMode;
import org.agrona.CloseHelper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import uk.co.real_logic.artio.MonitoringAgentFactory;
import uk.co.real_logic.artio.engine.EngineConfiguration;
import uk.co.real_logic.artio.engine.FixEngine;
import uk.co.real_logic.artio.engine.LowResourceEngineScheduler;

/**
 * What Artio needs beside the library Horizon polls: an embedded Aeron media driver and archive,
 * and Artio's {@link FixEngine}, which owns the TCP connections, the message log (in the
 * archive) and the persisted sequence numbers. All of it lives under one directory in the state
 * directory, so sequence numbers survive a restart and backups take them along.
 * <p>
 * Threads are kept to what Artio's options allow: the media driver and the archive each run
 * their agents on one thread ({@code SHARED}; the driver's async task executor is off), and the
 * Artio engine's agents run where {@link FramerPlacement} says:
 * <ul>
 *   <li>{@link FramerPlacement#POLLED} (what the constructors without a placement use; a
 *       preset's venue defaults to {@code thread}): the framer, which reads and writes the
 *       socket, runs on the thread that polls the venue ({@link #invokeFramer()}, called from
 *       {@link FixVenue#poll}); the indexers, the archiver, the monitoring agent and the engine's
 *       Aeron client conductor share one thread off the message path
 *       ({@link PolledFramerScheduler}). Three threads in all, none of them on a message's path;</li>
 *   <li>{@link FramerPlacement#THREAD}: the framer, indexers, archiver and monitoring share one
 *       thread ({@link LowResourceEngineScheduler}) that idles as the engine's wait strategy says
 *       ({@link FixIdleStrategies#framer}): three threads in all, one of them on the path, which a
 *       message crosses on its way out and on its way in.</li>
 * </ul>
 * The driver and the archive are off the message path and back off up to 1 ms
 * ({@link FixIdleStrategies}). Running driver and archive as invokers on one thread would save
 * one more; it is not done, because the archive's own Aeron client must then be driven by hand.
 * Aeron's threads are not daemon threads: {@link #close()} must run. The engine's errors go to
 * Horizon's log ({@link ArtioEngineErrors}).
 * <p>
 * Threading: start and close from one thread (the daemon's main thread); {@link #invokeFramer()}
 * on the venue's polling thread, or on the closing thread once polling stopped.
 */
public final class ArtioMediaStack implements AutoCloseable
{
    /** The channel between our library and the engine: shared memory, no socket. */
    static final String LIBRARY_CHANNEL = "aeron:ipc";
    /**
     * Bytes per term of the IPC publications between the library and the Artio engine (the inbound
     * one carries every message the venue sends to the library; the outbound one every order to
     * the framer). A publisher may run half a term ahead of its slowest reader (the library, the
     * framer, the indexers, the archive's recording), about 5,000 ExecutionReports here. With
     * 1 MiB (a 512 KiB window) a 10k orders/s burst on a loaded 2-core box filled it: each claim
     * that found it full made the framer frame and checksum the message again at its next duty
     * cycle, and decided orders waited seconds to reach the framer. With 4 MiB the out leg's p50 was
     * 11-17 ms in every overloaded run (against 1.5-4 s in three of four with 1 MiB), and the framer's
     * CPU per order about a quarter lower; on a box less loaded the window never filled and the
     * length made no difference (benchmarks/HISTORY.md, "CPU per order at 10k"). The files are sparse and never
     * backed up (state backup skips {@code aeron}).
     */
    static final int TERM_LENGTH = 4 << 20;
    /**
     * Bytes per term of the driver's UDP publications (the archive's control responses,
     * replication): off the message path, so no larger than this.
     */
    static final int NETWORK_TERM_LENGTH = 1 << 20;
    /** Tries of a claim on a stream before the Artio engine's framer gives up until its next duty cycle. */
    static final int ENGINE_CLAIM_ATTEMPTS = 4;
    /**
     * Messages from the library the polled framer sends per invoke (Artio's default, 20, suits a
     * framer that spins on its own thread).
     */
    static final int POLLED_OUTBOUND_FRAGMENT_LIMIT = 256;

    private static final Logger LOG = LoggerFactory.getLogger(ArtioMediaStack.class);

    private final Path directory;
    private final ArchivingMediaDriver driver;
    private final FixEngine engine;
    /** The framer's scheduler with {@link FramerPlacement#POLLED}, else {@code null}. */
    private final PolledFramerScheduler polledFramer;

    private ArtioMediaStack(
        final Path directory,
        final ArchivingMediaDriver driver,
        final FixEngine engine,
        final PolledFramerScheduler polledFramer)
    {
        this.directory = directory;
        this.driver = driver;
        this.engine = engine;
        this.polledFramer = polledFramer;
    }

    /**
     * Starts the media driver, the archive and the FIX engine, idling as the engine's default
     * wait strategy says ({@code backoff}).
     *
     * @param directory where the driver's files, the archive and the sequence numbers live
     *                  (created if missing); one per venue.
     * @return the running stack.
     */
    public static ArtioMediaStack launch(final Path directory)
    {
        return launch(directory, WaitStrategyKind.BACKOFF, FramerPlacement.POLLED, TERM_LENGTH);
    }

    /**
     * Starts the media driver, the archive and the FIX engine, with {@code termLength} bytes per
     * term of the channels between the library and the engine (tests make them small so the
     * channel fills after a few hundred messages).
     *
     * @param directory  as for {@link #launch(Path)}.
     * @param idle       the engine's wait strategy ({@code engine.wait_strategy}): how the Artio
     *                   engine's thread idles with {@link FramerPlacement#THREAD} ({@link FixIdleStrategies}).
     * @param framer     where the framer runs.
     * @param termLength a power of two, 64 KiB to 1 GiB.
     * @return the running stack.
     */
    static ArtioMediaStack launch(
        final Path directory,
        final WaitStrategyKind idle,
        final FramerPlacement framer,
        final int termLength)
    {
        final File root = directory.toFile();
        if (!root.isDirectory() && !root.mkdirs())
        {
            throw new IllegalStateException("cannot create the FIX session directory " + directory);
        }
        final MediaDriver.Context driverContext = driverContext(directory, termLength);
        final Archive.Context archiveContext = archiveContext(directory);
        // An unclean exit leaves the archive's mark file active; the driver we start is new, so
        // nothing else can be using it.
        final File markFile = new File(new File(root, "archive"), "archive-mark.dat");
        if (markFile.exists() && !markFile.delete())
        {
            LOG.warn("cannot remove the stale archive mark file {}", markFile);
        }

        if (!hugeMethodsCompiled())
        {
            LOG.warn("this JVM runs without -XX:-DontCompileHugeMethods: Artio's FIX 4.4 ExecutionReport decoder is " +
                "too big for the JIT and will run interpreted, about 10 x slower; start Horizon with bin/horizon, the " +
                "systemd unit or the container image, which pass the flag (pom.xml <horizon.jvm.flags>)");
        }
        ArchivingMediaDriver driver = null;
        try
        {
            driver = ArchivingMediaDriver.launch(driverContext, archiveContext);
            final PolledFramerScheduler polled = framer == FramerPlacement.POLLED ? new PolledFramerScheduler() : null;
            final EngineConfiguration configuration = engineConfiguration(directory, idle);
            if (polled != null)
            {
                configuration.scheduler(polled);
                // Invoked once per duty cycle of the polling thread, the framer must send in one
                // go what a cycle's batch of orders put on the library channel, not Artio's 20.
                configuration.outboundLibraryFragmentLimit(POLLED_OUTBOUND_FRAGMENT_LIMIT);
            }
            final FixEngine engine = FixEngine.launch(configuration);
            return new ArtioMediaStack(directory, driver, engine, polled);
        }
        catch (final RuntimeException ex)
        {
            CloseHelper.quietClose(driver);
            throw ex;
        }
    }

    /**
     * @return the media driver's settings: one thread ({@code SHARED}), off the message path, so
     *         it idles with {@link FixIdleStrategies#offPath()} whatever the wait strategy.
     */
    static MediaDriver.Context driverContext(final Path directory, final int termLength)
    {
        return new MediaDriver.Context()
            .aeronDirectoryName(aeronDirectory(directory))
            .threadingMode(ThreadingMode.SHARED)
            // Name resolution and other slow driver tasks run on the driver's own thread: no executor thread.
            .asyncTaskExecutorThreads(0)
            .sharedIdleStrategy(FixIdleStrategies.offPath())
            .dirDeleteOnStart(true)
            .dirDeleteOnShutdown(true)
            .termBufferSparseFile(true)
            .publicationTermBufferLength(Math.min(termLength, NETWORK_TERM_LENGTH))
            .ipcTermBufferLength(termLength);
    }

    /**
     * @return the archive's settings: one thread ({@code SHARED}), off the message path
     *         ({@link FixIdleStrategies#offPath()}).
     */
    static Archive.Context archiveContext(final Path directory)
    {
        return new Archive.Context()
            .aeronDirectoryName(aeronDirectory(directory))
            .archiveDir(new File(directory.toFile(), "archive"))
            .threadingMode(ArchiveThreadingMode.SHARED)
            .idleStrategySupplier(FixIdleStrategies::offPath)
            .controlChannelEnabled(false)
            .archiveClientContext(new AeronArchive.Context().controlResponseChannel("aeron:udp?endpoint=localhost:0"))
            .replicationChannel("aeron:udp?endpoint=localhost:0")
            .deleteArchiveOnStart(false);
    }

    /**
     * @return the Artio engine's settings: its agents on one thread, which reads and writes the
     *         socket and idles as {@code idle} says ({@link FixIdleStrategies#framer}), as
     *         {@link FramerPlacement#THREAD} runs them ({@link #launch} replaces the scheduler
     *         for {@link FramerPlacement#POLLED}).
     */
    static EngineConfiguration engineConfiguration(final Path directory, final WaitStrategyKind idle)
    {
        final String aeronDirectory = aeronDirectory(directory);
        final EngineConfiguration configuration = new EngineConfiguration()
            .libraryAeronChannel(LIBRARY_CHANNEL)
            .logFileDir(new File(directory.toFile(), "artio").getAbsolutePath())
            .scheduler(new LowResourceEngineScheduler())
            .framerIdleStrategy(FixIdleStrategies.framer(idle))
            // Artio's default monitoring file (its counters and its error log) is one per host, in
            // /dev/shm/fix-engine: every venue's engine (and every daemon on the host) would share it.
            .monitoringFile(new File(new File(directory.toFile(), "artio"), "monitoring").getAbsolutePath())
            // Errors into Horizon's log, first line only and rate-limited, instead of printed whole to stderr.
            .monitoringAgentFactory(MonitoringAgentFactory.consumeDistinctErrors(
                new ArtioEngineErrors(String.valueOf(directory.getFileName()))))
            .acceptorfixDictionary(FixDictionaryImpl.class)
            .lookupDefaultAcceptorfixDictionary(false)
            .deleteLogFileDirOnStart(false)
            // After a kill -9, the dead engine's heartbeat in artio/engine-info is still recent,
            // and Artio would refuse to start for 10 s ("a duplicate Artio Engine instance might
            // be running"). Nothing else can use this directory: the daemon holds the state lock.
            .errorIfDuplicateEngineDetected(false);
        // With its own thread, the framer shares it with the indexers and the archiver
        // (LowResourceEngineScheduler), and the indexers read the very streams the framer writes: a
        // framer that parks in Artio's claim loop (up to about a second per message by default) until
        // the stream has room holds up the indexer it waits for, and with it the library. Polled, it
        // would hold up the very thread that polls the library. Give up after a few spins instead: the
        // framer retries on its next duty cycle, after the indexers (and the library) have moved.
        configuration.inboundMaxClaimAttempts(ENGINE_CLAIM_ATTEMPTS);
        configuration.outboundMaxClaimAttempts(ENGINE_CLAIM_ATTEMPTS);
        configuration.aeronContext().aeronDirectoryName(aeronDirectory);
        configuration.aeronArchiveContext()
            .aeronDirectoryName(aeronDirectory)
            .controlRequestChannel("aeron:ipc")
            .controlResponseChannel("aeron:ipc");
        return configuration;
    }

    /**
     * @return true when this JVM compiles methods over HotSpot's 8,000-byte limit
     *         ({@code -XX:-DontCompileHugeMethods}), as Artio's generated ExecutionReport decoder
     *         needs; also true where the option cannot be read (not HotSpot).
     */
    static boolean hugeMethodsCompiled()
    {
        try
        {
            return !"true".equals(ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class)
                .getVMOption("DontCompileHugeMethods").getValue());
        }
        catch (final RuntimeException | LinkageError ex)
        {
            return true;
        }
    }

    /**
     * @param directory the stack's directory.
     * @return where the media driver keeps its files (the library connects there).
     */
    static String aeronDirectory(final Path directory)
    {
        return directory.resolve("aeron").toAbsolutePath().toString();
    }

    /**
     * @param directory the stack's directory.
     * @return where the venue's Artio library keeps its counters and error log (its monitoring file).
     */
    static String libraryMonitoringFile(final Path directory)
    {
        return directory.resolve("artio").resolve("library-monitoring").toAbsolutePath().toString();
    }

    /**
     * @return the stack's directory.
     */
    public Path directory()
    {
        return directory;
    }

    /**
     * @return the library channels to connect to.
     */
    static List<String> libraryChannels()
    {
        return List.of(LIBRARY_CHANNEL);
    }

    /**
     * @return where the framer runs.
     */
    FramerPlacement framerPlacement()
    {
        return polledFramer == null ? FramerPlacement.THREAD : FramerPlacement.POLLED;
    }

    /**
     * With {@link FramerPlacement#POLLED}, does the framer's work once: what the venue sent is
     * read from the socket and offered to the library, what the library sent is written to it.
     * Call it right before the library is polled. With {@link FramerPlacement#THREAD} the framer
     * has its own thread: nothing to do.
     *
     * @return work done.
     */
    int invokeFramer()
    {
        return polledFramer == null ? 0 : polledFramer.invokeFramer();
    }

    /**
     * Stops the engine (with a polled framer, a thread of its own drives the framer while the
     * engine disconnects its sessions), then the archive and the driver. Call after the last
     * {@link #invokeFramer()}. Idempotent in effect.
     */
    @Override
    public void close()
    {
        if (polledFramer != null)
        {
            polledFramer.handOver();
        }
        CloseHelper.closeAll(engine, driver);
    }
}
