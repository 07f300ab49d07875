package io.horizon.journal;

import java.nio.file.Files;
import java.nio.file.Path;

import io.horizon.engine.event.ControlAction;
import io.horizon.engine.event.InboundEvent;
import net.openhft.chronicle.queue.impl.TableStore;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueueBuilder;
import net.openhft.chronicle.queue.impl.single.TableStoreWriteLock;
import net.openhft.chronicle.queue.impl.table.Metadata;
import net.openhft.chronicle.queue.impl.table.SingleTableBuilder;
import net.openhft.chronicle.threads.BusyTimedPauser;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * Copying a journal that a live appender holds locked: the copy reads cleanly to where the source
 * was, and a daemon can append to the copy at once, although the process that held the source's
 * lock (this one) is still alive.
 */
final class JournalCopyTest
{
    @TempDir
    Path dir;

    @Test
    void shouldCopyALockedJournalIntoOneThatCanBeAppendedToAtOnce() throws Exception
    {
        final Path state = dir.resolve("state");
        final Path copy = dir.resolve("copy");
        JournalManifest.openOrCreate(state, 42, 256);
        final InboundEvent event = new InboundEvent();
        try (ChronicleJournal journal = ChronicleJournal.open(state, SyncPolicy.NONE, 0))
        {
            journal.onStart();
            for (int i = 0; i < 100; i++)
            {
                event.setControl(1_000L + i, ControlAction.LIMIT_CHANGE, i, "limit");
                journal.append(event, i, true);
            }
            journal.onShutdown();
        }

        SingleChronicleQueueBuilder.addAliases();
        try (TableStore<Metadata.NoMeta> store = SingleTableBuilder.binary(
                JournalDirectory.inbound(state).resolve("metadata.cq4t"), Metadata.NoMeta.INSTANCE).readOnly(false).build();
            TableStoreWriteLock liveAppender = new TableStoreWriteLock(store, BusyTimedPauser::new, 0L))
        {
            // As if the daemon were in the middle of an append while the copy is taken.
            liveAppender.lock();
            final JournalCopy.Position position = JournalCopy.copy(state, copy);
            assertEquals(new JournalCopy.Position(100, 0, position.lastInboundIndex()), position);
            liveAppender.unlock();
        }

        // Were the copied lock kept, Chronicle would wait for it and then refuse: its holder (this
        // process) is alive.
        try (ChronicleJournal journal = ChronicleJournal.open(copy, SyncPolicy.NONE, 0))
        {
            assertEquals(100, journal.eventCount());
            journal.onStart();
            event.setControl(5_000L, ControlAction.LIMIT_CHANGE, 100, "after restore");
            journal.append(event, 100, true);
            journal.onShutdown();
        }
        assertEquals(101, JournalCopy.read(copy).inboundEvents());
        assertEquals(Files.size(JournalDirectory.inbound(state).resolve(firstCycle(state))),
            Files.size(JournalDirectory.inbound(copy).resolve(firstCycle(state))), "the copy keeps the file's length");
    }

    @Test
    void shouldRefuseToCopyOverAnExistingJournal() throws Exception
    {
        final Path state = dir.resolve("state");
        JournalManifest.openOrCreate(state, 42, 256);
        ChronicleJournal.open(state, SyncPolicy.NONE, 0).close();

        final JournalException ex = assertThrows(JournalException.class, () -> JournalCopy.copy(state, state));
        assertEquals(state.resolve("journal") + " already exists; a journal copy goes into a directory without one", ex.getMessage());
    }

    private static String firstCycle(final Path state) throws Exception
    {
        try (var files = Files.list(JournalDirectory.inbound(state)))
        {
            return files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".cq4")).sorted().findFirst().orElseThrow();
        }
    }
}
