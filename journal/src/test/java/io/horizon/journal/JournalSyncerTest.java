package io.horizon.journal;

import java.io.IOException;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import io.horizon.engine.event.InboundEvent;
import io.horizon.engine.journal.DurablePosition;
import net.openhft.chronicle.core.time.SetTimeProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static io.horizon.journal.support.Eventually.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The inbound journal's group commit: appends only write, the syncer thread makes them durable and
 * says so, a failed sync latches, a roll syncs the old cycle file first, and shutdown leaves
 * nothing written unsynced. The syncs go through a hook the test can hold back or break.
 */
final class JournalSyncerTest
{
    private static final long TIMEOUT_MS = 10_000;
    private static final LocalDate DAY_ONE = LocalDate.of(2026, 12, 4);

    @TempDir
    Path state;

    private final List<String> synced = new ArrayList<>();
    private final Semaphore permits = new Semaphore(Integer.MAX_VALUE);
    private final AtomicInteger cycleSyncsEntered = new AtomicInteger();
    private volatile IOException failNext;
    private final AtomicReference<Throwable> reported = new AtomicReference<>();
    private final AtomicInteger failuresReported = new AtomicInteger();

    /** Records each sync; a cycle file's sync waits for a permit, or fails when told to. */
    private final JournalSyncer.FileSync hook = (channel, file) ->
    {
        final boolean cycleFile = file.getFileName().toString().endsWith(".cq4");
        if (cycleFile)
        {
            cycleSyncsEntered.incrementAndGet();
            permits.acquireUninterruptibly();
            final IOException failure = failNext;
            if (failure != null)
            {
                failNext = null;
                throw failure;
            }
        }
        channel.force(false);
        synchronized (synced)
        {
            synced.add(file.getFileName().toString());
        }
    };

    private final DurablePosition.Listener listener = new DurablePosition.Listener()
    {
        @Override
        public void onDurable()
        {
        }

        @Override
        public void onSyncFailed(final Throwable failure)
        {
            reported.set(failure);
            failuresReported.incrementAndGet();
        }
    };

    private static long epochNanos(final LocalDate day)
    {
        return TimeUnit.MILLISECONDS.toNanos(day.atTime(12, 0).toInstant(ZoneOffset.UTC).toEpochMilli());
    }

    private ChronicleJournal open(final SyncPolicy policy, final long intervalMillis, final SetTimeProvider clock)
    {
        final ChronicleJournal journal = ChronicleJournal.open(state, policy, intervalMillis, clock, hook);
        journal.durability().listener(listener);
        journal.onStart();
        return journal;
    }

    private static void append(final ChronicleJournal journal, final long sequence, final boolean endOfBatch)
    {
        final InboundEvent e = new InboundEvent();
        e.setHeartbeat(sequence);
        assertTrue(journal.append(e, sequence, endOfBatch));
    }

    private List<String> synced()
    {
        synchronized (synced)
        {
            return List.copyOf(synced);
        }
    }

    @Test
    void shouldCountAnEventDurableOnlyOnceTheSyncerHasSyncedItAndCoverLaterBatchesWithOneSync() throws Exception
    {
        permits.drainPermits();
        try (ChronicleJournal journal = open(SyncPolicy.BATCH, 0, new SetTimeProvider(epochNanos(DAY_ONE))))
        {
            final DurablePosition durability = journal.durability();
            append(journal, 0, false);
            append(journal, 1, false);
            append(journal, 2, true);
            await(() -> cycleSyncsEntered.get() == 1, "the syncer starting the sync", TIMEOUT_MS);
            assertEquals(-1, durability.durableUpTo(), "durable before the sync returned");

            // The writer is not held by the sync in progress: two more batches go in meanwhile.
            append(journal, 3, false);
            append(journal, 4, true);
            append(journal, 5, true);
            assertEquals(-1, durability.durableUpTo());

            permits.release();
            await(() -> durability.durableUpTo() == 2, "the first sync's batch becoming durable", TIMEOUT_MS);
            await(() -> cycleSyncsEntered.get() == 2, "one more sync for what was written meanwhile", TIMEOUT_MS);
            assertEquals(2, durability.durableUpTo());
            permits.release();
            await(() -> durability.durableUpTo() == 5, "both later batches becoming durable with one sync", TIMEOUT_MS);
            assertEquals(2, cycleSyncsEntered.get());
            assertFalse(durability.syncFailed());
            permits.release(Integer.MAX_VALUE / 2);
            journal.onShutdown();
        }
    }

    @Test
    void shouldTellTheTimingsObserverOfEverySyncBeforeItsEventsCountDurable() throws Exception
    {
        final List<long[]> seen = new ArrayList<>();
        try (ChronicleJournal journal = ChronicleJournal.open(
            state, SyncPolicy.BATCH, 0, new SetTimeProvider(epochNanos(DAY_ONE)), hook))
        {
            final DurablePosition durability = journal.durability();
            journal.syncTimings((after, upTo, start, end) ->
            {
                synchronized (seen)
                {
                    seen.add(new long[]{after, upTo, start, end, durability.durableUpTo()});
                }
            });
            journal.onStart();
            append(journal, 0, false);
            append(journal, 1, true);
            await(() -> durability.durableUpTo() == 1, "the first batch becoming durable", TIMEOUT_MS);
            append(journal, 2, false);
            append(journal, 3, true);
            await(() -> durability.durableUpTo() == 3, "the second batch becoming durable", TIMEOUT_MS);
            journal.onShutdown();
        }
        synchronized (seen)
        {
            assertFalse(seen.isEmpty());
            long expectedAfter = -1;
            for (final long[] sync : seen)
            {
                assertEquals(expectedAfter, sync[0], "each sync starts where the one before ended");
                assertTrue(sync[1] > sync[0], "a sync makes at least one event durable");
                assertTrue(sync[3] >= sync[2], "a sync ends after it starts");
                assertEquals(sync[0], sync[4], "its events are not yet durable while the observer runs");
                expectedAfter = sync[1];
            }
            assertEquals(3, expectedAfter, "every written event was in some sync");
        }
    }

    @Test
    void shouldSyncTheOldCycleFileToItsEndBeforeAnEventOfTheNextDayCounts() throws Exception
    {
        final SetTimeProvider clock = new SetTimeProvider(epochNanos(DAY_ONE));
        try (ChronicleJournal journal = open(SyncPolicy.BATCH, 0, clock))
        {
            append(journal, 0, true);
            await(() -> journal.durability().durableUpTo() == 0, "day one's event becoming durable", TIMEOUT_MS);
            final int before = synced().size();

            clock.currentTimeMillis(TimeUnit.NANOSECONDS.toMillis(epochNanos(DAY_ONE.plusDays(1))));
            append(journal, 1, true);
            await(() -> journal.durability().durableUpTo() == 1, "day two's event becoming durable", TIMEOUT_MS);

            assertEquals(List.of("20261204F.cq4", "inbound", "20261205F.cq4"), synced().subList(before, synced().size()),
                "the old file to its end, then the folder's entry for the new one, then the new one");
            journal.onShutdown();
        }
    }

    @Test
    void shouldLatchAFailedSyncReportItOnceAndNeverCountAnotherEventDurable() throws Exception
    {
        failNext = new IOException("fdatasync: Input/output error");
        try (ChronicleJournal journal = open(SyncPolicy.BATCH, 0, new SetTimeProvider(epochNanos(DAY_ONE))))
        {
            final DurablePosition durability = journal.durability();
            append(journal, 0, true);
            await(durability::syncFailed, "the failed sync being seen", TIMEOUT_MS);
            assertEquals(-1, durability.durableUpTo());
            assertNotNull(reported.get());
            assertEquals("fdatasync: Input/output error", reported.get().getMessage());

            // The device answers again, but pages dropped after the error may never have reached it.
            append(journal, 1, true);
            journal.onShutdown();
            assertTrue(durability.syncFailed());
            assertEquals(-1, durability.durableUpTo(), "a sync after a failure counted as durable");
            assertEquals(1, failuresReported.get());
            assertEquals(1, cycleSyncsEntered.get(), "synced again after the failure latched");
        }
    }

    @ParameterizedTest
    @EnumSource(SyncPolicy.class)
    void shouldSyncEverythingWrittenBeforeTheShutdownReturnsWhateverThePolicy(final SyncPolicy policy) throws Exception
    {
        try (ChronicleJournal journal = open(policy, 60_000, new SetTimeProvider(epochNanos(DAY_ONE))))
        {
            final JournalSyncer syncer = (JournalSyncer)journal.durability();
            append(journal, 0, false);
            append(journal, 1, false);
            append(journal, 2, false);
            if (policy != SyncPolicy.BATCH)
            {
                assertEquals(Long.MAX_VALUE, syncer.durableUpTo(), "effects wait for a sync under " + policy);
            }

            journal.onShutdown();

            assertEquals(2, syncer.synced(), "written but not synced at shutdown under " + policy);
            assertTrue(synced().contains("20261204F.cq4"));
            assertFalse(syncer.syncFailed());
        }
    }

    @Test
    void shouldMakeEventsDurableThroughTheDevicesOwnSync() throws Exception
    {
        try (ChronicleJournal journal = ChronicleJournal.open(state, SyncPolicy.BATCH, 0))
        {
            journal.onStart();
            append(journal, 0, true);
            await(() -> journal.durability().durableUpTo() == 0, "a real fdatasync returning", TIMEOUT_MS);
            journal.onShutdown();
        }
        try (ChronicleJournal reopened = ChronicleJournal.open(state, SyncPolicy.BATCH, 0))
        {
            assertEquals(1, reopened.eventCount());
            assertEquals(0, reopened.durability().durableUpTo(), "what a reopened journal holds counts as durable");
        }
    }
}
