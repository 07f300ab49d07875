package io.horizon.ops.support;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import io.horizon.engine.event.EventType;
import io.horizon.engine.event.InboundEvent;
import io.horizon.journal.JournalReader;

/**
 * A daemon's inbound journal, read while the daemon runs (read-only, as {@code horizon replay} reads
 * a live one), so that a test waits until the daemon has journaled what it needs instead of
 * sleeping for a time that is usually enough.
 * <p>
 * Threading: the test thread.
 */
public final class LiveJournal
{
    private LiveJournal()
    {
    }

    /**
     * Reads the whole inbound journal; the reader itself refuses gaps and duplicates.
     *
     * @return the events, and among them the venue fills.
     */
    public static long[] count(final Path state)
    {
        long events = 0;
        long fills = 0;
        try (JournalReader reader = JournalReader.inbound(state))
        {
            final InboundEvent e = new InboundEvent();
            while (reader.nextInbound(e))
            {
                events++;
                fills += e.type == EventType.VENUE_FILL ? 1 : 0;
            }
        }
        return new long[]{events, fills};
    }

    /**
     * Waits until the running daemon's journal holds more than {@code events} events, a venue fill
     * among them; fails when the daemon exits first or after {@link HorizonProcess#TIMEOUT_S}.
     */
    public static void awaitMoreThan(final Process daemon, final Path state, final long events) throws InterruptedException
    {
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(HorizonProcess.TIMEOUT_S);
        long[] seen = {0, 0};
        while (seen[0] <= events || seen[1] == 0)
        {
            if (!daemon.isAlive() || System.nanoTime() > deadline)
            {
                throw new AssertionError("the daemon " + (daemon.isAlive() ? "did not journal" : "exited before journaling") +
                    " more than " + events + " events and a fill (journaled " + seen[0] + " events, " + seen[1] + " fills)");
            }
            Thread.sleep(50);
            seen = count(state);
        }
    }
}
