package io.horizon.journal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import io.horizon.engine.event.InboundEvent;
import net.openhft.chronicle.core.time.SetTimeProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Daily roll cycles: readers cross day boundaries in order, and a journal that lost its first
 * cycle without the journal lifecycle accounting for it is refused.
 */
final class JournalRollTest
{
    private static final LocalDate DAY_ONE = LocalDate.of(2026, 11, 27);

    @TempDir
    Path state;

    private static long epochMillis(final LocalDate day, final int hour)
    {
        return day.atTime(hour, 0).toInstant(ZoneOffset.UTC).toEpochMilli();
    }

    private void writeThreeDays()
    {
        final SetTimeProvider clock = new SetTimeProvider(TimeUnit.MILLISECONDS.toNanos(epochMillis(DAY_ONE, 0)));
        final InboundEvent e = new InboundEvent();
        long sequence = 0;
        for (int day = 0; day < 3; day++)
        {
            clock.currentTimeMillis(epochMillis(DAY_ONE.plusDays(day), 12));
            try (ChronicleJournal journal = ChronicleJournal.open(state, SyncPolicy.NONE, 0, clock))
            {
                assertEquals(sequence, journal.eventCount());
                for (int i = 0; i < 100; i++)
                {
                    e.setHeartbeat(sequence);
                    assertTrue(journal.append(e, sequence++, i == 99));
                }
                journal.onShutdown();
            }
        }
    }

    private List<Path> cycleFiles() throws IOException
    {
        try (Stream<Path> files = Files.list(JournalDirectory.inbound(state)))
        {
            return files.filter(p -> p.toString().endsWith(".cq4")).sorted().toList();
        }
    }

    @Test
    void shouldReadAcrossDailyRollBoundariesInOrder() throws IOException
    {
        writeThreeDays();

        assertEquals(List.of("20261127F.cq4", "20261128F.cq4", "20261129F.cq4"),
            cycleFiles().stream().map(p -> p.getFileName().toString()).toList());
        final InboundEvent e = new InboundEvent();
        long expected = 0;
        try (JournalReader reader = JournalReader.inbound(state))
        {
            while (reader.nextInbound(e))
            {
                assertEquals(expected++, e.timestampNanos);
            }
        }
        assertEquals(300, expected);
    }

    @Test
    void shouldRefuseAJournalThatLostItsFirstCycleOutsideTheLifecycle() throws IOException
    {
        writeThreeDays();

        // Moved away by hand, not by the journal lifecycle: no ledger line accounts for it.
        Files.delete(JournalDirectory.inbound(state).resolve("20261127F.cq4"));

        assertEquals(2, cycleFiles().size());
        final JournalException ex = assertThrows(JournalException.class, () ->
        {
            try (JournalReader reader = JournalReader.inbound(state))
            {
                final InboundEvent e = new InboundEvent();
                while (reader.nextInbound(e))
                {
                    // Read until the reader objects.
                }
            }
        });
        assertTrue(ex.getMessage().contains("Cycle files are missing") && ex.getMessage().contains("20261127F.cq4"),
            ex.getMessage());
    }
}
