package io.horizon.ops.counters;

import java.io.IOException;
import java.nio.ByteOrder;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

import io.horizon.engine.counter.EngineCounters;
import org.agrona.IoUtil;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * The engine's counters in a memory-mapped file in the state directory ({@code counters.dat}),
 * so {@code horizon stat} and other processes can read a live daemon's counters without asking
 * it anything.
 * <p>
 * Layout: a 64-byte header (magic {@code HZNCNTR1}, layout version, process id, start time in
 * epoch millis, metadata length, values length), then Agrona counter metadata, then values.
 * <p>
 * Threading: open and close from the owning thread; the counters themselves follow
 * {@link EngineCounters}.
 */
public final class CountersFile implements AutoCloseable
{
    /** File name inside the state directory. */
    public static final String FILE_NAME = "counters.dat";
    /** Identifies the file. */
    public static final long MAGIC = 0x31_52_54_4E_43_4E_5A_48L; // "HZNCNTR1" little-endian
    /** Layout version. */
    public static final int LAYOUT_VERSION = 1;
    /** Header bytes before the metadata. */
    public static final int HEADER_LENGTH = 64;

    private final Path path;
    private final MappedByteBuffer mapped;
    private final EngineCounters counters;

    private CountersFile(final Path path, final MappedByteBuffer mapped, final EngineCounters counters)
    {
        this.path = path;
        this.mapped = mapped;
        this.counters = counters;
    }

    /**
     * Creates (or truncates) the counters file and lays the engine's counters out in it.
     *
     * @param stateDirectory an existing, writable directory.
     * @return the open file.
     * @throws IOException when the file cannot be created or mapped.
     */
    public static CountersFile create(final Path stateDirectory) throws IOException
    {
        final Path path = stateDirectory.resolve(FILE_NAME);
        final int metadataLength = EngineCounters.METADATA_BUFFER_LENGTH;
        final int valuesLength = EngineCounters.VALUES_BUFFER_LENGTH;
        final int total = HEADER_LENGTH + metadataLength + valuesLength;
        final MappedByteBuffer mapped;
        try (FileChannel channel = FileChannel.open(path,
            StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING))
        {
            mapped = channel.map(FileChannel.MapMode.READ_WRITE, 0, total);
        }
        mapped.order(ByteOrder.LITTLE_ENDIAN);
        final UnsafeBuffer header = new UnsafeBuffer(mapped, 0, HEADER_LENGTH);
        header.putLong(0, MAGIC);
        header.putInt(8, LAYOUT_VERSION);
        header.putLong(16, ProcessHandle.current().pid());
        header.putLong(24, System.currentTimeMillis());
        header.putInt(32, metadataLength);
        header.putInt(36, valuesLength);
        final EngineCounters counters = new EngineCounters(
            new UnsafeBuffer(mapped, HEADER_LENGTH, metadataLength),
            new UnsafeBuffer(mapped, HEADER_LENGTH + metadataLength, valuesLength));
        return new CountersFile(path, mapped, counters);
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
     * Unmaps the file; the file stays so the last values can still be read.
     */
    @Override
    public void close()
    {
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
