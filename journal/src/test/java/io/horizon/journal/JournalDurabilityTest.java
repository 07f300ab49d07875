package io.horizon.journal;

import java.lang.reflect.Field;
import java.nio.file.Path;

import net.openhft.chronicle.bytes.SyncMode;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Who makes the journal durable. Horizon's queues leave Chronicle's own syncs to the kernel
 * ({@code SyncMode.ASYNC}): the inbound journal's syncer {@code fdatasync}s the whole cycle file
 * itself (JournalSyncerTest shows a real one returning), and with {@code SYNC} Chronicle's background
 * thread also waited for the device on every 64 MiB chunk it released, mid-run, which the syncer
 * then queued behind. A writer that does sync through Chronicle ({@code appender.sync()}, the latency
 * harness's floor) asks for {@code SYNC} and gets it, since with {@code ASYNC} that call waits for
 * nothing. Chronicle keeps the mode in a private field with no getter; if an upgrade renames it this
 * test fails loudly.
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
    void shouldLeaveChroniclesOwnSyncsOfTheInboundJournalToTheKernelBecauseTheSyncerSyncsTheWholeFile() throws Exception
    {
        try (SingleChronicleQueue queue = JournalDirectory.openForWriting(JournalDirectory.inbound(state)))
        {
            assertEquals(SyncMode.ASYNC, syncModeOf(queue));
        }
    }

    @Test
    void shouldLeaveChroniclesOwnSyncsOfTheOutboundJournalToTheKernel() throws Exception
    {
        try (SingleChronicleQueue queue = JournalDirectory.openForWriting(JournalDirectory.outbound(state)))
        {
            assertEquals(SyncMode.ASYNC, syncModeOf(queue));
        }
    }

    @Test
    void shouldOpenAQueueWhoseAppenderSyncWaitsForTheDeviceWhenAWriterAsksForIt() throws Exception
    {
        try (SingleChronicleQueue queue = JournalDirectory.openForWriting(JournalDirectory.inbound(state), SyncMode.SYNC))
        {
            assertEquals(SyncMode.SYNC, syncModeOf(queue));
        }
    }
}
