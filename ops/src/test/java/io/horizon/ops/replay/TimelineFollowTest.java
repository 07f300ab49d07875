package io.horizon.ops.replay;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import io.horizon.engine.pipeline.ThreadingMode;
import io.horizon.journal.JournalDirectory;
import io.horizon.ops.cli.HorizonCommand;
import io.horizon.ops.daemon.DefaultSetup;
import io.horizon.ops.support.EngineThreading;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code horizon replay --follow} tails a journal while a daemon appends to it, and ends up
 * with every line a full read of the finished journal prints, whichever threading mode writes it.
 */
final class TimelineFollowTest
{
    private static List<String> inboundOnly(final List<String> lines)
    {
        return lines.stream().filter(l -> !l.contains("   -> ")).toList();
    }

    private static List<String> sorted(final List<String> lines)
    {
        return lines.stream().sorted().toList();
    }

    private static Timeline.Settings settings(final boolean follow)
    {
        return new Timeline.Settings(Long.MIN_VALUE, Long.MAX_VALUE, -1, -1, null, Set.of(), Long.MAX_VALUE, false, follow, true);
    }

    @ParameterizedTest
    @EnumSource(value = ThreadingMode.class, names = {"SHARED", "DEDICATED"})
    void shouldTailALiveJournalAndSeeEverythingTheDaemonWrote(final ThreadingMode threading, @TempDir final Path dir) throws Exception
    {
        final Path state = dir.resolve("state");
        final AtomicInteger runStatus = new AtomicInteger(-1);
        final ByteArrayOutputStream summary = new ByteArrayOutputStream();
        final PrintStream quiet = new PrintStream(summary, true, StandardCharsets.UTF_8);
        final PrintStream savedOut = System.out;
        System.setOut(quiet);
        final Thread daemon = new Thread(() -> runStatus.set(
            HorizonCommand.execute("run", "--duration", "3s", "--state", state.toString(), "--journal-sync", "none",
                "--threading", threading.configName())));
        final ByteArrayOutputStream followed = new ByteArrayOutputStream();
        final AtomicReference<Throwable> followFailure = new AtomicReference<>();
        final Thread follower = new Thread(() ->
        {
            try (PrintStream out = new PrintStream(followed, true, StandardCharsets.UTF_8))
            {
                Timeline.print(state, DefaultSetup.referenceData(), settings(true), out, n -> { }, Long.MAX_VALUE);
            }
            catch (final Throwable t)
            {
                followFailure.set(t);
            }
        });
        final List<String> expected;
        try
        {
            daemon.start();
            final long deadline = System.nanoTime() + 30_000_000_000L;
            while (!Files.exists(JournalDirectory.inbound(state).resolve("metadata.cq4t")) && System.nanoTime() < deadline)
            {
                Thread.sleep(10);
            }
            follower.start();
            daemon.join(60_000);
            assertEquals(0, runStatus.get());
            assertTrue(summary.toString(StandardCharsets.UTF_8).contains(EngineThreading.summaryLine(threading)),
                () -> summary.toString(StandardCharsets.UTF_8));
            expected = print(state, settings(false));
            // The daemon has stopped: the follower is done once it has printed every line a full
            // read prints. Waited for as a condition, not a guess of how long catching up takes.
            final long caughtUpBy = System.nanoTime() + 30_000_000_000L;
            while (lines(followed).size() < expected.size() && follower.isAlive() && System.nanoTime() < caughtUpBy)
            {
                Thread.sleep(10);
            }
            follower.interrupt();
            follower.join(10_000);
        }
        finally
        {
            System.setOut(savedOut);
        }
        assertEquals(null, followFailure.get());
        final List<String> tailed = lines(followed);
        assertTrue(expected.size() > 100, "the daemon journaled a run");
        // Inbound events come in journal order; a live output can come a few lines after its
        // event (the gateway journals it after the next events were journaled), so outputs are
        // compared as a whole, not line by line.
        assertEquals(inboundOnly(expected), inboundOnly(tailed));
        assertEquals(sorted(expected), sorted(tailed));
    }

    private static List<String> print(final Path state, final Timeline.Settings settings) throws IOException
    {
        final ByteArrayOutputStream full = new ByteArrayOutputStream();
        try (PrintStream out = new PrintStream(full, true, StandardCharsets.UTF_8))
        {
            Timeline.print(state, DefaultSetup.referenceData(), settings, out, n -> { }, Long.MAX_VALUE);
        }
        return lines(full);
    }

    private static List<String> lines(final ByteArrayOutputStream printed)
    {
        return printed.toString(StandardCharsets.UTF_8).lines().toList();
    }
}
