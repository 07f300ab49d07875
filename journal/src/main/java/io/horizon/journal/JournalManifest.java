package io.horizon.journal;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.Properties;

import io.horizon.engine.journal.JournalCodec;

/**
 * What a journal was written with, kept beside it ({@code journal/manifest.properties}): the
 * record layout version, the engine seed and the order capacity. Replaying a journal with
 * another seed or capacity could make the BLP decide differently, so a restart that changes
 * either is refused with a message that says which value to use.
 * <p>
 * {@code layout_version} is the newest record layout the journal may hold. Every record also
 * names its own layout, so a journal written by an older release (layout 1) stays readable, and
 * when this release appends to it the manifest is raised to {@link JournalCodec#LAYOUT_VERSION}
 * ({@code upgraded_from_layout} keeps the old value): from then on a release that reads only the
 * old layout refuses the journal instead of stopping at the first new record. A manifest naming a
 * layout newer than this release reads is refused with the file and both versions named.
 * {@code schema_version} is the SBE schema version of the records this release writes.
 * <p>
 * Threading: the owner thread at start.
 */
public final class JournalManifest
{
    /** File name inside the journal folder. */
    public static final String FILE_NAME = "manifest.properties";

    private final long seed;
    private final int orderCapacity;
    private final int layoutVersion;
    private final int schemaVersion;
    private final boolean created;

    private JournalManifest(
        final long seed, final int orderCapacity, final int layoutVersion, final int schemaVersion, final boolean created)
    {
        this.seed = seed;
        this.orderCapacity = orderCapacity;
        this.layoutVersion = layoutVersion;
        this.schemaVersion = schemaVersion;
        this.created = created;
    }

    /**
     * Reads the manifest of an existing journal, or writes one for a new journal.
     *
     * @param stateDirectory the state directory.
     * @param seed           the seed this run would use.
     * @param orderCapacity  the order capacity this run would use.
     * @return the manifest.
     * @throws JournalException when the existing journal was written with another seed, capacity or layout.
     */
    public static JournalManifest openOrCreate(final Path stateDirectory, final long seed, final int orderCapacity)
    {
        final Path file = stateDirectory.resolve(JournalDirectory.JOURNAL).resolve(FILE_NAME);
        if (Files.exists(file))
        {
            final JournalManifest existing = read(stateDirectory);
            if (existing.seed != seed)
            {
                throw new JournalException("the journal in " + stateDirectory + " was written with seed " + existing.seed +
                    "; replaying it with seed " + seed + " would not reproduce it. Run with --seed " + existing.seed +
                    ", or start from an empty --state");
            }
            if (existing.orderCapacity != orderCapacity)
            {
                throw new JournalException("the journal in " + stateDirectory + " was written with order capacity " +
                    existing.orderCapacity + "; replaying it with " + orderCapacity + " could reject differently. Use " +
                    existing.orderCapacity + ", or start from an empty --state");
            }
            if (existing.layoutVersion < JournalCodec.LAYOUT_VERSION || existing.schemaVersion < JournalCodec.SCHEMA_VERSION)
            {
                upgrade(file, existing.layoutVersion);
                return new JournalManifest(
                    existing.seed, existing.orderCapacity, JournalCodec.LAYOUT_VERSION, JournalCodec.SCHEMA_VERSION, false);
            }
            return existing;
        }
        if (JournalDirectory.exists(stateDirectory))
        {
            throw new JournalException("the journal in " + stateDirectory + " has no " + FILE_NAME +
                "; it was not written by this Horizon. Restore the file from backup or start from an empty --state");
        }
        final Properties p = new Properties();
        p.setProperty("layout_version", Integer.toString(JournalCodec.LAYOUT_VERSION));
        p.setProperty("schema_version", Integer.toString(JournalCodec.SCHEMA_VERSION));
        p.setProperty("seed", Long.toString(seed));
        p.setProperty("order_capacity", Integer.toString(orderCapacity));
        p.setProperty("created", Instant.now().toString());
        write(file, p);
        return new JournalManifest(seed, orderCapacity, JournalCodec.LAYOUT_VERSION, JournalCodec.SCHEMA_VERSION, true);
    }

    private static void upgrade(final Path file, final int fromLayout)
    {
        final Properties p = load(file);
        p.setProperty("layout_version", Integer.toString(JournalCodec.LAYOUT_VERSION));
        p.setProperty("schema_version", Integer.toString(JournalCodec.SCHEMA_VERSION));
        if (fromLayout < JournalCodec.LAYOUT_VERSION)
        {
            p.setProperty("upgraded_from_layout", Integer.toString(fromLayout));
        }
        p.setProperty("upgraded", Instant.now().toString());
        write(file, p);
    }

    private static void write(final Path file, final Properties p)
    {
        try
        {
            Files.createDirectories(file.getParent());
            final Path tmp = file.resolveSibling(FILE_NAME + ".tmp");
            try (OutputStream out = Files.newOutputStream(tmp))
            {
                p.store(out, "Horizon journal manifest: do not edit");
            }
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE);
        }
        catch (final IOException ex)
        {
            throw new JournalException("cannot write " + file + ": " + ex.getMessage(), ex);
        }
    }

    private static Properties load(final Path file)
    {
        final Properties p = new Properties();
        try (InputStream in = Files.newInputStream(file))
        {
            p.load(in);
        }
        catch (final IOException ex)
        {
            throw new JournalException("cannot read " + file + ": " + ex.getMessage(), ex);
        }
        return p;
    }

    /**
     * Reads the manifest of an existing journal.
     *
     * @throws JournalException when missing, unreadable, or of an unknown layout version.
     */
    public static JournalManifest read(final Path stateDirectory)
    {
        final Path file = stateDirectory.resolve(JournalDirectory.JOURNAL).resolve(FILE_NAME);
        if (!Files.exists(file))
        {
            throw new JournalException("no journal at " + stateDirectory.resolve(JournalDirectory.JOURNAL) +
                " (no " + FILE_NAME + "); pass --state with the state directory of a Horizon that has run");
        }
        final Properties p = load(file);
        final int version;
        final long seed;
        final int orderCapacity;
        try
        {
            version = Integer.parseInt(p.getProperty("layout_version", "").trim());
            seed = Long.parseLong(p.getProperty("seed", "").trim());
            orderCapacity = Integer.parseInt(p.getProperty("order_capacity", "").trim());
        }
        catch (final NumberFormatException ex)
        {
            throw new JournalException(file + " is damaged: layout_version, seed and order_capacity must be numbers");
        }
        if (version > JournalCodec.LAYOUT_VERSION || version < JournalCodec.OLDEST_READABLE_LAYOUT)
        {
            throw new JournalException(file + " says the journal has record layout version " + version +
                "; this Horizon reads layouts " + JournalCodec.OLDEST_READABLE_LAYOUT + " to " + JournalCodec.LAYOUT_VERSION +
                (version > JournalCodec.LAYOUT_VERSION ?
                    ". It was written by a newer Horizon release: read it with that release or a later one" :
                    ". The manifest is damaged; restore it from backup"));
        }
        final String schema = p.getProperty("schema_version");
        final int schemaVersion = schema == null ? 0 : parseSchema(file, schema);
        if (schemaVersion > JournalCodec.SCHEMA_VERSION)
        {
            throw new JournalException(file + " says the journal holds records of journal schema version " + schema.trim() +
                "; this Horizon reads schema versions up to " + JournalCodec.SCHEMA_VERSION +
                ". It was written by a newer Horizon release: read it with that release or a later one");
        }
        return new JournalManifest(seed, orderCapacity, version, schemaVersion, false);
    }

    private static int parseSchema(final Path file, final String value)
    {
        try
        {
            return Integer.parseInt(value.trim());
        }
        catch (final NumberFormatException ex)
        {
            throw new JournalException(file + " is damaged: schema_version must be a number, got '" + value + "'");
        }
    }

    /**
     * @return the seed the journal was written with.
     */
    public long seed()
    {
        return seed;
    }

    /**
     * @return the order capacity the journal was written with.
     */
    public int orderCapacity()
    {
        return orderCapacity;
    }

    /**
     * @return the newest record layout the journal may hold ({@code 1} for a journal only an
     *         older release wrote).
     */
    public int layoutVersion()
    {
        return layoutVersion;
    }

    /**
     * @return the journal schema version of the newest records it may hold; 0 for a layout 1
     *         journal (no SBE schema).
     */
    public int schemaVersion()
    {
        return schemaVersion;
    }

    /**
     * @return true when this call created the journal.
     */
    public boolean isNew()
    {
        return created;
    }
}
