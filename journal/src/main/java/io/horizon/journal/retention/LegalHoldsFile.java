package io.horizon.journal.retention;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import io.horizon.journal.sqlite.StoreException;

/**
 * A file of legal holds, one {@code KIND=VALUE} per line ({@link LegalHold}); blank lines and
 * {@code #} comments are skipped. Read by {@code audit enforce-retention --holds-file} and, on each
 * run, by the journal lifecycle ({@code [journal] legal_holds_file}).
 * <p>
 * Stateless; any thread.
 */
public final class LegalHoldsFile
{
    private LegalHoldsFile()
    {
    }

    /**
     * @param file  the holds file.
     * @param label how the user named it, for errors (e.g. {@code --holds-file}).
     * @return its holds.
     * @throws StoreException when the file is missing, not a regular file, or unreadable.
     * @throws IllegalArgumentException naming the file and line of a line that is not a hold.
     */
    public static List<LegalHold> read(final Path file, final String label)
    {
        if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS))
        {
            throw new StoreException("no holds file at " + file + " (or not a regular file); check " + label);
        }
        final List<String> lines;
        try
        {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        }
        catch (final IOException ex)
        {
            throw new StoreException("cannot read the holds file " + file + " (" + label + "): " + ex.getMessage(), ex);
        }
        final List<LegalHold> holds = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++)
        {
            final String line = lines.get(i).strip();
            if (line.isEmpty() || line.startsWith("#"))
            {
                continue;
            }
            try
            {
                holds.add(LegalHold.parse(line));
            }
            catch (final IllegalArgumentException ex)
            {
                throw new IllegalArgumentException(file + ":" + (i + 1) + ": " + ex.getMessage());
            }
        }
        return holds;
    }
}
