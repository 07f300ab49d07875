package io.horizon.ops.counters;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.status.CountersReader;

/**
 * One reading of a daemon's counters file ({@link CountersFile}, layout {@link CountersLayout}),
 * taken from outside the process.
 * <p>
 * The file is read into this process's memory rather than mapped: a daemon restarting on the same
 * state truncates and re-creates the file, and a mapping of a truncated file would fault. Each
 * counter is an aligned 8-byte value written with release ordering, so a copy shows each value
 * as it was at some instant during the read (not all at the same instant).
 *
 * @param path        the file read.
 * @param pid         the process that created it.
 * @param startMillis when that process created it, epoch millis.
 * @param stopMillis  when it stopped cleanly, epoch millis; 0 while it has not.
 * @param phase       the phase it last wrote; {@code null} when the code is unknown.
 * @param takenNanos  {@link System#nanoTime()} when read, for rates between two readings.
 * @param takenMillis the wall clock when read, for ages and uptime.
 * @param counters    every engine counter, in id order.
 * @param published   what the daemon's sampler published for stat (interval latency percentiles).
 * @param facts       the {@link HeaderFacts}.
 * @param alerts      the last few alerts, newest first.
 */
public record CountersSnapshot(
    Path path,
    long pid,
    long startMillis,
    long stopMillis,
    DaemonPhase phase,
    long takenNanos,
    long takenMillis,
    List<Counter> counters,
    List<Counter> published,
    Map<String, String> facts,
    List<RecentAlerts.Alert> alerts)
{
    /**
     * One counter.
     *
     * @param id     its counter id.
     * @param typeId {@link io.horizon.engine.counter.EngineCounters} type id.
     * @param label  its Prometheus-style name.
     * @param value  its value.
     */
    public record Counter(int id, int typeId, String label, long value)
    {
    }

    /**
     * Reads a state directory's counters file.
     *
     * @param stateDirectory the state directory.
     * @return the reading.
     * @throws IllegalArgumentException naming the file when it is missing or not a Horizon counters file.
     * @throws IOException              when it cannot be read.
     */
    public static CountersSnapshot read(final Path stateDirectory) throws IOException
    {
        final Path path = stateDirectory.resolve(CountersLayout.FILE_NAME);
        final ByteBuffer bytes;
        try (FileChannel channel = FileChannel.open(path, StandardOpenOption.READ))
        {
            final long size = channel.size();
            if (size < CountersLayout.HEADER_LENGTH || size > Integer.MAX_VALUE)
            {
                throw new IllegalArgumentException(path + " is not a Horizon counters file (" + size + " bytes)");
            }
            bytes = ByteBuffer.allocateDirect((int)size).order(ByteOrder.LITTLE_ENDIAN);
            while (bytes.hasRemaining() && channel.read(bytes) >= 0)
            {
                // A short read only happens at end of file; loop until the buffer is full.
            }
        }
        catch (final NoSuchFileException ex)
        {
            throw new IllegalArgumentException("no counters at " + path + "; is this the --state of a Horizon that has run? " +
                "(horizon run --state " + stateDirectory + ")");
        }
        final long takenNanos = System.nanoTime();
        final long takenMillis = System.currentTimeMillis();
        final UnsafeBuffer buffer = new UnsafeBuffer(bytes);
        if (buffer.getLong(CountersLayout.MAGIC_OFFSET) != CountersLayout.MAGIC)
        {
            throw new IllegalArgumentException(path + " is not a Horizon counters file (wrong magic)");
        }
        final int version = buffer.getInt(CountersLayout.VERSION_OFFSET);
        if (version != CountersLayout.LAYOUT_VERSION)
        {
            throw new IllegalArgumentException(path + " has counters layout " + version + "; this Horizon reads layout " +
                CountersLayout.LAYOUT_VERSION + ". Use the horizon release that runs the daemon");
        }
        final int[] lengths = {
            buffer.getInt(CountersLayout.METADATA_LENGTH_OFFSET),
            buffer.getInt(CountersLayout.VALUES_LENGTH_OFFSET),
            buffer.getInt(CountersLayout.PUBLISHED_METADATA_LENGTH_OFFSET),
            buffer.getInt(CountersLayout.PUBLISHED_VALUES_LENGTH_OFFSET),
            buffer.getInt(CountersLayout.FACTS_LENGTH_OFFSET),
            buffer.getInt(CountersLayout.ALERTS_LENGTH_OFFSET)};
        long total = CountersLayout.HEADER_LENGTH;
        for (final int length : lengths)
        {
            if (length <= 0)
            {
                throw new IllegalArgumentException(path + " is truncated or damaged (region length " + length + ")");
            }
            total += length;
        }
        if (total > buffer.capacity())
        {
            throw new IllegalArgumentException(path + " is truncated or damaged (" + buffer.capacity() + " bytes, the header names " +
                total + ")");
        }
        int offset = CountersLayout.HEADER_LENGTH;
        final List<Counter> counters = counters(buffer, offset, lengths[0], lengths[1]);
        offset += lengths[0] + lengths[1];
        final List<Counter> published = counters(buffer, offset, lengths[2], lengths[3]);
        offset += lengths[2] + lengths[3];
        final Map<String, String> facts = HeaderFacts.read(new UnsafeBuffer(buffer, offset, lengths[4]));
        offset += lengths[4];
        final List<RecentAlerts.Alert> alerts = lengths[5] >= RecentAlerts.REGION_LENGTH ?
            RecentAlerts.read(new UnsafeBuffer(buffer, offset, lengths[5])) : List.of();
        return new CountersSnapshot(path, buffer.getLong(CountersLayout.PID_OFFSET), buffer.getLong(CountersLayout.START_MILLIS_OFFSET),
            buffer.getLong(CountersLayout.STOP_MILLIS_OFFSET), DaemonPhase.fromCode(buffer.getIntVolatile(CountersLayout.PHASE_OFFSET)),
            takenNanos, takenMillis, counters, published, facts, alerts);
    }

    private static List<Counter> counters(final UnsafeBuffer file, final int offset, final int metadataLength, final int valuesLength)
    {
        final CountersReader reader = new CountersReader(
            new UnsafeBuffer(file, offset, metadataLength),
            new UnsafeBuffer(file, offset + metadataLength, valuesLength));
        final List<Counter> counters = new ArrayList<>();
        reader.forEach((CountersReader.MetaData)(id, typeId, key, label) ->
            counters.add(new Counter(id, typeId, label, reader.getCounterValue(id))));
        return List.copyOf(counters);
    }

    /**
     * @return true when the process that created the file still runs (and is not a later process
     *         that was given the same pid: that one started after the file was written).
     */
    public boolean processAlive()
    {
        // The slack absorbs the coarse process start time the OS reports; the daemon writes the
        // file seconds after its JVM started anyway.
        final Instant latestStart = Instant.ofEpochMilli(startMillis).plusSeconds(5);
        return ProcessHandle.of(pid)
            .filter(ProcessHandle::isAlive)
            .filter(p -> p.info().startInstant().map(started -> !started.isAfter(latestStart)).orElse(true))
            .isPresent();
    }

    /**
     * @return true when the daemon runs: its process is alive and it has not stopped.
     */
    public boolean running()
    {
        return phase != DaemonPhase.STOPPED && processAlive();
    }

    /**
     * @param label a counter label.
     * @return its value, or -1 when there is no such counter.
     */
    public long value(final String label)
    {
        for (final Counter c : counters)
        {
            if (c.label().equals(label))
            {
                return c.value();
            }
        }
        return -1;
    }

    /**
     * @param label a published counter's label.
     * @return its value, or -1 when there is no such counter.
     */
    public long publishedValue(final String label)
    {
        for (final Counter c : published)
        {
            if (c.label().equals(label))
            {
                return c.value();
            }
        }
        return -1;
    }
}
