package io.horizon.ops.counters;

import java.io.IOException;
import java.nio.ByteOrder;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashMap;
import java.util.Map;

import io.horizon.engine.counter.EngineCounters;
import io.horizon.engine.counter.EngineLatency;
import org.agrona.IoUtil;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.status.CountersManager;

/**
 * The engine's counters in a memory-mapped file in the state directory ({@code counters.dat}),
 * so {@code horizon stat} and other processes can read a live daemon without asking it anything.
 * Besides the engine counters the file holds what stat needs and only the daemon knows: its
 * {@link DaemonPhase}, {@link HeaderFacts} such as the threading mode, each latency series'
 * last-interval percentiles ({@link LatencyPublisher}) and the last few alerts
 * ({@link RecentAlerts}). The layout is {@link CountersLayout}.
 * <p>
 * Threading: {@link #create}, {@link #phase}, {@link #threading}, {@link #fact},
 * {@link #publishLatency} and {@link #close} from the daemon's owner thread; the counters follow
 * {@link EngineCounters}; {@link #recentAlerts()} from any thread.
 */
public final class CountersFile implements AutoCloseable
{
    /** File name inside the state directory. */
    public static final String FILE_NAME = CountersLayout.FILE_NAME;

    private final Path path;
    private final MappedByteBuffer mapped;
    private final UnsafeBuffer header;
    private final EngineCounters counters;
    private final CountersManager published;
    private final UnsafeBuffer factsRegion;
    private final RecentAlerts recentAlerts;
    private final Map<String, String> facts = new LinkedHashMap<>();
    private LatencyPublisher latencyPublisher;
    private boolean closed;

    private CountersFile(final Path path, final MappedByteBuffer mapped)
    {
        this.path = path;
        this.mapped = mapped;
        this.header = new UnsafeBuffer(mapped, 0, CountersLayout.HEADER_LENGTH);
        int offset = CountersLayout.HEADER_LENGTH;
        final UnsafeBuffer metadata = new UnsafeBuffer(mapped, offset, EngineCounters.METADATA_BUFFER_LENGTH);
        offset += EngineCounters.METADATA_BUFFER_LENGTH;
        final UnsafeBuffer values = new UnsafeBuffer(mapped, offset, EngineCounters.VALUES_BUFFER_LENGTH);
        offset += EngineCounters.VALUES_BUFFER_LENGTH;
        final UnsafeBuffer publishedMetadata = new UnsafeBuffer(mapped, offset, CountersLayout.PUBLISHED_METADATA_LENGTH);
        offset += CountersLayout.PUBLISHED_METADATA_LENGTH;
        final UnsafeBuffer publishedValues = new UnsafeBuffer(mapped, offset, CountersLayout.PUBLISHED_VALUES_LENGTH);
        offset += CountersLayout.PUBLISHED_VALUES_LENGTH;
        this.factsRegion = new UnsafeBuffer(mapped, offset, CountersLayout.FACTS_LENGTH);
        offset += CountersLayout.FACTS_LENGTH;
        this.recentAlerts = new RecentAlerts(new UnsafeBuffer(mapped, offset, CountersLayout.ALERTS_LENGTH));
        this.counters = new EngineCounters(metadata, values);
        this.published = new CountersManager(publishedMetadata, publishedValues);
    }

    /**
     * Creates (or truncates) the counters file and lays the engine's counters out in it; the
     * phase is {@link DaemonPhase#STARTING}.
     *
     * @param stateDirectory an existing, writable directory.
     * @return the open file.
     * @throws IOException when the file cannot be created or mapped.
     */
    public static CountersFile create(final Path stateDirectory) throws IOException
    {
        final Path path = stateDirectory.resolve(FILE_NAME);
        final MappedByteBuffer mapped;
        try (FileChannel channel = FileChannel.open(path,
            StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING))
        {
            mapped = channel.map(FileChannel.MapMode.READ_WRITE, 0, CountersLayout.fileLength());
        }
        mapped.order(ByteOrder.LITTLE_ENDIAN);
        final CountersFile file = new CountersFile(path, mapped);
        final UnsafeBuffer header = file.header;
        header.putInt(CountersLayout.VERSION_OFFSET, CountersLayout.LAYOUT_VERSION);
        header.putLong(CountersLayout.PID_OFFSET, ProcessHandle.current().pid());
        header.putLong(CountersLayout.START_MILLIS_OFFSET, System.currentTimeMillis());
        header.putInt(CountersLayout.METADATA_LENGTH_OFFSET, EngineCounters.METADATA_BUFFER_LENGTH);
        header.putInt(CountersLayout.VALUES_LENGTH_OFFSET, EngineCounters.VALUES_BUFFER_LENGTH);
        header.putInt(CountersLayout.PUBLISHED_METADATA_LENGTH_OFFSET, CountersLayout.PUBLISHED_METADATA_LENGTH);
        header.putInt(CountersLayout.PUBLISHED_VALUES_LENGTH_OFFSET, CountersLayout.PUBLISHED_VALUES_LENGTH);
        header.putInt(CountersLayout.FACTS_LENGTH_OFFSET, CountersLayout.FACTS_LENGTH);
        header.putInt(CountersLayout.ALERTS_LENGTH_OFFSET, CountersLayout.ALERTS_LENGTH);
        header.putIntRelease(CountersLayout.PHASE_OFFSET, DaemonPhase.STARTING.code());
        // The magic last: a reader never takes a half-written header for a counters file.
        header.putLongRelease(CountersLayout.MAGIC_OFFSET, CountersLayout.MAGIC);
        return file;
    }

    /**
     * @return the counters, backed by the file.
     */
    public EngineCounters counters()
    {
        return counters;
    }

    /**
     * @return where the file is.
     */
    public Path path()
    {
        return path;
    }

    /**
     * Says where the daemon is in its life. Owner thread.
     *
     * @param phase the phase it entered.
     */
    public void phase(final DaemonPhase phase)
    {
        if (phase == DaemonPhase.STOPPED)
        {
            header.putLong(CountersLayout.STOP_MILLIS_OFFSET, System.currentTimeMillis());
        }
        header.putIntRelease(CountersLayout.PHASE_OFFSET, phase.code());
    }

    /**
     * Records how the engine's stages are threaded, for the stat header. Owner thread, at start.
     *
     * @param mode         the threading mode's name ({@code dedicated}, {@code shared}, ...).
     * @param waitStrategy the wait strategy's name ({@code backoff}, {@code busy-spin}, ...).
     */
    public void threading(final String mode, final String waitStrategy)
    {
        fact(HeaderFacts.THREADING, mode);
        fact(HeaderFacts.WAIT_STRATEGY, waitStrategy);
    }

    /**
     * Records one fact about the daemon (see {@link HeaderFacts}). Owner thread.
     *
     * @param name  its name, without {@code =}.
     * @param value its value, one line.
     */
    public synchronized void fact(final String name, final String value)
    {
        final Map<String, String> next = new LinkedHashMap<>(facts);
        next.put(name, value);
        HeaderFacts.write(factsRegion, next);
        facts.put(name, value);
    }

    /**
     * Starts the sampler thread that publishes each latency series' interval percentiles into the
     * file (see {@link LatencyPublisher}); {@link #close} stops it. Owner thread, once.
     *
     * @param latency the engine's latency recorders.
     */
    public void publishLatency(final EngineLatency latency)
    {
        if (latencyPublisher != null)
        {
            throw new IllegalStateException("latency is already published into " + path);
        }
        latencyPublisher = new LatencyPublisher(latency, published);
        latencyPublisher.start();
    }

    /**
     * Publishes the latency percentiles once on the calling thread, for tools and tests that do
     * not wait for the sampler's next interval. After {@link #publishLatency}.
     */
    public synchronized void publishLatencyNow()
    {
        if (closed)
        {
            throw new IllegalStateException(path + " is closed");
        }
        if (latencyPublisher == null)
        {
            throw new IllegalStateException("latency is not published into " + path + "; call publishLatency first");
        }
        latencyPublisher.publishOnce();
    }

    /**
     * @return where the daemon keeps its last few alerts for {@code horizon stat}. Any thread.
     */
    public RecentAlerts recentAlerts()
    {
        return recentAlerts;
    }

    /**
     * Stops the latency publisher, marks the daemon {@link DaemonPhase#STOPPED} and unmaps the
     * file; the file stays so the last values can still be read. Idempotent.
     */
    @Override
    public synchronized void close()
    {
        if (closed)
        {
            return;
        }
        closed = true;
        if (latencyPublisher != null)
        {
            latencyPublisher.close();
        }
        recentAlerts.close();
        phase(DaemonPhase.STOPPED);
        mapped.force();
        IoUtil.unmap(mapped);
    }

    /**
     * @return true when the file exists.
     */
    public static boolean exists(final Path stateDirectory)
    {
        return Files.exists(stateDirectory.resolve(FILE_NAME));
    }
}
