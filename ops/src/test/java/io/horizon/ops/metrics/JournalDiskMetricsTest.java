package io.horizon.ops.metrics;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import io.horizon.ops.cli.HorizonCommand;
import io.horizon.ops.preset.EmbeddedPresets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A daemon with the journal lifecycle configured exports the journal's disk use, and refuses an
 * archive directory inside its state before it starts.
 */
final class JournalDiskMetricsTest
{
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private PrintStream originalErr;

    @TempDir
    Path dir;

    @BeforeEach
    void capture()
    {
        originalErr = System.err;
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    @AfterEach
    void restore()
    {
        System.setErr(originalErr);
    }

    private Path preset(final Path archive) throws Exception
    {
        final String text = EmbeddedPresets.text(EmbeddedPresets.PAPER).replaceFirst("(?m)^sync = \"batch\".*$",
            "sync = \"batch\"\nold_cycles = \"archive\"\narchive_dir = \"" + archive + "\"\nretention = \"30d\"\n" +
                "lifecycle_interval_s = 10");
        return Files.writeString(dir.resolve("lifecycle.hz.toml"), text);
    }

    @Test
    void shouldExportTheJournalsDiskUseWhileTheLifecycleRuns() throws Exception
    {
        final Path preset = preset(dir.resolve("archive"));
        try (RunningDaemon daemon = RunningDaemon.start(dir.resolve("state"), "4s", "--preset", preset.toString()))
        {
            final Scrape scrape = daemon.scrape();

            assertTrue(scrape.value("horizon_journal_disk_used_bytes") > 0, scrape::text);
            assertTrue(scrape.value("horizon_journal_disk_size_bytes") >= scrape.value("horizon_journal_disk_free_bytes"), scrape::text);
            assertTrue(scrape.value("horizon_journal_disk_free_bytes") > 0, scrape::text);
            assertEquals("gauge", scrape.type("horizon_journal_disk_used_bytes"), scrape::text);
            assertEquals(0, daemon.awaitExit());
        }
    }

    @Test
    void shouldRefuseAnArchiveDirectoryInsideTheState() throws Exception
    {
        final Path state = dir.resolve("state");
        final int status = HorizonCommand.execute("run", "--state", state.toString(), "--duration", "1s",
            "--preset", preset(state.resolve("archive")).toString());

        assertEquals(2, status, err::toString);
        assertTrue(err.toString().contains("[journal] archive_dir = " + state.toAbsolutePath().normalize().resolve("archive") +
            " overlaps the state directory"), err::toString);
    }
}
