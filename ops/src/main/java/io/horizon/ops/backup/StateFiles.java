package io.horizon.ops.backup;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * File helpers that backup and restore share: listing a directory, checking it is empty, and
 * fingerprinting every file (size and SHA-256). Stateless; any thread.
 */
final class StateFiles
{
    private StateFiles()
    {
    }

    static List<Path> list(final Path dir) throws IOException
    {
        final List<Path> entries = new ArrayList<>();
        if (Files.isDirectory(dir))
        {
            try (DirectoryStream<Path> stream = Files.newDirectoryStream(dir))
            {
                for (final Path p : stream)
                {
                    entries.add(p);
                }
            }
        }
        entries.sort(null);
        return entries;
    }

    static boolean isEmptyOrAbsent(final Path dir) throws IOException
    {
        return !Files.exists(dir) || Files.isDirectory(dir) && list(dir).isEmpty();
    }

    /**
     * @param root a directory.
     * @param skip a file name (at the top) to leave out.
     * @return relative path with {@code /} separators to {@code SIZE SHA256}, sorted.
     */
    static Map<String, String> fingerprints(final Path root, final String skip) throws IOException
    {
        final Map<String, String> result = new TreeMap<>();
        try (Stream<Path> walk = Files.walk(root))
        {
            for (final Path file : (Iterable<Path>)walk.filter(Files::isRegularFile)::iterator)
            {
                final String relative = root.relativize(file).toString().replace(file.getFileSystem().getSeparator(), "/");
                if (!relative.equals(skip))
                {
                    result.put(relative, fingerprint(file));
                }
            }
        }
        return result;
    }

    static String fingerprint(final Path file) throws IOException
    {
        final MessageDigest sha;
        try
        {
            sha = MessageDigest.getInstance("SHA-256");
        }
        catch (final NoSuchAlgorithmException ex)
        {
            throw new IllegalStateException("this JVM has no SHA-256", ex);
        }
        long size = 0;
        final byte[] buffer = new byte[1 << 16];
        try (InputStream in = Files.newInputStream(file))
        {
            for (int n; (n = in.read(buffer)) >= 0; )
            {
                sha.update(buffer, 0, n);
                size += n;
            }
        }
        return size + " " + HexFormat.of().formatHex(sha.digest());
    }
}
