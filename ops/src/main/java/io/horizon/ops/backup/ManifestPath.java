package io.horizon.ops.backup;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;

import io.horizon.ops.state.PlainFile;

/**
 * A file path as a backup manifest names it, which a restore must not trust: someone may have
 * crafted the manifest. Only a plain relative path of {@code /}-separated names is accepted (no
 * absolute path, no {@code .} or {@code ..}, no empty name, no backslash or control character),
 * it must stay inside the folder it is resolved against after normalising, and no part of it
 * inside that folder may be a symbolic link. So a restore reads only inside the backup and writes
 * only inside its target.
 * <p>
 * Stateless; any thread.
 */
final class ManifestPath
{
    private static final int MAX_LENGTH = 1_024;

    private ManifestPath()
    {
    }

    /**
     * @param relative a path from the manifest.
     * @return it, unchanged, when it is a plain relative path.
     * @throws IllegalArgumentException naming the entry and why it is refused.
     */
    static String check(final String relative)
    {
        String problem = null;
        if (relative.isEmpty() || relative.length() > MAX_LENGTH)
        {
            problem = "it is empty or longer than " + MAX_LENGTH + " characters";
        }
        else if (relative.chars().anyMatch(c -> c < 0x20 || c == 0x7f || c == '\\' || c == ':'))
        {
            problem = "it holds a control character, a backslash or a colon";
        }
        else if (relative.startsWith("/"))
        {
            problem = "it is absolute";
        }
        else
        {
            for (final String name : relative.split("/", -1))
            {
                if (name.isEmpty() || ".".equals(name) || "..".equals(name))
                {
                    problem = "it has an empty, '.' or '..' part";
                    break;
                }
            }
        }
        if (problem != null)
        {
            throw new IllegalArgumentException("the backup's " + BackupManifest.FILE_NAME + " names the file " +
                io.horizon.ops.control.RequestText.quote(relative) + ", which restore refuses: " + problem +
                ". The manifest is damaged or crafted; restore from another backup");
        }
        return relative;
    }

    /**
     * @param root     the backup or the target.
     * @param relative a path {@link #check} accepted.
     * @return the path inside {@code root}.
     * @throws IllegalArgumentException when it leaves {@code root} once normalised.
     */
    static Path resolve(final Path root, final String relative)
    {
        final Path resolved = root.resolve(check(relative)).normalize();
        if (!resolved.startsWith(root) || resolved.equals(root))
        {
            throw new IllegalArgumentException("the backup's " + BackupManifest.FILE_NAME + " names " +
                io.horizon.ops.control.RequestText.quote(relative) + ", which leaves " + root + "; restore from another backup");
        }
        return resolved;
    }

    /**
     * Checks that every part of {@code relative} under {@code root} that exists is a real folder,
     * and the last, when {@code mustExist}, a regular file: nothing is reached through a link.
     *
     * @throws IllegalArgumentException naming the part that is a link or not a folder.
     * @throws IOException              when a part cannot be looked at.
     */
    static Path noLinks(final Path root, final String relative, final boolean mustExist) throws IOException
    {
        final Path target = resolve(root, relative);
        Path at = root;
        final Path inside = root.relativize(target);
        for (int i = 0; i < inside.getNameCount(); i++)
        {
            at = at.resolve(inside.getName(i));
            final boolean last = i == inside.getNameCount() - 1;
            final BasicFileAttributes attributes;
            try
            {
                attributes = Files.readAttributes(at, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            }
            catch (final NoSuchFileException ex)
            {
                if (mustExist)
                {
                    throw new IllegalArgumentException("the backup is damaged: " + at + " is missing");
                }
                return target;
            }
            if (last ? !attributes.isRegularFile() && (mustExist || !attributes.isDirectory()) : !attributes.isDirectory())
            {
                throw new IllegalArgumentException(at + " is " + PlainFile.kind(attributes) + " where restore needs " +
                    (last ? "a regular file" : "a folder") + "; restore never follows links. Restore from another backup " +
                    "into a new, empty directory");
            }
        }
        return target;
    }
}
