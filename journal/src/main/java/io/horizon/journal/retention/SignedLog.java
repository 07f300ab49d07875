package io.horizon.journal.retention;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.horizon.journal.json.JsonObjectReader;
import io.horizon.journal.sqlite.StoreException;

/**
 * An append-only file of {@link SignedLine}s: {@code destruction.jsonl} and the anchors file.
 * Each append is forced to disk before it returns.
 * <p>
 * Stateless; one writer at a time per file.
 */
public final class SignedLog
{
    private SignedLog()
    {
    }

    /**
     * Appends one line and forces it to disk.
     *
     * @throws StoreException naming the file when it cannot be written.
     */
    public static void append(final Path file, final String line)
    {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND))
        {
            final ByteBuffer bytes = ByteBuffer.wrap((line + "\n").getBytes(StandardCharsets.UTF_8));
            while (bytes.hasRemaining())
            {
                channel.write(bytes);
            }
            channel.force(true);
        }
        catch (final IOException ex)
        {
            throw new StoreException("cannot append to " + file + ": " + ex.getMessage(), ex);
        }
    }

    /**
     * @return every non-empty line, or none when the file does not exist.
     * @throws StoreException naming the file when it cannot be read.
     */
    public static List<String> lines(final Path file)
    {
        if (!Files.exists(file))
        {
            return List.of();
        }
        try
        {
            final List<String> lines = new ArrayList<>();
            for (final String line : Files.readAllLines(file, StandardCharsets.UTF_8))
            {
                if (!line.isBlank())
                {
                    lines.add(line);
                }
            }
            return lines;
        }
        catch (final IOException ex)
        {
            throw new StoreException("cannot read " + file + ": " + ex.getMessage(), ex);
        }
    }

    /**
     * @return the line's fields, or an empty map when it is not JSON.
     */
    public static Map<String, Object> fields(final String line)
    {
        try
        {
            return JsonObjectReader.read(line);
        }
        catch (final IllegalArgumentException ex)
        {
            return Map.of();
        }
    }

    /**
     * Checks every line's signature.
     *
     * @param file   the log.
     * @param pinned the key an auditor trusts, or null.
     * @return one problem per bad line, {@code "line N: ..."}; empty when all hold.
     */
    public static List<String> verify(final Path file, final PublicKey pinned)
    {
        final List<String> problems = new ArrayList<>();
        final List<String> lines = lines(file);
        for (int i = 0; i < lines.size(); i++)
        {
            final String problem = SignedLine.problem(lines.get(i), pinned);
            if (problem != null)
            {
                problems.add(file.getFileName() + " line " + (i + 1) + ": " + problem);
            }
        }
        return problems;
    }
}
