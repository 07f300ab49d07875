package io.horizon.ops.counters;

import java.nio.file.Files;
import java.nio.file.Path;

import io.horizon.engine.event.RejectReason;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertEquals;
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
}
