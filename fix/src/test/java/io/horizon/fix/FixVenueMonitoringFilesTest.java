package io.horizon.fix;

import java.nio.file.Files;
import java.nio.file.Path;

import io.horizon.fix.sim.SimFaults;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Artio's monitoring files (counters and error log) of a FIX venue's engine and library live in the
 * venue's own directory, not in Artio's per-host defaults under /dev/shm, where a killed daemon
 * would leave a RAM-backed file behind at each crash.
 */
final class FixVenueMonitoringFilesTest
{
    @TempDir
    Path directory;

    @Test
    void shouldKeepTheEngineAndLibraryMonitoringFilesInTheVenueDirectory()
    {
        try (SimulatorHarness harness = new SimulatorHarness(new SimFaults()))
        {
            final Path venueDirectory = directory.resolve("sim");
            final FixVenue venue = harness.venue(venueDirectory);
            final RecordingResponses responses = new RecordingResponses();
            SimulatorHarness.pollUntil(venue, responses, venue::isLoggedOn, "logged on");

            assertTrue(Files.isRegularFile(venueDirectory.resolve("artio").resolve("monitoring")),
                "the engine's monitoring file is in the venue's directory");
            assertTrue(Files.isRegularFile(Path.of(ArtioMediaStack.libraryMonitoringFile(venueDirectory))),
                "the library's monitoring file is in the venue's directory");
        }
    }
}
