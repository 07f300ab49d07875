package io.horizon.ops.state;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * Writes a small file of the state directory whole: to {@code NAME.tmp} first, then renamed over
 * {@code NAME} in one atomic step, so a reader, or a restart after a crash, sees the old content or
 * the new, never half of it.
 * <p>
 * Stateless; any thread (one writer per file).
 */
public final class AtomicFile
{
    private AtomicFile()
    {
    }

    /**
     * @param file the file to replace or create.
     * @param text its whole new content, as UTF-8.
     * @throws IOException when it cannot be written; the old content stays.
     */
    public static void write(final Path file, final String text) throws IOException
    {
        final Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.writeString(tmp, text, StandardCharsets.UTF_8);
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }
}
