package io.horizon.ops.state;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Arrays;
import java.util.Objects;
import java.util.Set;

/**
 * Reads a small file that someone else may have planted in the state directory, without trusting
 * what it is: the path is looked at without following links, and only a regular file with a
 * single link and at most {@code maxBytes} bytes is opened ({@code O_NOFOLLOW}); a symlink, FIFO,
 * device, socket, folder or hard link is refused before it is opened, so reading never blocks and
 * never reaches outside the folder. After the read the path must still name the same file (same
 * file key), so a file swapped in between is refused too.
 * <p>
 * A FIFO swapped in between the look and the open could still block the open; callers that must
 * never block read only from a folder that no one but their own user can write (the control desk
 * moves each request into such a folder first).
 * <p>
 * Stateless; any thread.
 */
public final class PlainFile
{
    private PlainFile()
    {
    }

    /**
     * @param file     the file.
     * @param maxBytes the most it may hold.
     * @return its bytes.
     * @throws java.nio.file.NoSuchFileException when there is none.
     * @throws RefusedFileException when it is not a plain, single-link file of at most {@code maxBytes}.
     * @throws IOException          when it cannot be read.
     */
    public static byte[] read(final Path file, final int maxBytes) throws IOException
    {
        final BasicFileAttributes before = check(file, maxBytes);
        final byte[] bytes;
        try (SeekableByteChannel channel = Files.newByteChannel(file, Set.of(StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS)))
        {
            final ByteBuffer buffer = ByteBuffer.allocate(maxBytes + 1);
            while (buffer.hasRemaining() && channel.read(buffer) >= 0)
            {
                // read until the end, or one byte past the limit
            }
            if (buffer.position() > maxBytes)
            {
                throw new RefusedFileException(file + " grew past " + maxBytes + " bytes while it was read; refused");
            }
            bytes = Arrays.copyOf(buffer.array(), buffer.position());
        }
        catch (final IOException ex)
        {
            if (ex instanceof RefusedFileException)
            {
                throw ex;
            }
            if (Files.isSymbolicLink(file))
            {
                throw new RefusedFileException(file + " became a symbolic link while it was opened; refused");
            }
            throw ex;
        }
        final BasicFileAttributes after = Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        if (!after.isRegularFile() || !Objects.equals(before.fileKey(), after.fileKey()))
        {
            throw new RefusedFileException(file + " was replaced while it was read; refused");
        }
        return bytes;
    }

    /**
     * Looks at a file without opening it or following a link.
     *
     * @param file     the file.
     * @param maxBytes the most it may hold.
     * @return its attributes.
     * @throws java.nio.file.NoSuchFileException when there is none.
     * @throws RefusedFileException when it is not a plain, single-link file of at most {@code maxBytes}.
     * @throws IOException          when it cannot be looked at.
     */
    public static BasicFileAttributes check(final Path file, final int maxBytes) throws IOException
    {
        final BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        if (!attributes.isRegularFile())
        {
            throw new RefusedFileException(file + " is " + kind(attributes) + ", not a regular file; refused");
        }
        if (attributes.size() > maxBytes)
        {
            throw new RefusedFileException(file + " holds " + attributes.size() + " bytes, more than the " + maxBytes +
                " allowed; refused");
        }
        final Object links = linkCount(file);
        if (links instanceof Integer n && n != 1)
        {
            throw new RefusedFileException(file + " has " + n + " hard links (expected 1): it may be another file linked in; refused");
        }
        return attributes;
    }

    /**
     * @param attributes what a look without following links found.
     * @return "a symbolic link", "a folder", "a FIFO, socket or device"...
     */
    public static String kind(final BasicFileAttributes attributes)
    {
        if (attributes.isSymbolicLink())
        {
            return "a symbolic link";
        }
        if (attributes.isDirectory())
        {
            return "a folder";
        }
        if (attributes.isOther())
        {
            return "a FIFO, socket or device";
        }
        return "a regular file";
    }

    private static Object linkCount(final Path file)
    {
        try
        {
            return Files.getAttribute(file, "unix:nlink", LinkOption.NOFOLLOW_LINKS);
        }
        catch (final UnsupportedOperationException | IllegalArgumentException | IOException ex)
        {
            return null;
        }
    }
}
