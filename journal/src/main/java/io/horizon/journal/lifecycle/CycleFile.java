package io.horizon.journal.lifecycle;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import io.horizon.journal.JournalException;

/**
 * One daily roll-cycle file of a journal queue ({@code yyyyMMddF.cq4}, the journal's fixed
 * {@code FAST_DAILY} roll cycle): its name, its cycle number (days since 1970-01-01, UTC) and its
 * UTC day. Names sort in cycle order.
 * <p>
 * Immutable; any thread.
 *
 * @param name  the file name, e.g. {@code 20261127F.cq4}.
 * @param cycle the roll cycle number: the day's epoch day.
 */
public record CycleFile(String name, int cycle)
{
    /** Suffix of a cycle file. */
    public static final String SUFFIX = ".cq4";

    private static final DateTimeFormatter DAY = DateTimeFormatter.BASIC_ISO_DATE;

    /**
     * @param name a file name.
     * @return the cycle, or null when the name is not a daily cycle file.
     */
    public static CycleFile parse(final String name)
    {
        if (name.length() != 9 + SUFFIX.length() || !name.endsWith("F" + SUFFIX))
        {
            return null;
        }
        try
        {
            return new CycleFile(name, (int)LocalDate.parse(name.substring(0, 8), DAY).toEpochDay());
        }
        catch (final DateTimeParseException ex)
        {
            return null;
        }
    }

    /**
     * @param cycle a cycle number.
     * @return its file.
     */
    public static CycleFile of(final int cycle)
    {
        return new CycleFile(LocalDate.ofEpochDay(cycle).format(DAY) + "F" + SUFFIX, cycle);
    }

    /**
     * The cycle files a queue folder holds now, oldest first. Symbolic links are not cycle files
     * (the state directory may be hostile) and are left out, so a reader sees them as missing.
     *
     * @param queueDirectory the queue folder; none there means no cycles.
     * @return the cycles, oldest first.
     * @throws JournalException when the folder cannot be listed.
     */
    public static List<CycleFile> list(final Path queueDirectory)
    {
        final List<CycleFile> cycles = new ArrayList<>();
        if (!Files.isDirectory(queueDirectory, LinkOption.NOFOLLOW_LINKS))
        {
            return cycles;
        }
        try (Stream<Path> files = Files.list(queueDirectory))
        {
            files.filter(p -> Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS))
                .map(p -> parse(p.getFileName().toString()))
                .filter(c -> c != null)
                .sorted((a, b) -> Integer.compare(a.cycle, b.cycle))
                .forEach(cycles::add);
        }
        catch (final IOException ex)
        {
            throw new JournalException("cannot list " + queueDirectory + ": " + ex.getMessage(), ex);
        }
        return cycles;
    }

    /**
     * @return the UTC day the cycle holds.
     */
    public LocalDate day()
    {
        return LocalDate.ofEpochDay(cycle);
    }
}
