package io.horizon.journal.retention;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import io.horizon.journal.sqlite.StoreException;

/**
 * Where signed anchors go: a directory that must not be inside the state directory, since whoever
 * can write the state directory could otherwise cut the anchors together with the chain. Both
 * paths are compared after following every symbolic link, so a link inside the state directory
 * that points out of it, or a path outside that points in, are judged by where they lead.
 * <p>
 * Stateless; any thread.
 */
public final class AnchorLocation
{
    private AnchorLocation()
    {
    }

    /**
     * Checks the directory, creates it (mode 700) when missing, and names the anchors file in it.
     *
     * @param directory      the configured anchors directory.
     * @param stateDirectory the daemon's state directory.
     * @param setting        the setting that named it, for messages, e.g. {@code [audit] anchors}.
     * @return {@code directory/audit_anchors.jsonl}.
     * @throws IllegalArgumentException naming the directory when it is inside the state directory.
     * @throws StoreException           when it cannot be created.
     */
    public static Path anchorsFile(final Path directory, final Path stateDirectory, final String setting)
    {
        final Path state = real(stateDirectory);
        final Path where = real(directory);
        if (where.startsWith(state))
        {
            throw new IllegalArgumentException(setting + " '" + directory + "' is " + (where.equals(state) ? "the" : "inside the") +
                " state directory " + stateDirectory +
                ": anchors there can be cut together with the audit log; use a directory outside it, e.g. /var/lib/horizon-anchors " +
                "or a mount the daemon's group cannot rewrite");
        }
        if (Files.exists(directory, LinkOption.NOFOLLOW_LINKS) && !Files.isDirectory(directory))
        {
            throw new IllegalArgumentException(setting + " '" + directory + "' is not a directory; name a directory for the anchors file");
        }
        try
        {
            if (!Files.isDirectory(directory))
            {
                Files.createDirectories(directory, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            }
        }
        catch (final IOException | UnsupportedOperationException ex)
        {
            throw new StoreException("cannot create the anchors directory " + directory + " (" + setting + "): " + ex.getMessage(), ex);
        }
        return directory.resolve(AuditAnchors.FILE_NAME);
    }

    /**
     * @param path a path, existing or not.
     * @param directory a directory.
     * @return true when the path is the directory or lies inside it, after following links.
     */
    public static boolean isInside(final Path path, final Path directory)
    {
        return real(path).startsWith(real(directory));
    }

    /**
     * @return the path with every symbolic link of its existing part resolved, the rest appended.
     */
    public static Path real(final Path path)
    {
        Path existing = path.toAbsolutePath().normalize();
        Path rest = existing.getFileSystem().getPath("");
        while (existing != null && !Files.exists(existing))
        {
            rest = existing.getFileName().resolve(rest);
            existing = existing.getParent();
        }
        try
        {
            return existing == null ? path.toAbsolutePath().normalize() : existing.toRealPath().resolve(rest).normalize();
        }
        catch (final IOException ex)
        {
            return path.toAbsolutePath().normalize();
        }
    }
}
