package io.horizon.journal.lifecycle;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * How many bytes a directory's disk still has room for, asked before the archived journal is
 * unpacked there ({@link ArchivedJournal}). The real answer is the file store's usable space;
 * tests hand in a smaller one to see the refusal without filling a disk.
 * <p>
 * Implementations are called from the unpacking thread only.
 */
@FunctionalInterface
public interface FreeSpace
{
    /** The disk's own answer: the usable bytes of the directory's file store. */
    FreeSpace DISK = directory -> Files.getFileStore(directory).getUsableSpace();

    /**
     * @param directory an existing directory.
     * @return the bytes that can still be written there.
     * @throws IOException when the file store cannot be asked.
     */
    long usableBytes(Path directory) throws IOException;
}
