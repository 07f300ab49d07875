package io.horizon.ops.daemon;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

import io.horizon.journal.postgres.PostgresTarget;
import io.horizon.ops.state.AtomicFile;
import io.horizon.ops.state.PlainFile;
import io.horizon.ops.state.RefusedFileException;

/**
 * The one line a daemon writes into its state directory at every start ({@code STATE/audit-backend}),
 * once its audit backend is open: {@code sqlite}, or {@code postgres WRITER_ID} (its
 * {@code daemon.id}). The offline tools that act through the running daemon read it to check that
 * the writer id an operator names is the one that daemon writes under (a dead-letter id is unique
 * per writer only, so {@code dlq redrive --writer} of another writer would send a different entry).
 * Written while the daemon holds the state lock, so while it runs the line is current.
 * <p>
 * Stateless; any thread.
 */
public final class AuditBackendMark
{
    /** The file's name in the state directory. */
    public static final String FILE_NAME = "audit-backend";

    private static final String SQLITE = "sqlite";
    private static final String POSTGRES = "postgres ";
    private static final int MAX_BYTES = 128;

    /**
     * What a daemon recorded.
     *
     * @param postgres whether it keeps its audit log and dead letters in PostgreSQL.
     * @param writer   its writer id there; null for SQLite.
     */
    public record Mark(boolean postgres, String writer)
    {
    }

    private AuditBackendMark()
    {
    }

    /**
     * @param stateDirectory the locked state directory.
     * @param writer         the PostgreSQL writer id, or null for SQLite.
     * @throws IOException when it cannot be written.
     */
    static void write(final Path stateDirectory, final String writer) throws IOException
    {
        AtomicFile.write(stateDirectory.resolve(FILE_NAME), (writer == null ? SQLITE : POSTGRES + writer) + "\n",
            AtomicFile.GROUP_READABLE);
    }

    /**
     * @param stateDirectory a state directory.
     * @return what its daemon recorded at its last start; null when nothing was (a daemon of an
     *         earlier release, or never started).
     * @throws IllegalArgumentException when the file holds something no daemon writes, or is not a plain
     *         file of at most 128 bytes (a link, FIFO, device or hard link is refused unopened), naming it.
     * @throws IOException              when it cannot be read.
     */
    public static Mark read(final Path stateDirectory) throws IOException
    {
        final Path file = stateDirectory.resolve(FILE_NAME);
        final String text;
        try
        {
            // Never follows a link, never opens a FIFO or device, never reads past the bound: the
            // daemon writes this file itself (atomically, one link), so anything else was planted.
            text = new String(PlainFile.read(file, MAX_BYTES), StandardCharsets.UTF_8).strip();
        }
        catch (final NoSuchFileException ex)
        {
            return null;
        }
        catch (final RefusedFileException ex)
        {
            throw new IllegalArgumentException(ex.getMessage() + ": it is not what a Horizon daemon writes (one line of " +
                "at most " + MAX_BYTES + " bytes); remove it and restart the daemon to rewrite it");
        }
        if (SQLITE.equals(text))
        {
            return new Mark(false, null);
        }
        if (text.startsWith(POSTGRES))
        {
            try
            {
                return new Mark(true, PostgresTarget.requireWriterId(text.substring(POSTGRES.length())));
            }
            catch (final IllegalArgumentException ex)
            {
                // named below
            }
        }
        throw new IllegalArgumentException(file + " holds '" + text.replaceAll("[^\\x20-\\x7e]", "?") + "', not what a " +
            "Horizon daemon writes ('sqlite' or 'postgres WRITER_ID'); remove it and restart the daemon to rewrite it");
    }
}
