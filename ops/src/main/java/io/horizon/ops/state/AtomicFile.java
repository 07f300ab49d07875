package io.horizon.ops.state;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HexFormat;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Writes a small file of the state directory whole: to a fresh temporary file beside it first,
 * then renamed over {@code NAME} in one atomic step, so a reader, or a restart after a crash, sees
 * the old content or the new, never half of it.
 * <p>
 * Someone who can write the folder cannot redirect the write: the temporary file gets an
 * unpredictable name ({@code NAME.<random>.tmp}) and is created new ({@code O_CREAT|O_EXCL},
 * which never follows a link), with owner-only permissions from the first byte ({@code 0600}
 * unless the caller names others); the rename replaces whatever {@code NAME} was, a link
 * included, without following it.
 * <p>
 * Stateless; any thread (one writer per file).
 */
public final class AtomicFile
{
    /** Owner read and write: what state files get unless the caller says otherwise. */
    public static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");
    /** Owner read and write, group read: for files that operators granted the folder must read. */
    public static final Set<PosixFilePermission> GROUP_READABLE = PosixFilePermissions.fromString("rw-r-----");

    private static final int ATTEMPTS = 8;

    private AtomicFile()
    {
    }

    /**
     * Writes {@code file} owner-only ({@code 0600}).
     *
     * @param file the file to replace or create.
     * @param text its whole new content, as UTF-8.
     * @throws IOException when it cannot be written; the old content stays.
     */
    public static void write(final Path file, final String text) throws IOException
    {
        write(file, text, OWNER_ONLY);
    }

    /**
     * @param file        the file to replace or create.
     * @param text        its whole new content, as UTF-8.
     * @param permissions its permissions, where the file system has POSIX permissions.
     * @throws IOException when it cannot be written; the old content stays.
     */
    public static void write(final Path file, final String text, final Set<PosixFilePermission> permissions) throws IOException
    {
        final byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        final boolean posix = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
        final FileAttribute<?>[] attributes = posix ?
            new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(permissions)} : new FileAttribute<?>[0];
        IOException last = null;
        for (int attempt = 0; attempt < ATTEMPTS; attempt++)
        {
            final byte[] random = new byte[8];
            ThreadLocalRandom.current().nextBytes(random);
            final Path tmp = file.resolveSibling(file.getFileName() + "." + HexFormat.of().formatHex(random) + ".tmp");
            try (SeekableByteChannel out = Files.newByteChannel(tmp,
                Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS), attributes))
            {
                final ByteBuffer buffer = ByteBuffer.wrap(bytes);
                while (buffer.hasRemaining())
                {
                    out.write(buffer);
                }
            }
            catch (final java.nio.file.FileAlreadyExistsException ex)
            {
                last = ex;
                continue;
            }
            try
            {
                if (posix)
                {
                    // The umask may have taken bits away at creation; this gives them back, on the
                    // file itself (O_NOFOLLOW), never on whatever a link swapped in would name.
                    Files.getFileAttributeView(tmp, PosixFileAttributeView.class, LinkOption.NOFOLLOW_LINKS)
                        .setPermissions(permissions);
                }
                Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                return;
            }
            catch (final IOException ex)
            {
                Files.deleteIfExists(tmp);
                throw ex;
            }
        }
        throw new IOException("cannot create a temporary file beside " + file + " (" + last + ")");
    }
}
