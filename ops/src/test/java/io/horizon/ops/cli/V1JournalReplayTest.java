package io.horizon.ops.cli;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.horizon.engine.event.InboundEvent;
import io.horizon.journal.JournalReader;
import io.horizon.journal.support.V1FixtureJournal;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A state directory whose journal the previous release wrote (journal layout 1, the committed v1
 * fixture) still replays, verifies and recovers with this release; a daemon continues it in
 * layout 2, and the mixed journal verifies too. A journal that says it is newer is refused.
 */
final class V1JournalReplayTest
{
    @TempDir
    Path dir;

    private Path state;
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private PrintStream originalOut;
    private PrintStream originalErr;

    @BeforeEach
    void unpackAndCapture() throws IOException
    {
        state = V1FixtureJournal.unpackInto(dir.resolve("state"));
        originalOut = System.out;
        originalErr = System.err;
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    @AfterEach
    void restore()
    {
        System.setOut(originalOut);
        System.setErr(originalErr);
    }

    @Test
    void shouldVerifyTheV1FixtureAsTheReleaseThatWroteItDid()
    {
        assertEquals(0, HorizonCommand.execute("replay", "--state", state.toString(), "--verify"), stderr());

        assertTrue(stdout().contains("verified 3527 events (1166 outputs identical)"), stdout());
    }

    @Test
    void shouldShowEveryEventAndOutputOfTheV1FixtureInTheTimeline()
    {
        assertEquals(0, HorizonCommand.execute("replay", "--state", state.toString(), "--json"), stderr());

        final String timeline = stdout();
        assertEquals(V1FixtureJournal.EVENTS, count(timeline, "\"record\":\"input\""));
        assertEquals(V1FixtureJournal.OUTPUTS, count(timeline, "\"record\":\"output\""));
        assertEquals(78, count(timeline, "\"exec_type\":\"REJECTED\""));
        assertEquals(2, count(timeline, "\"type\":\"CONTROL\""));
    }

    @Test
    void shouldRecoverFromAV1JournalAndContinueItInLayoutTwo() throws IOException
    {
        assertEquals(0, HorizonCommand.execute(
            "run", "--duration", "2s", "--state", state.toString(), "--journal-sync", "none", "--metrics-port", "0"), stderr());

        final Properties manifest = manifest();
        assertEquals("2", manifest.getProperty("layout_version"));
        assertEquals("1", manifest.getProperty("upgraded_from_layout"));
        long events = 0;
        boolean sawLayoutOne = false;
        try (JournalReader reader = JournalReader.inbound(state))
        {
            final InboundEvent event = new InboundEvent();
            int lastLayout = 0;
            while (reader.nextInbound(event))
            {
                sawLayoutOne |= reader.lastRecordLayout() == 1;
                lastLayout = reader.lastRecordLayout();
            }
            events = reader.recordsRead();
            assertEquals(2, lastLayout);
        }
        assertTrue(sawLayoutOne);
        assertTrue(events > V1FixtureJournal.EVENTS, "the run appended after the v1 records: " + events);

        out.reset();
        assertEquals(0, HorizonCommand.execute("replay", "--state", state.toString(), "--verify"), stderr());
        final Matcher verified = Pattern.compile("verified (\\d+) events").matcher(stdout());
        assertTrue(verified.find(), stdout());
        assertEquals(events, Long.parseLong(verified.group(1)), stdout());
    }

    @Test
    void shouldReplayAV1JournalOfflineAsARestoreDoes() throws IOException
    {
        // A restore replays the copied journal with no venue to complete its outputs; the fixture
        // is complete, so nothing is added, and the manifest is raised for what would be.
        assertEquals(0, io.horizon.ops.daemon.OfflineRecovery.completeOutputs(state));

        assertEquals("2", manifest().getProperty("layout_version"));
        assertEquals(0, HorizonCommand.execute("replay", "--state", state.toString(), "--verify"), stderr());
        assertTrue(stdout().contains("verified 3527 events (1166 outputs identical)"), stdout());
    }

    @Test
    void shouldRefuseAJournalOfANewerLayoutNamingTheFileAndTheVersions() throws IOException
    {
        final Properties manifest = manifest();
        manifest.setProperty("layout_version", "3");
        try (OutputStream file = Files.newOutputStream(manifestFile()))
        {
            manifest.store(file, null);
        }

        assertEquals(2, HorizonCommand.execute("replay", "--state", state.toString(), "--verify"));

        final String message = stderr();
        assertTrue(message.contains(manifestFile().toString()), message);
        assertTrue(message.contains("record layout version 3; this Horizon reads layouts 1 to 2"), message);
        assertFalse(message.contains("\tat "), message);
    }

    private Path manifestFile()
    {
        return state.resolve("journal").resolve("manifest.properties");
    }

    private Properties manifest() throws IOException
    {
        final Properties p = new Properties();
        try (InputStream in = Files.newInputStream(manifestFile()))
        {
            p.load(in);
        }
        return p;
    }

    private static long count(final String text, final String needle)
    {
        long n = 0;
        for (int i = text.indexOf(needle); i >= 0; i = text.indexOf(needle, i + 1))
        {
            n++;
        }
        return n;
    }

    private String stdout()
    {
        return out.toString(StandardCharsets.UTF_8);
    }

    private String stderr()
    {
        return err.toString(StandardCharsets.UTF_8);
    }
}
