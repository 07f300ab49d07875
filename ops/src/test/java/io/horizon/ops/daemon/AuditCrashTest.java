package io.horizon.ops.daemon;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import io.horizon.engine.counter.EngineCounters;
import io.horizon.engine.pipeline.ThreadingMode;
import io.horizon.journal.audit.AuditEvent;
import io.horizon.journal.audit.AuditFlusher;
import io.horizon.journal.audit.AuditMapping;
import io.horizon.journal.audit.AuditQuery;
import io.horizon.journal.audit.AuditStore;
import io.horizon.journal.audit.ChainVerification;
import io.horizon.journal.flush.FlusherCounters;
import io.horizon.journal.sqlite.SqliteFile;
import io.horizon.ops.support.EngineThreading;
import io.horizon.ops.support.HorizonProcess;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Kills a real daemon with SIGKILL while its audit flusher is writing, restarts it on the same
 * state in the other threading mode, and checks that the audit log then holds the events of every journal entry exactly once
 * (compared with a fresh copy of the whole journal) in a chain that verifies.
 */
final class AuditCrashTest
{
    private static final long STARTUP_TIMEOUT_S = 60;
    private static final Set<String> NOT_FROM_JOURNAL = Set.of("system.start", "system.stop");

    @TempDir
    Path dir;



    private static void awaitFirstAuditEvents(final Path db) throws InterruptedException
    {
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(STARTUP_TIMEOUT_S);
        while (System.nanoTime() < deadline)
        {
            if (Files.exists(db))
            {
                try (AuditStore store = AuditStore.openExisting(db, SqliteFile.Access.READ))
                {
                    if (store.count() > 0)
                    {
                        return;
                    }
                }
                catch (final RuntimeException ex)
                {
                    // The flusher is still creating the store.
                }
            }
            Thread.sleep(100);
        }
        throw new AssertionError("the daemon's audit flusher wrote nothing within " + STARTUP_TIMEOUT_S + " s");
    }

    private static String readLog(final Path log)
    {
        try
        {
            return Files.readString(log, StandardCharsets.UTF_8);
        }
        catch (final IOException ex)
        {
            return ex.toString();
        }
    }

    private static List<AuditEvent> events(final Path db)
    {
        final List<AuditEvent> events = new ArrayList<>();
        try (AuditStore store = AuditStore.openExisting(db, SqliteFile.Access.READ))
        {
            store.forEach(AuditQuery.ALL, events::add);
        }
        return events;
    }

    private static List<String> fromJournal(final List<AuditEvent> events)
    {
        final List<String> keys = new ArrayList<>();
        for (final AuditEvent e : events)
        {
            if (!NOT_FROM_JOURNAL.contains(e.category()))
            {
                keys.add(String.join("|", e.timestamp(), e.category(), e.severity(), e.actor(), String.valueOf(e.accountId()),
                    String.valueOf(e.correlationId()), String.valueOf(e.marketId()), String.valueOf(e.orderId()),
                    String.valueOf(e.clientOrderId()), e.message(), String.valueOf(e.payload())));
            }
        }
        keys.sort(null);
        return keys;
    }

    @ParameterizedTest(name = "killed while {0}, restarted {1}")
    @CsvSource({"SHARED, DEDICATED", "DEDICATED, SHARED"})
    void shouldHoldEveryJournalEntryOnceInAVerifiedChainAfterKill9WhileFlushing(final ThreadingMode killed,
        final ThreadingMode restarted) throws Exception
    {
        final Path state = dir.resolve("state");
        final Path firstLog = dir.resolve("first.log");
        final Process first = HorizonProcess.start(firstLog, "run", "--state", state.toString(), "--feed-rate", "5000",
            "--threading", killed.configName());
        try
        {
            HorizonProcess.awaitLogLine(first, firstLog, "Horizon running");
            assertTrue(readLog(firstLog).contains(EngineThreading.summaryLine(killed)), () -> readLog(firstLog));
            awaitFirstAuditEvents(state.resolve(AuditStore.FILE_NAME));
            // Kill while the flusher keeps committing batches behind a 5000 events/s feed.
            Thread.sleep(1_000);
        }
        finally
        {
            first.destroyForcibly();
            assertTrue(first.waitFor(30, TimeUnit.SECONDS));
        }
        assertEquals(137, first.exitValue(), "SIGKILL, not a clean stop");
        final long beforeRestart = events(state.resolve(AuditStore.FILE_NAME)).size();
        assertTrue(beforeRestart > 0, () -> "the first run flushed events before it was killed:\n" + readLog(firstLog));

        final Path secondLog = dir.resolve("second.log");
        final Process second = HorizonProcess.start(secondLog, "run", "--state", state.toString(), "--duration", "3s", "--feed-rate", "5000",
            "--threading", restarted.configName());
        assertTrue(second.waitFor(STARTUP_TIMEOUT_S, TimeUnit.SECONDS), "second run did not finish");
        final String summary = Files.readString(secondLog, StandardCharsets.UTF_8);
        assertEquals(0, second.exitValue(), summary);
        assertTrue(summary.contains(EngineThreading.summaryLine(restarted)), summary);

        final Path reference = dir.resolve("reference.db");
        final AuditStore store = AuditStore.forFlusher(reference);
        final AuditFlusher flusher = new AuditFlusher(state, store,
            new AuditMapping(DefaultSetup.referenceData(), "paper", List.of(DefaultSetup.marketMaker().name())),
            FlusherCounters.audit(new EngineCounters()));
        while (flusher.flushOnce(true))
        {
            // until the whole journal is copied
        }
        flusher.close();
        store.close();

        final List<AuditEvent> live = events(state.resolve(AuditStore.FILE_NAME));
        final List<String> expected = fromJournal(events(reference));
        assertTrue(expected.size() > beforeRestart, "both runs traded: " + expected.size());
        assertEquals(expected, fromJournal(live), "each journal entry's events are in the audit log exactly once");
        assertEquals(2, live.stream().filter(e -> e.category().equals("system.start")).count(), "both starts are recorded");
        assertEquals(1, live.stream().filter(e -> e.category().equals("system.stop")).count(), "the killed run never stopped");
        assertEquals("system.stop", live.get(live.size() - 1).category(), "the clean stop is the last event");

        try (AuditStore verify = AuditStore.openExisting(state.resolve(AuditStore.FILE_NAME), SqliteFile.Access.READ))
        {
            final ChainVerification v = verify.verify(n -> { });
            assertTrue(v.verified(), v.summary());
            assertEquals(live.size(), v.chained());
        }
    }
}
