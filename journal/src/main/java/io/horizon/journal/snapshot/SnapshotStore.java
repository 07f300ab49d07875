package io.horizon.journal.snapshot;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.horizon.engine.snapshot.SnapshotCodec;
import io.horizon.engine.snapshot.SnapshotFacts;
import io.horizon.engine.snapshot.SnapshotFormatException;
import io.horizon.engine.snapshot.StateReader;
import io.horizon.journal.JournalException;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * The snapshots of a state directory, in {@code STATE/snapshots/}: one file per snapshot, named
 * {@code snapshot-<journal index, 20 digits>.snap}, holding the engine's {@link SnapshotCodec} image.
 * <p>
 * A snapshot is written atomically: to a temporary file in the same folder, forced to disk, renamed
 * over its final name, and the folder forced, so a crash at any moment leaves either the whole new
 * file or none (a leftover temporary file is removed at the next write). After each write only the
 * newest {@code keep} snapshots stay. Files are read without following links and up to
 * {@value #MAX_BYTES} bytes; anything else in the folder is ignored.
 * <p>
 * {@link #oldestKeptJournalIndex()} tells journal lifecycle how far back recovery may still need
 * the journal.
 * <p>
 * Threading: writes from one thread at a time (the daemon's snapshot writer); reads from any
 * thread.
 */
public final class SnapshotStore
{
    /** The folder in a state directory. */
    public static final String DIRECTORY = "snapshots";
    /** {@link #oldestKeptJournalIndex()} when no sound snapshot is kept. */
    public static final long NO_SNAPSHOT = -1;
    /** Largest snapshot file read: far above any real engine state, small enough to read whole. */
    public static final int MAX_BYTES = 1 << 30;

    private static final Pattern NAME = Pattern.compile("snapshot-(\\d{20})\\.snap");
    private static final String TEMP_PREFIX = ".snapshot-";

    private final Path directory;
    private final int keep;

    private SnapshotStore(final Path directory, final int keep)
    {
        this.directory = directory;
        this.keep = keep;
    }

    /**
     * @param stateDirectory the state directory.
     * @param keep           snapshots to keep, at least 1.
     * @return the store; its folder is created at the first write.
     */
    public static SnapshotStore of(final Path stateDirectory, final int keep)
    {
        if (keep < 1)
        {
            throw new IllegalArgumentException("snapshots.keep = " + keep + " is not allowed; keep at least 1 snapshot");
        }
        return new SnapshotStore(stateDirectory.resolve(DIRECTORY), keep);
    }

    /**
     * @return the folder.
     */
    public Path directory()
    {
        return directory;
    }

    /**
     * @param journalIndex a snapshot's journal index.
     * @return the file it is stored in.
     */
    public Path fileFor(final long journalIndex)
    {
        return directory.resolve(String.format("snapshot-%020d.snap", journalIndex));
    }

    /**
     * Writes a snapshot atomically and durably, then keeps only the newest {@code keep}.
     *
     * @param facts what it covers.
     * @param image its bytes.
     * @return the file written.
     * @throws IOException when it cannot be written; nothing is left under its final name then.
     */
    public Path write(final SnapshotFacts facts, final byte[] image) throws IOException
    {
        if (!Files.isDirectory(directory, LinkOption.NOFOLLOW_LINKS))
        {
            Files.createDirectories(directory);
            Files.setPosixFilePermissions(directory, PosixFilePermissions.fromString("rwxr-x---"));
        }
        final Path target = fileFor(facts.journalIndex());
        final Path temp = directory.resolve(TEMP_PREFIX + facts.journalIndex() + "-" + ProcessHandle.current().pid() + ".tmp");
        try
        {
            try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE))
            {
                final ByteBuffer buffer = ByteBuffer.wrap(image);
                while (buffer.hasRemaining())
                {
                    channel.write(buffer);
                }
                channel.force(true);
            }
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            forceDirectory();
        }
        finally
        {
            Files.deleteIfExists(temp);
        }
        prune();
        return target;
    }

    private void forceDirectory() throws IOException
    {
        try (FileChannel dir = FileChannel.open(directory, StandardOpenOption.READ))
        {
            dir.force(true);
        }
    }

    /**
     * Removes all but the newest {@code keep} snapshots, and temporary files a crash left behind.
     */
    private void prune() throws IOException
    {
        final List<StoredSnapshot> all = list();
        for (int i = keep; i < all.size(); i++)
        {
            Files.deleteIfExists(all.get(i).file());
        }
        try (DirectoryStream<Path> files = Files.newDirectoryStream(directory, TEMP_PREFIX + "*.tmp"))
        {
            final String mine = "-" + ProcessHandle.current().pid() + ".tmp";
            for (final Path file : files)
            {
                if (!file.getFileName().toString().endsWith(mine))
                {
                    Files.deleteIfExists(file);
                }
            }
        }
        forceDirectory();
    }

    /**
     * @return the snapshots in the folder, newest (highest journal index) first; none when there
     *         is no folder.
     * @throws JournalException when the folder cannot be listed.
     */
    public List<StoredSnapshot> list()
    {
        final List<StoredSnapshot> found = new ArrayList<>();
        if (!Files.isDirectory(directory, LinkOption.NOFOLLOW_LINKS))
        {
            return found;
        }
        try (DirectoryStream<Path> files = Files.newDirectoryStream(directory))
        {
            for (final Path file : files)
            {
                final Matcher m = NAME.matcher(file.getFileName().toString());
                if (m.matches())
                {
                    found.add(new StoredSnapshot(file, Long.parseLong(m.group(1))));
                }
            }
        }
        catch (final IOException | NumberFormatException ex)
        {
            throw new JournalException("cannot list the snapshots in " + directory + ": " + ex);
        }
        found.sort(Comparator.comparingLong(StoredSnapshot::journalIndex).reversed());
        return found;
    }

    /**
     * The journal index of the OLDEST snapshot kept that is sound (header and checksum check out):
     * recovery may fall back as far as that one, so journal lifecycle may archive or delete only
     * journal events before it. Reads every kept snapshot; call it on a cold path.
     *
     * @return that index, or {@link #NO_SNAPSHOT} when no sound snapshot is kept (then recovery
     *         needs the whole journal).
     */
    public long oldestKeptJournalIndex()
    {
        final List<StoredSnapshot> all = list();
        for (int i = all.size() - 1; i >= 0; i--)
        {
            try
            {
                read(all.get(i).file());
                return all.get(i).journalIndex();
            }
            catch (final SnapshotFormatException | IOException ex)
            {
                // Not one recovery could use: look at the next newer one.
            }
        }
        return NO_SNAPSHOT;
    }

    /**
     * Reads a snapshot file and checks it whole (header, length, checksum) and that its name
     * matches its header.
     *
     * @param file the file.
     * @return its bytes and facts.
     * @throws SnapshotFormatException naming what is wrong with it.
     * @throws IOException             when it cannot be read.
     */
    public static Loaded read(final Path file) throws IOException
    {
        final byte[] bytes = readPlain(file);
        final SnapshotFacts facts = new SnapshotCodec().read(new UnsafeBuffer(bytes), bytes.length, new StateReader());
        final Matcher m = NAME.matcher(file.getFileName().toString());
        if (m.matches() && Long.parseLong(m.group(1)) != facts.journalIndex())
        {
            throw new SnapshotFormatException("its name says journal index " + Long.parseLong(m.group(1)) +
                " but its header says " + facts.journalIndex());
        }
        return new Loaded(file, facts, bytes);
    }

    private static byte[] readPlain(final Path file) throws IOException
    {
        final BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        if (!attributes.isRegularFile())
        {
            throw new SnapshotFormatException("it is not a plain file (a link, a folder or a device); refused");
        }
        if (attributes.size() > MAX_BYTES)
        {
            throw new SnapshotFormatException("it has " + attributes.size() + " bytes, more than the " + MAX_BYTES + " a snapshot may have");
        }
        try (SeekableByteChannel channel = Files.newByteChannel(file, Set.of(StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS)))
        {
            final ByteBuffer buffer = ByteBuffer.allocate((int)attributes.size());
            while (buffer.hasRemaining() && channel.read(buffer) >= 0)
            {
                // read it whole
            }
            if (buffer.hasRemaining())
            {
                throw new SnapshotFormatException("it shrank while it was read");
            }
            return buffer.array();
        }
    }

    /**
     * A snapshot read and checked.
     *
     * @param file  where it was read from.
     * @param facts its header.
     * @param image its bytes.
     */
    public record Loaded(Path file, SnapshotFacts facts, byte[] image)
    {
    }
}
