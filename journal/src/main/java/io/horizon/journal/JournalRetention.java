package io.horizon.journal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * The retention hook for old journal files: moves whole daily cycle files ({@code yyyyMMdd*.cq4})
 * older than a cutoff day out of the journal into an archive folder, both queues alike. The
 * newest cycle of each queue always stays, since a writer may still be appending to it.
 * <p>
 * Recovery replays the journal from event 0, so a state whose first cycles were archived no
 * longer recovers on its own: the reader stops at the first record with "event sequence N where
 * 0 was expected" and the archived files must be put back first. Archive only what a backup or
 * an audit flush has already taken.
 * <p>
 * Threading: the caller's thread; not while a daemon runs on the state (it holds the lock).
 */
public final class JournalRetention
{
    private static final DateTimeFormatter CYCLE_DAY = DateTimeFormatter.BASIC_ISO_DATE;

    private JournalRetention()
    {
    }

    /**
     * @param stateDirectory the state directory.
     * @param keepFrom       cycles of this UTC day and later stay.
     * @param archive        where old cycles go: {@code archive/inbound} and {@code archive/outbound}.
     * @return the files moved, at their new place.
     * @throws IOException when a move fails; files already moved stay moved.
     */
    public static List<Path> archiveCyclesBefore(final Path stateDirectory, final LocalDate keepFrom, final Path archive)
        throws IOException
    {
        final List<Path> moved = new ArrayList<>();
        moveOld(JournalDirectory.inbound(stateDirectory), keepFrom, archive.resolve(JournalDirectory.INBOUND), moved);
        moveOld(JournalDirectory.outbound(stateDirectory), keepFrom, archive.resolve(JournalDirectory.OUTBOUND), moved);
        return moved;
    }

    private static void moveOld(final Path queue, final LocalDate keepFrom, final Path target, final List<Path> moved)
        throws IOException
    {
        if (!Files.isDirectory(queue))
        {
            return;
        }
        final List<Path> cycles = new ArrayList<>();
        try (Stream<Path> files = Files.list(queue))
        {
            files.filter(p -> p.getFileName().toString().endsWith(".cq4")).sorted().forEach(cycles::add);
        }
        for (int i = 0; i < cycles.size() - 1; i++)
        {
            final Path cycle = cycles.get(i);
            final LocalDate day = dayOf(cycle);
            if (day != null && day.isBefore(keepFrom))
            {
                Files.createDirectories(target);
                final Path to = target.resolve(cycle.getFileName());
                Files.move(cycle, to, StandardCopyOption.ATOMIC_MOVE);
                moved.add(to);
            }
        }
    }

    private static LocalDate dayOf(final Path cycle)
    {
        final String name = cycle.getFileName().toString();
        if (name.length() < 8)
        {
            return null;
        }
        try
        {
            return LocalDate.parse(name.substring(0, 8), CYCLE_DAY);
        }
        catch (final DateTimeParseException ex)
        {
            return null;
        }
    }
}
