package io.horizon.journal;

import java.lang.reflect.Field;
import java.nio.file.Path;

import net.openhft.chronicle.bytes.SyncMode;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * A journal sync must reach the device. Chronicle's own default is {@code SyncMode.ASYNC}, an
 * {@code msync(MS_ASYNC)} that Linux treats as a no-op, so a journal left on it would lose every
 * "synced" event with the host while {@code --journal-sync batch} promised otherwise. Chronicle
 * keeps the mode in a private field with no getter; if an upgrade renames it this test fails
 * loudly rather than letting the default come back unnoticed.
 */
final class JournalDurabilityTest
{
    @TempDir
    Path state;

    private static SyncMode syncModeOf(final SingleChronicleQueue queue) throws ReflectiveOperationException
    {
        final Field field = SingleChronicleQueue.class.getDeclaredField("syncMode");
        field.setAccessible(true);
        return (SyncMode)field.get(queue);
    }

    @Test
    void shouldOpenTheInboundJournalWithSyncsThatWaitForTheDevice() throws Exception
    {
        try (SingleChronicleQueue queue = JournalDirectory.openForWriting(JournalDirectory.inbound(state)))
        {
            assertEquals(SyncMode.SYNC, syncModeOf(queue));
        }
    }

    @Test
    void shouldOpenTheOutboundJournalWithSyncsThatWaitForTheDevice() throws Exception
    {
        try (SingleChronicleQueue queue = JournalDirectory.openForWriting(JournalDirectory.outbound(state)))
        {
            assertEquals(SyncMode.SYNC, syncModeOf(queue));
        }
    }
}
