package io.horizon.ops.counters;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.status.CountersReader;

/**
 * One reading of a daemon's counters file ({@link CountersFile}), taken from outside the process.
 * <p>
 * The file is read into this process's memory rather than mapped: a daemon restarting on the same
 * state truncates and re-creates the file, and a mapping of a truncated file would fault. Each
 * counter is an aligned 8-byte value written with release ordering, so a copy shows each value
 * as it was at some instant during the read (not all at the same instant).
 *
 * @param path       the file read.
 * @param pid        the process that created it.
 * @param startMillis when that process created it, epoch millis.
 * @param takenNanos {@link System#nanoTime()} when read, for rates between two readings.
 * @param counters   every allocated counter, in id order.
 */
public record CountersSnapshot(Path path, long pid, long startMillis, long takenNanos, List<Counter> counters)
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
        final Path path = stateDirectory.resolve(CountersFile.FILE_NAME);
        final ByteBuffer bytes;
        try (FileChannel channel = FileChannel.open(path, StandardOpenOption.READ))
        {
            final long size = channel.size();
            if (size < CountersFile.HEADER_LENGTH || size > Integer.MAX_VALUE)
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
        final UnsafeBuffer buffer = new UnsafeBuffer(bytes);
        if (buffer.getLong(0) != CountersFile.MAGIC)
        {
            throw new IllegalArgumentException(path + " is not a Horizon counters file (wrong magic)");
        }
        final int version = buffer.getInt(8);
        if (version != CountersFile.LAYOUT_VERSION)
        {
            throw new IllegalArgumentException(path + " has counters layout " + version + "; this Horizon reads layout " +
                CountersFile.LAYOUT_VERSION + ". Use the horizon release that runs the daemon");
        }
        final int metadataLength = buffer.getInt(32);
        final int valuesLength = buffer.getInt(36);
        if (metadataLength <= 0 || valuesLength <= 0 ||
            (long)CountersFile.HEADER_LENGTH + metadataLength + valuesLength > buffer.capacity())
        {
            throw new IllegalArgumentException(path + " is truncated or damaged (lengths " + metadataLength + ", " + valuesLength + ")");
        }
        final CountersReader reader = new CountersReader(
            new UnsafeBuffer(buffer, CountersFile.HEADER_LENGTH, metadataLength),
            new UnsafeBuffer(buffer, CountersFile.HEADER_LENGTH + metadataLength, valuesLength));
        final List<Counter> counters = new ArrayList<>();
        reader.forEach((CountersReader.MetaData)(id, typeId, key, label) ->
            counters.add(new Counter(id, typeId, label, reader.getCounterValue(id))));
        return new CountersSnapshot(path, buffer.getLong(16), buffer.getLong(24), takenNanos, List.copyOf(counters));
    }

    /**
     * @return true when the process that created the file still runs.
     */
    public boolean processAlive()
    {
        return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
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
}
