package io.horizon.ops.counters;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import io.horizon.engine.event.RejectReason;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Reading a counters file from outside its writer, as {@code horizon stat} does.
 */
final class CountersSnapshotTest
{
    @TempDir
    Path state;

    @Test
    void shouldReadEveryCounterWithItsLabelAndLiveValue() throws Exception
    {
        try (CountersFile file = CountersFile.create(state))
        {
            file.counters().fills.incrementRelease();
            file.counters().fills.incrementRelease();
            file.counters().reject(RejectReason.RING_FULL);

            final CountersSnapshot first = CountersSnapshot.read(state);
            assertEquals(ProcessHandle.current().pid(), first.pid());
            assertTrue(first.processAlive());
            assertEquals(2, first.value("horizon_engine_fills_total"));
            assertEquals(1, first.value("horizon_engine_order_rejects_total{layer=\"ring\",reason=\"ring_full\"}"));

            file.counters().fills.incrementRelease();
            assertEquals(3, CountersSnapshot.read(state).value("horizon_engine_fills_total"), "a new reading sees new values");
        }
        assertEquals(3, CountersSnapshot.read(state).value("horizon_engine_fills_total"), "the last values stay after close");
    }

    @Test
    void shouldRefuseAMissingOrForeignFileNamingIt() throws Exception
    {
        final IllegalArgumentException missing = assertThrows(IllegalArgumentException.class, () -> CountersSnapshot.read(state));
        assertTrue(missing.getMessage().startsWith("no counters at " + state.resolve(CountersFile.FILE_NAME)), missing.getMessage());

        Files.write(state.resolve(CountersFile.FILE_NAME), new byte[4096]);
        final IllegalArgumentException foreign = assertThrows(IllegalArgumentException.class, () -> CountersSnapshot.read(state));
        assertTrue(foreign.getMessage().endsWith("is not a Horizon counters file (wrong magic)"), foreign.getMessage());
    }

    @Test
    void shouldReadThePhaseAndFactsTheDaemonWroteAndReportAStoppedDaemonAsStopped() throws Exception
    {
        final CountersFile file = CountersFile.create(state);
        try
        {
            assertEquals(DaemonPhase.STARTING, CountersSnapshot.read(state).phase());
            file.threading("dedicated", "backoff");
            file.phase(DaemonPhase.RUNNING);
            final CountersSnapshot running = CountersSnapshot.read(state);
            assertEquals(DaemonPhase.RUNNING, running.phase());
            assertEquals(Map.of(HeaderFacts.THREADING, "dedicated", HeaderFacts.WAIT_STRATEGY, "backoff"), running.facts());
            assertTrue(running.running());
            assertEquals(0, running.stopMillis());

            file.threading("shared", "backoff");
            assertEquals("shared", CountersSnapshot.read(state).facts().get(HeaderFacts.THREADING), "a fact set again is replaced");
            assertThrows(IllegalArgumentException.class, () -> file.fact("bad=name", "x"));
        }
        finally
        {
            file.close();
        }
        final CountersSnapshot stopped = CountersSnapshot.read(state);
        assertEquals(DaemonPhase.STOPPED, stopped.phase());
        assertFalse(stopped.running(), "a stopped daemon is stopped even while its pid (this JVM) lives");
        assertTrue(stopped.stopMillis() >= stopped.startMillis());
    }

    @Test
    void shouldKeepTheLastAlertsNewestFirstAndCutLongOnesCleanly() throws Exception
    {
        try (CountersFile file = CountersFile.create(state))
        {
            for (int i = 1; i <= RecentAlerts.SLOTS + 2; i++)
            {
                file.recentAlerts().record(1_000L * i, "warning", "alert " + i, "detail " + i);
            }
            file.recentAlerts().record(99_000L, "critical", "Kill switch engaged", "é".repeat(400));

            final List<RecentAlerts.Alert> alerts = CountersSnapshot.read(state).alerts();
            assertEquals(RecentAlerts.SLOTS, alerts.size());
            assertEquals("Kill switch engaged", alerts.get(0).title());
            assertEquals("critical", alerts.get(0).severity());
            assertEquals(99_000L, alerts.get(0).epochMillis());
            assertTrue(alerts.get(0).message().matches("é+"), "cut at a character boundary: " + alerts.get(0).message());
            assertEquals("alert 10", alerts.get(1).title());
            assertEquals("detail 10", alerts.get(1).message());
            assertEquals("alert 4", alerts.get(RecentAlerts.SLOTS - 1).title(), "the oldest were replaced");
        }
    }

    @Test
    void shouldKeepTheHeaderLayoutInOnePlace() throws Exception
    {
        final io.horizon.ops.daemon.StateDirectory locked = io.horizon.ops.daemon.StateDirectory.open(state);
        try (CountersFile file = CountersFile.create(state))
        {
            final java.nio.ByteBuffer header = java.nio.ByteBuffer.wrap(Files.readAllBytes(file.path())).order(java.nio.ByteOrder.LITTLE_ENDIAN);
            assertEquals(CountersLayout.MAGIC, header.getLong(CountersLayout.MAGIC_OFFSET));
            assertEquals(ProcessHandle.current().pid(), header.getLong(CountersLayout.PID_OFFSET));
            assertEquals(CountersLayout.fileLength(), Files.size(file.path()));
            assertEquals(java.util.OptionalLong.of(ProcessHandle.current().pid()), io.horizon.ops.daemon.DaemonProcess.find(state),
                "the verbs that signal the daemon find its pid through the same layout");
        }
        finally
        {
            locked.close();
        }
        assertEquals(java.util.OptionalLong.empty(), io.horizon.ops.daemon.DaemonProcess.find(state), "and only while the state is locked");
    }
}
