package io.horizon.ops.daemon;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import io.horizon.engine.pipeline.ThreadingMode;
import io.horizon.journal.audit.AuditStore;
import io.horizon.journal.dlq.DlqStore;
import io.horizon.journal.sqlite.SqliteFile;
import io.horizon.ops.preset.EmbeddedPresets;
import io.horizon.ops.preset.Preset;
import io.horizon.ops.preset.PresetReader;
import io.horizon.ops.support.EngineThreading;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A start that fails after the audit and dead-letter flushers are running stops them again: no
 * flusher thread outlives it, the audit log says the run stopped and why, and the state directory
 * is free for the next start, which has both stores ready for tools when it returns.
 */
final class FailedStartTest
{
    /** The engine's threads in either mode: a stage each (dedicated) or one engine thread (shared), the timer, the syncer. */
    private static final Set<String> ENGINE_THREADS = Set.of("horizon-journal", "horizon-blp", "horizon-gateway", "horizon-engine",
        "horizon-timer", "horizon-journal-sync");

    @TempDir
    Path dir;

    @ParameterizedTest
    @EnumSource(value = ThreadingMode.class, names = {"SHARED", "DEDICATED"})
    void shouldStopTheFlushersAndReleaseTheStateWhenStartFailsLate(final ThreadingMode threading) throws Exception
    {
        final Path state = dir.resolve("state");
        Files.createDirectories(state);
        // The control channel is opened after the flushers start; a file in its place makes it fail.
        final Path control = state.resolve("control");
        Files.writeString(control, "not a directory");
        final Preset preset = paperWithoutMetrics(threading);
        final Set<Thread> before = Thread.getAllStackTraces().keySet();

        assertThrows(Exception.class, () -> HorizonDaemon.start(new DaemonSettings(state, null, preset)));

        for (final Thread t : Thread.getAllStackTraces().keySet())
        {
            // The engine had started (its threads depend on the mode) before the control channel failed.
            if (!before.contains(t) && (t.getName().endsWith("-flusher") || ENGINE_THREADS.contains(t.getName())))
            {
                // Its loop has ended once stop() returned; allow the thread itself a moment to exit.
                t.join(5_000);
                assertFalse(t.isAlive(), t.getName() + " outlived the failed start");
            }
        }
        final List<String> events = auditEvents(state.resolve(AuditStore.FILE_NAME));
        assertEquals("system.start", events.get(0).split(" ", 2)[0], events.toString());
        final String last = events.get(events.size() - 1);
        assertTrue(last.startsWith("system.stop Horizon stopped: start failed: "), last);

        Files.delete(control);
        final HorizonDaemon again = EngineThreading.runningIn(HorizonDaemon.start(new DaemonSettings(state, null, preset)), state,
            threading);
        try
        {
            // A tool started the moment the daemon runs finds both stores with their tables.
            AuditStore.openExisting(state.resolve(AuditStore.FILE_NAME), SqliteFile.Access.WRITE).close();
            DlqStore.openExisting(state.resolve(DlqStore.FILE_NAME), SqliteFile.Access.WRITE).close();
        }
        finally
        {
            assertTrue(again.stop().drained());
        }
    }

    private Preset paperWithoutMetrics(final ThreadingMode threading) throws Exception
    {
        final String paper = EmbeddedPresets.text(EmbeddedPresets.PAPER);
        final String text = paper.replace("[metrics]\nenabled = true", "[metrics]\nenabled = false");
        assertFalse(text.equals(paper), "the paper preset turns metrics on as expected");
        final Path file = dir.resolve("paper.hz.toml");
        Files.writeString(file, text);
        return PresetReader.read(file, EngineThreading.overrides(threading));
    }

    private static List<String> auditEvents(final Path db) throws Exception
    {
        final List<String> events = new ArrayList<>();
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db);
            Statement st = c.createStatement();
            ResultSet rs = st.executeQuery("SELECT category, message FROM audit_events ORDER BY sequence"))
        {
            while (rs.next())
            {
                events.add(rs.getString(1) + " " + rs.getString(2));
            }
        }
        return events;
    }
}
