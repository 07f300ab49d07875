package io.horizon.ops.backup;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;

import io.horizon.journal.JournalCopy;

/**
 * What a backup holds, written last into it ({@code backup.properties}): when and from where it
 * was taken, the journal position copied (inbound events, outputs, last Chronicle index), the
 * SQLite stores copied through SQLite's backup API, and every file with its size and SHA-256 so a
 * restore can tell a damaged backup from a good one.
 *
 * @param created        when the backup finished, ISO-8601.
 * @param source         the state directory copied.
 * @param horizonVersion the Horizon that took it.
 * @param journal        where the copied journal ends.
 * @param sqliteStores   file names of the SQLite stores copied.
 * @param files          path relative to the backup ({@code /} separated) to {@code SIZE SHA256}.
 * @param notes          what was left out or copied without a consistency guarantee, one line each.
 */
public record BackupManifest(
    String created,
    String source,
    String horizonVersion,
    JournalCopy.Position journal,
    java.util.List<String> sqliteStores,
    Map<String, String> files,
    java.util.List<String> notes)
{
    /** File name inside the backup. */
    public static final String FILE_NAME = "backup.properties";
    /** Layout of this file. */
    public static final int FORMAT = 1;

    void write(final Path backup) throws IOException
    {
        final Properties p = new Properties();
        p.setProperty("format", Integer.toString(FORMAT));
        p.setProperty("created", created);
        p.setProperty("source", source);
        p.setProperty("horizon_version", horizonVersion);
        p.setProperty("journal.inbound_events", Long.toString(journal.inboundEvents()));
        p.setProperty("journal.outputs", Long.toString(journal.outputs()));
        p.setProperty("journal.last_inbound_index", Long.toString(journal.lastInboundIndex()));
        p.setProperty("sqlite", String.join(",", sqliteStores));
        for (final Map.Entry<String, String> f : files.entrySet())
        {
            p.setProperty("file." + f.getKey(), f.getValue());
        }
        for (int i = 0; i < notes.size(); i++)
        {
            p.setProperty("note." + i, notes.get(i));
        }
        final Path tmp = backup.resolve(FILE_NAME + ".tmp");
        try (OutputStream out = Files.newOutputStream(tmp))
        {
            p.store(out, "Horizon backup: restore with horizon restore --from " + backup);
        }
        Files.move(tmp, backup.resolve(FILE_NAME), java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }

    /**
     * @param backup a backup directory.
     * @return its manifest.
     * @throws IllegalArgumentException when it is not a (complete) Horizon backup.
     * @throws IOException              when it cannot be read.
     */
    static BackupManifest read(final Path backup) throws IOException
    {
        final Properties p = new Properties();
        try (InputStream in = Files.newInputStream(backup.resolve(FILE_NAME)))
        {
            p.load(in);
        }
        catch (final NoSuchFileException ex)
        {
            throw new IllegalArgumentException(backup + " is not a complete Horizon backup (no " + FILE_NAME +
                "); pass the directory horizon backup --to wrote, after it finished");
        }
        if (!Integer.toString(FORMAT).equals(p.getProperty("format")))
        {
            throw new IllegalArgumentException(backup.resolve(FILE_NAME) + " has format " + p.getProperty("format") +
                "; this Horizon restores format " + FORMAT);
        }
        final Map<String, String> files = new TreeMap<>();
        final java.util.List<String> notes = new java.util.ArrayList<>();
        for (final String key : new TreeMap<>(p).keySet().stream().map(String::valueOf).toList())
        {
            if (key.startsWith("file."))
            {
                files.put(ManifestPath.check(key.substring("file.".length())), p.getProperty(key));
            }
            else if (key.startsWith("note."))
            {
                notes.add(p.getProperty(key));
            }
        }
        try
        {
            final JournalCopy.Position position = new JournalCopy.Position(
                Long.parseLong(p.getProperty("journal.inbound_events")),
                Long.parseLong(p.getProperty("journal.outputs")),
                Long.parseLong(p.getProperty("journal.last_inbound_index")));
            final String sqlite = p.getProperty("sqlite", "");
            return new BackupManifest(p.getProperty("created", ""), p.getProperty("source", ""),
                p.getProperty("horizon_version", ""), position,
                sqlite.isEmpty() ? java.util.List.of() : java.util.List.of(sqlite.split(",")), files, notes);
        }
        catch (final NumberFormatException | NullPointerException ex)
        {
            throw new IllegalArgumentException(backup.resolve(FILE_NAME) + " is damaged: the journal position is missing");
        }
    }
}
